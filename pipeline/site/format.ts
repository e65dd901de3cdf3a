// Number and value formatting for the site: the same number always prints the same way.
import type { ParamValue } from './types.ts';

/** 4 significant digits; exponent form outside [1e-3, 1e4); a value that is not a number reads as words. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'no value' : x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e9) return String(x);
  if (a >= 1e-3 && a < 1e4) return String(+x.toPrecision(4));
  return x.toExponential(3).replace(/\.?0+e/, 'e');
}

export function formatValue(x: number | string): string {
  return typeof x === 'number' ? formatNumber(x) : x;
}

/** A grid value as written in a manifest; n = null is the population (n = ∞) run. */
export function formatParam(name: string, x: ParamValue): string {
  if (x === null) return name === 'n' ? '∞ (population)' : 'null';
  return typeof x === 'number' ? String(x) : x;
}

/** A threshold value of any JSON type. */
export function formatThreshold(x: unknown): string {
  if (typeof x === 'number') return String(x);
  if (typeof x === 'string') return x;
  return JSON.stringify(x) ?? String(x);
}
