// `repro run --dry-run`: what a run would compute and why, with the expected cost, from the
// plan alone: nothing is computed, and nothing is written (not the cache, not the lock).
import { existsSync } from 'node:fs';
import { canonicalJson } from '../cache/canonical.ts';
import { runKey } from '../cache/key.ts';
import { flatten, type LockFile } from '../cache/lockfile.ts';
import { readEntry } from '../cache/store.ts';
import { runCost } from '../manifest/cost.ts';
import { estimateRun, formatSeconds } from '../manifest/limits.ts';
import { formatParams, type Plan } from './plan.ts';
import { slurmDir, slurmLogFor } from './slurm/batch.ts';
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
// Issue 20's exec/reasons.ts (whyNotCached) says this with the simulator's changed files; until it
// is on main, these are the reasons the lock and the cache can tell.

const use = (r: { experiment: string; profile: string; params: unknown }): string => canonicalJson([r.experiment, r.profile, r.params]);
const shown = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? null));

/** `why(i)` for the missing runs of `plan`, from the lock (what was computed before) and the cache. */
export function missingReasons(plan: Plan, opts: { lock: LockFile; cacheDir: string; fingerprint: string }): (i: number) => WhyRun {
  const { lock, cacheDir, fingerprint } = opts;
  const previous = new Map(flatten(lock).map((r) => [use(r), r.key]));
  const slurm = existsSync(slurmDir(cacheDir));
  return (i) => {
    const [run, key] = [plan.runs[i], plan.keys[i]];
    const attempt = slurm ? slurmLogFor(key, cacheDir) : null;
    if (attempt)
      return { kind: 'failed-before', text: `failed before (last Slurm attempt: ${attempt.status}${attempt.message ? `, ${attempt.message}` : ''})` };
    if (Object.hasOwn(lock.runs, key))
      return { kind: 'not-in-cache', text: 'not in this cache; the lock records it (computed elsewhere, or the cache was cleared)' };
    const prev = previous.get(use(run));
    if (prev === undefined || lock.fingerprint === null) return { kind: 'never-computed', text: 'never computed' };
    const simulator = lock.fingerprint === fingerprint ? '' : `simulator changed (fingerprint ${lock.fingerprint.slice(0, 12)} -> ${fingerprint.slice(0, 12)})`;
    if (runKey(run.spec, lock.fingerprint) === prev) return { kind: 'simulator-changed', text: simulator };
    const before = readEntry(cacheDir, prev)?.spec as Record<string, unknown> | undefined;
    const now = run.spec as unknown as Record<string, unknown>;
    const fields = before ? Object.keys(now).filter((f) => canonicalJson(before[f] ?? null) !== canonicalJson(now[f] ?? null)) : [];
    const what = before
      ? `: ${fields.map((f) => `${f} ${shown(before[f])} -> ${shown(now[f])}`).join(', ')}`
      : ` (the previous run ${prev.slice(0, 12)} is not in this cache)`;
    return { kind: 'spec-changed', text: `spec changed${what}${simulator ? `; ${simulator}` : ''}` };
  };
}
