// C4: order-wise optimal sample complexity — the n needed for success grows linearly in d.
import { bySeed, fmt, fmtCi, groupBy } from './common.ts';
import { bootstrap, fitLine } from '../stats.ts';
import { ratioOf, succeeded } from './success.ts';
import type { ClaimDef, ClaimRun, ControlDef, Criterion } from './types.ts';
import type { SuccessThresholds } from './success.ts';
import type { RunView } from '../types.ts';
import { exp, log } from '../../sim/detmath.ts';

type T = { level: number; exponent_tol: number; min_dims: number; max_sigma: number };

/**
 * The crossing ratio n* / d at one d: where the success rate first reaches `level`, interpolated linearly in ln(n/d)
 * between the grid points around the crossing. NaN when the rate never reaches it, or already
 * does at the smallest n/d (the crossing is then not bracketed).
 */
export function crossing<R extends RunView>(runs: R[], level: number, ok: (r: R) => boolean): number {
  const pts = [...groupBy(runs, ratioOf)].map(([ratio, g]) => ({ ratio: ratio as number, rate: g.filter(ok).length / g.length }));
  for (let k = 0; k < pts.length; k++) {
    if (pts[k].rate < level) continue;
    if (k === 0) return NaN;
    const a = pts[k - 1],
      b = pts[k];
    const f = (level - a.rate) / (b.rate - a.rate);
    return exp(log(a.ratio) + f * (log(b.ratio) - log(a.ratio)));
  }
  return NaN;
}

/** α in n* ∝ d^α: least squares of ln n* on ln d over the dimensions with a bracketed crossing. */
export function exponent(runs: ClaimRun[], level: number, ok: (r: ClaimRun) => boolean): { alpha: number; crossings: { d: number; ratio: number }[] } {
  const crossings = [...groupBy(runs, (r) => r.spec.d)].map(([d, g]) => ({ d: d as number, ratio: crossing(g, level, ok) }));
  const found = crossings.filter((c) => Number.isFinite(c.ratio));
  if (found.length < crossings.length) return { alpha: NaN, crossings };
  const fit = fitLine(
    found.map((c) => log(c.d)),
    found.map((c) => log(c.ratio * c.d)),
  );
  return { alpha: fit?.slope ?? NaN, crossings };
}

