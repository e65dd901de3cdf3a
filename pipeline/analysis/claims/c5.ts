// C5: the initialization scale sets the length of the small-norm window, not of the alignment.
import { fmt, fmtCi, groupBy, seedBootstrap, slopeOf } from './common.ts';
import type { ClaimDef, ClaimRun, Criterion } from './types.ts';
import { log } from '../../sim/detmath.ts';

type T = { max_sigma: number; onset_slope_tol: number; misalign_exponent_tol: number };

const lnInvSigma = (r: ClaimRun): number => -log(r.spec.sigma);
/** Steps per unit ln(1/σ) of the growth onset: near the origin (v_j, <w_j, β̂>) grows by (1 + lr/2) per step (|β| = 1). */
export const onsetSlope = (lr: number, betaNorm = 1): number => 1 / log(1 + (lr * betaNorm) / 2);
const misalignAtOnset = (r: ClaimRun): number | null => {
  const tg = r.phases?.t_g ?? null;
  if (tg === null) return null;
  const steps = r.metrics.data.step,
    a = r.metrics.data.align_weighted;
  const i = steps.findIndex((s) => s >= tg);
  return i < 0 ? null : log(Math.max(1 - a[i], 1e-300));
};

export const C5: ClaimDef<T> = {
  id: 'C5',
  title: 'Initialization scale (restated)',
  statement:
    'Restated by this companion (see the revisions log): what lasts ~log(1/σ) is the small-norm window before the loss moves (the onset of growth t_g), and alignment keeps tightening through it, to a misalignment ~σ² at t_g. Alignment to a fixed accuracy (t1, at 1 − eps_align) takes a number of steps independent of σ. The paper\'s "alignment lasts ~log(1/σ)" can be read as the first; this check tests the first (the slope of t_g and the σ² law) and reports t1\'s slope as a measurement.',
  prediction:
    'Near the origin the dynamics are linear and scale free: directions turn at a σ-free rate, so t1 does not depend on σ, while the pair (v_j, ⟨w_j, β̂⟩) grows by (1 + lr/2) per step, so the growth onset t_g = ln(1/σ)/ln(1 + lr/2) + const (4.48 steps per unit ln(1/σ) at lr = 0.5, 20.5 at lr = 0.1). For n = ∞ the misalignment 1 − A at t_g scales as σ².',
  regime: {
    text: 'balanced initialization, σ ≤ max_sigma (the network output at the end of alignment, ~mσ²/(2·eps_align), is then far below the labels, so the linearization holds); two or more learning rates',
    excludes: (r, t) => (r.spec.sigma > t.max_sigma ? `σ = ${r.spec.sigma} > max_sigma` : r.spec.init !== 'balanced' ? 'not balanced' : null),
  },
  thresholds: {
    max_sigma: {
      default: 1e-3,
      meaning: 'largest σ in the regime',
      reason:
        'alignment must finish while the output, ~mσ²/(2·eps_align) at t1, is below 1% of the labels: σ ≲ √(0.02·eps_align/m), 3e-3 at m = 20 and 2e-3 at m = 50 (the paper profile), so 1e-3 is inside with a small margin at m = 50',
      minimum: 0,
    },
    onset_slope_tol: {
      default: 0.1,
      meaning: 'the slope of t_g vs ln(1/σ) must lie within ±tol (relative) of 1/ln(1 + lr/2)',
      reason:
        "the growth factor per step is exact at first order; ±10% leaves room for the second-order terms the linearization drops. Note what it cannot tell apart: gradient flow's rate in steps, 2/lr, is 0.976× the prediction at lr = 0.1 and 0.893× at lr = 0.5, so only the larger lr (with its narrow interval) distinguishes gradient descent's discrete factor from the flow's",
      minimum: 0,
      maximum: 1,
    },
    misalign_exponent_tol: {
      default: 0.1,
      meaning: 'for n = ∞ the log–log slope of 1 − A(t_g) vs σ must lie within ±tol (relative) of 2',
      reason: 'the perpendicular part of w_j stays at the init scale while the aligned part grows by 1/σ, so 1 − A ~ σ²; ±10% as for the onset slope',
      minimum: 0,
      maximum: 1,
    },
  },
  figure: 'init-scale',
  check(runs, t, ctx) {
    const criteria: Criterion[] = [];
    const measured: { label: string; value: string }[] = [];
    const notes: string[] = [];
    const lrs = groupBy(runs, (r) => r.spec.lr ?? NaN);
    if (lrs.size < 2) return { criteria, measured, notes, notApplicable: `needs two or more learning rates (got ${lrs.size})` };
    const ordered = runs.filter((r) => r.phases?.t1 != null && r.phases?.t_g != null && r.phases.t1 < r.phases.t_g).length;
    const order: Criterion = {
      estimate: { name: 'runs with t1 < t_g (alignment before growth)', value: ordered / runs.length, ci_low: null, ci_high: null },
      holds: { min: 1 },
      exact: true,
    };
    measured.push({ label: 'runs whose alignment completes before the growth onset', value: `${ordered} / ${runs.length}` });
    for (const [lr, group] of lrs) {
      const pred = onsetSlope(lr as number);
      // Measured, not tested: with both layers scaled by σ the dynamics before growth are
      // homogeneous (σ rescales the weights, not the directions' path), so t1 cannot depend on σ
      // in the regime and a criterion on it could not fail there.
      const t1 = seedBootstrap(
        `lr = ${lr}: slope of t1 vs ln(1/σ) / onset slope`,
        group,
        (rs) => slopeOf(rs, lnInvSigma, (r) => r.phases?.t1 ?? null) / pred,
        {},
        ctx.seed,
      );
      const tg = seedBootstrap(
        `lr = ${lr}: slope of t_g vs ln(1/σ) / 1/ln(1 + lr/2)`,
        group,
        (rs) => slopeOf(rs, lnInvSigma, (r) => r.phases?.t_g ?? null) / pred,
        { min: 1 - t.onset_slope_tol, max: 1 + t.onset_slope_tol },
        ctx.seed,
      );
      criteria.push(tg);
      measured.push({
        label: `lr = ${lr}: t_g slope (steps per unit ln(1/σ)), predicted ${fmt(pred)}`,
        value: fmtCi(
          tg.estimate.value * pred,
          tg.estimate.ci_low === null ? null : tg.estimate.ci_low * pred,
          tg.estimate.ci_high === null ? null : tg.estimate.ci_high * pred,
        ),
      });
      measured.push({
        label: `lr = ${lr}: t1 slope (steps per unit ln(1/σ)); a measurement: exactly 0 by homogeneity in the regime`,
        value: fmtCi(
          t1.estimate.value * pred,
          t1.estimate.ci_low === null ? null : t1.estimate.ci_low * pred,
          t1.estimate.ci_high === null ? null : t1.estimate.ci_high * pred,
        ),
      });
      const population = group.filter((r) => r.spec.n === null);
      if (population.length) {
        const mis = seedBootstrap(
          `lr = ${lr}, n = ∞: exponent of 1 − A(t_g) in σ`,
          population,
          (rs) => -slopeOf(rs, lnInvSigma, misalignAtOnset),
          { min: 2 * (1 - t.misalign_exponent_tol), max: 2 * (1 + t.misalign_exponent_tol) },
          ctx.seed,
        );
        criteria.push(mis);
        measured.push({
          label: `lr = ${lr}, n = ∞: 1 − A(t_g) ∝ σ^k, k (predicted 2)`,
          value: fmtCi(mis.estimate.value, mis.estimate.ci_low, mis.estimate.ci_high),
        });
      }
    }
    criteria.push(order);
    return { criteria, measured, notes };
  },
  controls: [
    {
      id: 'C5-large-init',
      description:
        'the same check at σ ∈ {0.1, 0.3, 1} (experiment init-scale-control; at σ = 1 and lr = 0.5 the runs diverge, which the check reads as no growth onset)',
      why: 'at this scale the output is of order one from the start: the loss moves before any direction has turned, so alignment cannot complete before growth',
      source: { experiment: 'init-scale-control' },
    },
  ],
  revisions: [
    {
      date: '2026-11-30',
      before: 'the alignment phase lasts ~log(1/σ)/(lr·const): t1 linear in ln(1/σ) with positive slope and R² ≥ 0.9',
      verdict_before: 'FAIL (paper profile): t1 slope 2.25 steps per unit ln(1/σ), R² = 0.247; t2 slope 4.59, R² = 0.992',
      after:
        't1 independent of σ (slope below a tenth of the onset slope) while the growth onset t_g has slope 1/ln(1 + lr/2) within 10%, at two learning rates, and 1 − A(t_g) ~ σ² for n = ∞',
      why: 'the earlier statement was a mis-reading: near the origin the dynamics are linear and scale free, so directions turn at a σ-free rate; the log(1/σ) law belongs to the small-norm window (the growth onset), which the linearization predicts exactly',
    },
    {
      date: '2026-11-30',
      before: 'also a criterion: |slope of t1 vs ln(1/σ)| below a tenth of the onset slope (t1_slope_frac = 0.1)',
      verdict_before: 'PASS (paper profile): 0 [−2.8e-19, 2.8e-19] at lr = 0.1, 0 [0, 0] at lr = 0.5; INCONCLUSIVE in the control',
      after:
        "t1's slope is reported as a measurement; the claim is tested by the slope of t_g, the σ² law of the misalignment at t_g, and t1 < t_g. The statement now says both readings of the paper's sentence",
      why: "a reviewer pointed out that the criterion could not fail in the regime (both layers scaled by σ make the dynamics before growth homogeneous, so t1 is exactly σ-free) and that calling the paper's sentence a mis-reading overstated it: alignment does keep tightening for ~log(1/σ) steps, to 1 − A ~ σ² at t_g",
    },
  ],
};
