// Why a run has no usable cache entry: never computed; not in this cache (the lock records it);
// its spec changed (which fields); the simulator changed (which files); it failed before (the
// entry's reason, or its last Slurm attempt's). `repro status` and `repro run --dry-run` print
// these and return them in --json (docs/design.md), both from whyNotCached and describeReason.
//
// The lock is the record of what was computed: a run whose key it lacks is looked up there by
// experiment, profile and params. Under the lock's fingerprint, the run's spec either hashes to
// the key the lock has (same spec: the simulator changed) or not (the spec changed; the previous
// spec, when its entry is still in the cache, tells which fields).
import { existsSync } from 'node:fs';
import { canonicalJson } from '../cache/canonical.ts';
import { runKey, type Simulator } from '../cache/key.ts';
import { flatten, type LockFile } from '../cache/lockfile.ts';
import { readEntry, type EntryMeta } from '../cache/store.ts';
import type { RunSpec } from '../sim/types.ts';
import type { Plan } from './plan.ts';
import { slurmDir, slurmLogFor, type RunIndex } from './slurm/batch.ts';

export type ReasonKind = 'never-computed' | 'not-in-cache' | 'spec-changed' | 'simulator-changed' | 'failed-before';

export interface SpecChange {
  field: string;
  /** null when the field was absent. */
  previous: unknown;
  current: unknown;
}

export interface FileChange {
  /** Path in the repository, e.g. pipeline/sim/flow.ts. */
  file: string;
  change: 'changed' | 'added' | 'removed';
}

export interface Reason {
  kind: ReasonKind;
  /** The key the lock records for the same experiment, profile and params (spec-changed, simulator-changed); else null. */
  previous_key: string | null;
  /** spec-changed: the fields whose values differ from the previous spec; null when that spec is not in the cache. */
  spec_changes: SpecChange[] | null;
  /** Whether the simulator differs from the one that computed the previous key. */
  simulator_changed: boolean;
  /** When it does: its files that differ from those the lock records (empty: none differs); null when the lock records none. */
  simulator_changes: FileChange[] | null;
  /** failed-before: the reason stored with the entry, or the last Slurm attempt's. */
  message: string | null;
}

export interface ReasonInputs {
  lock: LockFile;
  /** The simulator this process runs (its fingerprint made the plan's keys). */
  simulator: Simulator;
  /** A key's cache entry, or null. */
  entryOf: (key: string) => EntryMeta | null;
  /** The last Slurm attempt at a key without an entry (exec/slurm/batch.ts slurmLogFor), when Slurm was used. */
  slurmAttempt?: (key: string) => RunIndex | null;
}

const use = (experiment: string, profile: string, params: unknown): string => canonicalJson([experiment, profile, params]);

/** The lock's key of each (experiment, profile, params). */
const lockIndex = (lock: LockFile): Map<string, string> => new Map(flatten(lock).map((r) => [use(r.experiment, r.profile, r.params), r.key]));

export function specChanges(previous: RunSpec, current: RunSpec): SpecChange[] {
  const a = previous as unknown as Record<string, unknown>,
    b = current as unknown as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort()
    .filter((f) => canonicalJson(a[f] ?? null) !== canonicalJson(b[f] ?? null))
    .map((field) => ({ field, previous: a[field] ?? null, current: b[field] ?? null }));
}

export function fileChanges(previous: Record<string, string>, current: Record<string, string>): FileChange[] {
  return [...new Set([...Object.keys(previous), ...Object.keys(current)])]
    .sort()
    .filter((f) => previous[f] !== current[f])
    .map((file) => ({ file, change: !(file in previous) ? 'added' : !(file in current) ? 'removed' : 'changed' }));
}

const reason = (kind: ReasonKind, more: Partial<Reason> = {}): Reason => ({
  kind,
  previous_key: null,
  spec_changes: null,
  simulator_changed: false,
  simulator_changes: null,
  message: null,
  ...more,
});

