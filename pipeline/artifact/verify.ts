// `repro verify BUNDLE`: extract a bundle safely into a fresh temp folder, then check every
// checksum of SHA256SUMS, that SHA256SUMS covers every file, that each run's files in
// results/<key>/ have the hashes repro.lock.json records, and that source/ is the tree of the
// commit in COMMIT. Then, unless told not to, re-derive the claims, figures, site and documents
// from the bundled results with the bundled source and compare bytes (rederive.ts), which ties
// them to the results: a table edited after the fact fails even with SHA256SUMS recomputed.
// Problems are named by file.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runKey, sha256 } from '../cache/key.ts';
import { ownedTempDir } from '../cache/owner.ts';
import { ENTRY_FILE, type EntryMeta } from '../cache/store.ts';
import { readLockFile, type LockFile } from '../cache/lockfile.ts';
import { checkOneMember, DEFAULT_LIMITS, extractChecked, listArchive, unsafePath, type ArchiveEntry, type ArchiveLimits } from './extract.ts';
import { COMMIT_FILE, gitTreeId, parseCommit, type CommitInfo } from './commit.ts';
import { rederiveAndCompare, type Rederived } from './rederive.ts';
import { FIGURES_DIR, LOCK_IN_BUNDLE, REGENERABLE, RESULTS_DIR, runDir, SITE_DIR, SOURCE_DIR, TOP } from './layout.ts';
import { lockedFigureFiles } from './stage.ts';
import { FIGURES } from '../site/paths.ts';
import { parseSums, SUMS_FILE } from './sums.ts';

export interface Problem {
  /** Relative to the bundle's top folder. */
  path: string;
  message: string;
}

export interface VerifyReport {
  bundle: string;
  files: number;
  runs: number;
  problems: Problem[];
  /** The re-derivation (null when skipped: --checksums-only, or hashes already failed). */
  rederived: Omit<Rederived, 'problems'> | null;
}

/** Path -> sha256 of every file of the extracted bundle (paths relative to its top folder). */
function hashFiles(root: string, entries: ArchiveEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries) {
    if (e.kind !== 'file') continue;
    const rel = e.path.slice(TOP.length + 1);
    out.set(rel, sha256(readFileSync(join(root, rel))));
  }
  return out;
}

export function checkSums(actual: Map<string, string>, sumsText: string | undefined): Problem[] {
  if (sumsText === undefined) return [{ path: SUMS_FILE, message: 'missing' }];
  const problems: Problem[] = [];
  const { lines, malformed } = parseSums(sumsText);
  for (const n of malformed) problems.push({ path: SUMS_FILE, message: `line ${n} is not '<sha256>  <path>'` });
  const listed = new Set<string>();
  for (const { path, sha256: want } of lines) {
    listed.add(path);
    const got = actual.get(path);
    if (unsafePath(`${TOP}/${path}`, TOP)) problems.push({ path, message: 'unsafe path in SHA256SUMS' });
    else if (got === undefined) problems.push({ path, message: 'listed in SHA256SUMS but missing' });
    else if (got !== want) problems.push({ path, message: 'checksum mismatch (SHA256SUMS)' });
  }
  for (const path of actual.keys()) {
    if (path !== SUMS_FILE && !listed.has(path)) problems.push({ path, message: 'not covered by SHA256SUMS' });
  }
  return problems;
}

export function checkLock(actual: Map<string, string>, lock: LockFile): Problem[] {
  const problems: Problem[] = [];
  const prefix = `${RESULTS_DIR}/`;
  const bundled = new Set([...actual.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0]));
  for (const [key, run] of Object.entries(lock.runs ?? {})) {
    const dir = `${runDir(key)}/`;
    if (!bundled.has(key)) {
      problems.push({ path: dir, message: 'run of repro.lock.json missing from the bundle' });
      continue;
    }
    for (const [name, want] of Object.entries(run?.files ?? {})) {
      if (REGENERABLE.has(name)) continue;
      const got = actual.get(dir + name);
      if (got === undefined) problems.push({ path: dir + name, message: 'missing (listed in repro.lock.json)' });
      else if (got !== want) problems.push({ path: dir + name, message: 'sha256 differs from repro.lock.json' });
    }
  }
  for (const key of bundled) {
    if (!Object.hasOwn(lock.runs ?? {}, key)) problems.push({ path: `${runDir(key)}/`, message: 'run not in repro.lock.json' });
  }
  return problems;
}

/** Each bundled entry.json: its spec must hash to its key under the lock's fingerprint, so the
 *  bundle says which spec produced which files (what `repro audit` re-executes). */
