// POP: finite-sample dynamics approach the population (n = ∞) dynamics at the sampling rate.
import { bySeed, fmt, fmtCi, groupBy, seedBootstrap } from './common.ts';
import { fitLine } from '../stats.ts';
import type { ClaimDef, ClaimRun, Criterion } from './types.ts';
import { log } from '../../sim/detmath.ts';

type T = { min_ratio: number; min_seeds: number; slope: number; slope_tol: number };

/** Largest |L_pop(n)(t) − L_pop(∞)(t)| over the steps both runs logged. */
export function pathGap(run: ClaimRun, pop: ClaimRun): number {
  const a = run.metrics.data,
    b = pop.metrics.data;
  let gap = 0;
  for (let i = 0, j = 0; i < a.step.length; i++) {
    while (j < b.step.length && b.step[j] < a.step[i]) j++;
    if (j < b.step.length && b.step[j] === a.step[i]) gap = Math.max(gap, Math.abs(a.population_loss[i] - b.population_loss[j]));
  }
  return gap;
}

/** (ln n, ln gap) of each finite run paired with the population run of its seed. */
function points(runs: ClaimRun[]): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (const group of bySeed(runs)) {
    const pop = group.find((r) => r.spec.n === null);
    if (!pop) continue;
    for (const r of group) {
      if (r.spec.n === null) continue;
      const g = pathGap(r, pop);
      if (g > 0) out.push({ x: log(r.spec.n), y: log(g) });
    }
  }
  return out;
}

const slopeOfGap = (runs: ClaimRun[]): number => {
  const p = points(runs);
  return (
    fitLine(
      p.map((q) => q.x),
      p.map((q) => q.y),
    )?.slope ?? NaN
  );
};

export const POP: ClaimDef<T> = {
  id: 'POP',
  title: 'Finite n → population',
  statement: 'Finite-sample gradient descent tracks the population (n = ∞) dynamics from the same initialization, and the gap closes as n grows.',
  prediction:
    'The largest gap along the path, max_t |L_pop(n)(t) − L_pop(∞)(t)|, comes from a shift of the growth onset whose rate fluctuates by O(1/√n): gap ∝ ln(1/σ)/√n, so its log–log slope in n is −1/2.',
  regime: {
    text: 'n/d ≥ min_ratio (the gap is then in its asymptotic regime; at n/d ≤ 10 it saturates), at least min_seeds seeds',
    excludes: (r, t) => (r.spec.n !== null && r.spec.n / r.spec.d < t.min_ratio ? `n/d = ${fmt(r.spec.n / r.spec.d)} < min_ratio` : null),
  },
  thresholds: {
    min_ratio: {
      default: 50,
      meaning: 'finite runs with n/d below this are outside the regime',
      reason:
        'the O(1/√n) expansion needs the sampling error of the empirical direction, ~√(d/n), to be small; the design review saw the gap saturate at n/d ≤ 10, and 50 was set from that, before the runs of this check. The grid of the population manifest now starts at n/d = 50 (the n = 50–250 points of the old grid were dropped with the restatement), so on it the threshold excludes nothing: it guards manifests that sweep lower',
      minimum: 0,
    },
    min_seeds: {
      default: 5,
      meaning: 'fewer seeds than this cannot bound the slope: INCONCLUSIVE',
      reason: 'one seed gives a single noisy path per n; the interval over seeds needs a handful',
      minimum: 2,
      integer: true,
    },
    slope: { default: -0.5, meaning: 'predicted log–log slope of the gap in n', reason: 'the central limit theorem for the empirical direction', maximum: 0 },
    slope_tol: {
      default: 0.2,
      meaning: 'the 95% interval of the slope must lie within slope ± slope_tol',
      reason: 'separates −1/2 from no convergence (0) and from an O(1/n) bias (−1)',
      minimum: 0,
    },
  },
  figure: 'population',
  check(runs, t, ctx) {
    const criteria: Criterion[] = [];
    const measured: { label: string; value: string }[] = [];
    const notes: string[] = [];
    const seeds = bySeed(runs).length;
    if (!runs.some((r) => r.spec.n === null)) return { criteria, measured, notes, notApplicable: 'no population (n = ∞) run' };
    const c = seedBootstrap('log–log slope of the path gap in n', runs, slopeOfGap, { min: t.slope - t.slope_tol, max: t.slope + t.slope_tol }, ctx.seed);
    if (seeds < t.min_seeds) {
      c.estimate.ci_low = null;
      c.estimate.ci_high = null;
      notes.push(`${seeds} seed(s) < min_seeds = ${t.min_seeds}: no interval`);
    }
    criteria.push(c);
    for (const [n, g] of groupBy(
      runs.filter((r) => r.spec.n !== null),
      (r) => r.spec.n,
    )) {
      const gaps = g
        .map((r) => {
          const pop = runs.find((p) => p.spec.n === null && p.spec.seed === r.spec.seed);
          return pop ? pathGap(r, pop) : NaN;
        })
        .filter(Number.isFinite);
      measured.push({
        label: `n = ${n}: max over the path of |L_pop(n) − L_pop(∞)|, mean over ${gaps.length} seed(s)`,
        value: fmt(gaps.reduce((a, b) => a + b, 0) / gaps.length),
      });
    }
    measured.push({ label: `slope of ln(gap) vs ln(n) (predicted ${t.slope})`, value: fmtCi(c.estimate.value, c.estimate.ci_low, c.estimate.ci_high) });
    return { criteria, measured, notes };
  },
  controls: [
    {
      id: 'POP-other-seed',
      description: 'each finite-n run compared with the population run of another seed (another β and initialization)',
      why: 'the gap to an unrelated trajectory does not close as n grows: its slope is near 0',
      source: {
        variant: (runs) => {
          const seeds = [...new Set(runs.map((r) => r.spec.seed))].sort((a, b) => a - b);
          const next = new Map(seeds.map((s, i) => [s, seeds[(i + 1) % seeds.length]]));
          return runs.map((r) => (r.spec.n === null ? { ...r, spec: { ...r.spec, seed: next.get(r.spec.seed)! } } : r));
        },
      },
    },
  ],
  revisions: [
    {
      date: '2026-11-30',
      before: 'the path gap decreases at every step up in n, in every seed (n from 50 to 20,000)',
      verdict_before: 'FAIL (paper profile): strictly monotone in 0 / 3 seeds although the gap fell from 0.24 (n = 50) to 0.012 (n = 20,000)',
      after: 'log–log slope of the gap in n over n/d ≥ 50, its 95% interval (bootstrap over ≥ 5 seeds) within −0.5 ± 0.2',
      why: 'per-seed monotonicity of a noisy statistic fails by chance; the theory predicts a rate, which a slope with an interval tests',
    },
    {
      date: '2026-11-30',
      before: 'the same check with 10 paper seeds',
      verdict_before: 'INCONCLUSIVE (paper profile): the interval of the slope, and of its control, straddled their bounds',
      after: 'the paper profile runs 20 seeds (check and thresholds unchanged)',
      why: 'more seeds narrow the interval; the seeds were added after the straddling intervals were seen',
    },
  ],
};
