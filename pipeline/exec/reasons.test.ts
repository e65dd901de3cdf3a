import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeSimulator, simulator, type Simulator } from '../cache/key.ts';
import { emptyLockFile, mergeRuns, type LockFile } from '../cache/lockfile.ts';
import { entryDir, readEntry, writeEntry } from '../cache/store.ts';
import { loadRuns } from '../manifest/index.ts';
import { scratchDir } from '../testing/scratch.ts';
import { editCopy, simulatorCopy } from '../testing/sim-copy.ts';
import { computeRun } from './compute.ts';
import { coveredPairs, lockRecords, planRuns, readEntries, type Plan } from './plan.ts';
import { countReasons, describeReason, whyNotCached, type Reason } from './reasons.ts';

const SIM = simulator();

function manifest(dir: string, steps = 50): string {
  const file = join(dir, 'tiny.yaml');
  writeFileSync(file, `experiment: tiny\ntitle: Tiny\nbase: { n: 64, d: 4, m: 4, steps: ${steps}, sigma: 0.01 }\ngrid:\n  lr: [0.1]\nseeds: [0, 1]\n`);
  return file;
}

/** Computes the manifest's runs into `cache` and returns the lock `repro run` would write. */
function runAndLock(file: string, cache: string, sim: Simulator = SIM): LockFile {
  const runs = loadRuns([file], 'quick');
  const plan = planRuns(runs, cache, sim.fingerprint);
  for (const r of plan.missing) computeRun(r.spec, cache, sim.fingerprint);
  return mergeRuns(emptyLockFile(), sim, coveredPairs(runs), lockRecords(plan, readEntries(cache, plan.keys))).lock;
}

function why(file: string, cache: string, lock: LockFile, sim: Simulator = SIM): { plan: Plan; reasons: (Reason | null)[] } {
  const plan = planRuns(loadRuns([file], 'quick'), cache, sim.fingerprint);
  return { plan, reasons: whyNotCached(plan, { lock, simulator: sim, entryOf: (key) => readEntry(cache, key) }) };
}

test('never computed; cached runs have no reason; a run the lock records but this cache lacks is not-in-cache', () => {
  const dir = scratchDir('why');
  const file = manifest(dir);
  const cache = join(dir, 'cache');
  const fresh = why(file, cache, emptyLockFile()).reasons;
  assert.deepEqual(
    fresh.map((r) => r?.kind),
    ['never-computed', 'never-computed'],
  );
  assert.equal(describeReason(fresh[0]!), 'never computed');
  assert.equal(countReasons(fresh), '2 never computed');

  const lock = runAndLock(file, cache);
  assert.deepEqual(why(file, cache, lock).reasons, [null, null]);
  const other = join(dir, 'other-cache');
  assert.deepEqual(
    why(file, other, lock).reasons.map((r) => r?.kind),
    ['not-in-cache', 'not-in-cache'],
  );
});

test('spec changed: the fields that differ, from the previous entry; without it, the reason still', () => {
  const dir = scratchDir('why');
  const cache = join(dir, 'cache');
  const lock = runAndLock(manifest(dir, 50), cache);
  const previous = Object.keys(lock.runs);
  const { reasons } = why(manifest(dir, 60), cache, lock);
  const r = reasons[0]!;
  assert.equal(r.kind, 'spec-changed');
  assert.ok(previous.includes(r.previous_key!));
  assert.deepEqual(r.spec_changes, [{ field: 'steps', previous: 50, current: 60 }]);
  assert.equal(r.simulator_changed, false);
  assert.equal(describeReason(r), 'spec changed: steps 50 -> 60');

  for (const key of previous) rmSync(entryDir(cache, key), { recursive: true });
  const gone = why(manifest(dir, 60), cache, lock).reasons[0]!;
  assert.equal(gone.kind, 'spec-changed');
  assert.equal(gone.spec_changes, null);
  assert.match(describeReason(gone), /^spec changed; the previous spec, run [0-9a-f]{12}, is not in this cache$/);
});

test('simulator changed: the files that differ from those the lock records', () => {
  const dir = scratchDir('why');
  const cache = join(dir, 'cache');
  const file = manifest(dir);
  const lock = runAndLock(file, cache);
  const copy = simulatorCopy();
  editCopy(copy, 'pipeline/sim/schedule.ts', 'NEURON_PER_DECADE = 5', 'NEURON_PER_DECADE = 6');
  const edited = computeSimulator(copy);
  const r = why(file, cache, lock, edited).reasons[0]!;
  assert.equal(r.kind, 'simulator-changed');
  assert.equal(r.simulator_changed, true);
  assert.deepEqual(r.simulator_changes, [{ file: 'pipeline/sim/schedule.ts', change: 'changed' }]);
  assert.equal(describeReason(r), 'simulator changed: pipeline/sim/schedule.ts');

  // A lock written before it recorded the simulator's files still tells the kind.
  const { simulator: _, ...older } = lock;
  assert.equal(describeReason(why(file, cache, older, edited).reasons[0]!), 'simulator changed; the lock records no simulator files');
  // Both changed: the spec is named first, the simulator too.
  const both = why(manifest(dir, 60), cache, lock, edited).reasons[0]!;
  assert.equal(describeReason(both), 'spec changed: steps 50 -> 60; simulator changed too: pipeline/sim/schedule.ts');
});

test('failed before: the reason stored with the entry', () => {
  const dir = scratchDir('why');
  const cache = join(dir, 'cache');
  const file = manifest(dir);
  const plan = planRuns(loadRuns([file], 'quick'), cache, SIM.fingerprint);
  const { key, spec } = plan.missing[0];
  writeEntry(cache, { key, spec, fingerprint: SIM.fingerprint, status: 'failed', message: 'RangeError: planted', wall_ms: 0 }, {});
  const r = why(file, cache, emptyLockFile()).reasons;
  assert.deepEqual(
    r.map((x) => x?.kind),
    ['failed-before', 'never-computed'],
  );
  assert.equal(describeReason(r[0]!), 'failed before: RangeError: planted');
  // A run without an entry whose last Slurm task failed says so, with the task's log.
  const slurmAttempt = (k: string) =>
    k === plan.keys[1] ? { status: 'failed' as const, message: 'exit code 137', batch: 'B', task: 3, job: '9', log: '/c/slurm/9_3.out' } : null;
  const viaSlurm = whyNotCached(plan, { lock: emptyLockFile(), simulator: SIM, entryOf: (key) => readEntry(cache, key), slurmAttempt })[1]!;
  assert.equal(describeReason(viaSlurm), 'failed before: last Slurm attempt: failed, exit code 137, log /c/slurm/9_3.out');
});