export function checkEntries(root: string, actual: Map<string, string>, lock: LockFile): Problem[] {
  const problems: Problem[] = [];
  for (const key of Object.keys(lock.runs ?? {})) {
    const path = `${runDir(key)}/${ENTRY_FILE}`;
    if (!actual.has(path)) continue;
    let meta: Partial<EntryMeta>;
    try {
      meta = JSON.parse(readFileSync(join(root, path), 'utf8'));
    } catch {
      problems.push({ path, message: 'not valid JSON' });
      continue;
    }
    if (!lock.fingerprint || !meta.spec || runKey(meta.spec, lock.fingerprint) !== key) {
      problems.push({ path, message: "its spec does not hash to the run key under the lock's fingerprint" });
    }
  }
  return problems;
}

/** The lock's `figures` section against figures/, and the site's copies of them against figures/. */
export function checkFigures(actual: Map<string, string>, lock: LockFile): Problem[] {
  const problems: Problem[] = [];
  for (const [file, { figure, sha256: want }] of lockedFigureFiles(lock)) {
    const path = `${FIGURES_DIR}/${file}`;
    const got = actual.get(path);
    if (got === undefined) problems.push({ path, message: `missing (figure ${figure} in repro.lock.json)` });
    else if (got !== want) problems.push({ path, message: `sha256 differs from repro.lock.json (figure ${figure})` });
    const copy = actual.get(`${SITE_DIR}/${FIGURES}/${file}`);
    if (copy !== undefined && copy !== want)
      problems.push({ path: `${SITE_DIR}/${FIGURES}/${file}`, message: `sha256 differs from repro.lock.json (figure ${figure})` });
  }
  return problems;
}

/** Reads the bundled lock file; a lock that does not parse is a problem, not a crash. */
function bundledLock(root: string, actual: Map<string, string>): { lock: LockFile | null; problems: Problem[] } {
  if (!actual.has(LOCK_IN_BUNDLE)) return { lock: null, problems: [{ path: LOCK_IN_BUNDLE, message: 'missing' }] };
  try {
    return { lock: readLockFile(join(root, LOCK_IN_BUNDLE)), problems: [] };
  } catch (err) {
    return { lock: null, problems: [{ path: LOCK_IN_BUNDLE, message: `not a valid lock file (${(err as Error).message})` }] };
  }
}

/** source/ against the tree of the commit the bundle names (COMMIT): an edit after the fact, or a dirty bundle. */
export function checkCommit(root: string, actual: Map<string, string>): Problem[] {
  if (!actual.has(COMMIT_FILE)) return [{ path: COMMIT_FILE, message: 'missing: nothing ties source/ to a commit' }];
  let commit: CommitInfo;
  try {
    commit = parseCommit(readFileSync(join(root, COMMIT_FILE)), COMMIT_FILE);
  } catch (err) {
    return [{ path: COMMIT_FILE, message: (err as Error).message.replace(`${COMMIT_FILE}: `, '') }];
  }
  if (gitTreeId(join(root, SOURCE_DIR)) === commit.tree) return [];
  return [
    {
      path: `${SOURCE_DIR}/`,
      message: `is not the tree of commit ${commit.id.slice(0, 12)} (edited after the bundle was made, or bundled with --allow-dirty)`,
    },
  ];
}

export interface VerifyOptions {
  /** Where the fresh extraction folder is made (default the OS temp folder). */
  tmpRoot?: string;
  /** See listArchive. */
  limits?: ArchiveLimits;
  /** Re-derive claims, figures, site and documents with the bundled source (default true). */
  rederive?: boolean;
}

export async function verifyBundle(bundle: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const entries = await listArchive(bundle, TOP, opts.limits ?? DEFAULT_LIMITS);
  await checkOneMember(bundle);
  const dest = ownedTempDir('verify', opts.tmpRoot);
  try {
    await extractChecked(bundle, dest, entries);
    const root = join(dest, TOP);
    const actual = hashFiles(root, entries);
    const sumsText = actual.has(SUMS_FILE) ? readFileSync(join(root, SUMS_FILE), 'utf8') : undefined;
    const { lock, problems: lockProblems } = bundledLock(root, actual);
    const problems = [
      ...checkSums(actual, sumsText),
      ...lockProblems,
      ...(lock ? [...checkLock(actual, lock), ...checkEntries(root, actual, lock), ...checkFigures(actual, lock)] : []),
      ...checkCommit(root, actual),
    ];
    // Re-deriving runs the bundle's code on its results: only worth it (and only safe to read) when they check out.
    let rederived: VerifyReport['rederived'] = null;
    if (opts.rederive !== false && problems.length === 0) {
      const r = await rederiveAndCompare(root, dest);
      problems.push(...r.problems);
      rederived = { dependencies: r.dependencies, ms: r.ms };
    }
    problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { bundle, files: actual.size, runs: lock ? Object.keys(lock.runs).length : 0, problems, rederived };
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
}
