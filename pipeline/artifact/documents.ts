// The bundle's generated documents — ARTIFACT.md, CITATION.cff, ro-crate-metadata.json and
// SHA256SUMS — as a function of the bundle's other files: `repro bundle` computes them from its
// staging folder, and `repro verify` computes them again from the extracted bundle (with the
// re-derived claims.json) and compares bytes. Nothing here reads the repository or git: the
// commit comes from the bundle's COMMIT file, and "dirty" means source/ is not that commit's tree.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../cache/key.ts';
import { prettyJson } from '../cache/canonical.ts';
import { ENTRY_FILE } from '../cache/store.ts';
import { readLockFile } from '../cache/lockfile.ts';
import { CLAIMS_FILE, REPORTS_DIR, TIMINGS_FILE } from '../report/paths.ts';
import { ARTIFACT_FILE, artifactMarkdown } from './docs.ts';
import { CITATION_FILE, citationCffText } from './citation.ts';
import { COMMIT_FILE, gitTreeId, parseCommit } from './commit.ts';
import { CRATE_FILE, roCrate } from './crate.ts';
import { LOCK_IN_BUNDLE, runDir, SITE_DIR, SOURCE_DIR } from './layout.ts';
import { readClaims, readManifestIds, readSoftware, readTiming } from './read.ts';
import { listFiles } from './stage.ts';
import { formatSums, SUMS_FILE } from './sums.ts';
import type { BundledRun } from './meta.ts';

/** Where a report file of the pipeline is in a bundle: reports/NAME, or under source/ when tracked there. */
export function reportFile(top: string, name: string): string | null {
  for (const rel of [`${REPORTS_DIR}/${name}`, `${SOURCE_DIR}/${REPORTS_DIR}/${name}`]) if (existsSync(join(top, rel))) return rel;
  return null;
}

/** Each locked run with results in the bundle (its files listed as the bundle holds them), and the keys without. */
export function bundledRuns(top: string): { runs: BundledRun[]; missing: string[] } {
  const lock = readLockFile(join(top, LOCK_IN_BUNDLE));
  const runs: BundledRun[] = [];
  const missing: string[] = [];
  for (const key of Object.keys(lock.runs).sort()) {
    const run = lock.runs[key];
    const dir = runDir(key);
    if (!existsSync(join(top, dir, ENTRY_FILE))) {
      missing.push(key);
      continue;
    }
    const spec = JSON.parse(readFileSync(join(top, dir, ENTRY_FILE), 'utf8')).spec;
    const files = listFiles(join(top, dir)).map((f) => `${dir}/${f}`);
    runs.push({ key, experiment: run.experiment, params: run.params, status: run.status, spec, files });
  }
  return { runs, missing };
}

/**
 * The four generated documents of the bundle whose other files are under `top`. `claims`: the
 * claims.json to describe (default: the bundle's own), so that verify can describe the claims it
 * re-derived.
 */
export function bundleDocuments(top: string, opts: { claims?: string | null } = {}): Map<string, string> {
  const source = join(top, SOURCE_DIR);
  const commit = parseCommit(readFileSync(join(top, COMMIT_FILE)), join(top, COMMIT_FILE));
  const software = readSoftware(source, commit, gitTreeId(source) !== commit.tree);
  const lock = readLockFile(join(top, LOCK_IN_BUNDLE));
  const { runs, missing } = bundledRuns(top);
  const claimsPath = opts.claims !== undefined ? opts.claims : reportFile(top, CLAIMS_FILE) && join(top, reportFile(top, CLAIMS_FILE)!);
  const claims = claimsPath ? readClaims(claimsPath) : null;
  const timing = reportFile(top, TIMINGS_FILE);
  const docs = new Map<string, string>();
  docs.set(
    ARTIFACT_FILE,
    artifactMarkdown({
      software,
      fingerprint: lock.fingerprint ?? 'none',
      runs,
      claims: claims?.claims ?? null,
      profile: claims?.profile ?? null,
      timing: timing ? readTiming(join(top, timing)) : null,
      manifests: readManifestIds(source),
      missingRuns: missing,
      hasSite: existsSync(join(top, SITE_DIR, 'index.html')),
    }),
  );
  docs.set(CITATION_FILE, citationCffText(software));
  // Every file but the crate and the sums, with the documents above in place of the bundle's own.
  const generated = new Set([ARTIFACT_FILE, CITATION_FILE, CRATE_FILE, SUMS_FILE]);
  const others = listFiles(top).filter((p) => !generated.has(p));
  const bytesOf = (p: string): Uint8Array | string => docs.get(p) ?? readFileSync(join(top, p));
  const sizeOf = (p: string): number => (docs.has(p) ? Buffer.byteLength(docs.get(p)!) : statSync(join(top, p)).size);
  const crateFiles = [...others, ARTIFACT_FILE, CITATION_FILE].map((path) => ({ path, size: sizeOf(path) as number | null }));
  // SHA256SUMS is listed without a size: its bytes are written after the crate.
  crateFiles.push({ path: SUMS_FILE, size: null });
  crateFiles.sort((a, b) => (a.path < b.path ? -1 : 1));
  docs.set(CRATE_FILE, prettyJson(roCrate(software, crateFiles, runs)));
  const summed = [...others, ARTIFACT_FILE, CITATION_FILE, CRATE_FILE];
  docs.set(SUMS_FILE, formatSums(Object.fromEntries(summed.map((p) => [p, sha256(bytesOf(p))]))));
  return docs;
}
