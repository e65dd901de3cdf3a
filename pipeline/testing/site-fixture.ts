// A small but real SiteModel for the site's tests: two of the repository's manifests (quick
// profile), their runs shrunk to seconds (n = 200, d = 10, m = 10), simulated, analyzed, checked
// against their claims and drawn by the figures stage. Nothing here is typed in as a result.
import { mkdirSync, writeFileSync } from 'node:fs';
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
import type { RunSpec } from '../sim/types.ts';
import type { SiteModel } from '../site/types.ts';

export const FIXTURE_MANIFESTS = ['experiments/three-phases.yaml', 'experiments/linear-rate.yaml'];

function shrink(spec: RunSpec): RunSpec {
  return { ...spec, n: 200, d: 10, m: 10, steps: Math.min(spec.steps, 1500) };
}

/** Simulates the fixture runs into `${dir}/cache`, renders their figures into `${dir}/figures`. */
export async function buildFixtureModel(dir: string): Promise<{ model: SiteModel; figuresDir: string }> {
  const fingerprint = simulatorFingerprint();
  const cacheDir = join(dir, 'cache');
  const figuresDir = join(dir, 'figures');
  const keyOf = (run: ExpandedRun) => runKey(run.spec, fingerprint);
  const inputs = FIXTURE_MANIFESTS.map((file) => {
    const manifest = loadManifest(file, 'quick');
    return { manifest, runs: expandRuns(manifest).map((r) => ({ ...r, spec: shrink(r.spec) })) };
  });
  for (const { runs } of inputs) {
    for (const run of runs) {
      const entry = join(cacheDir, keyOf(run));
      mkdirSync(entry, { recursive: true });
      for (const [name, bytes] of Object.entries(encodeRun(run.spec, simulate(run.spec)))) writeFileSync(join(entry, name), bytes);
    }
  }
  const study = analyzeStudy(inputs, { key: keyOf, entryDir: (key) => join(cacheDir, key) });
  const specs = study.figures.map(buildSpec);
  await storeFigures(specs, figuresDir, { validate: false });
  const model = siteModelFromStudy(study, specs, {
    git_commit: await gitCommit(),
    fingerprint,
    node: `Node ${process.versions.node}`,
    profile: 'quick (shrunk for tests: n = 200, d = 10, m = 10)',
    command: 'npx repro run --profile quick && npx repro figures && npx repro report',
  });
  return { model, figuresDir };
}
