import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scratchDir } from '../testing/scratch.ts';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.ts';
import { emptyLockFile, mergeRuns, readLockFile, updateLockSection, writeLockFile, type RunRecord } from './lockfile.ts';
import type { Simulator } from './key.ts';

const dir = (): string => scratchDir('lock');
const K = (c: string): string => c.repeat(64);
const sim = (fingerprint: string): Simulator => ({ fingerprint, files: { 'pipeline/sim/simulate.ts': `${fingerprint}-hash` } });

function rec(key: string, experiment: string, profile: string, seed: number, hash = 'h'): RunRecord {
  return { key, experiment, profile, params: { seed }, status: 'ok', files: { 'metrics.csv': hash } };
}

test('one entry per key; profiles and other experiments that share a key are listed', () => {
  const { lock } = mergeRuns(
    emptyLockFile(),
    sim('fp'),
    [
      { experiment: 'width', profile: 'quick' },
      { experiment: 'ablation', profile: 'quick' },
      { experiment: 'width', profile: 'paper' },
    ],
    [rec(K('b'), 'width', 'quick', 0), rec(K('b'), 'width', 'paper', 0), rec(K('b'), 'ablation', 'quick', 0), rec(K('a'), 'width', 'quick', 1)],
  );
  assert.deepEqual(Object.keys(lock.runs), [K('a'), K('b')]);
  assert.deepEqual(lock.runs[K('b')], {
    experiment: 'ablation',
    params: { seed: 0 },
    profiles: ['quick'],
    status: 'ok',
    files: { 'metrics.csv': 'h' },
    also: [{ experiment: 'width', params: { seed: 0 }, profiles: ['paper', 'quick'] }],
  });
  assert.equal(lock.runs[K('a')].also, undefined);
  assert.equal(lock.fingerprint, 'fp');
});

test('a run replaces the runs of the (experiment, profile) pairs it covered and keeps the rest', () => {
  const first = mergeRuns(
    { ...emptyLockFile(), figures: { f: { hash: 'x' } } },
    sim('fp'),
    [
      { experiment: 'e', profile: 'quick' },
      { experiment: 'e', profile: 'paper' },
      { experiment: 'g', profile: 'quick' },
    ],
    [rec(K('1'), 'e', 'quick', 0), rec(K('2'), 'e', 'quick', 1), rec(K('3'), 'e', 'paper', 0), rec(K('4'), 'g', 'quick', 0)],
  ).lock;
  // The manifest of e changed: seed 1 is gone, seed 2 is new; paper and g are untouched.
  const { lock, dropped } = mergeRuns(
    first,
    sim('fp'),
    [{ experiment: 'e', profile: 'quick' }],
    [rec(K('1'), 'e', 'quick', 0, 'h2'), rec(K('5'), 'e', 'quick', 2)],
  );
  assert.deepEqual(Object.keys(lock.runs), [K('1'), K('3'), K('4'), K('5')]);
  assert.deepEqual(dropped, [K('2')]);
  assert.deepEqual(lock.runs[K('1')].files, { 'metrics.csv': 'h2' });
  assert.deepEqual(lock.figures, { f: { hash: 'x' } }, 'figures untouched');

  // Another simulator: keys of runs not recomputed now are stale and leave the lock.
  const next = mergeRuns(lock, sim('fp2'), [{ experiment: 'g', profile: 'quick' }], [rec(K('6'), 'g', 'quick', 0)]);
  assert.deepEqual(Object.keys(next.lock.runs), [K('6')]);
  assert.equal(next.dropped.length, 4);
  assert.equal(next.lock.fingerprint, 'fp2');
  assert.deepEqual(next.lock.simulator, { files: { 'pipeline/sim/simulate.ts': 'fp2-hash' } }, 'with the files of the simulator that made them');
});

