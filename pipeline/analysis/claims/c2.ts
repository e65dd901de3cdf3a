// C2: the last phase converges at a linear rate — the rate the linearization at the minimum predicts.
import { fmt, fmtCi, groupBy, seedBootstrap } from './common.ts';
import { predictedRateOf } from '../linearization.ts';
import { syntheticRun } from './synthetic.ts';
import type { ClaimDef, ClaimRun, Criterion } from './types.ts';
import { log, log10, pow } from '../../sim/detmath.ts';

type T = { max_sigma: number; min_decades: number; rate_tol: number };

/** The linear-rate window of a run and its local rate over the window's last decade of loss. */
export function windowRate(r: ClaimRun): { decades: number; local: number } | null {
  const fit = r.phases?.rate;
  if (!fit) return null;
  const x = r.spec.method === 'flow' ? r.metrics.data.time : r.metrics.data.step,
    L = r.metrics.data.train_loss;
  const i0 = x.findIndex((s) => s >= fit.from),
    i1 = x.findIndex((s) => s >= fit.to);
  if (i0 < 0 || i1 <= i0) return null;
  const decades = log10(L[i0] / L[i1]);
  let j = i1;
  while (j > i0 && L[j - 1] < 10 * L[i1]) j--;
  if (j > i0) j--; // the last row at least a decade above the window's end
  const local = j < i1 ? (log(L[j]) - log(L[i1])) / (x[i1] - x[j]) : NaN;
  return { decades, local };
}

