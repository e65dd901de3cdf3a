// `repro report` (figures + claims + numbers + site) and `repro figures` (the same without the
// site): the options both take, and the call of report/build.ts buildReport.
import { resolveCacheDir } from '../cache/store.ts';
import { defaultManifestFiles, parseOverrides } from '../manifest/index.ts';
import { buildReport } from '../report/build.ts';
import { REPORTS_DIR } from '../report/paths.ts';
import { command, flag, text } from './command.ts';
import { CACHE, LOCK, MANIFESTS, PROFILE, SET, printJson } from './shared.ts';

export const FIGURE_OPTIONS = {
  profile: PROFILE,
  out: text({ value: 'DIR', help: 'the folder of everything the report writes (refused if not empty and not made by repro)', default: REPORTS_DIR }),
  set: SET,
  json: flag({ help: 'what was written as one JSON object (docs/design.md)' }),
  cache: CACHE,
  lock: LOCK,
};

/** Builds the figures, claims.json, numbers.tex, claims.csv and, with `site`, the site; logs as `name: ...`. */
export async function runReport(
  name: string,
  values: { profile: 'quick' | 'paper'; cache?: string; lock: string; out: string; set: string[]; json: boolean },
  args: string[],
  site: boolean,
): Promise<number> {
  const t0 = performance.now();
  const log = values.json ? (line: string) => console.error(`${name}: ${line}`) : (line: string) => console.log(`${name}: ${line}`);
  const r = await buildReport({
    files: args,
    all: defaultManifestFiles(),
    profile: values.profile,
    overrides: parseOverrides(values.set),
    cacheDir: resolveCacheDir(values.cache),
    outDir: values.out,
    site,
    lockPath: values.lock,
    log,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (values.json) {
    const verdicts: Record<string, number> = {};
    for (const c of r.study.claims) verdicts[c.verdict] = (verdicts[c.verdict] ?? 0) + 1;
    printJson({
      profile: values.profile,
      out: r.paths,
      experiments: r.study.experiments.map((e) => ({
        experiment: e.manifest.experiment,
        manifest: e.manifest.file,
        runs: e.runs.length,
        missing: e.missing.length,
      })),
      figures: r.figures.map((f) => ({ name: f.name, hash: f.hash, rendered: f.rendered })),
      claims: r.study.claims.map((c) => ({ experiment: c.experiment, id: c.id, verdict: c.verdict })),
      verdicts,
      site_files: r.site.length,
      seconds,
    });
  } else console.log(`${name}: done in ${seconds.toFixed(1)} s`);
  return 0;
}

export default command({
  summary: 'figures, claims, numbers.tex, claims.csv and the static site, under reports/',
  args: MANIFESTS,
  options: FIGURE_OPTIONS,
  run: (values, args) => runReport('report', values, args, true),
});
