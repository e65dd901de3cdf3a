// `repro run` under SIGKILL, Ctrl-C and a second process on the same cache: the cache only ever
// holds whole entries that match their hashes, and a rerun completes the sweep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLockFile } from '../../pipeline/cache/lockfile.ts';
import { readEntry } from '../../pipeline/cache/store.ts';
import { HOST } from '../../pipeline/cache/owner.ts';
import { assertCacheSound, entries, finish, repro, scratch, start, summary, tmpDirs, waitForEntries, writeManifest } from './run-helpers.ts';

// 16 runs of a few hundred ms each: long enough to be interrupted mid-sweep.
const SLOW = { lrs: [0.1, 0.2, 0.3, 0.4], seeds: 4, steps: 40000 };

test('SIGKILL at several points never leaves a bad entry; a rerun completes the sweep', async () => {
  const cwd = scratch('run-kill');
  const m = writeManifest(cwd, 'slow', SLOW);
  const cache = join(cwd, 'cache');
  let kills = 0;
  for (const target of [1, 4, 8]) {
    const child = start(cwd, ['run', m, '--cache', 'cache', '--jobs', '2']);
    const done = finish(child);
    await waitForEntries(cache, target, child);
    child.kill('SIGKILL');
    if ((await done).signal === 'SIGKILL') kills++;
    assertCacheSound(cache);
  }
  assert.ok(kills >= 2, 'the sweep was killed mid-way');
  const before = entries(cache).length;
  assert.ok(before < 16, `${before} entries`);
  // What a writer killed between its writes and its rename leaves: a tmp dir that is no entry.
  const half = join(cache, 'tmp', `999999999@${HOST}-${'0'.repeat(12)}-XXXXXX`);
  mkdirSync(half, { recursive: true });
  writeFileSync(join(half, 'metrics.csv'), 'step,train_loss\n0,');
  const rerun = await repro(cwd, 'run', m, '--cache', 'cache');
  assert.equal(rerun.code, 0, rerun.err);
  assert.deepEqual(summary(rerun.out), { runs: 16, computed: 16 - before, reused: before, failed: 0, diverged: 0 });
  assertCacheSound(cache);
  assert.deepEqual(tmpDirs(cache), [], 'what the killed processes left in tmp/ was cleaned');
  const lock = readLockFile(join(cwd, 'repro.lock.json'));
  assert.deepEqual(Object.keys(lock.runs).sort(), entries(cache));
  for (const [key, run] of Object.entries(lock.runs)) assert.deepEqual(run.files, readEntry(cache, key)!.files);
});

test('SIGINT mid-sweep: exit 130 with one line, nothing partial; the rerun computes only the rest', async () => {
  const cwd = scratch('run-int');
  const m = writeManifest(cwd, 'slow', SLOW);
  const cache = join(cwd, 'cache');
  const child = start(cwd, ['run', m, '--cache', 'cache', '--jobs', '2']);
  const done = finish(child);
  await waitForEntries(cache, 2, child);
  child.kill('SIGINT');
  const r = await done;
  assert.equal(r.code, 130, r.err);
  const lines = r.err.trim().split('\n');
  assert.match(lines[lines.length - 1], /^repro run: interrupted: \d+ of 16 missing runs stored; run again to compute the rest$/);
  assert.ok(!/at .*\.ts:\d+/.test(r.err), 'no stack trace');
  const stored = entries(cache).length;
  assert.ok(stored >= 2 && stored < 16, `${stored} entries`);
  assertCacheSound(cache);
  assert.deepEqual(tmpDirs(cache), [], 'terminated workers left nothing in tmp/');
  assert.throws(() => readFileSync(join(cwd, 'repro.lock.json')), /ENOENT/, 'an interrupted run does not write the lock');

  const rerun = await repro(cwd, 'run', m, '--cache', 'cache');
  assert.equal(rerun.code, 0, rerun.err);
  assert.deepEqual(summary(rerun.out), { runs: 16, computed: 16 - stored, reused: stored, failed: 0, diverged: 0 });
});

test('two processes on one cache and lock: whole entries, no conflicting bytes, every run in the lock', async () => {
  const cwd = scratch('run-concurrent');
  writeManifest(cwd, 'a', { lrs: [0.1, 0.2], seeds: 3, steps: 10000 });
  writeManifest(cwd, 'b', { lrs: [0.3, 0.4], seeds: 3, steps: 10000 });
  writeManifest(cwd, 'c', { lrs: [0.5], seeds: 3, steps: 10000 });
  // Both compute the runs of b (in the same order, so they race for the same keys).
  const [r1, r2] = await Promise.all([
    repro(cwd, 'run', 'a.yaml', 'b.yaml', '--cache', 'cache', '--jobs', '1'),
    repro(cwd, 'run', 'b.yaml', 'c.yaml', '--cache', 'cache', '--jobs', '1'),
  ]);
  assert.equal(r1.code, 0, r1.err);
  assert.equal(r2.code, 0, r2.err);
  assert.doesNotMatch(r1.err + r2.err, /determinism|conflict/);
  const cache = join(cwd, 'cache');
  assertCacheSound(cache);
  assert.equal(entries(cache).length, 15);
  assert.deepEqual(tmpDirs(cache), []);
  const s1 = summary(r1.out),
    s2 = summary(r2.out);
  assert.equal(s1.computed + s2.computed, 15, 'each entry was put in place once');
  const lock = readLockFile(join(cwd, 'repro.lock.json'));
  assert.deepEqual(Object.keys(lock.runs).sort(), entries(cache));
  assert.deepEqual([...new Set(Object.values(lock.runs).map((r) => r.experiment))].sort(), ['a', 'b', 'c']);
});
