// `repro figures` and `repro report` as library functions: manifests -> study (from the cache)
// -> figures (rendered only when their hash changed) -> claims.json, numbers.tex, claims.csv
// -> site, all under one output folder (reports/ by default; outdir.ts says which are ours).
// The study always covers every manifest of experiments/: a manifest given by name replaces the
// one of the same experiment, or joins them, so a report of one experiment keeps the others.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { $ } from 'zx';
import { checkClaimOverrides, checkDistinctExperiments, loadManifest, expandRuns, type Manifest, type Override } from '../manifest/index.ts';
import { writeAtomic } from '../cache/atomic.ts';
import { updateLockSection } from '../cache/lockfile.ts';
import { withMutexAsync } from '../cache/mutex.ts';
import { simulatorFingerprint } from '../cache/key.ts';
import { buildSpec } from '../figures/index.ts';
import { storeFigures, type StoredFigure } from '../figures/store.ts';
import { analyzeStudy, cacheLookup, type Study } from './study.ts';
import { siteModelFromStudy } from './model.ts';
import { buildSite, checkLinks } from '../site/index.ts';
import { CheckFailed, UserError } from '../errors.ts';
import type { Profile } from '../manifest/types.ts';
import { sortedJson } from '../sim/encode.ts';
import type { Verdict } from '../analysis/types.ts';
import { claimRecords, claimsSection } from './claim-records.ts';
import { claimStatistics, claimsCsv, numbersTex } from './numbers.ts';
import { claimOutDir } from './outdir.ts';
import { reportPaths, type ReportPaths } from './paths.ts';

const VERDICTS: Verdict[] = ['PASS', 'FAIL', 'INCONCLUSIVE', 'INCOMPLETE', 'N/A'];

export interface ReportOptions {
  /** Manifests given by name (they replace the manifest of the same experiment among `all`). */
  files: string[];
  /** Every manifest of the repository (experiments/): the study always shows them all. */
  all: string[];
  profile: Profile;
  /** `--set` overrides, applied to the manifests in `files` (to all of them when `files` is empty). */
  overrides?: readonly Override[];
  cacheDir: string;
  /** The output folder (default reports/): figures/, claims.json, numbers.tex, claims.csv, site/. */
  outDir: string;
  /** false: figures and claims only (`repro figures`). */
  site: boolean;
  lockPath: string;
  /** The commit the site names (default: git's HEAD in the working folder). */
  commit?: string;
  log?: (line: string) => void;
}

export interface ReportResult {
  study: Study;
  figures: StoredFigure[];
  paths: ReportPaths;
  site: string[];
}

/** The manifests of the study: every one of `all`, a given one replacing the one of its experiment, the others appended. */
export function studyManifests(files: string[], all: string[], load: (file: string) => Manifest): { manifests: Manifest[]; given: Set<string> } {
  const given = new Set(files.map((f) => resolve(f)));
  const byFile = new Map<string, Manifest>();
  for (const file of [...all, ...files]) if (!byFile.has(resolve(file))) byFile.set(resolve(file), load(file));
  const chosen = [...given].map((f) => byFile.get(f)!);
  const seen = new Map<string, string>();
  for (const m of chosen) {
    const other = seen.get(m.experiment);
    if (other !== undefined) throw new UserError(`${other} and ${m.file} both define experiment '${m.experiment}'; give one of them`);
    seen.set(m.experiment, m.file);
  }
  const manifests = [...new Set([...all.map((f) => byFile.get(resolve(f))!).map((m) => chosen.find((c) => c.experiment === m.experiment) ?? m), ...chosen])];
  checkDistinctExperiments(manifests);
  return { manifests, given: new Set(chosen.map((m) => m.experiment)) };
}

export async function gitCommit(): Promise<string> {
  const r = await $({ quiet: true, nothrow: true })`git rev-parse HEAD`;
  return r.exitCode === 0 ? r.stdout.trim() : 'unknown';
}

/** Lists every figure with its hash and files' hashes in the lock file (sorted by name). */
function recordFigures(lockPath: string, figures: StoredFigure[]): void {
  const section = Object.fromEntries([...figures].sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => [f.name, { hash: f.hash, files: f.files }]));
  updateLockSection(lockPath, 'figures', section);
}

/** A report takes seconds to a minute or two (paper profile, cold): wait that long for another. */
const REPORT_WAIT_MS = 600_000;

/** Builds the report while holding `<lock file>.report.lck` (beside the lock file, whose figures
 *  section it writes): two reports at once take turns. */
