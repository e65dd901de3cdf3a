// WM: the four phases of Wang and Ma (NeurIPS 2023) for gradient flow on separable data, checked
// on the two-point data (a substitute: the paper's own setting could not be read; see
// docs/experiments.md) against the times and levels the derivation in wangma-theory.ts predicts.
import { fmt, fmtCi, groupBy, seedBootstrap, seedProportion, slopeOf } from './common.ts';
import { median } from '../stats.ts';
import { twoPointTheory, type TwoPointTheory } from '../wangma-theory.ts';
import { DEFAULT_SPEC } from '../../sim/types.ts';
import type { ClaimDef, ClaimRun, Criterion } from './types.ts';
import { cos, log } from '../../sim/detmath.ts';

type T = { max_sigma: number; min_fraction: number; slope_tol: number; cond_slope_frac: number };

const lnInvSigma = (r: ClaimRun): number => -log(r.spec.sigma);
const plateauLength = (r: ClaimRun): number | null => (r.wm?.t_p != null && r.wm.t_e != null ? r.wm.t_e - r.wm.t_p : null);

/** The reference geometry of the manifests (p = 0.8, θ = 30°), for the numbers quoted in the prediction. */
const REF = (loss: 'exponential' | 'logistic') =>
  twoPointTheory({ ...DEFAULT_SPEC, task: 'classification', loss, data: 'two_points', angle: 30, p_pos: 0.8, n: 10 })!;
const [EXP, LOG] = [REF('exponential'), REF('logistic')];

/** A slope against ln(1/σ), as a ratio to its prediction, with a bootstrap interval over seeds. */
function slopeCriterion(
  name: string,
  runs: ClaimRun[],
  y: (r: ClaimRun) => number | null,
  pred: number,
  holds: { min: number; max: number },
  seed: number,
): Criterion {
  return seedBootstrap(name, runs, (rs) => slopeOf(rs, lnInvSigma, y) / pred, holds, seed);
}

const scaled = (c: Criterion, k: number): string =>
  fmtCi(c.estimate.value * k, c.estimate.ci_low === null ? null : c.estimate.ci_low * k, c.estimate.ci_high === null ? null : c.estimate.ci_high * k);

const geometry = (th: TwoPointTheory): string => `p = ${fmt(th.p)}, θ = ${fmt((th.theta * 180) / Math.PI)}°`;

