// `repro run | status | export` end to end on tiny manifests: incremental runs, identical lock
// files whatever the number of workers, status states, export in open formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readLockFile } from '../../pipeline/cache/lockfile.ts';
import { assertCacheSound, entries, repro, scratch, summary, writeManifest } from './run-helpers.ts';

test('a second run computes nothing; a changed sweep value computes exactly its runs', async () => {
  const cwd = scratch('run-incr');
  const m = writeManifest(cwd, 'tiny');
  const first = await repro(cwd, 'run', m, '--jobs', '2');
  assert.equal(first.code, 0, first.err);
  assert.deepEqual(summary(first.out), { runs: 6, computed: 6, reused: 0, failed: 0, diverged: 0 });
  assert.match(first.err, /run: 6\/6 done, 0 failed/, 'a plain progress line when stderr is not a terminal');
  const cache = join(cwd, '.repro/cache');
  assert.equal(entries(cache).length, 6);

  const again = await repro(cwd, 'run', m);
  assert.equal(again.code, 0, again.err);
  assert.deepEqual(summary(again.out), { runs: 6, computed: 0, reused: 6, failed: 0, diverged: 0 });

  writeManifest(cwd, 'tiny', { lrs: [0.1, 0.3] });
  const changed = await repro(cwd, 'run', m);
  assert.deepEqual(summary(changed.out), { runs: 6, computed: 3, reused: 3, failed: 0, diverged: 0 });
  assert.equal(entries(cache).length, 9);
  assertCacheSound(cache);
  // The lock holds exactly the manifest's current runs.
  const lock = readLockFile(join(cwd, 'repro.lock.json'));
  assert.deepEqual(
    Object.values(lock.runs)
      .map((r) => r.params.lr)
      .sort(),
    [0.1, 0.1, 0.1, 0.3, 0.3, 0.3],
  );
  assert.match(changed.out, /3 no longer produced removed/);
});

test('--jobs 1 and --jobs 2 write identical lock files', async () => {
  const [a, b] = [scratch('run-j1'), scratch('run-j2')];
  for (const cwd of [a, b]) writeManifest(cwd, 'tiny', { lrs: [0.1, 0.2, 0.4] });
  const [r1, r2] = [await repro(a, 'run', 'tiny.yaml', '--jobs', '1'), await repro(b, 'run', 'tiny.yaml', '--jobs', '2', '--cache', 'elsewhere')];
  assert.equal(r1.code, 0, r1.err);
  assert.equal(r2.code, 0, r2.err);
  assert.equal(entries(join(b, 'elsewhere')).length, 9);
  const [l1, l2] = [readFileSync(join(a, 'repro.lock.json'), 'utf8'), readFileSync(join(b, 'repro.lock.json'), 'utf8')];
  assert.equal(l2, l1);
  assert.equal(Object.keys(JSON.parse(l1).runs).length, 9);
});

test('a diverged run is a result (exit 0); status lists cached and missing runs', async () => {
  const cwd = scratch('run-status');
  writeManifest(cwd, 'tiny');
  writeManifest(cwd, 'wild', { lrs: [50], seeds: 1, steps: 1000, sigma: 1 });
  const before = await repro(cwd, 'status', 'tiny.yaml', 'wild.yaml', '--json', '--cache', 'c');
  assert.equal(before.code, 0, before.err);
  const rows0 = JSON.parse(before.out) as { key: string; state: string; experiment: string; params: Record<string, unknown> }[];
  assert.equal(rows0.length, 7);
  assert.ok(rows0.every((r) => r.state === 'missing' && /^[0-9a-f]{64}$/.test(r.key)));

  const run = await repro(cwd, 'run', 'wild.yaml', '--cache', 'c');
  assert.equal(run.code, 0, run.err);
  assert.deepEqual(summary(run.out), { runs: 1, computed: 1, reused: 0, failed: 0, diverged: 1 });
  assert.match(run.out, /^diverged {2}[0-9a-f]{12} {2}wild {2}lr=50 seed=0: /m);

  const after = await repro(cwd, 'status', 'tiny.yaml', 'wild.yaml', '--json', '--cache', 'c');
  const rows = JSON.parse(after.out) as typeof rows0 & { status: string }[];
  assert.deepEqual(
    rows.map((r) => r.key),
    rows0.map((r) => r.key),
    'status computes the same keys as run',
  );
  assert.deepEqual(
    rows.map((r) => [r.experiment, r.state]),
    [...Array(6).fill(['tiny', 'missing']), ['wild', 'cached']],
  );
  assert.equal((rows[6] as { status: string }).status, 'diverged');

  const text = await repro(cwd, 'status', 'tiny.yaml', 'wild.yaml', '--cache', 'c');
  assert.match(text.out, /^[0-9a-f]{12} {2}missing\s+tiny {2}lr=0.1 seed=0 {2}\(never computed\)$/m);
  assert.match(text.out, /^[0-9a-f]{12} {2}cached \(diverged\)\s+wild {2}lr=50 seed=0$/m);
  assert.match(text.out, /^status: 7 runs \(quick\): 1 cached, 6 missing \(6 never computed\), 0 failed$/m);
  assert.deepEqual(readdirSync(join(cwd, 'c/runs')).length, 1, 'status computes nothing');

  const bad = await repro(cwd, 'status', 'tiny.yaml', '--profile', 'huge');
  assert.equal(bad.code, 2);
  assert.equal(bad.err, "repro status: --profile: expected quick or paper, got 'huge'\n");
});

