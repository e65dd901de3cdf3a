// `repro report` (figures + claims + site) and `repro figures` (the same without the site): the
// options both take, and the call of report/build.ts buildReport.
import { resolveCacheDir } from '../cache/store.ts';
import { buildReport } from '../report/build.ts';
import { FIGURES_DIR, SITE_DIR, claimsPath } from '../report/paths.ts';
import { command, text } from './command.ts';
import { CACHE, LOCK, MANIFESTS, PROFILE, manifestFiles } from './shared.ts';

export const FIGURE_OPTIONS = {
  profile: PROFILE,
  cache: CACHE,
  lock: LOCK,
  figures: text({ value: 'DIR', help: 'where the figures are stored (claims.json goes beside it)', default: FIGURES_DIR }),
};

/** Builds the figures, claims.json and, when `siteDir` is given, the site; logs as `name: ...`. */
export async function runReport(
  name: string,
  values: { profile: 'quick' | 'paper'; cache?: string; lock: string; figures: string },
  args: string[],
  siteDir: string | null,
): Promise<number> {
  const files = manifestFiles(args);
  const t0 = performance.now();
  await buildReport({
    files,
    profile: values.profile,
    cacheDir: resolveCacheDir(values.cache),
    figuresDir: values.figures,
    siteDir,
    claimsPath: claimsPath(values.figures),
    lockPath: values.lock,
    log: (line) => console.log(`${name}: ${line}`),
  });
  console.log(`${name}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

export default command({
  summary: 'figures, claims and the static site in reports/site',
  args: MANIFESTS,
  options: { ...FIGURE_OPTIONS, out: text({ value: 'DIR', help: 'where the site is built', default: SITE_DIR }) },
  run: (values, args) => runReport('report', values, args, values.out),
});
