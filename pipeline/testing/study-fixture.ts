// Every manifest of experiments/ with synthetic runs: the real grids, cases, seeds and controls of
// a profile, each run a closed-form curve (figure-fixtures.ts) instead of a simulation, so the
// figures and the site can be checked on every experiment in seconds. Optionally with the
// troubles real runs have: a failed run (with its reason) and a run that never reaches t₁.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expandRuns, loadManifest } from '../manifest/index.ts';
import { runKey } from '../cache/key.ts';
import { studyOf, type Study } from '../report/study.ts';
import { failedRun, syntheticRun } from './figure-fixtures.ts';
import type { AnalyzedRun } from '../analysis/types.ts';
import type { Profile } from '../manifest/types.ts';

export const EXPERIMENTS_DIR = 'experiments';

export const manifestFiles = (dir = EXPERIMENTS_DIR): string[] =>
  readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(dir, f));

export const PLANTED_FAILURE = 'planted failure: the worker ran out of memory';

export interface SyntheticStudyOptions {
  profile?: Profile;
  /** Mark each experiment's last run failed and its second run as never reaching t₁. */
  troubles?: boolean;
  files?: string[];
}

export function syntheticStudy(opts: SyntheticStudyOptions = {}): Study {
  const experiments = (opts.files ?? manifestFiles()).map((file) => {
    const manifest = loadManifest(file, opts.profile ?? 'quick');
    const runs = expandRuns(manifest);
    const keys = runs.map((r) => runKey(r.spec, 'synthetic'));
    const views: AnalyzedRun[] = runs.map((run, i) => {
      const base = { ...syntheticRun({ seed: run.spec.seed, spec: run.spec, params: run.params }), key: keys[i], experiment: manifest.experiment };
      if (opts.troubles && i === runs.length - 1 && runs.length > 2)
        return { ...failedRun(run.spec.seed), ...pick(base), message: PLANTED_FAILURE, wm: null, truncated: null };
      if (opts.troubles && i === 1 && base.phases) return { ...base, phases: { ...base.phases, t1: null }, wm: null, truncated: null };
      return { ...base, wm: null, truncated: null };
    });
    return { manifest, runs, keys, views, missing: [] };
  });
  return studyOf(experiments);
}

const pick = (r: AnalyzedRun | ReturnType<typeof syntheticRun>) => ({ key: r.key, experiment: r.experiment, params: r.params, spec: r.spec });
