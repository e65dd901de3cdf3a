// Small pieces every claim check uses: grouping runs, formatting numbers, and turning a
// proportion or a seed-bootstrapped statistic into a criterion.
import { bootstrap, fitLine, wilson } from '../stats.ts';
import type { ClaimRun, Criterion, Region } from './types.ts';

export function groupBy<T, K extends string | number | null>(items: T[], key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0)));
}

/** The runs of each seed (the unit the bootstrap resamples). */
export const bySeed = (runs: ClaimRun[]): ClaimRun[][] => [...groupBy(runs, (r) => r.spec.seed).values()];

export const seedCount = (runs: ClaimRun[]): number => new Set(runs.map((r) => r.spec.seed)).size;

/** 3 significant digits; exponent form outside [1e-3, 1e4); words for non-numbers. */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'not reached';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? String(+x.toPrecision(digits)) : x.toExponential(digits - 1);
}

/** "0.93 [0.81, 0.98]" */
export function fmtCi(value: number, low: number | null, high: number | null): string {
  return low === null || high === null ? `${fmt(value)} (no interval)` : `${fmt(value)} [${fmt(low)}, ${fmt(high)}]`;
}

/** k of n runs with a property, as a Wilson-interval criterion. */
export function proportion(name: string, k: number, n: number, holds: Region): Criterion {
  const ci = wilson(k, n);
  return { estimate: { name, value: n ? k / n : NaN, ci_low: n ? ci.lo : null, ci_high: n ? ci.hi : null }, holds };
}

/**
 * The share of seeds whose runs all have a property, as a Wilson-interval criterion. The seed is
 * the independent unit: the runs of one seed share β, the data streams and the initial
 * directions (only their scale, n or the loss differ), so counting them apart would overstate
 * the evidence.
 */
export function seedProportion(name: string, runs: ClaimRun[], has: (r: ClaimRun) => boolean, holds: Region): Criterion & { k: number; n: number } {
  const seeds = bySeed(runs);
  const k = seeds.filter((g) => g.every(has)).length;
  return { ...proportion(name, k, seeds.length, holds), k, n: seeds.length };
}

/** A statistic of the runs with a percentile-bootstrap interval over seeds. */
export function seedBootstrap(name: string, runs: ClaimRun[], stat: (runs: ClaimRun[]) => number, holds: Region, seed: number): Criterion {
  const groups = bySeed(runs);
  const value = stat(runs);
  const ci = bootstrap(groups, (sample) => stat(sample.flat()), { seed });
  return { estimate: { name, value, ci_low: ci?.low ?? null, ci_high: ci?.high ?? null }, holds };
}

/** Least-squares slope of y(run) on x(run) over the runs where both are finite (NaN if < 3 points). */
export function slopeOf(runs: ClaimRun[], x: (r: ClaimRun) => number, y: (r: ClaimRun) => number | null): number {
  const xs: number[] = [],
    ys: number[] = [];
  for (const r of runs) {
    const a = x(r),
      b = y(r);
    if (b !== null && Number.isFinite(a) && Number.isFinite(b)) {
      xs.push(a);
      ys.push(b);
    }
  }
  return fitLine(xs, ys)?.slope ?? NaN;
}

/** Value of a metric column at the first logged row with step (or time) >= t. */
export function at(run: ClaimRun, column: string, t: number, x: 'step' | 'time' = 'step'): number {
  const ts = run.metrics.data[x],
    col = run.metrics.data[column];
  for (let r = 0; r < ts.length; r++) if (ts[r] >= t) return col[r];
  return NaN;
}
