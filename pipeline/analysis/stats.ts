// The statistics the analysis and the figures share, each in a fixed summation order: means,
// quantiles, a least-squares line, a binomial interval and a seeded bootstrap.
import { Rng } from '../sim/rng.ts';

/** Mean of the finite values (NaN when there are none). */
export function mean(xs: number[]): number {
  const v = xs.filter(Number.isFinite);
  if (v.length === 0) return NaN;
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

/** Quantile of the finite values by linear interpolation between order statistics (type 7). */
export function quantile(xs: number[], q: number): number {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = (v.length - 1) * q,
    lo = Math.floor(h),
    hi = Math.ceil(h);
  return v[lo] + (h - lo) * (v[hi] - v[lo]);
}

export const median = (xs: number[]): number => quantile(xs, 0.5);

/** Wilson score interval for k successes out of n (z = 1.96: 95%). */
export function wilson(k: number, n: number, z = 1.96): { lo: number; hi: number } {
  if (n === 0) return { lo: NaN, hi: NaN };
  const p = k / n,
    z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

export interface LineFit {
  slope: number;
  intercept: number;
  r2: number;
  points: number;
}

/** Ordinary least squares of y on x; null with fewer than three points or no spread in x. */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): LineFit | null {
  const n = x.length;
  if (n < 3) return null;
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0,
    sxy = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx,
      dy = y[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: my - slope * mx, r2, points: n };
}

/** Stream id of the bootstrap's resampling (distinct from the simulator's streams). */
const BOOTSTRAP_STREAM = 101;

/**
 * Percentile bootstrap over groups (e.g. the runs of each seed): `stat` is evaluated on
 * `resamples` draws of the groups with replacement, non-finite draws dropped. Deterministic:
 * the draws come from Philox with a fixed stream. Null with fewer than two groups, or when
 * fewer than half of the draws give a number (the statistic is then too fragile to bound).
 */
export function bootstrap<G>(
  groups: G[],
  stat: (sample: G[]) => number,
  opts: { resamples?: number; seed?: number; level?: number } = {},
): { low: number; high: number } | null {
  const k = groups.length;
  if (k < 2) return null;
  const B = opts.resamples ?? 2000,
    level = opts.level ?? 0.95;
  const rng = new Rng(opts.seed ?? 0, BOOTSTRAP_STREAM);
  const values: number[] = [];
  const sample: G[] = new Array(k);
  for (let b = 0; b < B; b++) {
    // u32 * k < 2^53: the index is exact.
    for (let i = 0; i < k; i++) sample[i] = groups[Math.floor((rng.nextUint32() * k) / 4294967296)];
    const v = stat(sample);
    if (Number.isFinite(v)) values.push(v);
  }
  if (values.length < B / 2) return null;
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(q * values.length)))];
  return { low: at((1 - level) / 2), high: at(1 - (1 - level) / 2) };
}