/** Why each run of the plan is not cached, in the order of plan.runs (null for a cached run). */
export function whyNotCached(plan: Plan, { lock, simulator, entryOf, slurmAttempt }: ReasonInputs): (Reason | null)[] {
  const index = lockIndex(lock);
  const simulatorChanged = lock.fingerprint !== simulator.fingerprint;
  const simulatorChanges = simulatorChanged && lock.simulator ? fileChanges(lock.simulator.files, simulator.files) : null;
  return plan.runs.map((r, i) => {
    const key = plan.keys[i];
    const entry = entryOf(key);
    if (entry) return entry.status === 'failed' ? reason('failed-before', { message: entry.message }) : null;
    const attempt = slurmAttempt?.(key);
    if (attempt) {
      const why = [attempt.status, attempt.message, attempt.log && `log ${attempt.log}`].filter(Boolean).join(', ');
      return reason('failed-before', { message: `last Slurm attempt: ${why}` });
    }
    if (key in lock.runs) return reason('not-in-cache');
    const previous = index.get(use(r.experiment, r.profile, r.params));
    if (previous === undefined || lock.fingerprint === null) return reason('never-computed');
    const simulatorPart = { previous_key: previous, simulator_changed: simulatorChanged, simulator_changes: simulatorChanges };
    if (runKey(r.spec, lock.fingerprint) === previous) return reason('simulator-changed', simulatorPart);
    const spec = entryOf(previous)?.spec;
    return reason('spec-changed', { ...simulatorPart, spec_changes: spec ? specChanges(spec, r.spec) : null });
  });
}

/** whyNotCached against the cache in `cacheDir`: the plan's entries (planRuns verified them), a previous key's read here, and the last Slurm attempts when Slurm was used. */
export function whyNotCachedIn(cacheDir: string, plan: Plan, lock: LockFile, simulator: Simulator): (Reason | null)[] {
  return whyNotCached(plan, {
    lock,
    simulator,
    entryOf: (key) => (plan.entries.has(key) ? (plan.entries.get(key) ?? null) : readEntry(cacheDir, key)),
    slurmAttempt: existsSync(slurmDir(cacheDir)) ? (key) => slurmLogFor(key, cacheDir) : undefined,
  });
}

// ---- as text ---------------------------------------------------------------------------------

const MAX_LISTED = 4;
const value = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function listed<T>(items: T[], show: (t: T) => string): string {
  const more = items.length - MAX_LISTED;
  return items.slice(0, MAX_LISTED).map(show).join(', ') + (more > 0 ? ` and ${more} more` : '');
}

function simulatorText(r: Reason): string {
  const files = r.simulator_changes;
  if (files === null) return '; the lock records no simulator files';
  if (files.length === 0) return "; no source differs from the lock's record: another esbuild, or tsconfig.json?";
  return `: ${listed(files, (f) => (f.change === 'changed' ? f.file : `${f.change} ${f.file}`))}`;
}

/** One line: why the run is not cached. */
export function describeReason(r: Reason): string {
  switch (r.kind) {
    case 'never-computed':
      return 'never computed';
    case 'not-in-cache':
      return 'not in this cache; the lock records it: computed elsewhere, or the cache was cleared';
    case 'failed-before':
      return `failed before: ${r.message}`;
    case 'simulator-changed':
      return `simulator changed${simulatorText(r)}`;
    case 'spec-changed': {
      const fields = r.spec_changes
        ? `: ${listed(r.spec_changes, (c) => `${c.field} ${value(c.previous)} -> ${value(c.current)}`)}`
        : `; the previous spec, run ${r.previous_key!.slice(0, 12)}, is not in this cache`;
      return `spec changed${fields}${r.simulator_changed ? `; simulator changed too${simulatorText(r)}` : ''}`;
    }
  }
}

/** How many runs have each kind of reason, as text: '4 never computed, 2 spec changed'. */
export function countReasons(reasons: (Reason | null)[]): string {
  const counts = new Map<ReasonKind, number>();
  for (const r of reasons) if (r) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind.replaceAll('-', ' ')}`).join(', ');
}
