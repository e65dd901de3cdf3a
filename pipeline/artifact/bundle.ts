// `repro bundle`: the artifact-evaluation bundle, a deterministic .tar.gz of one top folder
// (layout.ts) with the source at the current commit and its git commit object (COMMIT), every
// locked run's results, the built site, and generated ARTIFACT.md, CITATION.cff,
// ro-crate-metadata.json and SHA256SUMS (documents.ts: a function of the other files).
// Refuses a dirty or incomplete state unless allowDirty; writes the archive to a temporary name
// and renames it, so a refusal or a crash leaves nothing behind.
// mtime of every file: $SOURCE_DATE_EPOCH when set, else the commit time of HEAD (directories: 0).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { sha256, simulatorFingerprint } from '../cache/key.ts';
import { recoverDir, writeAtomic } from '../cache/atomic.ts';
import { ownedTempDir } from '../cache/owner.ts';
import { DEFAULT_LOCK, readLockFile, type LockFile } from '../cache/lockfile.ts';
import { hasEntry } from '../cache/store.ts';
import { COMMIT_FILE } from './commit.ts';
import { bundleDocuments } from './documents.ts';
import { commitObject, gitRoot, readGitState, type GitState } from './git.ts';
import { REPORT_FILES, TOP } from './layout.ts';
import { CLAIMS_FILE, FIGURES_DIR, REPORTS_DIR, SITE_DIR, bundleFile } from '../report/paths.ts';
import { claimRecords, claimsSection } from '../report/claim-records.ts';
import { canonicalJson } from '../cache/canonical.ts';
import { listFiles, listSome, lockedFigureFiles, putFile, stageFigures, stageReports, stageResults, stageSite, stageSource } from './stage.ts';
import { packDeterministic } from './tar.ts';

export interface BundleOptions {
  /** Any folder inside the git work tree; paths below default relative to its top. */
  repo: string;
  cacheDir: string;
  /** Default: reports/artifact-<12-hex commit>.tar.gz in the repo. */
  out?: string | null;
  allowDirty?: boolean;
  siteDir?: string;
  figuresDir?: string;
  lockPath?: string;
  reportsDir?: string;
  env?: NodeJS.ProcessEnv;
}

export interface BundleResult {
  path: string;
  sha256: string;
  bytes: number;
  files: number;
  runs: number;
  /** What --allow-dirty let through (empty for a clean bundle). */
  warnings: string[];
}

/** Everything that makes the state unfit for a bundle, one phrase each. */
interface State {
  git: GitState;
  lock: LockFile;
  lockTracked: boolean;
  missingRuns: string[];
  cacheDir: string;
  missingFigures: string[];
  figuresDir: string;
  siteDir: string;
  hasSite: boolean;
  reportsDir: string;
}

/** The commit the built site says it was generated from (its footer), or null when it names none. */
function siteCommit(siteDir: string): string | null {
  const page = join(siteDir, 'index.html');
  return existsSync(page) ? (/Generated from git commit <code>([^<]*)<\/code>/.exec(readFileSync(page, 'utf8'))?.[1] ?? null) : null;
}

/**
 * Why reports/claims.json cannot be bundled as the results' claims (null when it can): a report
 * writes claims.json, then the lock's claims section, then the site, so a kill in between, or a
 * hand-edited claims.json, leaves the two apart.
 */
function claimsProblem(reportsDir: string, lock: LockFile): string | null {
  const path = join(reportsDir, CLAIMS_FILE);
  if (!existsSync(path)) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return `${path} is not valid JSON (run \`repro report\`)`;
  }
  if (lock.claims === undefined) return `${DEFAULT_LOCK} records no claims for ${path} (run \`repro report\`)`;
  return canonicalJson(claimsSection(claimRecords(doc))) === canonicalJson(lock.claims)
    ? null
    : `${path} does not match the claims recorded in ${DEFAULT_LOCK} (an interrupted report, or an edited claims.json; run \`repro report\`)`;
}

