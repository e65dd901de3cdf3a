// `repro run --dry-run`: what a run would compute and why, with the expected cost, from the
// plan alone: nothing is computed, and nothing is written (not the cache, not the lock).
import type { Simulator } from '../cache/key.ts';
import type { LockFile } from '../cache/lockfile.ts';
import { runCost } from '../manifest/cost.ts';
import { estimateRun, formatSeconds } from '../manifest/limits.ts';
import { formatParams, type Plan } from './plan.ts';
import { describeReason, whyNotCachedIn } from './reasons.ts';
import type { ExpandedRun } from '../manifest/types.ts';

/** Why a run would be computed: a kind (never-computed, spec-changed, ..., forced) and one line. */
export interface WhyRun {
  kind: string;
  text: string;
}

export interface DryRunRow extends Pick<ExpandedRun, 'experiment' | 'profile' | 'params'> {
  key: string;
  why: WhyRun;
  /** runCost units, and the estimated core-seconds (manifest/limits.ts: an upper bound, early stops make runs shorter). */
  cost: number;
  seconds: number;
}

export interface DryRun {
  runs: DryRunRow[];
  /** Distinct runs of the manifests, and how many of them would be computed. */
  unique: number;
  cost: number;
  seconds: number;
}

/**
 * The runs of `plan` whose keys are in `todo` (each key once, in the plan's order), each with
 * `why(i)` for plan.runs[i].
 */
export function dryRun(plan: Plan, todo: Set<string>, why: (i: number) => WhyRun): DryRun {
  const seen = new Set<string>();
  const runs: DryRunRow[] = [];
  plan.runs.forEach((r, i) => {
    const key = plan.keys[i];
    if (!todo.has(key) || seen.has(key)) return;
    seen.add(key);
    runs.push({
      key,
      experiment: r.experiment,
      profile: r.profile,
      params: r.params,
      why: why(i),
      cost: runCost(r.spec),
      seconds: estimateRun(r.spec).seconds,
    });
  });
  const sum = (f: (r: DryRunRow) => number): number => runs.reduce((n, r) => n + f(r), 0);
  return { runs, unique: plan.unique.length, cost: sum((r) => r.cost), seconds: sum((r) => r.seconds) };
}

const seconds = (s: number): string => (s < 1 ? `${s.toFixed(2)} s` : formatSeconds(s));

/** One line per run, then the total, counted by kind. */
export function formatDryRun(d: DryRun, jobs: number): string[] {
  const width = Math.max(0, ...d.runs.map((r) => r.experiment.length));
  const pwidth = Math.max(0, ...d.runs.map((r) => formatParams(r.params).length));
  const lines = d.runs.map(
    (r) =>
      `would compute  ${r.key.slice(0, 12)}  ${r.experiment.padEnd(width)}  ${formatParams(r.params).padEnd(pwidth)}  ~${seconds(r.seconds).padStart(7)}  ${r.why.text}`,
  );
  const kinds = new Map<string, number>();
  for (const r of d.runs) kinds.set(r.why.kind, (kinds.get(r.why.kind) ?? 0) + 1);
  const by = [...kinds].map(([k, n]) => `${n} ${k.replaceAll('-', ' ')}`).join(', ');
  lines.push(
    `dry run: ${d.runs.length} of ${d.unique} runs would be computed${by ? ` (${by})` : ''}, ` +
      `estimated ${seconds(d.seconds)} of compute (~${seconds(d.seconds / Math.max(1, Math.min(jobs, d.runs.length || 1)))} with ${jobs} jobs; an upper bound); nothing computed or written`,
  );
  return lines;
}

// ---- why a missing run would be computed -------------------------------------------------------

/** `why(i)` for the missing runs of `plan`: exec/reasons.ts, the reasons `repro status` gives too. */
export function missingReasons(plan: Plan, opts: { lock: LockFile; cacheDir: string; simulator: Simulator }): (i: number) => WhyRun {
  const reasons = whyNotCachedIn(opts.cacheDir, plan, opts.lock, opts.simulator);
  return (i) => {
    const r = reasons[i];
    return r ? { kind: r.kind, text: describeReason(r) } : { kind: 'cached', text: 'cached' };
  };
}