export const WM: ClaimDef<T> = {
  id: 'WM',
  title: 'Wang–Ma four phases (substitute setting, own derivation)',
  statement:
    'Wang and Ma: a two-layer ReLU network trained by gradient flow on linearly separable data passes through four phases — initial condensation, saddle to plateau, plateau escape, and final convergence with changing activation patterns. Checked on a substitute setting (two unit inputs at a small angle, "effectively two data points separated by a small angle"), not on the paper\'s own assumptions, which we could not read.',
  prediction:
    `Two-point data x+ (weight p, label +1) and x- (weight 1 − p, label −1) at angle θ with p cos θ > 1 − p, small initialization σ, loss l with l(0) = 1 and |l'(0)| = 1 (exponential) or l(0) = ln 2 and |l'(0)| = 1/2 (logistic). ` +
    `I: the neurons of each output sign condense onto one direction in a time independent of σ while the loss stays at l(0) (the saddle of the origin). ` +
    `II: the positive neurons grow along g = p x+ − (1 − p) x- at rate |l'(0)|·‖g‖, so the loss leaves the saddle at t_s = ln(1/σ)/(|l'(0)|‖g‖) + O(1) and falls to the plateau P = (1 − p)·l(0); the positive neurons stop firing on x-. ` +
    `III: the negative neurons, grown only at |l'(0)|(1 − p) sin θ so far, turn active on x+ and grow at |l'(0)|(1 − p); the plateau lasts ln(1/σ)·(1/(1 − p) − sin θ/‖g‖)/|l'(0)| + O(1). IV: the loss falls on. ` +
    `At p = 0.8, θ = 30°: slope of t_s in ln(1/σ) ${fmt(EXP.escapeSlope)} (exponential), ${fmt(LOG.escapeSlope)} (logistic); of the plateau's length ${fmt(EXP.plateauSlope)}, ${fmt(LOG.plateauSlope)}; plateau ${fmt(EXP.plateau)}, ${fmt(LOG.plateau)}.`,
  regime: {
    text: 'the two-point data with p cos θ > 1 − p (g then fires on both points, which the derivation assumes), σ ≤ max_sigma, three or more σ per loss and two or more seeds',
    excludes: (r, t) => {
      const th = twoPointTheory(r.spec);
      if (th === null) return 'not the two-point data';
      if (!th.inRegime) return `p cos θ = ${fmt(th.p * cos(th.theta))} ≤ 1 − p`;
      return r.spec.sigma > t.max_sigma ? `σ = ${r.spec.sigma} > max_sigma` : null;
    },
  },
  thresholds: {
    max_sigma: {
      default: 1e-3,
      meaning: 'largest initialization scale σ in the regime',
      reason:
        "condensation must end while the output is still far below 1: it grows like mσ²e^{2|l'(0)|‖g‖t}, ~1e-3 at the end of condensation (t ≈ 3/(|l'(0)|‖g‖)) for m = 20, σ = 1e-3 — ten times below the saddle tolerance of 1%",
      minimum: 0,
    },
    min_fraction: {
      default: 0.8,
      meaning:
        'the share of seeds whose runs all start at the saddle and condense before leaving it, and the share whose runs all show the four phases in order with the activation swap, must each be at least this (the whole 95% interval)',
      reason:
        'the derivation holds for every initialization except a set of small probability (e.g. no positive neuron in the cone that reaches g); 80% leaves room for such draws without accepting a coin flip (as for C3)',
      minimum: 0,
      maximum: 1,
    },
    slope_tol: {
      default: 0.1,
      meaning: 'the slopes of t_s and of the plateau length t_e − t_p against ln(1/σ) must lie within ±slope_tol (relative) of their predictions',
      reason:
        "the rates are exact for the flow linearized at the origin; the plateau's slope neglects the fading x+ term, which slows the negative neurons by cos θ·c+/(1 − p) ≈ 5% at the escape. ±10% keeps room for it and excludes the rates of the other geometries (1/p instead of 1/‖g‖ when the points are negatively correlated: +14% at θ = 120°)",
      minimum: 0,
      maximum: 1,
    },
    cond_slope_frac: {
      default: 0.1,
      meaning: '|slope of the condensation time t_c vs ln(1/σ)| must stay below this fraction of the predicted slope of t_s',
      reason:
        'the flow near the origin is linear and scale free, so t_c does not depend on σ; if condensation lasted as long as the saddle its slope would equal that of t_s',
      minimum: 0,
      maximum: 1,
    },
  },
  figure: 'wang-ma',
  check(runs, t, ctx) {
    const criteria: Criterion[] = [];
    const measured: { label: string; value: string }[] = [];
    const notes: string[] = [];
    const usable = runs.filter((r) => twoPointTheory(r.spec) !== null && r.wm);
    if (usable.length === 0) return { criteria, measured, notes, notApplicable: 'no runs on the two-point data' };
    const groups = groupBy(usable, (r) => `${r.spec.loss} loss, ${geometry(twoPointTheory(r.spec)!)}`);
    for (const [label, group] of groups) {
      const th = twoPointTheory(group[0].spec)!;
      const sigmas = new Set(group.map((r) => r.spec.sigma)).size;
      if (sigmas < 3) notes.push(`${label}: ${sigmas} value(s) of σ — the slopes need three or more`);
      const band = { min: 1 - t.slope_tol, max: 1 + t.slope_tol };
      const escape = slopeCriterion(`${label}: slope of t_s vs ln(1/σ) / 1/(|l'(0)|‖g‖)`, group, (r) => r.wm!.t_s, th.escapeSlope, band, ctx.seed);
      const plateau = slopeCriterion(`${label}: slope of the plateau length vs ln(1/σ) / prediction`, group, plateauLength, th.plateauSlope, band, ctx.seed);
      const cond = slopeCriterion(
        `${label}: slope of t_c vs ln(1/σ) / slope of t_s`,
        group,
        (r) => r.wm!.t_c,
        th.escapeSlope,
        { min: -t.cond_slope_frac, max: t.cond_slope_frac },
        ctx.seed,
      );
      criteria.push(escape, plateau, cond);
      const levels = group.map((r) => r.wm!.plateau_level ?? NaN).filter(Number.isFinite);
      measured.push(
        { label: `${label}: saddle exit t_s, time per unit ln(1/σ) (predicted ${fmt(th.escapeSlope)})`, value: scaled(escape, th.escapeSlope) },
        { label: `${label}: plateau length t_e − t_p, per unit ln(1/σ) (predicted ${fmt(th.plateauSlope)})`, value: scaled(plateau, th.plateauSlope) },
        { label: `${label}: condensation t_c, per unit ln(1/σ) (predicted 0)`, value: scaled(cond, th.escapeSlope) },
        {
          label: `${label}: loss at mid-plateau / P (P = ${fmt(th.plateau)})`,
          value: levels.length ? `median ${fmt(median(levels))} over ${levels.length} runs` : 'no plateau',
        },
      );
    }
    const saddle = usable.filter((r) => r.wm!.saddle).length;
    const inOrder = usable.filter((r) => r.wm!.in_order).length;
    // The seed is the unit: a seed's runs (every σ and loss) share the initial directions.
    const saddleSeeds = seedProportion('share of seeds whose runs all start at the saddle and condense before leaving it', usable, (r) => r.wm!.saddle, {
      min: t.min_fraction,
    });
    const orderSeeds = seedProportion('share of seeds whose runs all show the four phases in order and the activation swap', usable, (r) => r.wm!.in_order, {
      min: t.min_fraction,
    });
    // The share in order leads: it is the claim (four phases); the slopes test their timing.
    criteria.unshift(orderSeeds, saddleSeeds);
    measured.push(
      { label: 'runs at the saddle until condensation', value: `${saddle} / ${usable.length} runs (${saddleSeeds.k} / ${saddleSeeds.n} seeds)` },
      {
        label: 'runs with the four phases in order (deactivation on x-, reactivation on x+, final fall)',
        value: `${inOrder} / ${usable.length} runs (${orderSeeds.k} / ${orderSeeds.n} seeds)`,
      },
    );
    for (const r of usable) if (!r.wm!.in_order) notes.push(`${r.spec.loss} σ = ${r.spec.sigma} seed ${r.spec.seed}: ${r.wm!.reason}`);
    return { criteria, measured, notes };
  },
  controls: [
    {
      id: 'WM-large-init',
      description: 'the two-point data from σ = 1 (experiment wang-ma-control-large-init: gradient descent with lr = 0.01 standing in for the flow)',
      why: 'the output is of order one from the start: the loss is not at the saddle l(0), it moves before any direction has condensed, and there is no plateau',
      source: { experiment: 'wang-ma-control-large-init' },
    },
    {
      id: 'WM-balanced',
      description: 'balanced classes, p = 0.5 (experiment wang-ma-control-balanced: gradient descent with lr = 0.01 standing in for the flow)',
      why: "with p cos θ < 1 − p, g no longer fires on x-: both output signs grow at the same rate |l'(0)|·sin θ/2 along the activation boundaries, the loss leaves the saddle once and falls to 0 with no resting plateau at (1 − p)·l(0) (the detector can still find a crossing of that level, but not the plateau's predicted length) and no activation swap",
      source: { experiment: 'wang-ma-control-balanced' },
    },
    {
      id: 'WM-obtuse',
      description: 'the same runs with negatively correlated points, θ = 120° (experiment wang-ma-control-obtuse)',
      why: 'x+ and x- then never fire the same neuron: each output sign grows along its own point (at rates p and 1 − p), so the loss still has a plateau but no neuron changes its activation pattern, and t_s grows like ln(1/σ)/p, not ln(1/σ)/‖g‖',
      source: { experiment: 'wang-ma-control-obtuse' },
    },
  ],
  revisions: [
    {
      date: '2026-11-30',
      before:
        'Gaussian inputs with labels sign(⟨β, x⟩) and margin 0.1 (n = 100, d = 5, m = 10, σ = 1e-4, solver step cap 20,000); per run, four phases in order: condensation when the β-weighted alignment reached 0.9 while L ≥ 0.99·L(0), L ≤ 0.5·L(0), then train accuracy 1, then activation changes; PASS when the share of runs in order was ≥ 0.5 (its 95% interval)',
      verdict_before:
        'quick profile: 6 / 6 runs in order, PASS (Wilson [0.61, 1]); paper profile: 26 / 40 (13 / 20 per loss), PASS by the share alone and INCONCLUSIVE with its interval (0.65 [0.495, 0.779]). 11 of the 40 paper runs had stopped at the solver step cap and counted as phase failures; the saddle test could not fail (it compared the loss with its own start, which every small initialization meets); boundaries were logged rows; there was no prediction to compare with and no control',
      after:
        "the two-point data (a labelled substitute for the paper's setting); boundaries interpolated between densely logged rows; a saddle test against l(0) that a large initialization fails; the slopes of the saddle exit and of the plateau's length in ln(1/σ) within 10% of the derivation's, condensation time independent of σ; the activation swap; runs stopped by the step cap INCOMPLETE; three negative controls (σ = 1, p = 0.5, θ = 120°)",
      why: 'the old check had no prediction and no way to fail; the issue asks for Wang and Ma\'s setting, and the only verified description of it ("effectively two data points separated by a small angle") gives a geometry whose phases can be derived and timed',
    },
    {
      date: '2026-11-30',
      before: 'a neuron counted as active on a point when ⟨w_j, x_i⟩ > 1e-3 ‖w_j‖‖x_i‖',
      verdict_before: 'quick profile: 2 of 18 runs out of order, because the solver\'s flicker across an activation boundary read as "active"',
      after: 'active when ⟨w_j, x_i⟩ > 0.05 ‖w_j‖‖x_i‖ (about 3° inside the boundary; real activity here is ≥ 30° from any boundary)',
      why: 'changed after seeing those two runs: the flicker is a property of the integrator at a non-smooth point, not of the dynamics',
    },
    {
      date: '2026-11-30',
      before: 'the shares (at the saddle; four phases in order) counted runs, with a Wilson interval over runs',
      verdict_before:
        'paper profile (10 seeds): 80 / 80 and 72 / 80 runs, PASS; counted over seeds the same runs give 10 / 10 and 9 / 10, and 9 / 10 ([0.596, 0.982]) would have read INCONCLUSIVE',
      after:
        'the shares count seeds whose runs all show the property (Wilson interval over seeds), the share in order is the key statistic, and the paper profile runs 40 seeds (raised from 10 after the seed-level count was seen to be too few: 10 / 10 cannot clear 0.8)',
      why: "a reviewer pointed out that a seed's runs (every σ and loss) share their initial directions, so runs are not independent: all 8 runs out of order came from one seed",
    },
  ],
};
