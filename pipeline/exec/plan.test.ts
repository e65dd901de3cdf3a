import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scratchDir } from '../testing/scratch.ts';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeSimulator, simulatorFingerprint } from '../cache/key.ts';
import { editCopy, simulatorCopy } from '../testing/sim-copy.ts';
import { loadRuns } from '../manifest/index.ts';
import { computeRun } from './compute.ts';
import { lockRecords, planRuns, readEntries, runRows } from './plan.ts';

const FP = simulatorFingerprint();

function manifest(dir: string, lrs: number[]): string {
  const file = join(dir, 'tiny.yaml');
  writeFileSync(
    file,
    `experiment: tiny\ntitle: Tiny\nbase: { n: 64, d: 4, m: 4, steps: 50, sigma: 0.01 }\ngrid:\n  lr: [${lrs.join(', ')}]\nseeds: [0, 1, 2]\n`,
  );
  return file;
}

test('a second plan of the same manifest has nothing to compute; a changed sweep value only its runs', () => {
  const dir = scratchDir('plan');
  const cache = join(dir, 'cache');
  const runs = loadRuns([manifest(dir, [0.1, 0.2])], 'quick');
  const first = planRuns(runs, cache, FP);
  assert.equal(first.missing.length, 6);
  for (const r of first.missing) computeRun(r.spec, cache, FP);
  assert.equal(planRuns(runs, cache, FP).missing.length, 0);

  const changed = planRuns(loadRuns([manifest(dir, [0.1, 0.3])], 'quick'), cache, FP);
  assert.equal(changed.cached.length, 3);
  assert.deepEqual(
    changed.missing.map((m) => m.spec.lr),
    [0.3, 0.3, 0.3],
  );
  assert.deepEqual(
    runRows(changed, readEntries(cache, changed.keys)).map((r) => r.state),
    ['cached', 'cached', 'cached', 'missing', 'missing', 'missing'],
  );
});

test('a comment edit keeps every run cached, a test-file edit too; a changed constant re-runs them all', () => {
  const dir = scratchDir('plan');
  const cache = join(dir, 'cache');
  const runs = loadRuns([manifest(dir, [0.1])], 'quick');
  for (const r of planRuns(runs, cache, FP).missing) computeRun(r.spec, cache, FP);
  const sim = simulatorCopy();
  const missing = () => planRuns(runs, cache, computeSimulator(sim).fingerprint).missing.length;
  assert.equal(missing(), 0, 'an unchanged copy keeps every key');
  appendFileSync(join(sim, 'pipeline/sim/gd.ts'), '// an edit\n');
  editCopy(sim, 'pipeline/sim/schedule.ts', '/** Coarser grid', '// Why: each neuron row costs m rows.\n/** Coarser grid');
  assert.equal(missing(), 0, 'comments');
  appendFileSync(join(sim, 'pipeline/sim/population.test.ts'), '\n// an edit\n');
  assert.equal(missing(), 0, 'a test file');
  editCopy(sim, 'pipeline/sim/schedule.ts', 'NEURON_PER_DECADE = 5', 'NEURON_PER_DECADE = 6');
  const plan = planRuns(runs, cache, computeSimulator(sim).fingerprint);
  assert.equal(plan.missing.length, 3);
  assert.equal(plan.cached.length, 0);
});

test('runs that share a spec share one key and one computation; lock records keep every use', () => {
  const dir = scratchDir('plan');
  const cache = join(dir, 'cache');
  const a = manifest(dir, [0.1]);
  const b = join(dir, 'other.yaml');
  writeFileSync(b, 'experiment: other\ntitle: Other\nbase: { n: 64, d: 4, m: 4, steps: 50, sigma: 0.01, lr: 0.1 }\nseeds: [0]\n');
  const plan = planRuns(loadRuns([a, b], 'quick'), cache, FP);
  assert.equal(plan.runs.length, 4);
  assert.equal(plan.unique.length, 3);
  for (const r of plan.missing) computeRun(r.spec, cache, FP);
  const records = lockRecords(plan, readEntries(cache, plan.keys));
  assert.equal(records.length, 4);
  assert.deepEqual(
    records.filter((r) => r.key === plan.keys[0]).map((r) => r.experiment),
    ['tiny', 'other'],
  );
});