export const C2: ClaimDef<T> = {
  id: 'C2',
  title: 'Linear rate',
  statement: 'In the last phase gradient descent converges at a linear rate: log L falls linearly in the step count.',
  prediction:
    "At the minimum the loss is quadratic in u± = Σ_{±v_j > 0} v_j w_j with Hessians S± = (1/n) Σ x_i x_iᵀ 1[±⟨β, x_i⟩ > 0], and gradient descent on (W, v) preconditions u± by P± = Σ (w_j w_jᵀ + v_j² I). So log L falls at ρ = −2 ln max |1 − lr λ| over the eigenvalues λ of P± S± — computed from each run's own data and final weights.",
  regime: {
    text: 'balanced initialization with σ ≤ max_sigma (no lagging neuron: every neuron has grown by the time the window starts), finite n with n/d ≥ 50 (at n = ∞ the symmetry of the Gaussian leaves every mode across β unexcited, so the loss falls at the rate of the mode along β, −2 ln|1 − lr·λ_β|: a different prediction)',
    excludes: (r, t) =>
      r.spec.sigma > t.max_sigma
        ? `σ = ${r.spec.sigma} > max_sigma`
        : r.spec.init !== 'balanced'
          ? 'not balanced'
          : r.spec.n === null
            ? 'n = ∞'
            : r.spec.n / r.spec.d < 50
              ? 'n/d < 50'
              : null,
  },
  thresholds: {
    max_sigma: {
      default: 1e-5,
      meaning: 'largest σ in the regime',
      reason: "at larger σ a neuron whose growing mode starts near zero lags behind and adds a slow tail; the tail's rate is not the minimum's",
      minimum: 0,
    },
    min_decades: {
      default: 3,
      meaning: 'the linear-rate window (from L ≤ fit_delta·L(0) to tol or the start of a slow tail) must span at least this many decades of loss',
      reason: 'a straight line over fewer decades does not distinguish a linear rate from a power law (L ∝ 1/t over one decade is nearly straight)',
      minimum: 0,
    },
    rate_tol: {
      default: 0.1,
      meaning: 'the local rate over the last decade of the window must be within ±rate_tol (relative) of the predicted ρ',
      reason:
        "faster modes still decaying can only raise the measured rate; they fade at the rate of their difference from the slowest, so a near-degenerate pair (6% apart in one run) still adds a few percent at the window's end. What it rejects: a preconditioner without its v_j² I term (ρ → 0); without its w_j w_jᵀ term the modes along β would be mispredicted by a factor ~2, which the lr = 1.6 runs test (there the mode along β binds). Across β, P± acts as the identity at the balanced minimum, so at lr ≤ 1 the check tests S± and the v_j² I term",
      minimum: 0,
      maximum: 1,
    },
  },
  figure: 'loss',
  check(runs, t, ctx) {
    const criteria: Criterion[] = [];
    const measured: { label: string; value: string }[] = [];
    const notes: string[] = [];
    if (runs.length === 0) return { criteria, measured, notes, notApplicable: 'no runs in the regime' };
    const windows = new Map(runs.map((r) => [r.key, windowRate(r)]));
    const long = runs.filter((r) => (windows.get(r.key)?.decades ?? 0) >= t.min_decades).length;
    const window: Criterion = {
      estimate: { name: `share of runs with a linear-rate window of ≥ ${t.min_decades} decades`, value: long / runs.length, ci_low: null, ci_high: null },
      holds: { min: 1 },
      exact: true,
    };
    measured.push({ label: `runs whose window spans ≥ ${t.min_decades} decades of loss`, value: `${long} / ${runs.length}` });
    for (const r of runs)
      if ((windows.get(r.key)?.decades ?? 0) < t.min_decades)
        notes.push(`lr = ${r.spec.lr}, seed ${r.spec.seed}: window ${fmt(windows.get(r.key)?.decades ?? NaN)} decades`);
    const ratio = (r: ClaimRun): number => {
      const w = windows.get(r.key),
        pred = predictedRateOf(r);
      return w && pred && pred.rho > 0 ? w.local / pred.rho : NaN;
    };
    const mean = (rs: ClaimRun[]): number => {
      const xs = rs.map(ratio).filter(Number.isFinite);
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
    };
    const band = { min: 1 - t.rate_tol, max: 1 + t.rate_tol };
    // The key statistic first: every run's measured / predicted rate, averaged.
    criteria.push(seedBootstrap('measured / predicted rate, all runs', runs, mean, band, ctx.seed));
    for (const [lr, group] of groupBy(runs, (r) => r.spec.lr ?? NaN)) {
      const c = seedBootstrap(`lr = ${lr}: measured / predicted rate`, group, mean, band, ctx.seed);
      criteria.push(c);
      const pred = group.map((r) => predictedRateOf(r)?.rho ?? NaN).filter(Number.isFinite);
      const local = group.map((r) => windows.get(r.key)?.local ?? NaN).filter(Number.isFinite);
      measured.push({
        label: `lr = ${lr}: ρ/lr measured (last decade) vs predicted; ratio`,
        value: `${fmt(local.reduce((a, b) => a + b, 0) / local.length / (lr as number))} vs ${fmt(pred.reduce((a, b) => a + b, 0) / pred.length / (lr as number))}; ${fmtCi(c.estimate.value, c.estimate.ci_low, c.estimate.ci_high)}`,
      });
    }
    // Name every run off the band, with its window: a window cut short by a slow tail puts the
    // last decade on the tail's onset (seen in one paper seed at every lr and in two more at
    // lr = 1.6: the tail's loss is the even_mass metric, which the u± linearization leaves out).
    for (const r of runs) {
      const q = ratio(r);
      if (Number.isFinite(q) && (q < band.min || q > band.max))
        notes.push(
          `lr = ${r.spec.lr}, seed ${r.spec.seed}: measured / predicted ${fmt(q)}, window ${fmt(windows.get(r.key)?.decades ?? NaN)} decades ending at step ${r.phases?.rate?.to ?? '?'}`,
        );
    }
    criteria.push(window);
    return { criteria, measured, notes };
  },
  controls: [
    {
      id: 'C2-large-init',
      description: 'runs from σ = 0.1 and σ = 1 at lr = 0.1 (experiment linear-rate-control)',
      why: "from a large initialization gradient descent does not reach the paper's minimizer (aligned neurons): the loss stalls or decays at a rate unrelated to P± S±",
      source: { experiment: 'linear-rate-control' },
    },
    {
      id: 'C2-power-law',
      description: 'the check applied to a synthetic loss curve L(t) = L(0)/(1 + t) over twelve decades of t (no exponential phase)',
      why: 'a power law has no linear rate: its local decay rate falls as 1/t, so the window ends at the start of a "tail" long before three decades',
      source: { synthetic: () => [powerLawRun()] },
    },
  ],
  revisions: [
    {
      date: '2026-11-30',
      before: 'R² ≥ 0.99 of a straight fit of log L in every run',
      verdict_before:
        'PASS (paper profile): 25 / 25 runs with R² ≥ 0.99 — but the same test gave R² 0.993 to a run that does not converge (σ = 0.1) and 0.991 to a synthetic L ∝ 1/t',
      after:
        "a window of ≥ 3 decades before any slow tail, and the local rate over its last decade within 10% of the rate predicted from the run's own data and final weights",
      why: 'R² alone cannot fail on curves that are nearly straight over a short range; the linearization gives a number to compare with',
    },
    {
      date: '2026-11-30',
      before: 'the measured rate as the slope of a straight fit of log L over the whole linear-rate window',
      verdict_before:
        'not run as a check: the design review measured that fit 11–14% above the predicted rate on the quick runs (faster modes still decaying early in the window), above the 10% tolerance',
      after: "the local rate over the window's last decade of loss, with the window run down to 1e-20 (tol) in runs stopped at 1e-22",
      why: "the prediction is the asymptotic rate; the estimator was changed after seeing the review's numbers, not the paper runs, and the tolerance was kept. Also added after a review of this check: runs at lr = 1.6, where the mode along β binds and the w_j w_jᵀ term of P± matters",
    },
  ],
};

/** L(t) = L(0)/(1 + t) over twelve decades of t: enough decades below fit_delta·L(0) that it is the tail detector, not the curve's length, that must reject it. */
function powerLawRun(): ClaimRun {
  const steps = Array.from({ length: 950 }, (_, i) => Math.round(pow(1.03, i)) - 1).filter((s, i, a) => i === 0 || s > a[i - 1]);
  return syntheticRun({ init: 'balanced', sigma: 1e-6, n: 1000, d: 10, lr: 0.5 }, steps, {
    train_loss: (s) => 0.5 / (1 + s),
    population_loss: (s) => 0.5 / (1 + s),
    align_weighted: () => 1,
    pred_norm: (s) => (s < 10 ? 0 : 1),
  });
}