test('status says why a run is missing: its spec changed (which fields), also in --json', async () => {
  const cwd = scratch('run-why');
  writeManifest(cwd, 'tiny', { lrs: [0.1], seeds: 1 });
  assert.equal((await repro(cwd, 'run', 'tiny.yaml')).code, 0);
  writeManifest(cwd, 'tiny', { lrs: [0.1], seeds: 1, steps: 60 });
  const text = await repro(cwd, 'status', 'tiny.yaml');
  assert.match(text.out, /^[0-9a-f]{12} {2}missing\s+tiny {2}lr=0.1 seed=0 {2}\(spec changed: steps 50 -> 60\)$/m);
  assert.match(text.out, /^status: 1 runs \(quick\): 0 cached, 1 missing \(1 spec changed\), 0 failed$/m);
  const [row] = JSON.parse((await repro(cwd, 'status', 'tiny.yaml', '--json')).out);
  assert.deepEqual(row.reason, {
    kind: 'spec-changed',
    previous_key: Object.keys(readLockFile(join(cwd, 'repro.lock.json')).runs)[0],
    spec_changes: [{ field: 'steps', previous: 50, current: 60 }],
    simulator_changed: false,
    simulator_changes: null,
    message: null,
  });
});

/** Shape of a .npy file (float64, C order, format 1.0), checked byte by byte. */
function npyShape(bytes: Buffer): number[] {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const hlen = bytes.readUInt16LE(8);
  assert.equal((10 + hlen) % 64, 0, 'data starts on a 64-byte boundary');
  const header = bytes.subarray(10, 10 + hlen).toString('latin1');
  assert.match(header, /^\{'descr': '<f8', 'fortran_order': False, 'shape': \([0-9, ]*\), \} *\n$/);
  const shape = /'shape': \(([^)]*)\)/
    .exec(header)![1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  assert.equal(bytes.length, 10 + hlen + 8 * shape.reduce((a, b) => a * b, 1));
  return shape;
}

test('export writes the run layout in open formats; bad keys are user errors', async () => {
  const cwd = scratch('run-export');
  writeManifest(cwd, 'tiny', { lrs: [0.1], seeds: 2 });
  assert.equal((await repro(cwd, 'run', 'tiny.yaml')).code, 0);
  const status = JSON.parse((await repro(cwd, 'status', 'tiny.yaml', '--json')).out) as { key: string }[];
  const key = status[0].key;
  const r = await repro(cwd, 'export', key.slice(0, 10), '--out', 'out/run');
  assert.equal(r.code, 0, r.err);
  const dir = join(cwd, 'out/run');
  for (const f of ['spec.json', 'metrics.csv', 'neurons.csv', 'X.npy', 'y.npy', 'beta.npy', 'W0.npy', 'v0.npy', 'W.npy', 'v.npy']) {
    assert.ok(readdirSync(dir).includes(f), f);
  }
  const spec = JSON.parse(readFileSync(join(dir, 'spec.json'), 'utf8'));
  assert.deepEqual([spec.task, spec.n, spec.d, spec.m, spec.lr, spec.steps, spec.seed], ['regression', 64, 4, 4, 0.1, 50, 0]);
  const shapes = Object.fromEntries(['X', 'y', 'beta', 'W0', 'v0', 'W', 'v'].map((n) => [n, npyShape(readFileSync(join(dir, `${n}.npy`)))]));
  assert.deepEqual(shapes, { X: [64, 4], y: [64], beta: [4], W0: [4, 4], v0: [4], W: [4, 4], v: [4] });
  const header = readFileSync(join(dir, 'metrics.csv'), 'utf8').split('\n')[0].split(',');
  for (const c of ['step', 'train_loss', 'population_loss', 'align_weighted', 'align_min', 'norm_W', 'norm_v']) assert.ok(header.includes(c), c);

  for (const [args, message] of [
    [[key.slice(0, 6), '--out', 'x'], /at least 8 hex digits/],
    [['0123456789abcdef', '--out', 'x'], /no cached run with key 0123456789abcdef/],
    [[key], /--out DIR is required/],
  ] as const) {
    const bad = await repro(cwd, 'export', ...args);
    assert.equal(bad.code, 2, bad.err);
    assert.match(bad.err, message);
    assert.equal(bad.err.split('\n').length, 2, 'one line');
  }
});

test('bad flags are user errors with one line and exit 2', async () => {
  const cwd = scratch('run-flags');
  writeManifest(cwd, 'tiny');
  for (const [args, message] of [
    [['--jobs', '0'], /--jobs: expected an integer ≥ 1, got '0'/],
    [['--executor', 'cloud'], /--executor: expected local or slurm/],
    [['--runs-per-task', '2'], /--runs-per-task applies to --executor slurm only/],
    [['--nope'], /unknown option '--nope'/],
    [['--executor', 'slurm', '--config', 'nope.yaml'], /nope\.yaml: cannot read file/],
    [['missing.yaml'], /missing\.yaml/],
  ] as const) {
    const r = await repro(cwd, 'run', 'tiny.yaml', ...args);
    assert.equal(r.code, 2, `${args}: ${r.err}`);
    assert.match(r.err, message);
  }
  assert.deepEqual(readdirSync(cwd), ['tiny.yaml'], 'nothing written');
});

test('report with none of its runs in the cache (a mistyped --cache) is a user error that writes nothing', async () => {
  const cwd = scratch('report-empty');
  writeManifest(cwd, 'tiny');
  const r = await repro(cwd, 'report', 'tiny.yaml', '--cache', join(cwd, 'no-such-cache'));
  assert.equal(r.code, 2, r.err);
  assert.match(
    r.err,
    /^repro report: none of the 6 runs of the quick profile is in the cache .*no-such-cache \(run `repro run --profile quick` first, or pass the right --cache\)\n$/,
  );
  assert.deepEqual(readdirSync(cwd), ['tiny.yaml'], 'no figure, claims, site or lock written');
});