export function buildReport(opts: ReportOptions): Promise<ReportResult> {
  mkdirSync(dirname(resolve(opts.lockPath)), { recursive: true });
  return withMutexAsync(`${opts.lockPath}.report`, () => buildReportNow(opts), REPORT_WAIT_MS);
}

async function buildReportNow(opts: ReportOptions): Promise<ReportResult> {
  const log = opts.log ?? (() => {});
  // --set applies to the manifests given by name (to every one when none is): the others are kept as written.
  const named = new Set(opts.files.map((f) => resolve(f)));
  const overridden = (file: string) => (named.size === 0 || named.has(resolve(file)) ? (opts.overrides ?? []) : []);
  const { manifests, given } = studyManifests(opts.files, opts.all, (file) => loadManifest(file, opts.profile, overridden(file)));
  checkClaimOverrides(
    manifests.filter((m) => overridden(m.file).length > 0),
    opts.overrides ?? [],
  );
  const inputs = manifests.map((manifest) => ({ manifest, runs: expandRuns(manifest) }));
  const study = analyzeStudy(inputs, cacheLookup(opts.cacheDir));
  // Nothing to draw from (a mistyped --cache, or a profile not run yet): refuse before any
  // figure, claims file, site or lock entry is written. Manifests given by name must have runs.
  const asked = given.size ? study.experiments.filter((e) => given.has(e.manifest.experiment)) : study.experiments;
  const total = asked.reduce((n, e) => n + e.runs.length, 0);
  const missing = asked.reduce((n, e) => n + e.missing.length, 0);
  if (total > 0 && missing === total) {
    throw new UserError(
      `none of the ${total} runs of the ${opts.profile} profile is in the cache ${opts.cacheDir} (run \`repro run --profile ${opts.profile}\` first, or pass the right --cache)`,
    );
  }
  const paths = reportPaths(opts.outDir);
  claimOutDir(paths.dir);
  for (const e of study.experiments) {
    if (e.missing.length)
      log(
        `${e.manifest.experiment}: ${e.missing.length} of ${e.runs.length} runs are not in the cache (run \`repro run --profile ${opts.profile}\`); figures use the others`,
      );
  }
  const specs = study.figures.map(buildSpec);
  const figures = await storeFigures(specs, paths.figures);
  for (const f of figures) {
    log(
      `figure ${f.name}: ${f.rendered ? `rendered in ${Math.round(f.ms)} ms` : 'unchanged'}${f.warnings?.length ? ` (${f.warnings.length} warnings: ${f.warnings[0]})` : ''}`,
    );
  }
  recordFigures(opts.lockPath, figures);
  const incomplete = study.claims.filter((c) => c.verdict === 'INCOMPLETE');
  const claimsJson = sortedJson({ profile: opts.profile, complete: incomplete.length === 0, claims: study.claims });
  writeAtomic(paths.claims, claimsJson);
  const records = claimRecords(JSON.parse(claimsJson));
  updateLockSection(opts.lockPath, 'claims', claimsSection(records));
  const stats = claimStatistics(records);
  writeAtomic(paths.numbers, numbersTex(stats, opts.profile));
  writeAtomic(paths.csv, claimsCsv(stats));
  const tally = VERDICTS.map((v) => [v, study.claims.filter((c) => c.verdict === v).length] as const).filter(([, n]) => n > 0);
  log(`claims (${opts.profile} profile): ${tally.map(([v, n]) => `${n} ${v}`).join(', ') || 'none'} -> ${paths.claims}, ${paths.numbers}, ${paths.csv}`);
  for (const c of incomplete) log(`INCOMPLETE ${c.id} (${c.experiment}): ${c.reason}`);
  let site: string[] = [];
  if (opts.site) {
    const model = siteModelFromStudy(study, specs, {
      git_commit: opts.commit ?? (await gitCommit()),
      fingerprint: simulatorFingerprint(),
      node: `node ${process.versions.node.split('.')[0]}`,
      profile: opts.profile,
      command: `make${opts.profile === 'paper' ? ' paper' : ''}`,
    });
    site = buildSite(model, { outDir: paths.site, figuresDir: paths.figures });
    const broken = checkLinks(paths.site);
    if (broken.length) throw new CheckFailed(`${broken.length} broken link(s) in ${paths.site}, first: ${JSON.stringify(broken[0])}`);
    log(`site: ${site.length} files -> ${join(paths.site, 'index.html')}`);
  }
  return { study, figures, paths, site };
}
