// The whole study: every manifest's runs read from the cache, analyzed, checked against its
// claims, and turned into figure requests. The cache lookup is injected, so the study can be
// tested without a cache.
import { runKey, simulatorFingerprint } from '../cache/key.ts';
import { openEntry } from '../cache/store.ts';
import { evaluateClaims } from '../analysis/claims/index.ts';
import { readRunView, type RunFiles } from '../analysis/views.ts';
import type { AnalyzedRun, ClaimResult } from '../analysis/types.ts';
import type { FigureRequest } from '../figures/index.ts';
import type { ExpandedRun, Manifest } from '../manifest/types.ts';

export interface ExperimentResults {
  manifest: Manifest;
  runs: ExpandedRun[];
  keys: string[];
  views: AnalyzedRun[];
  /** Runs of the manifest without a cache entry. */
  missing: string[];
}

export interface Study {
  experiments: ExperimentResults[];
  claims: ClaimResult[];
  figures: FigureRequest[];
}

export interface CacheLookup {
  key(run: ExpandedRun): string;
  /** The run's files, verified against their recorded hashes (null: no sound entry). */
  files(key: string): RunFiles;
}

/** Keys under this process's simulator fingerprint, entries in `cacheDir` (an unsound one is quarantined). */
export function cacheLookup(cacheDir: string): CacheLookup {
  const fp = simulatorFingerprint();
  return { key: (run) => runKey(run.spec, fp), files: (key) => openEntry(cacheDir, key, { keep: true })?.files ?? null };
}

export function analyzeExperiment(manifest: Manifest, runs: ExpandedRun[], cache: CacheLookup): ExperimentResults {
  const keys = runs.map((r) => cache.key(r));
  const views: AnalyzedRun[] = [];
  const missing: string[] = [];
  runs.forEach((run, i) => {
    const view = readRunView(run, keys[i], cache.files(keys[i]), manifest.analysis);
    if (view) views.push(view);
    else missing.push(keys[i]);
  });
  return { manifest, runs, keys, views, missing };
}

/** Figure requests of one experiment: files named <experiment>-<kind>, options from the manifest. */
export function figureRequests(exp: ExperimentResults): FigureRequest[] {
  const { manifest, views } = exp;
  return manifest.figures.map((kind) => {
    const options: Record<string, unknown> = { ...(manifest.figure_options[kind] ?? {}), name: `${manifest.experiment}-${kind}` };
    if (kind === 'sample-complexity') {
      options.success_train ??= manifest.analysis.success_train;
      options.success_pop ??= manifest.analysis.success_pop;
    }
    return { figure: kind, runs: views, options } as FigureRequest;
  });
}

export function analyzeStudy(inputs: { manifest: Manifest; runs: ExpandedRun[] }[], cache: CacheLookup): Study {
  return studyOf(inputs.map(({ manifest, runs }) => analyzeExperiment(manifest, runs, cache)));
}

/** The claims and figure requests of analyzed experiments. */
export function studyOf(experiments: ExperimentResults[]): Study {
  return {
    experiments,
    claims: evaluateClaims(
      experiments.map((e) => ({
        setup: e.manifest,
        experiment: e.manifest.experiment,
        profile: e.manifest.profile,
        analysis: e.manifest.analysis,
        expected: e.keys,
        runs: e.views,
      })),
    ),
    figures: experiments.flatMap(figureRequests),
  };
}