export const C4: ClaimDef<T> = {
  id: 'C4',
  title: 'Sample complexity',
  statement: 'The sample complexity is order-wise optimal: the number of samples needed for success grows linearly in the dimension d.',
  prediction:
    'n* ∝ d^α with α = 1, where n* is the n at which half of the runs succeed (converge and recover β); equivalently, success as a function of n/d collapses across d.',
  regime: {
    text: 'balanced initialization, σ ≤ max_sigma, at least min_dims dimensions d on a common n/d grid',
    excludes: (r, t) => (r.spec.sigma > t.max_sigma ? 'σ > max_sigma' : r.spec.init !== 'balanced' ? 'not balanced' : null),
  },
  thresholds: {
    level: {
      default: 0.5,
      meaning: 'n* is where the success rate first reaches this level',
      reason: 'the median is the most precisely located point of a success curve',
      minimum: 0,
      maximum: 1,
    },
    exponent_tol: {
      default: 0.2,
      meaning: 'the 95% interval of α must lie within 1 ± exponent_tol',
      reason: 'separates n ∝ d from the non-optimal alternatives over d = 8…128: d^1.5 (α = 1.5) and d·ln d (a local slope of 1 + 1/ln d ≈ 1.29)',
      minimum: 0,
      maximum: 1,
    },
    min_dims: {
      default: 3,
      meaning: 'the exponent needs at least this many dimensions',
      reason: 'a line through two points has no residual to judge it by',
      minimum: 2,
      integer: true,
    },
    max_sigma: { default: 1e-4, meaning: 'largest σ in the regime', reason: 'as for C1', minimum: 0 },
  },
  figure: 'sample-complexity',
  check(runs, t, ctx) {
    const criteria: Criterion[] = [];
    const dims = groupBy(runs, (r) => r.spec.d);
    if (dims.size < t.min_dims)
      return { criteria, measured: [], notes: [], notApplicable: `needs runs at ${t.min_dims} or more dimensions d (got ${dims.size})` };
    const ok = (s: SuccessThresholds) => (r: ClaimRun) => succeeded(r, s);
    const main = exponent(runs, t.level, ok(ctx.analysis));
    const ci = bootstrap(bySeed(runs), (sample) => exponent(sample.flat(), t.level, ok(ctx.analysis)).alpha, { seed: ctx.seed });
    criteria.push({
      estimate: { name: 'α in n* ∝ d^α', value: main.alpha, ci_low: ci?.low ?? null, ci_high: ci?.high ?? null },
      holds: { min: 1 - t.exponent_tol, max: 1 + t.exponent_tol },
    });
    const measured = main.crossings.map((c) => ({
      label: `d = ${c.d}: n*/d (success rate ${Math.round(100 * t.level)}%)`,
      value: Number.isFinite(c.ratio) ? fmt(c.ratio) : 'not bracketed by the grid',
    }));
    measured.push({ label: 'α in n* ∝ d^α (95% interval, bootstrap over seeds)', value: fmtCi(main.alpha, ci?.low ?? null, ci?.high ?? null) });
    // How much the threshold matters: α with the recovery threshold ten times tighter and looser.
    for (const f of [0.1, 10]) {
      const s = { ...ctx.analysis, success_pop: ctx.analysis.success_pop * f };
      const alpha = exponent(runs, t.level, ok(s)).alpha;
      const band = bootstrap(bySeed(runs), (sample) => exponent(sample.flat(), t.level, ok(s)).alpha, { seed: ctx.seed });
      measured.push({
        label: `α with success_pop = ${fmt(s.success_pop)} (robustness, 95% interval over seeds)`,
        value: fmtCi(alpha, band?.low ?? null, band?.high ?? null),
      });
    }
    const notes = main.crossings.filter((c) => !Number.isFinite(c.ratio)).map((c) => `d = ${c.d}: the success rate is not bracketed by the n/d grid`);
    return { criteria, measured, notes };
  },
  controls: [
    relabelled('C4-superlinear', 'd^1.5', '√(d/d_min)', (d, dMin) => Math.sqrt(d / dMin), 'adds exactly 0.5 to α'),
    relabelled('C4-d-log-d', 'd·ln d', 'ln d / ln d_min', (d, dMin) => log(d) / log(dMin), 'adds ≈ 0.3 to α over d = 8…128 (the local slope of ln ln d)'),
  ],
  revisions: [
    {
      date: '2026-11-30',
      before: 'the smallest n/d with success rate ≥ 50% varies across d = 16, 32, 64 by at most 2× (n/d grid 1, 2, 4, …, 32; success = L_pop ≤ 1e-8)',
      verdict_before: 'PASS (paper profile): n/d = 32 at every d',
      after:
        'α in n* ∝ d^α fitted over d = 8…128 on an n/d grid of ratio √2 (interpolated crossings), its 95% interval within 1 ± 0.2; success = converged and β recovered (C1)',
      why: 'a factor-2 grid over a 4× range of d cannot tell n ∝ d from d^1.5, and the crossing sat where the budget-limited population loss crossed 1e-8',
    },
  ],
};

/** A resolution control: the same runs with each n relabelled as n·factor(d), i.e. data in which the needed n grows like `law`. */
function relabelled(id: string, law: string, factorText: string, factor: (d: number, dMin: number) => number, shift: string): ControlDef {
  return {
    id,
    description: `the same runs with each n relabelled as n·${factorText}, i.e. data in which the needed n grows like ${law}`,
    why: `if the needed n grew like ${law} the check must see it and fail. The relabelling ${shift}, so this is a test of resolution — that the grid and the interval can tell d from ${law} — not a second experiment`,
    source: {
      variant: (runs) => {
        const dMin = Math.min(...runs.map((r) => r.spec.d));
        return runs.map((r) => {
          const s = factor(r.spec.d, dMin);
          return {
            ...r,
            spec: { ...r.spec, n: r.spec.n === null ? null : Math.round(r.spec.n * s) },
            params: { ...r.params, n_per_d: typeof r.params.n_per_d === 'number' ? r.params.n_per_d * s : r.params.n_per_d },
          };
        });
      },
    },
  };
}
