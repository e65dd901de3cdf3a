// From criteria (a statistic, its interval and the region where the claim holds) to a verdict.
// PASS: the interval lies inside the region; FAIL: it lies outside; INCONCLUSIVE: it straddles
// a bound (or there is no interval: fewer than two seeds). An exact criterion (a count the
// theory fixes, e.g. no sign flip under balanced initialization) is decided by its value alone.
import type { Verdict } from '../types.ts';
import type { Criterion, Decision, Region } from './types.ts';

const inside = (x: number, r: Region): boolean => (r.min === undefined || x >= r.min) && (r.max === undefined || x <= r.max);

/** The region in words: "≥ 0.9", "≤ 0.45", "within [0.9, 1.1]". */
export function regionText(r: Region, fmt: (x: number) => string): string {
  if (r.min !== undefined && r.max !== undefined) return `within [${fmt(r.min)}, ${fmt(r.max)}]`;
  if (r.min !== undefined) return `≥ ${fmt(r.min)}`;
  if (r.max !== undefined) return `≤ ${fmt(r.max)}`;
  return 'any value';
}

export function decide(c: Criterion): Decision {
  const { value, ci_low, ci_high } = c.estimate;
  if (!Number.isFinite(value)) return { verdict: 'INCONCLUSIVE', why: `${c.estimate.name}: no value` };
  if (c.exact) return inside(value, c.holds) ? { verdict: 'PASS', why: null } : { verdict: 'FAIL', why: `${c.estimate.name} is outside the predicted region` };
  if (ci_low === null || ci_high === null) return { verdict: 'INCONCLUSIVE', why: `${c.estimate.name}: no interval (fewer than two seeds)` };
  if (inside(ci_low, c.holds) && inside(ci_high, c.holds)) return { verdict: 'PASS', why: null };
  const { min, max } = c.holds;
  const outside = (max !== undefined && ci_low > max) || (min !== undefined && ci_high < min);
  return outside
    ? { verdict: 'FAIL', why: `${c.estimate.name}: its whole interval lies outside the predicted region` }
    : { verdict: 'INCONCLUSIVE', why: `${c.estimate.name}: the interval straddles a bound of the predicted region` };
}

/** Any FAIL fails the claim; else any INCONCLUSIVE leaves it open; else PASS. */
export function combine(decisions: Decision[]): Decision {
  const failed = decisions.filter((d) => d.verdict === 'FAIL');
  if (failed.length) return { verdict: 'FAIL', why: failed.map((d) => d.why).join('; ') };
  const open = decisions.filter((d) => d.verdict === 'INCONCLUSIVE');
  if (open.length) return { verdict: 'INCONCLUSIVE', why: open.map((d) => d.why).join('; ') };
  return { verdict: 'PASS', why: null };
}

export const VERDICT_ORDER: readonly Verdict[] = ['PASS', 'FAIL', 'INCONCLUSIVE', 'INCOMPLETE', 'N/A'];