test('the lock file is sorted, 2-space indented, newline-terminated and round-trips', () => {
  const path = join(dir(), 'repro.lock.json');
  assert.deepEqual(readLockFile(path), emptyLockFile(), 'a missing lock reads as empty');
  const { lock } = mergeRuns(emptyLockFile(), sim('fp'), [{ experiment: 'e', profile: 'quick' }], [rec(K('2'), 'e', 'quick', 1), rec(K('1'), 'e', 'quick', 0)]);
  writeLockFile(path, lock);
  const text = readFileSync(path, 'utf8');
  assert.ok(text.startsWith('{\n  "figures": {},\n  "fingerprint": "fp",\n  "runs": {\n    "1111'), text.slice(0, 80));
  assert.ok(text.endsWith('}\n'));
  assert.deepEqual(readLockFile(path), lock);
  updateLockSection(path, 'figures', { loss: { hash: 'abc', files: {} } });
  assert.deepEqual(readLockFile(path).runs, lock.runs, 'a section update keeps the runs');
  assert.deepEqual(readLockFile(path).figures, { loss: { hash: 'abc', files: {} } });
  assert.throws(() => updateLockSection(path, 'runs', {}), /belongs to repro run/);
  assert.throws(() => updateLockSection(path, 'simulator', {}), /belongs to repro run/);
  writeFileSync(path, '{ nope');
  assert.throws(() => readLockFile(path), UserError);
  writeFileSync(path, '{"version": 2}');
  assert.throws(() => readLockFile(path), /unsupported lock file version 2/);
});

test('a malformed lock file is one UserError naming the field', () => {
  const path = join(dir(), 'repro.lock.json');
  const run = { experiment: 'x', params: {}, profiles: ['quick'], status: 'ok', files: { 'a.csv': 'h' } };
  const cases: [unknown, RegExp][] = [
    [{ version: 1, runs: null }, /runs: expected an object of run key -> run, got null/],
    [{ version: 1, runs: [] }, /runs: expected an object .* got a list/],
    [{ version: 1, runs: { [K('a')]: { ...run, files: null } } }, /runs\["aaaaaaaaaaaa…"\]\.files: expected an object of file name -> sha256, got null/],
    [{ version: 1, runs: { [K('a')]: { ...run, files: { '../x': 'h' } } } }, /bad file name/],
    [{ version: 1, runs: { [K('a')]: { ...run, status: 'great' } } }, /status: expected ok, diverged or failed/],
    [{ version: 1, runs: { '../../etc': run } }, /not a run key/],
    [{ version: 1, runs: { [K('a')]: null } }, /expected an object, got null/],
    [{ version: 1, figures: { f: { files: 'x' } } }, /figures\["f"\]\.files: expected an object/],
    [{ version: 1, figures: null }, /figures: expected an object/],
  ];
  for (const [lock, message] of cases) {
    writeFileSync(path, JSON.stringify(lock));
    assert.throws(
      () => readLockFile(path),
      (err: Error) => err instanceof UserError && message.test(err.message),
      JSON.stringify(lock),
    );
  }
  assert.throws(() => readLockFile(dir()), /is a folder, not a lock file/);
});

test("concurrent writers never lose each other's runs", async () => {
  const path = join(dir(), 'repro.lock.json');
  const child = fileURLToPath(new URL('./lockfile.test-child.ts', import.meta.url));
  const names = ['a', 'b', 'c', 'd'];
  const codes = await Promise.all(
    names.map(
      (e) =>
        new Promise<number | null>((done) => {
          spawn(process.execPath, ['--import', 'tsx', child, path, e, '15'], { stdio: 'inherit' }).on('exit', done);
        }),
    ),
  );
  assert.deepEqual(codes, [0, 0, 0, 0]);
  const lock = readLockFile(path);
  for (const e of names) assert.equal(Object.values(lock.runs).filter((r) => r.experiment === e).length, 15, e);
  assert.equal(existsSync(`${path}.lck`), false);
});
