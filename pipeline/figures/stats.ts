// Small summaries for captions and interval bands, each in a fixed summation order.
export { fitLine, type LineFit } from '../analysis/fit.ts';

/** Wilson score interval for k successes out of n (z = 1.96: 95%). */
export function wilson(k: number, n: number, z = 1.96): { lo: number; hi: number } {
  if (n === 0) return { lo: NaN, hi: NaN };
  const p = k / n, z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/** Quantile by linear interpolation between order statistics (type 7). */
export function quantile(xs: number[], q: number): number {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = (v.length - 1) * q, lo = Math.floor(h), hi = Math.ceil(h);
  return v[lo] + (h - lo) * (v[hi] - v[lo]);
}

export const median = (xs: number[]): number => quantile(xs, 0.5);

/** Geometric mean of the positive finite values (the centre of a log-scale band). */
export function geomean(xs: number[]): number {
  const v = xs.filter((x) => Number.isFinite(x) && x > 0);
  if (v.length === 0) return NaN;
  let s = 0;
  for (const x of v) s += Math.log(x);
  return Math.exp(s / v.length);
}
