// ABL: what training both layers buys — each single-layer mode at a setting where it has a
// fair chance, against the end point the theory gives it.
import { fmt, fmtCi, groupBy, proportion, seedBootstrap } from './common.ts';
import { finalValue } from '../views.ts';
import { kernelOptimumOf } from '../kernel.ts';
import { median } from '../stats.ts';
import { succeeded } from './success.ts';
import type { ClaimDef, ClaimRun, Criterion } from './types.ts';

type T = { kernel_tol: number; min_rate: number };

export const ABL: ClaimDef<T> = {
  id: 'ABL',
  title: 'Ablation: what each layer does',
  statement:
    'Both layers learn: the first layer must learn the feature (the direction β) — the second layer alone (random features) cannot; the first layer alone reaches a global minimum only when the output scale is given to it; trained jointly from a small initialization, both layers reach it without being given the scale.',
  prediction:
    'Second layer only (random features, W fixed at a σ = 1 initialization) converges to the best predictor in the span of the fixed features, whose population loss L* = ½(‖β‖² − cᵀK⁻¹c) follows from the arc-cosine kernel K (c_j = ⟨w_j, β⟩/2) and stays far from 0. First layer only with v fixed at a sensible scale (±1/√m, both signs) can represent ⟨β, x⟩ = relu(⟨β, x⟩) − relu(−⟨β, x⟩) and reaches a global minimum; with v fixed at the initialization scale σ it needs ~1/(lr σ²) steps to grow (the control). Both layers from a small initialization reach a global minimum (C1).',
  regime: { text: 'each mode at its own fair setting: random features at σ = 1; first layer with |v_j| = 1/√m; both layers balanced, σ = 1e-4' },
  thresholds: {
    kernel_tol: {
      default: 0.1,
      meaning: 'random features: the final population loss must be within ±kernel_tol (relative) of the kernel optimum L*',
      reason:
        "with n samples the empirical optimum's excess population loss is ~m/n of L* (1% at m = 20, n = 2000); 10% leaves room for an unfinished descent without accepting a different end point",
      minimum: 0,
      maximum: 1,
    },
    min_rate: {
      default: 0.8,
      meaning: 'the modes that can reach a global minimum must succeed in at least this share of runs (95% interval)',
      reason: 'as for C3: high probability, not certainty',
      minimum: 0,
      maximum: 1,
    },
  },
  figure: 'ablation',
  check(runs, t, ctx) {
    const criteria: Criterion[] = [];
    const measured: { label: string; value: string }[] = [];
    const notes: string[] = [];
    const modes = groupBy(runs, (r) => r.spec.train);
    if (modes.size === 0) return { criteria, measured, notes, notApplicable: 'no runs' };
    for (const [mode, group] of modes) {
      if (mode === 'second') {
        const ratio = (r: ClaimRun): number => {
          const star = kernelOptimumOf(r);
          return finalValue(r, 'population_loss') / star;
        };
        const mean = (rs: ClaimRun[]) => rs.map(ratio).reduce((a, b) => a + b, 0) / rs.length;
        const c = seedBootstrap('random features: final L_pop / kernel optimum L*', group, mean, { min: 1 - t.kernel_tol, max: 1 + t.kernel_tol }, ctx.seed);
        criteria.push(c);
        const stars = group.map(kernelOptimumOf);
        measured.push({
          label: 'second layer only (random features, σ = 1): final L_pop vs kernel optimum L* (median over seeds)',
          value: `${fmt(median(group.map((r) => finalValue(r, 'population_loss'))))} vs ${fmt(median(stars))}; ratio ${fmtCi(c.estimate.value, c.estimate.ci_low, c.estimate.ci_high)}`,
        });
      } else {
        const ok = group.filter((r) => succeeded(r, ctx.analysis)).length;
        criteria.push(proportion(`train ${mode}: success rate`, ok, group.length, { min: t.min_rate }));
        const v = group[0].spec;
        const setting =
          mode === 'first'
            ? v.init === 'signed'
              ? `|v_j| = ${fmt(v.v_scale)} fixed`
              : `v at the init scale σ = ${fmt(v.sigma)}`
            : `${v.init}, σ = ${fmt(v.sigma)}`;
        measured.push({
          label: `train ${mode} (${setting}): runs that converge and recover β; median final L_pop`,
          value: `${ok} / ${group.length}; ${fmt(median(group.map((r) => finalValue(r, 'population_loss'))))}`,
        });
      }
    }
    notes.push(
      'What this shows: the first layer must learn the feature (random features stop at L* > 0) and, trained jointly, the second layer sets the output scale by itself. What it does not show: that joint training is needed when the output scale is given — the first layer alone then succeeds too.',
    );
    return { criteria, measured, notes };
  },
  controls: [
    {
      id: 'ABL-first-at-init-scale',
      description: 'first layer only with v fixed at the initialization scale (Gaussian, σ = 1e-3) (experiment ablation-control)',
      why: 'with |v_j| ~ σ the first-layer gradient is ~σ: the weights need ~1/(lr σ²) = 2·10⁶ steps to grow, far beyond the 3,000-step budget, so success must fail. It fails by budget: the control shows the check can fail where the theory says growth is too slow, not that such a run could never succeed',
      source: { experiment: 'ablation-control' },
    },
  ],
  revisions: [
    {
      date: '2026-11-30',
      before: 'all three modes from the same Gaussian σ = 1e-3 initialization; PASS when only "both" reaches L_pop ≤ 1e-8',
      verdict_before: 'PASS (paper profile): both 5.8e-10, first 0.483, second 0.499 (median final L_pop)',
      after:
        'each mode at a fair setting, each against its own predicted end point (random features → the kernel optimum L*; first layer with v = ±1/√m → a global minimum; both → a global minimum); the degenerate first-layer mode becomes the control',
      why: 'at σ = 1e-3 the single-layer modes are degenerate (v ~ σ cannot grow; random features of norm σ predict nothing), so the comparison only showed that a frozen tiny layer is useless',
    },
    {
      date: '2026-11-30',
      before: 'the same check with 10 paper seeds',
      verdict_before:
        'INCONCLUSIVE (paper profile): the success-rate intervals straddled min_rate = 0.8 (with 10 seeds even 10 / 10 gives a Wilson lower bound of 0.72)',
      after: 'the paper profile runs 20 seeds (check and thresholds unchanged)',
      why: 'with every run succeeding, 16 seeds are the fewest whose interval can clear 0.8; the seeds were added after the straddling intervals were seen',
    },
  ],
};
