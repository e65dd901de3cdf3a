// Copies the parts of a bundle into a staging folder laid out as layout.ts says: the
// tracked source, each locked run's files from the cache and each locked figure's files from the
// figure store (both hash-checked against the lock while copied), the built site, and the
// pipeline's report files. Modes are set here (0644, or 0755 for
// files git tracks as executable) so the archive does not depend on the local umask.
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CheckFailed, UserError } from '../errors.ts';
import { sha256 } from '../cache/key.ts';
import { ENTRY_FILE, openEntry } from '../cache/store.ts';
import { prettyJson } from '../cache/canonical.ts';
import { DEFAULT_LOCK, type LockFile } from '../cache/lockfile.ts';
import { FIGURES_DIR, LOCK_IN_BUNDLE, REGENERABLE, runDir, SITE_DIR, SOURCE_DIR } from './layout.ts';
import { REPORTS_DIR } from '../report/paths.ts';
import type { BundledRun } from './meta.ts';
import type { GitState } from './git.ts';

/** The first few items, and how many there are in all when there are more. */
export const listSome = (items: string[], n = 3): string => items.slice(0, n).join(', ') + (items.length > n ? `, … (${items.length} in all)` : '');

/** Writes `bytes` at `stage/rel` with a normalized mode. */
export function putFile(stage: string, rel: string, bytes: Uint8Array | string, executable = false): void {
  const dest = join(stage, rel);
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, bytes);
  chmodSync(dest, executable ? 0o755 : 0o644);
}

const copyInto = (stage: string, rel: string, src: string, executable = false): void => putFile(stage, rel, readFileSync(src), executable);

/** Tracked files as they are in the work tree (= the commit when the tree is clean), plus the lock. */
export function stageSource(stage: string, git: GitState, lockPath: string): void {
  for (const f of git.files) {
    const src = join(git.root, f);
    if (!existsSync(src)) continue; // deleted in a dirty tree (only reachable with --allow-dirty)
    if (!lstatSync(src).isFile()) throw new UserError(`${f}: not a regular file; the bundle holds plain files only`);
    copyInto(stage, `${SOURCE_DIR}/${f}`, src, git.executables.has(f));
  }
  // The lock is always the one the results were checked against, tracked or not.
  copyInto(stage, LOCK_IN_BUNDLE, lockPath);
}

/**
 * results/<key>/ for every locked run in the cache: entry.json and the files the lock lists, from
 * an entry that verifies (openEntry: an unsound one is quarantined, never packed) and whose hashes
 * are the lock's (a cache that differs from the lock must not be packed as evidence). Runs with
 * no sound entry are skipped (the caller has refused or recorded them).
 */
export function stageResults(stage: string, cache: string, lock: LockFile): BundledRun[] {
  const runs: BundledRun[] = [];
  const corrupt: string[] = [];
  for (const key of Object.keys(lock.runs).sort()) {
    const run = lock.runs[key];
    const entry = openEntry(cache, key, { keep: true });
    if (!entry) continue;
    if (entry.meta.status !== run.status) corrupt.push(`${key}/${ENTRY_FILE} (status ${entry.meta.status}, the lock says ${run.status})`);
    const names = Object.keys(run.files)
      .filter((n) => !REGENERABLE.has(n))
      .sort();
    for (const name of names) {
      const bytes = entry.files[name];
      if (!bytes || entry.meta.files[name] !== run.files[name]) corrupt.push(`${key}/${name}`);
      else putFile(stage, `${runDir(key)}/${name}`, bytes);
    }
    putFile(stage, `${runDir(key)}/${ENTRY_FILE}`, prettyJson(entry.meta)); // the entry.json that was checked (= its bytes)
    const files = [...names, ENTRY_FILE].sort().map((n) => `${runDir(key)}/${n}`);
    runs.push({ key, experiment: run.experiment, params: run.params, status: run.status, spec: entry.meta.spec, files });
  }
  if (corrupt.length) {
    throw new CheckFailed(`${corrupt.length} cached file(s) missing or differing from ${DEFAULT_LOCK} (${listSome(corrupt)}); run \`repro audit\``);
  }
  return runs;
}

/** Every file under `src`, relative and sorted; symlinks and special files are refused. */
export function listFiles(src: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(src, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = lstatSync(join(src, r));
    if (st.isDirectory()) out.push(...listFiles(src, r));
    else if (st.isFile()) out.push(r);
    else throw new UserError(`${join(src, r)}: not a regular file; the bundle holds plain files only`);
  }
  return out;
}

/** The lock's `figures` section: NAME -> the sha256 of each of its files. */
export function lockedFigureFiles(lock: LockFile): Map<string, { figure: string; sha256: string }> {
  const out = new Map<string, { figure: string; sha256: string }>();
  for (const [figure, entry] of Object.entries(lock.figures ?? {})) {
    const files = (entry as { files?: Record<string, string> } | null)?.files ?? {};
    for (const [file, sha] of Object.entries(files)) out.set(file, { figure, sha256: sha });
  }
  return out;
}

/** figures/<file> for every figure file the lock lists that is in `figuresDir`, hash-checked
 *  (missing ones were refused or recorded by the caller). */
export function stageFigures(stage: string, figuresDir: string, lock: LockFile): void {
  const corrupt: string[] = [];
  for (const [file, { sha256: want }] of lockedFigureFiles(lock)) {
    const src = join(figuresDir, file);
    if (!existsSync(src)) continue;
    const bytes = readFileSync(src);
    if (sha256(bytes) !== want) corrupt.push(file);
    else putFile(stage, `${FIGURES_DIR}/${file}`, bytes);
  }
  if (corrupt.length)
    throw new CheckFailed(`${corrupt.length} figure file(s) in ${figuresDir} differ from ${DEFAULT_LOCK} (${listSome(corrupt)}); run \`repro report\``);
}

export function stageSite(stage: string, siteDir: string): void {
  for (const f of listFiles(siteDir)) copyInto(stage, `${SITE_DIR}/${f}`, join(siteDir, f));
}

/** reports/<name> for the given files that exist and are not already part of the source. */
export function stageReports(stage: string, git: GitState, reportsDir: string, names: readonly string[]): Record<string, string> {
  const staged: Record<string, string> = {};
  for (const name of names) {
    const src = join(reportsDir, name);
    if (!existsSync(src)) continue;
    const tracked = git.files.includes(`${REPORTS_DIR}/${name}`) && join(git.root, REPORTS_DIR, name) === src;
    const rel = tracked ? `${SOURCE_DIR}/${REPORTS_DIR}/${name}` : `${REPORTS_DIR}/${name}`;
    if (!tracked) copyInto(stage, rel, src);
    staged[name] = rel;
  }
  return staged;
}
