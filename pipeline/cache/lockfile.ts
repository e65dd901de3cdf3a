// The lock file repro.lock.json: committed, sorted, 2-space canonical JSON mapping each run key
// to what uses it and the sha256 of its outputs, so anyone can audit a result without the cache.
//   { version: 1, fingerprint, simulator: { files: { PATH: sha256 } }, runs: { KEY: { experiment,
//     params, profiles, status, files, also?: [{ experiment, params, profiles }] } }, figures: {...} }
// `also` lists other experiments whose manifests expand to the same spec (same key). Writers
// merge under the file's mutex (mutex.ts) and replace it by rename (atomic.ts), so concurrent
// `repro run`s neither corrupt it nor lose each other's entries.
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.ts';
import { canonicalJson, prettyJson } from './canonical.ts';
import { writeAtomic } from './atomic.ts';
import { withMutex } from './mutex.ts';
import type { Simulator } from './key.ts';
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
  /** That simulator's files (key.ts Simulator.files), so `repro status` can name the file that changed since. */
  simulator?: { files: Record<string, string> };
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
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return emptyLockFile();
    if (code === 'EISDIR') throw new UserError(`${path}: is a folder, not a lock file`);
    throw err;
  }
  return parseLockFile(text, path);
}

/** A lock file's text (`name` says where it came from, for messages). */
export function parseLockFile(text: string, name: string): LockFile {
  let lock: LockFile;
  try {
    lock = JSON.parse(text) as LockFile;
  } catch (err) {
    throw new UserError(`${name}: not valid JSON (${(err as Error).message})`);
  }
  if (lock?.version !== 1) throw new UserError(`${name}: unsupported lock file version ${JSON.stringify(lock?.version)}`);
  const problem = lockProblem(lock);
  if (problem) throw new UserError(`${name}: ${problem} (a malformed lock file: restore it from git, or delete it and run \`repro run\`)`);
  return { ...emptyLockFile(), ...lock };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const got = (x: unknown): string => (x === null ? 'null' : Array.isArray(x) ? 'a list' : typeof x);
const RUN_KEY = /^[0-9a-f]{64}$/;
const FILE_NAME = /^[A-Za-z0-9._-]+$/;

/** `field: expected ..., got ...` when `files` is not {file name: sha256}; null when it is. */
function filesProblem(files: unknown, field: string): string | null {
  if (!isObject(files)) return `${field}: expected an object of file name -> sha256, got ${got(files)}`;
  for (const [name, hash] of Object.entries(files)) {
    if (!FILE_NAME.test(name) || name === '.' || name === '..') return `${field}: bad file name ${JSON.stringify(name)}`;
    if (typeof hash !== 'string' || hash === '') return `${field}[${JSON.stringify(name)}]: expected a sha256, got ${got(hash)}`;
  }
  return null;
}

/** The first way the lock does not have the shape its writers give it (null: it has). */
function lockProblem(lock: Record<string, unknown>): string | null {
  if (lock.fingerprint !== undefined && lock.fingerprint !== null && typeof lock.fingerprint !== 'string')
    return `fingerprint: expected a string, got ${got(lock.fingerprint)}`;
  if (lock.runs !== undefined && !isObject(lock.runs)) return `runs: expected an object of run key -> run, got ${got(lock.runs)}`;
  for (const [key, run] of Object.entries((lock.runs ?? {}) as Record<string, unknown>)) {
    const at = `runs["${key.slice(0, 12)}${key.length > 12 ? '…' : ''}"]`;
    if (!RUN_KEY.test(key)) return `${at}: not a run key (64 hex digits)`;
    if (!isObject(run)) return `${at}: expected an object, got ${got(run)}`;
    const uses = [run, ...(Array.isArray(run.also) ? run.also : [])];
    if (run.also !== undefined && !Array.isArray(run.also)) return `${at}.also: expected a list, got ${got(run.also)}`;
    for (const use of uses) {
      if (
        !isObject(use) ||
        typeof use.experiment !== 'string' ||
        !isObject(use.params) ||
        !Array.isArray(use.profiles) ||
        !use.profiles.every((p) => typeof p === 'string')
      )
        return `${at}: expected experiment, params and profiles`;
    }
    if (!['ok', 'diverged', 'failed'].includes(run.status as string)) return `${at}.status: expected ok, diverged or failed, got ${JSON.stringify(run.status)}`;
    const files = filesProblem(run.files, `${at}.files`);
    if (files) return files;
  }
  if (lock.figures !== undefined && !isObject(lock.figures)) return `figures: expected an object of figure name -> files, got ${got(lock.figures)}`;
  for (const [name, figure] of Object.entries((lock.figures ?? {}) as Record<string, unknown>)) {
    if (!isObject(figure)) return `figures["${name}"]: expected an object, got ${got(figure)}`;
    const files = filesProblem(figure.files, `figures["${name}"].files`);
    if (files) return files;
  }
  return null;
}

// ---- pure merge -------------------------------------------------------------------------

/** One record per (key, experiment, profile) use the lock lists. */
export function flatten(lock: LockFile): RunRecord[] {
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
 * The lock after a `repro run` that covered the (experiment, profile) pairs in `covered` with
 * simulator `sim`: their runs are replaced by `records`; other experiments and profiles are kept
 * unless they were computed by another simulator (their keys are stale then).
 */
export function mergeRuns(lock: LockFile, sim: Simulator, covered: { experiment: string; profile: string }[], records: RunRecord[]): MergeResult {
  const isCovered = new Set(covered.map((c) => canonicalJson([c.experiment, c.profile])));
  const sameSim = lock.fingerprint === null || lock.fingerprint === sim.fingerprint;
  const kept = sameSim ? flatten(lock).filter((r) => !isCovered.has(canonicalJson([r.experiment, r.profile]))) : [];
  const runs = group([...kept, ...records]);
  const dropped = Object.keys(lock.runs)
    .filter((k) => !(k in runs))
    .sort();
  return { lock: { ...lock, fingerprint: sim.fingerprint, simulator: { files: sim.files }, runs }, dropped };
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
  if (['version', 'fingerprint', 'simulator', 'runs'].includes(section)) throw new Error(`section '${section}' belongs to repro run`);
  return updateLockFile(path, (lock) => ({ lock: { ...lock, [section]: value } })).lock;
}
