// From expanded runs to work: each run's key, which keys the cache holds, what is missing, and
// afterwards what each run's entry says. Reads the cache through its verified reader (an unsound
// entry is quarantined and counts as missing): no simulation here.
import { runKey } from '../cache/key.ts';
import { readEntry, type EntryMeta } from '../cache/store.ts';
import type { RunRecord } from '../cache/lockfile.ts';
import type { ExpandedRun } from '../manifest/types.ts';
import type { RunStatus } from '../sim/types.ts';
import type { PendingRun } from './types.ts';

export interface Plan {
  runs: ExpandedRun[];
  /** keys[i] is the key of runs[i]. */
  keys: string[];
  /** One per distinct key (two manifests may expand to the same spec), in first-seen order. */
  unique: PendingRun[];
  cached: PendingRun[];
  missing: PendingRun[];
  /** The verified entry of each unique key (null: missing), so no entry is checked twice. */
  entries: Map<string, EntryMeta | null>;
}

export function planRuns(runs: ExpandedRun[], cacheDir: string, fingerprint: string): Plan {
  const keys = runs.map((r) => runKey(r.spec, fingerprint));
  const seen = new Map<string, PendingRun>();
  runs.forEach((r, i) => {
    if (!seen.has(keys[i])) seen.set(keys[i], { key: keys[i], spec: r.spec });
  });
  const unique = [...seen.values()];
  const cached: PendingRun[] = [],
    missing: PendingRun[] = [];
  const entries = readEntries(
    cacheDir,
    unique.map((u) => u.key),
  );
  for (const u of unique) (entries.get(u.key) ? cached : missing).push(u);
  return { runs, keys, unique, cached, missing, entries };
}

export type RunState = 'cached' | 'missing' | 'failed';

export interface RunRow {
  key: string;
  experiment: string;
  profile: string;
  manifest: string;
  params: ExpandedRun['params'];
  state: RunState;
  /** The entry's status (null when missing); 'diverged' runs are cached results. */
  status: RunStatus | null;
  message: string | null;
}

/** Verified entries of the given keys (null where there is none), each read once; `known` ones are not read again. */
export function readEntries(cacheDir: string, keys: Iterable<string>, known?: Map<string, EntryMeta | null>): Map<string, EntryMeta | null> {
  const out = new Map<string, EntryMeta | null>();
  for (const key of keys) if (!out.has(key)) out.set(key, known?.get(key) ?? readEntry(cacheDir, key));
  return out;
}

export function runRows(plan: Plan, entries: Map<string, EntryMeta | null>): RunRow[] {
  return plan.runs.map((r, i) => {
    const e = entries.get(plan.keys[i]) ?? null;
    const state: RunState = e === null ? 'missing' : e.status === 'failed' ? 'failed' : 'cached';
    return {
      key: plan.keys[i],
      experiment: r.experiment,
      profile: r.profile,
      manifest: r.manifest,
      params: r.params,
      state,
      status: e?.status ?? null,
      message: e?.message ?? null,
    };
  });
}

/** Lock records of the runs that have an entry. */
export function lockRecords(plan: Plan, entries: Map<string, EntryMeta | null>): RunRecord[] {
  const out: RunRecord[] = [];
  plan.runs.forEach((r, i) => {
    const e = entries.get(plan.keys[i]);
    if (e) out.push({ key: plan.keys[i], experiment: r.experiment, profile: r.profile, params: r.params, status: e.status, files: e.files });
  });
  return out;
}

/** The distinct (experiment, profile) pairs the runs come from. */
export function coveredPairs(runs: ExpandedRun[]): { experiment: string; profile: string }[] {
  const seen = new Map<string, { experiment: string; profile: string }>();
  for (const r of runs) seen.set(`${r.experiment}\u0000${r.profile}`, { experiment: r.experiment, profile: r.profile });
  return [...seen.values()];
}

export function formatParams(params: ExpandedRun['params']): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
