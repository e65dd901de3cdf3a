import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scratchDir } from '../testing/scratch.ts';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runKey, simulatorFingerprint } from '../cache/key.ts';
import { listKeys, openEntry, readEntry, verifyEntry } from '../cache/store.ts';
import { DEFAULT_SPEC, type RunSpec } from '../sim/types.ts';
import { computeRun } from './compute.ts';
import { runPool } from './pool.ts';
import type { PendingRun } from './types.ts';

const FP = simulatorFingerprint();
const cacheDir = (): string => scratchDir('pool');
const tiny = (over: Partial<RunSpec>): RunSpec => ({ ...DEFAULT_SPEC, n: 64, d: 4, m: 4, steps: 50, lr: 0.1, sigma: 0.01, log_per_decade: 10, ...over });
const pending = (specs: RunSpec[]): PendingRun[] => specs.map((spec) => ({ key: runKey(spec, FP), spec }));

/** Everything an entry holds except its wall time. */
function snapshot(cache: string): Record<string, unknown> {
  return Object.fromEntries(
    listKeys(cache).map((k) => {
      const { wall_ms: _, ...meta } = readEntry(cache, k)!;
      return [k, { meta, files: openEntry(cache, k, { keep: true })!.files }];
    }),
  );
}

test('--jobs 1, --jobs 2 and an in-process run store byte-identical entries', async () => {
  const runs = pending([0, 1, 2].flatMap((seed) => [tiny({ seed }), tiny({ seed, lr: 0.2, init: 'balanced' })]));
  const [one, two, inline] = [cacheDir(), cacheDir(), cacheDir()];
  const r1 = await runPool(runs, { cacheDir: one, fingerprint: FP, jobs: 1 });
  const r2 = await runPool(runs, { cacheDir: two, fingerprint: FP, jobs: 2 });
  for (const r of runs) computeRun(r.spec, inline, FP);
  assert.equal(r1.aborted, false);
  assert.deepEqual(r1.replies.map((r) => r.key).sort(), runs.map((r) => r.key).sort());
  assert.ok(r2.replies.every((r) => r.written && r.error === null && r.status === 'ok'));
  assert.equal(listKeys(one).length, runs.length);
  assert.deepEqual(snapshot(two), snapshot(one));
  assert.deepEqual(snapshot(inline), snapshot(one));
  for (const k of listKeys(two)) assert.deepEqual(verifyEntry(two, k), []);
});

test('a run that throws is stored as failed with its error; a diverging run as diverged', async () => {
  const cache = cacheDir();
  const runs = pending([tiny({ n: -1 }), tiny({ lr: 50, sigma: 1, steps: 1000 })]);
  const { replies } = await runPool(runs, { cacheDir: cache, fingerprint: FP, jobs: 2 });
  const byKey = new Map(replies.map((r) => [r.key, r]));
  assert.equal(byKey.get(runs[0].key)!.status, 'failed');
  assert.equal(byKey.get(runs[1].key)!.status, 'diverged');
  const failed = readEntry(cache, runs[0].key)!;
  assert.equal(failed.status, 'failed');
  assert.match(failed.message!, /^RangeError: /);
  const result = JSON.parse(new TextDecoder().decode(openEntry(cache, failed.key, { keep: true })!.files['result.json']));
  assert.equal(result.status, 'failed');
  assert.equal(result.message, failed.message);
  assert.match(readEntry(cache, runs[1].key)!.message!, /at step \d+/);
});

test('aborting stops the workers at once; the entries stored so far are whole', async () => {
  const cache = cacheDir();
  const runs = pending([0, 1, 2, 3, 4, 5, 6, 7].map((seed) => tiny({ seed, steps: 40000 })));
  const ac = new AbortController();
  const t = runPool(runs, { cacheDir: cache, fingerprint: FP, jobs: 2, signal: ac.signal, onReply: () => ac.abort() });
  const { aborted, replies } = await t;
  assert.equal(aborted, true);
  assert.ok(replies.length < runs.length, `${replies.length} replies`);
  for (const k of listKeys(cache)) assert.deepEqual(verifyEntry(cache, k), []);
  assert.ok(
    readdirSync(join(cache, 'tmp')).every((d) => d.startsWith(`${process.pid}@`)),
    'only this process may have left tmp dirs',
  );
});
