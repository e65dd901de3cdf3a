// The content-addressed run cache (docs/design.md, Contracts):
//   <cache>/runs/<key>/   the run's output files + entry.json (what they are and their sha256)
//   <cache>/tmp/          entries being written; renamed into runs/ when complete
// An entry appears by one atomic rename of a complete, fsynced directory, so a crash, SIGKILL or
// full disk never leaves a half entry under runs/. The first entry written for a key is kept.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { syncDir, writeDurably } from './atomic.ts';
import { canonicalJson, prettyJson } from './canonical.ts';
import { runKey, sha256 } from './key.ts';
import { HOST, isAlive } from './owner.ts';
import type { RunSpec, RunStatus } from '../sim/types.ts';

export const DEFAULT_CACHE = '.repro/cache';
export const ENTRY_FILE = 'entry.json';

export interface EntryMeta {
  key: string;
  spec: RunSpec;
  fingerprint: string;
  status: RunStatus;
  message: string | null;
  /** Wall-clock time of the simulation (informative only: never part of a comparison). */
  wall_ms: number;
  /** sha256 hex of each output file (entry.json excluded). */
  files: Record<string, string>;
}

export interface WriteResult {
  /** The entry now in the cache: ours, or the one another process stored first. */
  meta: EntryMeta;
  /** True when this call put the entry in place. */
  written: boolean;
  /** Set when an entry already existed with different bytes: a determinism bug. */
  conflict: string | null;
}

/** --cache flag, else $REPRO_CACHE, else .repro/cache (absolute, so workers agree). */
export function resolveCacheDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag || env.REPRO_CACHE || DEFAULT_CACHE);
}

export const runsDir = (cache: string): string => join(cache, 'runs');
export const tmpRoot = (cache: string): string => join(cache, 'tmp');
export const entryDir = (cache: string, key: string): string => join(runsDir(cache), key);

const KEY = /^[0-9a-f]{64}$/;

function checkKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a run key: '${key}'`);
}

export function hasEntry(cache: string, key: string): boolean {
  return existsSync(join(entryDir(cache, key), ENTRY_FILE));
}

/** The entry's metadata, or null when there is no entry. */
export function readEntry(cache: string, key: string): EntryMeta | null {
  checkKey(key);
  let text: string;
  try {
    text = readFileSync(join(entryDir(cache, key), ENTRY_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return JSON.parse(text) as EntryMeta;
}

export function readEntryFiles(cache: string, meta: EntryMeta): Record<string, Uint8Array> {
  const dir = entryDir(cache, meta.key);
  return Object.fromEntries(
    Object.keys(meta.files)
      .sort()
      .map((name) => [name, new Uint8Array(readFileSync(join(dir, name)))]),
  );
}

/** Every key in the cache, sorted. */
export function listKeys(cache: string): string[] {
  try {
    return readdirSync(runsDir(cache))
      .filter((k) => KEY.test(k))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Problems found by re-hashing the entry's files against entry.json and its key (empty: sound). */
export function verifyEntry(cache: string, key: string): string[] {
  let meta: EntryMeta | null;
  try {
    meta = readEntry(cache, key);
  } catch (err) {
    return [`${ENTRY_FILE}: ${(err as Error).message}`];
  }
  if (!meta) return [`no ${ENTRY_FILE}`];
  const problems: string[] = [];
  if (meta.key !== key) problems.push(`${ENTRY_FILE} names key ${meta.key}`);
  if (runKey(meta.spec, meta.fingerprint) !== key) problems.push('key does not match sha256 of {spec, fingerprint}');
  const dir = entryDir(cache, key);
  for (const [name, hash] of Object.entries(meta.files).sort()) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, name));
    } catch {
      problems.push(`${name}: missing`);
      continue;
    }
    if (sha256(bytes) !== hash) problems.push(`${name}: sha256 differs from ${ENTRY_FILE}`);
  }
  for (const name of readdirSync(dir).sort()) {
    if (name !== ENTRY_FILE && !(name in meta.files)) problems.push(`${name}: not listed in ${ENTRY_FILE}`);
  }
  return problems;
}

// tmp/<pid>@<host>-<key prefix>-<random>: who writes it, so stale ones can be recognized.
const TMP_NAME = /^(\d+)@([A-Za-z0-9._]+)-[0-9a-f]{12}-/;

/** The comparable part of an entry: what a determinism check compares. */
const outcome = (m: Pick<EntryMeta, 'status' | 'files'>): string => canonicalJson({ status: m.status, files: m.files });

/**
 * Stores a run's files under its key: written into tmp/, fsynced, then renamed to runs/<key>.
 * If the key is already there the existing entry wins; differing bytes are reported as a conflict.
 */
export function writeEntry(cache: string, base: Omit<EntryMeta, 'files'>, files: Record<string, Uint8Array>): WriteResult {
  checkKey(base.key);
  const names = Object.keys(files).sort();
  for (const name of names) {
    if (name === ENTRY_FILE || !/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) throw new Error(`bad output file name '${name}'`);
  }
  const meta: EntryMeta = { ...base, files: Object.fromEntries(names.map((n) => [n, sha256(files[n])])) };
  mkdirSync(tmpRoot(cache), { recursive: true });
  mkdirSync(runsDir(cache), { recursive: true });
  const tmp = mkdtempSync(join(tmpRoot(cache), `${process.pid}@${HOST}-${base.key.slice(0, 12)}-`));
  try {
    for (const name of names) writeDurably(join(tmp, name), files[name]);
    writeDurably(join(tmp, ENTRY_FILE), new TextEncoder().encode(prettyJson(meta)));
    syncDir(tmp);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true }); // e.g. ENOSPC: nothing half-written stays
    throw err;
  }
  try {
    renameSync(tmp, entryDir(cache, base.key));
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    // Another writer got there first: keep its entry, and compare (same spec must mean same bytes).
    const existing = readEntry(cache, base.key)!;
    const conflict =
      outcome(existing) === outcome(meta)
        ? null
        : `run ${base.key}: the cache already holds different output for this key (status ${existing.status} vs ${meta.status}; ` +
          `files differ: ${names.filter((n) => existing.files[n] !== meta.files[n]).join(', ') || 'file list'}) — a determinism bug`;
    return { meta: existing, written: false, conflict };
  }
  syncDir(runsDir(cache));
  return { meta, written: true, conflict: null };
}

// Writing an entry takes milliseconds (the tmp dir is made after the simulation), so an hour-old
// tmp dir is abandoned even when its writer's pid cannot be checked (another host).
const STALE_MS = 3600_000;

/**
 * Removes tmp/ dirs left by dead writers (crash, SIGKILL) — or every one of this process's own
 * when `own` is set (after terminating its workers). Returns how many were removed.
 */
export function cleanTmp(cache: string, opts: { own?: boolean; now?: number } = {}): number {
  let names: string[];
  try {
    names = readdirSync(tmpRoot(cache));
  } catch {
    return 0;
  }
  const now = opts.now ?? Date.now();
  let removed = 0;
  for (const name of names) {
    const path = join(tmpRoot(cache), name);
    const m = TMP_NAME.exec(name);
    const pid = m ? Number(m[1]) : NaN;
    const here = m !== null && m[2] === HOST;
    let stale: boolean;
    if (opts.own) stale = here && pid === process.pid;
    else {
      let age = 0;
      try {
        age = now - statSync(path).mtimeMs;
      } catch {
        continue;
      }
      stale = (here && pid !== process.pid && !isAlive(pid)) || age > STALE_MS;
    }
    if (stale) {
      rmSync(path, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
