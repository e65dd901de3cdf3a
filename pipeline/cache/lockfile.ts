// The lock file repro.lock.json: committed, sorted, 2-space canonical JSON mapping each run key
// to what uses it and the sha256 of its outputs, so anyone can audit a result without the cache.
//   { version: 1, fingerprint, runs: { KEY: { experiment, params, profiles, status, files,
//     also?: [{ experiment, params, profiles }] } }, figures: {...} }
// `also` lists other experiments whose manifests expand to the same spec (same key). Writers
// merge under the file's mutex (mutex.ts) and replace it by rename (atomic.ts), so concurrent
// `repro run`s neither corrupt it nor lose each other's entries.
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.ts';
import { canonicalJson, prettyJson } from './canonical.ts';
import { writeAtomic } from './atomic.ts';
import { withMutex } from './mutex.ts';
import type { RunStatus } from '../sim/types.ts';

export const DEFAULT_LOCK = 'repro.lock.json';

/** A grid value as written in a manifest (n = null is the population run). */
export type ParamValue = number | string | null;
/** A run's grid point, seed included. */
export type Params = Record<string, ParamValue>;

export interface LockUse {
  experiment: string;
  params: Params;
  profiles: string[];
}

export interface LockRun extends LockUse {
  status: RunStatus;
  files: Record<string, string>;
  also?: LockUse[];
}

export interface LockFile {
  version: 1;
  /** Simulator fingerprint of every key in `runs`. */
  fingerprint: string | null;
  runs: Record<string, LockRun>;
  /** Written by the figures stage; `repro run` never touches it. */
  figures: Record<string, unknown>;
  [section: string]: unknown;
}

/** One run as `repro run` saw it: one (experiment, profile) use of a key and the entry's outcome. */
export interface RunRecord {
  key: string;
  experiment: string;
  profile: string;
  params: Params;
  status: RunStatus;
  files: Record<string, string>;
}

export const emptyLockFile = (): LockFile => ({ version: 1, fingerprint: null, runs: {}, figures: {} });

export function readLockFile(path: string): LockFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyLockFile();
    throw err;
  }
  let lock: LockFile;
  try {
    lock = JSON.parse(text) as LockFile;
  } catch (err) {
    throw new UserError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  if (lock?.version !== 1) throw new UserError(`${path}: unsupported lock file version ${JSON.stringify(lock?.version)}`);
  return { ...emptyLockFile(), ...lock };
}

// ---- pure merge -------------------------------------------------------------------------

function flatten(lock: LockFile): RunRecord[] {
  const out: RunRecord[] = [];
  for (const [key, run] of Object.entries(lock.runs)) {
    for (const use of [run, ...(run.also ?? [])]) {
      for (const profile of use.profiles) out.push({ key, experiment: use.experiment, profile, params: use.params, status: run.status, files: run.files });
    }
  }
  return out;
}

function group(records: RunRecord[]): Record<string, LockRun> {
  const byKey = new Map<string, RunRecord[]>();
  for (const r of records) {
    const list = byKey.get(r.key);
    if (list) list.push(r);
    else byKey.set(r.key, [r]);
  }
  const runs: Record<string, LockRun> = {};
  for (const key of [...byKey.keys()].sort()) {
    const recs = byKey.get(key)!;
    const uses = new Map<string, LockUse>();
    for (const r of recs) {
      const id = canonicalJson([r.experiment, r.params]);
      const use = uses.get(id) ?? { experiment: r.experiment, params: r.params, profiles: [] };
      if (!use.profiles.includes(r.profile)) use.profiles.push(r.profile);
      uses.set(id, use);
    }
    const [first, ...also] = [...uses.keys()].sort().map((id) => ({ ...uses.get(id)!, profiles: uses.get(id)!.profiles.sort() }));
    const last = recs[recs.length - 1];
    runs[key] = { ...first, status: last.status, files: last.files, ...(also.length ? { also } : {}) };
  }
  return runs;
}

export interface MergeResult {
  lock: LockFile;
  /** Keys that left the lock (no longer produced by a manifest that was run, or an older simulator). */
  dropped: string[];
}

/**
 * The lock after a `repro run` that covered the (experiment, profile) pairs in `covered` with the
 * simulator `fingerprint`: their runs are replaced by `records`; other experiments and profiles
 * are kept unless they were computed by another simulator (their keys are stale then).
 */
export function mergeRuns(lock: LockFile, fingerprint: string, covered: { experiment: string; profile: string }[], records: RunRecord[]): MergeResult {
  const isCovered = new Set(covered.map((c) => canonicalJson([c.experiment, c.profile])));
  const sameSim = lock.fingerprint === null || lock.fingerprint === fingerprint;
  const kept = sameSim ? flatten(lock).filter((r) => !isCovered.has(canonicalJson([r.experiment, r.profile]))) : [];
  const runs = group([...kept, ...records]);
  const dropped = Object.keys(lock.runs)
    .filter((k) => !(k in runs))
    .sort();
  return { lock: { ...lock, fingerprint, runs }, dropped };
}

// ---- the file, read-modify-write under its mutex -----------------------------------------

export function writeLockFile(path: string, lock: LockFile): void {
  writeAtomic(path, prettyJson(lock));
}

/** Read-modify-write of the lock file under its mutex; returns what was written. */
export function updateLockFile<T>(path: string, fn: (lock: LockFile) => { lock: LockFile } & T): { lock: LockFile } & T {
  return withMutex(path, () => {
    const result = fn(readLockFile(path));
    writeLockFile(path, result.lock);
    return result;
  });
}

/** Replaces one top-level section (e.g. `figures`) and leaves the rest as it is. */
export function updateLockSection(path: string, section: string, value: unknown): LockFile {
  if (section === 'version' || section === 'fingerprint' || section === 'runs') throw new Error(`section '${section}' belongs to repro run`);
  return updateLockFile(path, (lock) => ({ lock: { ...lock, [section]: value } })).lock;
}
