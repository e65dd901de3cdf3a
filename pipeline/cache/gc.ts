// `repro gc`: removes the cache entries no kept lock references, and the temporaries of writers
// that are gone. It touches only <cache>/runs/<64 hex digits> and the tmp/ dirs staleTmpDirs names,
// never follows a symlink out of the cache, and refuses a folder that is not laid out as a repro
// cache. An unreferenced entry written after the lock file is kept: a run records its entries
// in the lock only when it ends, so such an entry may belong to a run still at work.
import { existsSync, lstatSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../errors.ts';
import { ENTRY_FILE, entryDir, runsDir, staleTmpDirs, tmpRoot } from './store.ts';

export interface GcItem {
  /** Relative to the cache folder. */
  path: string;
  kind: 'entry' | 'tmp';
  bytes: number;
}

export interface GcReport {
  cache: string;
  dry_run: boolean;
  /** Keys the kept locks reference, and how many of them are in the cache. */
  referenced: number;
  present: number;
  /** Unreferenced entries kept because they were written after the lock file. */
  recent: string[];
  removed: GcItem[];
  bytes_freed: number;
}

export interface GcOptions {
  cacheDir: string;
  /** Every key a kept lock references. */
  keep: Set<string>;
  /** When the working tree's lock file was last written (ms); entries written later are kept. */
  since: number;
  dryRun: boolean;
}

const KEY = /^[0-9a-f]{64}$/;

/** Bytes under `path`, symlinks counted as themselves (never followed). */
export function diskUsage(path: string): number {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, name) => n + diskUsage(join(path, name)), st.size);
}

/** Why `dir` is not a repro cache (null: it is one): it must be a folder holding a runs/ folder. */
export function notACache(dir: string): string | null {
  if (!existsSync(dir)) return `${dir} does not exist`;
  if (!statSync(dir).isDirectory()) return `${dir} is not a folder`;
  const runs = lstatSync(runsDir(dir), { throwIfNoEntry: false });
  if (!runs?.isDirectory()) return `${dir} does not look like a repro cache (no runs/ folder in it)`;
  return null;
}

/** When the entry was written: its entry.json's mtime, else the folder's; -Infinity for what is no folder (a symlink is never an entry). */
function writtenAt(dir: string): number {
  const st = lstatSync(dir);
  if (!st.isDirectory()) return -Infinity;
  return (lstatSync(join(dir, ENTRY_FILE), { throwIfNoEntry: false }) ?? st).mtimeMs;
}

export function collectGarbage(opts: GcOptions): GcReport {
  const why = notACache(opts.cacheDir);
  if (why) throw new UserError(`--cache: ${why}; nothing removed`);
  const keys = readdirSync(runsDir(opts.cacheDir))
    .filter((k) => KEY.test(k))
    .sort();
  const recent: string[] = [];
  const targets: GcItem[] = [];
  for (const key of keys) {
    if (opts.keep.has(key)) continue;
    const dir = entryDir(opts.cacheDir, key);
    if (writtenAt(dir) > opts.since) recent.push(key);
    else targets.push({ path: relative(opts.cacheDir, dir), kind: 'entry', bytes: diskUsage(dir) });
  }
  // A tmp/ that is a symlink may lead out of the cache: left alone.
  const tmpIsOurs = lstatSync(tmpRoot(opts.cacheDir), { throwIfNoEntry: false })?.isDirectory() ?? false;
  for (const dir of tmpIsOurs ? staleTmpDirs(opts.cacheDir) : []) targets.push({ path: relative(opts.cacheDir, dir), kind: 'tmp', bytes: diskUsage(dir) });
  if (!opts.dryRun) for (const t of targets) rmSync(join(opts.cacheDir, t.path), { recursive: true, force: true });
  return {
    cache: opts.cacheDir,
    dry_run: opts.dryRun,
    referenced: opts.keep.size,
    present: keys.filter((k) => opts.keep.has(k)).length,
    recent,
    removed: targets,
    bytes_freed: targets.reduce((n, t) => n + t.bytes, 0),
  };
}
