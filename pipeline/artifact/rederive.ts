// Re-deriving a bundle: what `repro verify` does besides checking hashes, so that a claims
// table, figure, site page, document or source file edited after the bundle was made is caught
// even when SHA256SUMS was recomputed to match.
//
// Bundled side, `repro rederive DIR --out OUT` (run with the bundle's own source, from a copy of
// its source/ folder): the bundle's results/ become a cache, `repro report` runs on it with the profile of
// the bundled claims.json into OUT (claims.json, figures/, site/, the lock with its figures
// section), and the generated documents are computed from the bundle with the re-derived claims.
//
// Verifier side (rederiveAndCompare): gives the bundled source its dependencies (links to this
// installation's node_modules when the bundled package-lock.json is byte-identical to ours, else
// `npm ci --offline --ignore-scripts`), runs the bundled CLI, and compares OUT with the bundle
// byte for byte. This executes the bundle's code: `--checksums-only` checks hashes alone.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { $ } from 'zx';
import { UserError } from '../errors.ts';
import { DEFAULT_LOCK } from '../cache/lockfile.ts';
import { entryDir } from '../cache/store.ts';
import { defaultManifestFiles } from '../manifest/index.ts';
import { buildReport } from '../report/build.ts';
import { claimOutDir } from '../report/outdir.ts';
import { CLAIMS_FILE } from '../report/paths.ts';
import { ARTIFACT_FILE } from './docs.ts';
import { CITATION_FILE } from './citation.ts';
import { COMMIT_FILE, parseCommit } from './commit.ts';
import { CRATE_FILE } from './crate.ts';
import { SUMS_FILE } from './sums.ts';
import { bundleDocuments, bundledRuns, reportFile } from './documents.ts';
import { FIGURES_DIR, LOCK_IN_BUNDLE, SITE_DIR, SOURCE_DIR } from './layout.ts';
import { readClaims } from './read.ts';
import { listFiles } from './stage.ts';
import type { Problem } from './verify.ts';

/** The bundled side: re-derives claims, figures, site, lock and documents of the bundle `top` into `out`. */
export async function rederive(top: string, out: string, log: (line: string) => void = () => {}): Promise<void> {
  const claims = reportFile(top, CLAIMS_FILE);
  if (!claims) throw new UserError(`${top}: the bundle has no claims.json to re-derive`);
  const profile = readClaims(join(top, claims)).profile;
  if (profile !== 'quick' && profile !== 'paper') throw new UserError(`${join(top, claims)}: profile ${JSON.stringify(profile)} is not quick or paper`);
  claimOutDir(out); // a report's folder: the cache and the lock go in beside what the report writes
  const cache = join(out, 'cache');
  for (const run of bundledRuns(top).runs) cpSync(join(top, 'results', run.key), entryDir(cache, run.key), { recursive: true });
  const lockPath = join(out, DEFAULT_LOCK);
  cpSync(join(top, LOCK_IN_BUNDLE), lockPath);
  await buildReport({
    // Relative paths, as `make` gave them when the bundle was made (the site quotes them).
    files: [],
    all: defaultManifestFiles('experiments'),
    profile,
    cacheDir: cache,
    outDir: out,
    site: true,
    lockPath,
    commit: parseCommit(readFileSync(join(top, COMMIT_FILE)), COMMIT_FILE).id,
    log,
  });
  for (const [name, text] of bundleDocuments(top, { claims: join(out, CLAIMS_FILE) })) writeFileSync(join(out, name), text);
}

/** The repository this code runs from (pipeline/artifact/ is two levels down). */
const OWN_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Gives `source` the dependencies its package-lock.json names: links to `from`'s node_modules when
 * the two package-lock.json files are the same bytes (no network, no copy), else `npm ci --offline
 * --ignore-scripts`. Returns how; throws a UserError when neither works.
 */
