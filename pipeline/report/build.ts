// `repro figures` and `repro report` as library functions: manifests -> study (from the cache)
// -> figures (rendered only when their hash changed) -> claims.json -> site.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { $ } from 'zx';
import { loadManifest, expandRuns } from '../manifest/index.ts';
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

const VERDICTS: Verdict[] = ['PASS', 'FAIL', 'INCONCLUSIVE', 'INCOMPLETE', 'N/A'];

export interface ReportOptions {
  files: string[];
  profile: Profile;
  cacheDir: string;
  figuresDir: string;
  /** null: figures only. */
  siteDir: string | null;
  claimsPath: string;
  lockPath: string;
  /** The commit the site names (default: git's HEAD in the working folder). */
  commit?: string;
  log?: (line: string) => void;
}

export interface ReportResult {
  study: Study;
  figures: StoredFigure[];
  site: string[];
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
  const inputs = opts.files.map((file) => {
    const manifest = loadManifest(file, opts.profile);
    return { manifest, runs: expandRuns(manifest) };
  });
  const study = analyzeStudy(inputs, cacheLookup(opts.cacheDir));
  // Nothing to draw from (a mistyped --cache, or a profile not run yet): refuse before any
  // figure, claims file, site or lock entry is written.
  const total = study.experiments.reduce((n, e) => n + e.runs.length, 0);
  const missing = study.experiments.reduce((n, e) => n + e.missing.length, 0);
  if (total > 0 && missing === total) {
    throw new UserError(
      `none of the ${total} runs of the ${opts.profile} profile is in the cache ${opts.cacheDir} (run \`repro run --profile ${opts.profile}\` first, or pass the right --cache)`,
    );
  }
  for (const e of study.experiments) {
    if (e.missing.length)
      log(
        `${e.manifest.experiment}: ${e.missing.length} of ${e.runs.length} runs are not in the cache (run \`repro run --profile ${opts.profile}\`); figures use the others`,
      );
  }
  const specs = study.figures.map(buildSpec);
  const figures = await storeFigures(specs, opts.figuresDir);
  for (const f of figures) {
    log(
      `figure ${f.name}: ${f.rendered ? `rendered in ${Math.round(f.ms)} ms` : 'unchanged'}${f.warnings?.length ? ` (${f.warnings.length} warnings: ${f.warnings[0]})` : ''}`,
    );
  }
  recordFigures(opts.lockPath, figures);
  const incomplete = study.claims.filter((c) => c.verdict === 'INCOMPLETE');
  writeAtomic(opts.claimsPath, sortedJson({ profile: opts.profile, complete: incomplete.length === 0, claims: study.claims }));
  const tally = VERDICTS.map((v) => [v, study.claims.filter((c) => c.verdict === v).length] as const).filter(([, n]) => n > 0);
  log(`claims (${opts.profile} profile): ${tally.map(([v, n]) => `${n} ${v}`).join(', ') || 'none'} -> ${opts.claimsPath}`);
  for (const c of incomplete) log(`INCOMPLETE ${c.id} (${c.experiment}): ${c.reason}`);
  let site: string[] = [];
  if (opts.siteDir) {
    const model = siteModelFromStudy(study, specs, {
      git_commit: opts.commit ?? (await gitCommit()),
      fingerprint: simulatorFingerprint(),
      node: `node ${process.versions.node.split('.')[0]}`,
      profile: opts.profile,
      command: `make${opts.profile === 'paper' ? ' paper' : ''}`,
    });
    site = buildSite(model, { outDir: opts.siteDir, figuresDir: opts.figuresDir });
    const broken = checkLinks(opts.siteDir);
    if (broken.length) throw new CheckFailed(`${broken.length} broken link(s) in ${opts.siteDir}, first: ${JSON.stringify(broken[0])}`);
    log(`site: ${site.length} files -> ${join(opts.siteDir, 'index.html')}`);
  }
  return { study, figures, site };
}