function stateProblems({ git, lock, lockTracked, missingRuns, cacheDir, missingFigures, figuresDir, siteDir, hasSite, reportsDir }: State): string[] {
  const out: string[] = [];
  const claims = claimsProblem(reportsDir, lock);
  if (claims) out.push(claims);
  const fp = simulatorFingerprint();
  // Results of another simulator cannot be re-created from the bundled source.
  if (lock.fingerprint !== fp)
    out.push(`${DEFAULT_LOCK} was made by simulator ${lock.fingerprint?.slice(0, 12) ?? 'none'}, not this one (${fp.slice(0, 12)}; run \`repro run\`)`);
  if (git.changes.length) out.push(`uncommitted changes in ${git.changes.length} file(s) (${listSome(git.changes.map((c) => c.slice(3)))})`);
  if (!lockTracked) out.push(`${DEFAULT_LOCK} is not committed`);
  if (missingRuns.length)
    out.push(
      `${missingRuns.length} run(s) of ${DEFAULT_LOCK} missing from the cache ${cacheDir} (${listSome(missingRuns.map((k) => k.slice(0, 12)))}; run \`repro run\`)`,
    );
  if (missingFigures.length)
    out.push(`${missingFigures.length} figure file(s) of ${DEFAULT_LOCK} missing from ${figuresDir} (${listSome(missingFigures)}; run \`repro report\`)`);
  if (!hasSite) out.push(`no built site at ${siteDir} (run \`repro report\`)`);
  // verify re-derives the site from the bundled commit, so the site must be the one that commit builds.
  const built = siteCommit(siteDir);
  if (built !== null && built !== git.commit)
    out.push(
      `the site at ${siteDir} was built at commit ${built.slice(0, 12)}, not HEAD ${git.commit.slice(0, 12)} (run \`repro report\` again now that the lock is committed)`,
    );
  return out;
}

function mtimeOf(git: GitState, env: NodeJS.ProcessEnv): Date {
  const sde = env.SOURCE_DATE_EPOCH;
  if (sde !== undefined && sde !== '') {
    if (!/^\d+$/.test(sde)) throw new UserError(`SOURCE_DATE_EPOCH must be an integer number of seconds, got '${sde}'`);
    return new Date(Number(sde) * 1000);
  }
  return new Date(git.time * 1000);
}

export async function buildBundle(opts: BundleOptions): Promise<BundleResult> {
  const env = opts.env ?? process.env;
  const root = await gitRoot(opts.repo);
  const at = (p: string | null | undefined, dflt: string) => resolve(root, p ?? dflt);
  const siteDir = at(opts.siteDir, SITE_DIR);
  // A site swap a kill left half done would leave temporaries git sees as changes: put it right first.
  recoverDir(siteDir);
  const git = await readGitState(root);
  const lockPath = at(opts.lockPath, DEFAULT_LOCK);
  const figuresDir = at(opts.figuresDir, FIGURES_DIR);
  const reportsDir = at(opts.reportsDir, REPORTS_DIR);
  const out = at(opts.out, bundleFile(git.commit));
  if (!existsSync(lockPath)) throw new UserError(`no lock file at ${lockPath} (run \`repro run\` first)`);
  const lock = readLockFile(lockPath);
  const lockTracked = git.files.includes(relative(git.root, lockPath).split('\\').join('/'));
  const missing = Object.keys(lock.runs)
    .filter((k) => !hasEntry(opts.cacheDir, k))
    .sort();
  const missingFigures = [...lockedFigureFiles(lock).keys()].filter((f) => !existsSync(join(figuresDir, f)));
  const hasSite = existsSync(join(siteDir, 'index.html'));
  const warnings = stateProblems({
    git,
    lock,
    lockTracked,
    missingRuns: missing,
    cacheDir: opts.cacheDir,
    missingFigures,
    figuresDir,
    siteDir,
    hasSite,
    reportsDir,
  });
  if (warnings.length && !opts.allowDirty) throw new UserError(`refusing to bundle: ${warnings.join('; ')}. Use --allow-dirty to bundle anyway.`);

  const work = ownedTempDir('bundle');
  try {
    const stage = join(work, TOP);
    const runs = stageResults(stage, opts.cacheDir, lock);
    stageSource(stage, git, lockPath);
    stageFigures(stage, figuresDir, lock);
    if (hasSite) stageSite(stage, siteDir);
    stageReports(stage, git, reportsDir, REPORT_FILES);
    putFile(stage, COMMIT_FILE, await commitObject(git.root, git.commit));
    // The documents and SHA256SUMS are a function of the staged files: verify computes them again.
    for (const [name, text] of bundleDocuments(stage)) putFile(stage, name, text);
    const bytes = packDeterministic(work, TOP, mtimeOf(git, env));
    writeAtomic(out, bytes);
    return { path: out, sha256: sha256(bytes), bytes: bytes.length, files: listFiles(stage).length, runs: runs.length, warnings };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
