// C1: global convergence — from a small initialization GD reaches a global minimizer and
// recovers β once n is a constant times d.
import { bySeed, fmt, seedProportion } from './common.ts';
import { ratioOf, succeeded } from './success.ts';
import type { ClaimDef } from './types.ts';

type T = { min_ratio: number; max_sigma: number; min_rate: number };

export const C1: ClaimDef<T> = {
  id: 'C1',
  title: 'Global convergence',
  statement:
    'From a moderately small random initialization (checked here from a balanced one: |v_j| = ‖w_j‖, the initialization the analysis starts from), gradient descent on both layers reaches a global minimizer of the training loss, and once n ≥ C·d that minimizer recovers β: its linear part ½ Σ v_j w_j tends to β. (At finite n the population loss then rests on a small floor that falls with n/d — the even parts of the neurons with v_j > 0 and v_j < 0 do not cancel exactly — so "recovers" means a population loss far below the spurious minima\'s, not exactly zero.)',
  prediction:
    'Every run with n/d ≥ C and balanced initialization with σ ≤ 1e-4 succeeds: train loss ≤ success_train·L(0) (a global minimum of the training loss, to within the budget) and population loss ≤ success_pop·L_pop(0) (far below the spurious interpolating minima at n ≲ 2d, whose population loss is ~0.1 L_pop(0)).',
  regime: {
    text: 'balanced initialization, σ ≤ max_sigma, n/d ≥ min_ratio',
    excludes: (r, t) =>
      ratioOf(r) < t.min_ratio
        ? `n/d = ${fmt(ratioOf(r))} < min_ratio`
        : r.spec.sigma > t.max_sigma
          ? `σ > max_sigma`
          : r.spec.init !== 'balanced'
            ? 'not balanced'
            : null,
  },
  thresholds: {
    min_ratio: {
      default: 8,
      meaning: 'the constant C: runs with n/d ≥ min_ratio are in the regime',
      reason:
        'the theory gives no number for C; exploratory runs made while designing the checks (d = 16–64) put the transition from spurious minima to recovery near n/d ≈ 3–4; 8, the top of the sample-complexity grid, is twice that',
      minimum: 0,
    },
    max_sigma: { default: 1e-4, meaning: 'largest σ in the regime', reason: 'the theorem assumes a moderately small initialization', minimum: 0 },
    min_rate: {
      default: 0.9,
      meaning: 'the success rate must be at least this (its whole 95% interval)',
      reason:
        'the theorem holds with high probability over data and initialization; 90% rejects "often" without demanding certainty from a finite sample. Counted over seeds, a Wilson interval can clear 0.9 only from 35 seeds up (35 / 35 gives 0.901), so the paper profile runs 40',
      minimum: 0,
      maximum: 1,
    },
  },
  figure: 'sample-complexity',
  check(runs, t, ctx) {
    if (runs.length === 0) return { criteria: [], measured: [], notes: [], notApplicable: `no run has n/d ≥ ${t.min_ratio}` };
    const ok = runs.filter((r) => succeeded(r, ctx.analysis)).length;
    // The seed is the unit: one seed's runs at every d share the start of its β and data streams.
    const c = seedProportion(`share of seeds whose runs at every d with n/d ≥ ${t.min_ratio} succeed`, runs, (r) => succeeded(r, ctx.analysis), {
      min: t.min_rate,
    });
    const seeds = bySeed(runs).length;
    return {
      criteria: [c],
      measured: [{ label: `runs with n/d ≥ ${t.min_ratio} that converge and recover β`, value: `${ok} / ${runs.length} runs (${c.k} / ${seeds} seeds)` }],
      notes: runs.filter((r) => !succeeded(r, ctx.analysis)).map((r) => `d = ${r.spec.d}, n/d = ${fmt(ratioOf(r))}, seed ${r.spec.seed}: did not succeed`),
    };
  },
  controls: [
    {
      id: 'C1-underdetermined',
      description: 'the same check on the runs of the grid with n < d (n/d = 0.71)',
      why: 'with fewer samples than dimensions even a linear model cannot identify β from the data: some direction of β is invisible, so recovery must fail. This failure is information-theoretic, not a property of the network: the control shows the check can fail, not that the network could have',
      source: { variant: (runs) => runs.filter((r) => ratioOf(r) < 1) },
    },
  ],
  revisions: [
    {
      date: '2026-11-30',
      before: 'a budget of 3,000 steps per sample-complexity run',
      verdict_before: 'not recorded as a verdict: one quick-profile run (d = 8, n/d = 8) ended just above the train-loss threshold and counted as a failure',
      after: 'a budget of 10,000 steps, each run stopping once its train loss is below 1e-9 (the manifest)',
      why: 'the run was converging, in the slow tail of a neuron that grew late; the budget is not part of the claim, and it was raised after that run was seen',
    },
    {
      date: '2026-11-30',
      before: 'success = final population loss ≤ 1e-8 (absolute), checked on runs with n/d ≥ 32 from Gaussian σ = 1e-3 initialization',
      verdict_before: 'PASS (paper profile): 56 / 60 runs (93%)',
      after:
        "success = train loss ≤ 1e-6·L(0) and population loss ≤ 1e-3·L_pop(0) (converged and β recovered), balanced σ = 1e-4, n/d ≥ 8; the success rate's 95% interval must lie above 90%",
      why: 'the absolute 1e-8 cut through the n/d-dependent floor the population loss reaches within the budget, so where success began depended on the budget; a relative threshold between the spurious minima (L_pop/L_pop(0) ~ 0.1) and recovery (≤ 1e-4) does not. The initialization changed from Gaussian to balanced because the analysis (and C3, C4) starts from balanced layers; a Gaussian initialization is not checked by C1 any more (its 4 failures of 60 were not examined)',
    },
    {
      date: '2026-11-30',
      before: 'the success rate over runs (100 runs: 5 d × 20 seeds), Wilson interval over runs',
      verdict_before:
        'PASS (paper profile): 100 / 100 runs, 1 [0.963, 1]; counted over its 20 seeds it would have read INCONCLUSIVE (20 / 20, [0.839, 1] against 0.9)',
      after: 'the share of seeds whose runs at every d succeed, Wilson interval over seeds; sample-complexity paper seeds 20 → 40',
      why: "a reviewer pointed out that one seed's runs at different d share the start of their β and data streams, so they are not independent; 40 seeds were chosen as the fewest (35) that can clear 0.9 when all succeed, plus a margin, before the new runs were made",
    },
  ],
};
