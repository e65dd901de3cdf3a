// The two sides `repro diff OLD [NEW]` compares, each read into one shape: its lock file, its
// claims, and where a run's files are at hand. A side is the working tree (NEW's default), a
// git revision, a lock file, or a bundle (.tar.gz, extracted safely into a temporary folder).
// Claims come from the lock's `claims` section, else from a claims.json beside the lock; a side
// that has neither says so instead of reporting every claim as changed.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../errors.ts';
import { parseLockFile, readLockFile, type LockFile } from '../cache/lockfile.ts';
import { ownedTempDir } from '../cache/owner.ts';
import { ENTRY_FILE, entryDir } from '../cache/store.ts';
import { claimRecords, recordsFromSection, type ClaimRecord } from '../report/claim-records.ts';
import { CLAIMS_FILE, REPORTS_DIR, reportPaths } from '../report/paths.ts';
import { extractChecked, listArchive } from '../artifact/extract.ts';
import { LOCK_IN_BUNDLE, TOP, runDir } from '../artifact/layout.ts';
import { fileAtRevision, resolveRevision } from '../artifact/git.ts';

export type SideKind = 'working tree' | 'revision' | 'lock' | 'bundle';

export interface Side {
  /** As messages name it: `HEAD (f70240f1b2c3)`, `old.lock.json`, `the working tree`. */
  label: string;
  kind: SideKind;
  lock: LockFile;
  /** null: this side records no claims. */
  claims: ClaimRecord[] | null;
  /** The folder holding a run's output files (the bundle's results/, else the local cache), or null. */
  runFiles(key: string): string | null;
  /** Removes what reading the side extracted. */
  close(): void;
}

export interface SideOptions {
  cwd: string;
  /** The working tree's lock file (and the lock's path inside a revision). */
  lockPath: string;
  cacheDir: string;
}

const BUNDLE = /\.(tar\.gz|tgz)$/i;

const parseJson = (text: string | Buffer | null): unknown => {
  try {
    return text === null ? null : JSON.parse(String(text));
  } catch {
    return null;
  }
};

/** The claims of a side: the lock's section, else a claims.json document (null when neither). */
function claimsOf(lock: LockFile, claimsJson: unknown): ClaimRecord[] | null {
  return recordsFromSection(lock.claims) ?? (claimsJson === null ? null : claimRecords(claimsJson));
}

function inCache(cacheDir: string): (key: string) => string | null {
  return (key) => (existsSync(join(entryDir(cacheDir, key), ENTRY_FILE)) ? entryDir(cacheDir, key) : null);
}

const readIfThere = (path: string): string | null => (existsSync(path) ? readFileSync(path, 'utf8') : null);

function workingTree(opts: SideOptions): Side {
  if (!existsSync(opts.lockPath)) throw new UserError(`no lock file at ${opts.lockPath} (run \`repro run\` first, or compare two revisions)`);
  const lock = readLockFile(opts.lockPath);
  return {
    label: 'the working tree',
    kind: 'working tree',
    lock,
    claims: claimsOf(lock, parseJson(readIfThere(reportPaths().claims))),
    runFiles: inCache(opts.cacheDir),
    close: () => {},
  };
}

function lockFileSide(path: string, opts: SideOptions): Side {
  const lock = parseLockFile(readFileSync(path, 'utf8'), path);
  return { label: path, kind: 'lock', lock, claims: claimsOf(lock, null), runFiles: inCache(opts.cacheDir), close: () => {} };
}

async function bundleSide(path: string, opts: SideOptions): Promise<Side> {
  const entries = await listArchive(path, TOP);
  const dest = ownedTempDir('diff');
  try {
    await extractChecked(path, dest, entries);
    const root = join(dest, TOP);
    if (!existsSync(join(root, LOCK_IN_BUNDLE))) throw new UserError(`${path}: no ${LOCK_IN_BUNDLE} in the bundle`);
    const lock = parseLockFile(readFileSync(join(root, LOCK_IN_BUNDLE), 'utf8'), `${path}:${LOCK_IN_BUNDLE}`);
    const cached = inCache(opts.cacheDir);
    return {
      label: path,
      kind: 'bundle',
      lock,
      claims: claimsOf(lock, parseJson(readIfThere(join(root, REPORTS_DIR, CLAIMS_FILE)))),
      runFiles: (key) => (existsSync(join(root, runDir(key))) ? join(root, runDir(key)) : cached(key)),
      close: () => rmSync(dest, { recursive: true, force: true }),
    };
  } catch (err) {
    rmSync(dest, { recursive: true, force: true });
    throw err;
  }
}

async function revisionSide(rev: string, commit: string, opts: SideOptions): Promise<Side> {
  const lockRel = relative(opts.cwd, opts.lockPath);
  const text = await fileAtRevision(opts.cwd, commit, lockRel);
  if (text === null) throw new UserError(`${rev} has no ${lockRel}`);
  const lock = parseLockFile(text.toString('utf8'), `${rev}:${lockRel}`);
  const claimsJson = parseJson(await fileAtRevision(opts.cwd, commit, reportPaths().claims));
  return {
    label: `${rev} (${commit.slice(0, 12)})`,
    kind: 'revision',
    lock,
    claims: claimsOf(lock, claimsJson),
    runFiles: inCache(opts.cacheDir),
    close: () => {},
  };
}

/** `spec` as a side: null is the working tree; an existing file is a bundle or a lock file; else a git revision. */
export async function openSide(spec: string | null, opts: SideOptions): Promise<Side> {
  if (spec === null) return workingTree(opts);
  if (existsSync(spec)) return BUNDLE.test(spec) ? bundleSide(spec, opts) : lockFileSide(spec, opts);
  const commit = await resolveRevision(opts.cwd, spec);
  if (commit) return revisionSide(spec, commit, opts);
  throw new UserError(`'${spec}' is not a file, a bundle or a git revision`);
}

/** The lock of each revision (for `repro gc --keep-rev`). */
export async function locksAtRevisions(revs: readonly string[], opts: Pick<SideOptions, 'cwd' | 'lockPath'>): Promise<LockFile[]> {
  const out: LockFile[] = [];
  for (const rev of revs) {
    const commit = await resolveRevision(opts.cwd, rev);
    if (!commit) throw new UserError(`--keep-rev ${rev}: not a git revision`);
    out.push((await revisionSide(rev, commit, { ...opts, cacheDir: '' })).lock);
  }
  return out;
}
