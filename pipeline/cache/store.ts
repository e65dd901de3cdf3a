// The content-addressed run cache (docs/design.md, Contracts):
//   <cache>/runs/<key>/   the run's output files + entry.json (what they are and their sha256)
//   <cache>/tmp/          entries being written; renamed into runs/ when complete
//   <cache>/quarantine/   unsound entries moved aside by a reader: <key>-<time>-<pid>/
// An entry appears by one atomic rename of a complete, fsynced directory, so a crash, SIGKILL or
// full disk never leaves a half entry under runs/. The first entry written for a key is kept.
// Nothing is used unverified: every read re-hashes the entry's files against entry.json and the
// key (checkEntry); an entry that fails is quarantined and counts as missing, so it is recomputed.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  type Stats,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { syncDir, writeDurably } from './atomic.ts';
import { prettyJson } from './canonical.ts';
import { runKey, sha256 } from './key.ts';
import { OWNER, isAbandoned, removeAbandoned, removeWhere } from './owner.ts';
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
const isOutputName = (name: string): boolean => name !== ENTRY_FILE && /^[A-Za-z0-9._-]+$/.test(name) && !name.startsWith('.');

function checkKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a run key: '${key}'`);
}

/** A sound entry: its metadata and, when asked for, the bytes of its files (the ones that were hashed). */
export interface VerifiedEntry {
  meta: EntryMeta;
  files: Record<string, Uint8Array>;
}

/** What checkEntry found: no entry at all, an unsound one (why), or a sound one. */
export type EntryCheck =
  | { state: 'absent' }
  /** meta: entry.json when it parses with the right shape (its files or key may still be wrong). */
  | { state: 'unsound'; problems: string[]; meta?: EntryMeta }
  | ({ state: 'sound' } & VerifiedEntry);

/**
 * Checks an entry the way every reader must: runs/<key> is a real folder, entry.json a plain file
 * naming this key, whose {spec, fingerprint} hash to the key, and every file it lists a plain
 * file with the recorded sha256 (no file missing, none extra, no symlink followed). Each file is
 * read once; `keep` keeps the bytes that were hashed, so a reader parses exactly what was checked.
 */
export function checkEntry(cache: string, key: string, keep = false): EntryCheck {
  checkKey(key);
  const dir = entryDir(cache, key);
  const kind = fileKind(dir);
  if (kind === null) return { state: 'absent' };
  const unsound = (...problems: string[]): EntryCheck => ({ state: 'unsound', problems });
  if (kind !== 'dir') return unsound(`the entry is ${kind === 'file' ? 'a file, not a folder' : kind}`);
  const jsonKind = fileKind(join(dir, ENTRY_FILE));
  if (jsonKind !== 'file') return unsound(jsonKind === null ? `no ${ENTRY_FILE}` : `${ENTRY_FILE} is ${jsonKind}`);
  let meta: EntryMeta;
  try {
    meta = JSON.parse(readFileSync(join(dir, ENTRY_FILE), 'utf8')) as EntryMeta;
  } catch (err) {
    if (err instanceof SyntaxError) return unsound(`${ENTRY_FILE}: not valid JSON`);
    throw err;
  }
  const shape = metaProblem(meta);
  if (shape) return unsound(`${ENTRY_FILE}: ${shape}`);
  const problems: string[] = [];
  if (meta.key !== key) problems.push(`${ENTRY_FILE} names key ${String(meta.key).slice(0, 12)}`);
  else if (!hashesTo(meta, key)) problems.push(`${ENTRY_FILE}: key does not match sha256 of {spec, fingerprint}`);
  const files: Record<string, Uint8Array> = {};
  for (const [name, hash] of Object.entries(meta.files).sort()) {
    const read = readPlainFile(join(dir, name), keep);
    if (typeof read === 'string') problems.push(`${name}: ${read}`);
    else if (sha256(read) !== hash) problems.push(`${name}: sha256 differs from ${ENTRY_FILE}`);
    else if (keep) files[name] = read;
  }
  for (const name of readdirSync(dir).sort()) {
    if (name !== ENTRY_FILE && !Object.hasOwn(meta.files, name)) problems.push(`${name}: not listed in ${ENTRY_FILE}`);
  }
  return problems.length ? { state: 'unsound', problems, meta } : { state: 'sound', meta, files };
}

/** 'dir', 'file', or what else is there ('a symbolic link', ...); null when nothing is. lstat: never follows a link. */
function fileKind(path: string): string | null {
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
  return kindOf(st);
}

const kindOf = (st: Stats): string => (st.isDirectory() ? 'dir' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file');

// Files up to this size are read into one reused buffer when only their hash is needed (no garbage).
const scratch = Buffer.alloc(1 << 20);

/**
 * The bytes of a plain file, or why there are none ('missing', 'is a symbolic link', 'is dir').
 * Opened with O_NOFOLLOW, so a link is never followed; `keep`: a fresh copy the caller may keep.
 */
function readPlainFile(path: string, keep: boolean): Uint8Array | string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    if (code === 'ELOOP') return 'is a symbolic link';
    throw err;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return `is ${kindOf(st)}`;
    const buf = !keep && st.size <= scratch.length ? scratch : new Uint8Array(st.size);
    let n = 0;
    while (n < st.size) {
      const got = readSync(fd, buf, n, st.size - n, n);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const HEX64 = /^[0-9a-f]{64}$/;

/** Why entry.json does not have the shape writeEntry gives it (null: it does). */
function metaProblem(meta: unknown): string | null {
  if (!isObject(meta)) return 'not an object';
  if (typeof meta.key !== 'string' || typeof meta.fingerprint !== 'string' || !isObject(meta.spec)) return 'key, fingerprint or spec missing';
  if (!['ok', 'diverged', 'failed'].includes(meta.status as string)) return `unknown status ${JSON.stringify(meta.status)}`;
  if (!isObject(meta.files)) return 'files is not an object';
  for (const [name, hash] of Object.entries(meta.files)) {
    if (!isOutputName(name)) return `bad file name ${JSON.stringify(name)}`;
    if (typeof hash !== 'string' || !HEX64.test(hash)) return `${name}: not a sha256`;
  }
  return null;
}

function hashesTo(meta: EntryMeta, key: string): boolean {
  try {
    return runKey(meta.spec, meta.fingerprint) === key;
  } catch {
    return false; // a spec canonical JSON refuses (e.g. a lone surrogate) hashes to nothing
  }
}

/** `line` for one quarantined entry (default: stderr). */
export type QuarantineLog = (line: string) => void;
const toStderr: QuarantineLog = (line) => process.stderr.write(`repro: ${line}\n`);

/**
 * The sound entry of `key` (with its files' bytes when `keep`), or null when there is none. An
 * unsound entry is moved to <cache>/quarantine/ (never deleted), one line says which and why, and
 * it counts as missing: `repro run` computes it again.
 */
export function openEntry(cache: string, key: string, opts: { keep?: boolean; log?: QuarantineLog } = {}): VerifiedEntry | null {
  const c = checkEntry(cache, key, opts.keep);
  if (c.state === 'sound') return { meta: c.meta, files: c.files };
  if (c.state === 'unsound') {
    const moved = quarantine(cache, key);
    const where = moved ? `moved to ${relative(cache, moved)}` : 'already moved by another process';
    (opts.log ?? toStderr)(`cache entry ${key.slice(0, 12)} is unsound: ${listFew(c.problems)}; ${where}, it counts as missing`);
  }
  return null;
}

const listFew = (items: string[]): string => items.slice(0, 3).join('; ') + (items.length > 3 ? `; … (${items.length} problems)` : '');

/** The entry's metadata after checking every file (null when absent or unsound; see openEntry). */
export const readEntry = (cache: string, key: string, log?: QuarantineLog): EntryMeta | null => openEntry(cache, key, { log })?.meta ?? null;

export const hasEntry = (cache: string, key: string): boolean => readEntry(cache, key) !== null;

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

/** Problems found by re-hashing the entry's files against entry.json and its key (empty: sound); nothing is moved. */
export function verifyEntry(cache: string, key: string): string[] {
  const c = checkEntry(cache, key);
  return c.state === 'absent' ? [`no ${ENTRY_FILE}`] : c.state === 'unsound' ? c.problems : [];
}

// tmp/<pid>@<host>-<key prefix>-<random>: who writes it, so stale ones can be recognized.
const TMP_NAME = /^(\d+)@([A-Za-z0-9._]+)-[0-9a-f]{12}-/;

type Outcome = Pick<EntryMeta, 'status' | 'files'>;

/** What differs between two entries of one key (file names, and `status`); empty: byte-identical outputs. */
export function outcomeDiff(a: Outcome, b: Outcome): string[] {
  const names = [...new Set([...Object.keys(a.files), ...Object.keys(b.files)])].sort();
  return [...(a.status !== b.status ? [`status (${a.status} vs ${b.status})`] : []), ...names.filter((n) => a.files[n] !== b.files[n])];
}

/**
 * Stores a run's files under its key: written into tmp/, fsynced, then renamed to runs/<key>.
 * If the key is already there the existing entry wins; differing bytes are reported as a conflict.
 */
export function writeEntry(cache: string, base: Omit<EntryMeta, 'files'>, files: Record<string, Uint8Array>): WriteResult {
  checkKey(base.key);
  const names = Object.keys(files).sort();
  for (const name of names) if (!isOutputName(name)) throw new Error(`bad output file name '${name}'`);
  const meta: EntryMeta = { ...base, files: Object.fromEntries(names.map((n) => [n, sha256(files[n])])) };
  mkdirSync(runsDir(cache), { recursive: true });
  const tmp = makeTmpDir(cache, base.key);
  try {
    for (const name of names) writeDurably(join(tmp, name), files[name]);
    writeDurably(join(tmp, ENTRY_FILE), new TextEncoder().encode(prettyJson(meta)));
    syncDir(tmp);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true }); // e.g. ENOSPC: nothing half-written stays
    throw err;
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        renameSync(tmp, entryDir(cache, base.key));
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOTDIR') throw err;
        // Something is there already: another writer's entry (compare), or an unsound one (moved
        // aside by openEntry, then this entry takes its place).
        const existing = openEntry(cache, base.key);
        if (existing) return { meta: existing.meta, written: false, conflict: conflictOf(existing.meta, meta) };
        if (attempt > 0) throw err;
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  syncDir(runsDir(cache));
  return { meta, written: true, conflict: null };
}

/** Same spec must mean same bytes: a differing existing entry is a determinism bug (null: none). */
function conflictOf(existing: EntryMeta, meta: EntryMeta): string | null {
  const differs = outcomeDiff(existing, meta);
  return differs.length === 0
    ? null
    : `run ${meta.key}: the cache already holds different output for this key (${differs.join(', ')} differ) — a determinism bug`;
}

export const quarantineDir = (cache: string): string => join(cache, 'quarantine');

/** Moves an unsound entry to quarantine/<key>-<time>-<pid> (never deletes it); its new path, or null if it was gone. */
function quarantine(cache: string, key: string): string | null {
  const dest = join(quarantineDir(cache), `${key}-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  mkdirSync(quarantineDir(cache), { recursive: true });
  try {
    renameSync(entryDir(cache, key), dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  syncDir(runsDir(cache));
  return dest;
}

/** A fresh folder under tmp/ named for this process (cleanTmp removes it once the process is gone). */
export function makeTmpDir(cache: string, tag: string): string {
  mkdirSync(tmpRoot(cache), { recursive: true });
  return mkdtempSync(join(tmpRoot(cache), `${OWNER}-${tag.slice(0, 12).padEnd(12, '0')}-`));
}

/**
 * Moves the entry `from` (a complete entry folder, e.g. computed into a scratch cache under tmp/)
 * to runs/<key>. An entry already there stays unless `replace`: then it is moved aside first and
 * removed after; between the two renames the key is absent (a miss), never half an entry.
 * Returns whether the entry was moved in.
 */
export function moveEntry(cache: string, key: string, from: string, opts: { replace: boolean }): boolean {
  checkKey(key);
  mkdirSync(runsDir(cache), { recursive: true });
  const dest = entryDir(cache, key);
  let aside: string | null = null;
  if (lstatSync(dest, { throwIfNoEntry: false })) {
    if (!opts.replace) return false;
    aside = join(makeTmpDir(cache, key), 'old');
    renameSync(dest, aside);
  }
  renameSync(from, dest);
  syncDir(runsDir(cache));
  if (aside) rmSync(dirname(aside), { recursive: true, force: true });
  return true;
}

/** The tmp/ dirs (paths) that writers now gone left behind (crash, SIGKILL): what cleanTmp removes, for `repro gc` to list. */
export function staleTmpDirs(cache: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(tmpRoot(cache));
  } catch {
    return [];
  }
  return names.filter((name) => TMP_NAME.test(name) && isAbandoned(name, join(tmpRoot(cache), name), now)).map((name) => join(tmpRoot(cache), name));
}

/** Removes tmp/ dirs left by dead writers — or, with `own`, every one of this process's (after terminating its workers); returns how many. */
export function cleanTmp(cache: string, opts: { own?: boolean; now?: number } = {}): number {
  const ours = (name: string): boolean => TMP_NAME.test(name);
  if (opts.own) return removeWhere(tmpRoot(cache), (name) => ours(name) && name.startsWith(`${OWNER}-`));
  return removeAbandoned(tmpRoot(cache), ours, opts.now);
}
