import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scratchDir } from '../../testing/scratch.ts';
import { runKey, simulatorFingerprint } from '../../cache/key.ts';
import { readEntry } from '../../cache/store.ts';
import { DEFAULT_SPEC, type RunSpec } from '../../sim/types.ts';
import { batchDir, keysFile, readJson, slurmLogFor, statusFile, writeJsonAtomic, type BatchFile, type TaskStatus } from './batch.ts';
import { FAIL_EXIT_CODE, runTask } from './worker.ts';

const tiny = (seed: number): RunSpec => ({ ...DEFAULT_SPEC, n: 32, d: 3, m: 3, steps: 20, seed });
const run = (seed: number) => ({ key: runKey(tiny(seed), simulatorFingerprint()), spec: tiny(seed) });

function batch(tasks: BatchFile['tasks']): { cache: string; file: string; dir: string } {
  const cache = scratchDir('worker');
  const dir = batchDir(cache, 'B');
  writeJsonAtomic(keysFile(dir), { version: 1, batch: 'B', tasks } satisfies BatchFile);
  return { cache, file: keysFile(dir), dir };
}

test('a task stores each of its runs and reports them in its status file and the run index', () => {
  const [a, b] = [run(0), run(1)];
  const { cache, file, dir } = batch([[a], [b]]);
  assert.equal(runTask(file, 1, cache, { SLURM_ARRAY_JOB_ID: '42' }), 0);
  assert.equal(readEntry(cache, b.key)?.status, 'ok');
  assert.equal(readEntry(cache, a.key), null); // task 0's run is not task 1's business
  const status = readJson<TaskStatus>(statusFile(dir, 1))!;
  assert.deepEqual(
    { ...status, host: '' },
    { batch: 'B', task: 1, job: '42_1', host: '', current: null, done: true, runs: { [b.key]: { status: 'ok', message: '' } } },
  );
  assert.deepEqual(slurmLogFor(b.key, cache), { status: 'ok', message: '', batch: 'B', task: 1, job: '42_1', log: null }); // no log file outside Slurm
});

test('a run whose key this node would not compute fails without being stored', () => {
  const wrong = { key: 'f'.repeat(64), spec: tiny(2) };
  const { cache, file, dir } = batch([[wrong, run(3)]]);
  assert.equal(runTask(file, 0, cache, {}), 1);
  const status = readJson<TaskStatus>(statusFile(dir, 0))!;
  assert.equal(status.runs[wrong.key].status, 'failed');
  assert.match(status.runs[wrong.key].message, /this node computes key [0-9a-f]{64} for the run/);
  assert.equal(status.runs[run(3).key].status, 'ok');
  assert.equal(readEntry(cache, wrong.key), null);
});

test('REPRO_WORKER_FAIL_KEYS: the task exits with code 3 at that run, leaving it as current', () => {
  const [a, b] = [run(4), run(5)];
  const { cache, file, dir } = batch([[a, b]]);
  assert.equal(runTask(file, 0, cache, { REPRO_WORKER_FAIL_KEYS: `x,${b.key.slice(0, 10)}` }), FAIL_EXIT_CODE);
  const status = readJson<TaskStatus>(statusFile(dir, 0))!;
  assert.equal(status.current, b.key);
  assert.equal(status.done, false);
  assert.deepEqual(Object.keys(status.runs), [a.key]);
  assert.equal(readEntry(cache, b.key), null);
});

test('a task index the batch does not have is a usage error', () => {
  const { cache, file } = batch([[run(6)]]);
  assert.throws(() => runTask(file, 1, cache, {}), /no task 1 \(the batch has 1\)/);
});