export async function provideDependencies(source: string, from: string = OWN_ROOT): Promise<'linked' | 'installed'> {
  const lockOf = (root: string) => (existsSync(join(root, 'package-lock.json')) ? readFileSync(join(root, 'package-lock.json')) : null);
  const ours = lockOf(from);
  const theirs = lockOf(source);
  if (ours && theirs && ours.equals(theirs) && existsSync(join(from, 'node_modules'))) {
    const modules = join(source, 'node_modules');
    mkdirSync(modules, { recursive: true });
    // One link per package, so what the bundled CLI builds (node_modules/.cache) stays in the scratch folder.
    for (const name of readdirSync(join(from, 'node_modules'))) if (name !== '.cache') symlinkSync(join(from, 'node_modules', name), join(modules, name));
    return 'linked';
  }
  const r = await $({ cwd: source, quiet: true, nothrow: true })`npm ci --offline --ignore-scripts --no-audit --no-fund`;
  if (r.exitCode !== 0)
    throw new UserError(
      `the bundle's package-lock.json differs from this installation's and \`npm ci --offline\` failed (${r.stderr.trim().split('\n').pop()}); ` +
        'verify from a checkout of the bundled commit, or use --checksums-only',
    );
  return 'installed';
}

/** Files under `dir` (relative), or none when it does not exist. */
const filesUnder = (dir: string): string[] => (existsSync(dir) ? listFiles(dir) : []);

/** Bundle path <-> re-derived path of everything re-derived. */
function comparedPaths(top: string, out: string): [string, string][] {
  const pairs: [string, string][] = [];
  const claims = reportFile(top, CLAIMS_FILE);
  if (claims) pairs.push([claims, CLAIMS_FILE]);
  pairs.push([LOCK_IN_BUNDLE, DEFAULT_LOCK]);
  const figures = new Set([...filesUnder(join(top, FIGURES_DIR)), ...filesUnder(join(out, FIGURES_DIR)).filter((f) => !f.endsWith('.meta.json'))]);
  for (const f of [...figures].sort()) pairs.push([`${FIGURES_DIR}/${f}`, `${FIGURES_DIR}/${f}`]);
  if (existsSync(join(top, SITE_DIR))) {
    const site = new Set([...filesUnder(join(top, SITE_DIR)), ...filesUnder(join(out, SITE_DIR))]);
    for (const f of [...site].sort()) pairs.push([`${SITE_DIR}/${f}`, `${SITE_DIR}/${f}`]);
  }
  for (const doc of [ARTIFACT_FILE, CITATION_FILE, CRATE_FILE, SUMS_FILE]) pairs.push([doc, doc]);
  return pairs;
}

export interface Rederived {
  problems: Problem[];
  /** How the bundled source got its dependencies, and the wall time of the whole step. */
  dependencies: 'linked' | 'installed';
  ms: number;
}

/** The verifier side: re-derives the extracted bundle `top` with its own source into `work`, and compares. */
export async function rederiveAndCompare(top: string, work: string): Promise<Rederived> {
  const t0 = performance.now();
  if (!existsSync(join(top, SOURCE_DIR, 'bin', 'repro.js')))
    return {
      problems: [{ path: `${SOURCE_DIR}/`, message: 'has no bin/repro.js: the bundled source cannot re-derive anything' }],
      dependencies: 'linked',
      ms: 0,
    };
  // A copy of the source runs, so that its dependencies and build cache never touch the bundle's tree.
  const source = join(work, 'source');
  cpSync(join(top, SOURCE_DIR), source, { recursive: true });
  const dependencies = await provideDependencies(source);
  const out = join(work, 'rederived');
  const r = await $({
    cwd: source,
    quiet: true,
    nothrow: true,
    env: { ...process.env, REPRO_CACHE: '' },
  })`${process.execPath} bin/repro.js rederive ${top} --out ${out}`;
  const ms = performance.now() - t0;
  if (r.exitCode !== 0) {
    const why = r.stderr.trim().split('\n').pop() || `exit ${r.exitCode}`;
    return { problems: [{ path: `${SOURCE_DIR}/`, message: `the bundled source could not re-derive the results: ${why}` }], dependencies, ms };
  }
  return { problems: compareRederived(top, out), dependencies, ms };
}

/** Every re-derived file (in `out`) against the bundle's (under `top`): one problem per file that differs or is on one side only. */
export function compareRederived(top: string, out: string): Problem[] {
  const problems: Problem[] = [];
  for (const [inBundle, rederived] of comparedPaths(top, out)) {
    const a = join(top, inBundle);
    const b = join(out, rederived);
    if (!existsSync(b)) problems.push({ path: inBundle, message: 'not re-derived from the bundled results and source (added after the bundle was made?)' });
    else if (!existsSync(a)) problems.push({ path: inBundle, message: 'missing: the bundled results and source re-derive it' });
    else if (!readFileSync(a).equals(readFileSync(b)))
      problems.push({ path: inBundle, message: 'differs from what the bundled results and source re-derive (edited after the bundle was made?)' });
  }
  return problems;
}
