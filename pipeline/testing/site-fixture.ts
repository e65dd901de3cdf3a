// A small but real SiteModel for the site's tests: two of the repository's manifests (quick
// profile), their runs shrunk to seconds (n = 200, d = 10, m = 10), simulated, analyzed, checked
// against their claims and drawn by the figures stage. Nothing here is typed in as a result.
// And a synthetic one of every manifest, for the browser tests of every page and figure.
import { join } from 'node:path';
import { analyzeStudy } from '../report/study.ts';
import { buildSpec } from '../figures/index.ts';
import { storeFigures } from '../figures/store.ts';
import { runKey, simulatorFingerprint } from '../cache/key.ts';
import { expandRuns, loadManifest } from '../manifest/index.ts';
import { encodeRun } from '../sim/encode.ts';
import { simulate } from '../sim/simulate.ts';
import { gitCommit } from '../report/build.ts';
import { siteModelFromStudy } from '../report/model.ts';
import type { ExpandedRun } from '../manifest/types.ts';
import { syntheticStudy } from './study-fixture.ts';
import type { Study } from '../report/study.ts';
import type { SiteModel } from '../site/types.ts';

export const FIXTURE_MANIFESTS = ['experiments/three-phases.yaml', 'experiments/linear-rate.yaml'];

/** Finite n becomes 200 (in the grid point too, so the figures name what ran); n = ∞ stays. */
function shrink(run: ExpandedRun): ExpandedRun {
  const n = run.spec.n === null ? null : 200;
  const params = 'n' in run.params ? { ...run.params, n } : run.params;
  return { ...run, params, spec: { ...run.spec, n, d: 10, m: 10, steps: Math.min(run.spec.steps, 1500) } };
}

/** Simulates the fixture runs (in memory), renders their figures into `${dir}/figures`. */
export async function buildFixtureModel(dir: string): Promise<{ model: SiteModel; figuresDir: string }> {
  const fingerprint = simulatorFingerprint();
  const figuresDir = join(dir, 'figures');
  const keyOf = (run: ExpandedRun) => runKey(run.spec, fingerprint);
  const inputs = FIXTURE_MANIFESTS.map((file) => {
    const manifest = loadManifest(file, 'quick');
    return { manifest, runs: expandRuns(manifest).map(shrink) };
  });
  const stored = new Map<string, Record<string, Uint8Array>>();
  for (const { runs } of inputs) for (const run of runs) stored.set(keyOf(run), encodeRun(run.spec, simulate(run.spec)));
  const study = analyzeStudy(inputs, { key: keyOf, files: (key) => stored.get(key) ?? null });
  return modelOf(study, figuresDir, 'quick (shrunk for tests: n = 200, d = 10, m = 10)');
}

/** The study's figures rendered into `figuresDir`, and its site model. */
async function modelOf(study: Study, figuresDir: string, profile: string): Promise<{ model: SiteModel; figuresDir: string }> {
  const specs = study.figures.map(buildSpec);
  await storeFigures(specs, figuresDir, { validate: false });
  const model = siteModelFromStudy(study, specs, {
    git_commit: await gitCommit(),
    fingerprint: simulatorFingerprint(),
    node: `Node ${process.versions.node}`,
    profile,
    command: 'npx repro run --profile quick && npx repro figures && npx repro report',
  });
  return { model, figuresDir };
}

/**
 * Every experiment of experiments/ (quick profile) with synthetic runs (testing/study-fixture.ts),
 * a failed run and an unreached t₁ in each: every figure kind and page, in seconds.
 */
export function buildSyntheticModel(dir: string): Promise<{ model: SiteModel; figuresDir: string }> {
  return modelOf(syntheticStudy({ troubles: true }), join(dir, 'figures'), 'quick (synthetic runs for tests)');
}
