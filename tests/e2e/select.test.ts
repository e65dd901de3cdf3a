// `repro run` with a selection (--where, --key, KEY), --force (recompute and compare bytes),
// --replace, and --set overrides, end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../../pipeline/cache/key.ts';
import { readLockFile } from '../../pipeline/cache/lockfile.ts';
import { assertCacheSound, entries, repro, scratch, summary, writeManifest } from './run-helpers.ts';

type Row = { key: string; state: string; params: Record<string, number> };
const status = async (cwd: string, ...args: string[]): Promise<Row[]> => JSON.parse((await repro(cwd, 'status', 'tiny.yaml', '--json', ...args)).out);

test('--where and keys select the runs to compute; the lock still records every cached run', async () => {
  const cwd = scratch('select-where');
  writeManifest(cwd, 'tiny');
  const some = await repro(cwd, 'run', 'tiny.yaml', '--where', 'lr=0.2', '--where', 'seed=1');
  assert.equal(some.code, 0, some.err);
  assert.deepEqual(summary(some.out), { runs: 6, computed: 1, reused: 0, failed: 0, diverged: 0 });
  assert.match(some.out, /, 5 not selected in /);
  const rows = await status(cwd);
  assert.deepEqual(
    rows.filter((r) => r.state === 'cached').map((r) => r.params),
    [{ lr: 0.2, seed: 1 }],
  );
  // Keys as positionals (a prefix of 10 hex digits) and with --key.
  const byKey = await repro(cwd, 'run', 'tiny.yaml', rows[0].key.slice(0, 10), '--key', rows[1].key);
  assert.deepEqual(summary(byKey.out), { runs: 6, computed: 2, reused: 1, failed: 0, diverged: 0 });
  assert.equal(Object.keys(readLockFile(join(cwd, 'repro.lock.json')).runs).length, 3);
});

test('a selection that names nothing is a one-line error that computes nothing', async () => {
  const cwd = scratch('select-bad');
  writeManifest(cwd, 'tiny');
  for (const [args, message] of [
    [['--where', 'lrr=0.1'], "repro run: --where lrr=0.1: no run has a field 'lrr' (did you mean 'lr'?)"],
    [['--where', 'lr=0.3'], 'repro run: --where lr=0.3: no run has lr = 0.3 (values: 0.1, 0.2)'],
    [['--where', 'lr=0.1', '--where', 'lr=0.2'], 'repro run: no run matches --where lr=0.1 and --where lr=0.2'],
    [['--where', 'lr'], 'repro run: --where lr: expected FIELD=VALUE, e.g. --where lr=0.1 or --where experiment=width'],
    [['deadbeefdeadbeef'], 'repro run: no run of the manifests has key deadbeefdeadbeef (`repro status` lists them)'],
    [['--key', 'xyz'], 'repro run: --key xyz: expected at least 8 hex digits of a run key'],
    [['--force'], 'repro run: --force needs a selection (--where FIELD=VALUE, --key KEY or KEY): it recomputes exactly those runs'],
    [['--replace', '--where', 'lr=0.1'], 'repro run: --replace applies to --force only'],
  ] as const) {
    const r = await repro(cwd, 'run', 'tiny.yaml', ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.equal(r.err, `${message}\n`);
  }
  assert.deepEqual(readdirSync(cwd), ['tiny.yaml'], 'nothing written');
});

/** Rewrites a cached entry's metrics.csv and its recorded hash: a self-consistent entry whose bytes a rerun will not reproduce. */
function perturb(cache: string, key: string): void {
  const dir = join(cache, 'runs', key);
  const metrics = readFileSync(join(dir, 'metrics.csv'), 'utf8').split('\n');
  const cells = metrics[2].split(',');
  cells[2] = String(Number(cells[2]) * 1.001);
  metrics[2] = cells.join(',');
  writeFileSync(join(dir, 'metrics.csv'), metrics.join('\n'));
  const entry = JSON.parse(readFileSync(join(dir, 'entry.json'), 'utf8'));
  entry.files['metrics.csv'] = sha256(metrics.join('\n'));
  writeFileSync(join(dir, 'entry.json'), JSON.stringify(entry, null, 2));
}

test('--force recomputes exactly the selection: identical bytes change nothing, a difference fails unless --replace', async () => {
  const cwd = scratch('select-force');
  writeManifest(cwd, 'tiny');
  assert.equal((await repro(cwd, 'run', 'tiny.yaml')).code, 0);
  const cache = join(cwd, '.repro/cache');
  const lockBefore = readFileSync(join(cwd, 'repro.lock.json'), 'utf8');
  const same = await repro(cwd, 'run', 'tiny.yaml', '--force', '--where', 'lr=0.1');
  assert.equal(same.code, 0, same.err);
  assert.deepEqual(summary(same.out), { runs: 6, computed: 3, reused: 3, failed: 0, diverged: 0 });
  assert.equal([...same.out.matchAll(/^identical {2}[0-9a-f]{12} {2}tiny {2}lr=0\.1 seed=\d$/gm)].length, 3);
  assert.equal(readFileSync(join(cwd, 'repro.lock.json'), 'utf8'), lockBefore);

  const [row] = (await status(cwd)).filter((r) => r.params.lr === 0.2 && r.params.seed === 0);
  perturb(cache, row.key);
  const differs = await repro(cwd, 'run', 'tiny.yaml', '--force', row.key.slice(0, 12));
  assert.equal(differs.code, 1, differs.err);
  assert.match(
    differs.err,
    new RegExp(
      `^NOT REPRODUCED {2}${row.key.slice(0, 12)} {2}tiny {2}lr=0\\.2 seed=0: metrics\\.csv differs from the cached entry, a reproducibility failure`,
      'm',
    ),
  );
  assert.match(differs.out, /1 NOT REPRODUCED/);
  const kept = readLockFile(join(cwd, 'repro.lock.json')).runs[row.key].files['metrics.csv'];
  assert.notEqual(kept, JSON.parse(lockBefore).runs[row.key].files['metrics.csv'], 'the cached (perturbed) entry was kept');

  const replaced = await repro(cwd, 'run', 'tiny.yaml', '--force', '--key', row.key, '--replace', '--json');
  assert.equal(replaced.code, 0, replaced.err);
  const json = JSON.parse(replaced.out);
  assert.deepEqual(json.forced, [
    { key: row.key, outcome: 'replaced', differs: ['metrics.csv'], error: null, experiment: 'tiny', params: { lr: 0.2, seed: 0 } },
  ]);
  assert.equal(readFileSync(join(cwd, 'repro.lock.json'), 'utf8'), lockBefore, 'the recomputed bytes are the original ones');
  assertCacheSound(cache);
  assert.equal(entries(cache).length, 6);
  assert.deepEqual(readdirSync(join(cache, 'tmp')), [], 'no scratch left');
});

test('--set runs the overridden specs under their own keys, cached like any; a bad value is one line', async () => {
  const cwd = scratch('select-set');
  writeManifest(cwd, 'tiny');
  assert.equal((await repro(cwd, 'run', 'tiny.yaml')).code, 0);
  const plain = await status(cwd);
  const set = await repro(cwd, 'run', 'tiny.yaml', '--set', 'base.steps=60', '--set', 'grid.lr=[0.1]');
  assert.equal(set.code, 0, set.err);
  assert.deepEqual(summary(set.out), { runs: 3, computed: 3, reused: 0, failed: 0, diverged: 0 });
  assert.match(set.err, /^note: repro\.lock\.json now records the runs with --set base\.steps=60 --set grid\.lr=\[0\.1\]/m);
  const overridden = await status(cwd, '--set', 'base.steps=60', '--set', 'grid.lr=[0.1]');
  assert.deepEqual(
    overridden.map((r) => r.state),
    ['cached', 'cached', 'cached'],
  );
  assert.ok(
    overridden.every((r) => !plain.some((p) => p.key === r.key)),
    'new specs, new keys',
  );
  const again = await repro(cwd, 'run', 'tiny.yaml', '--set', 'base.steps=60', '--set', 'grid.lr=[0.1]');
  assert.deepEqual(summary(again.out), { runs: 3, computed: 0, reused: 3, failed: 0, diverged: 0 });
  assert.equal(entries(join(cwd, '.repro/cache')).length, 9);

  const bad = await repro(cwd, 'run', 'tiny.yaml', '--set', 'base.m=abc');
  assert.equal(bad.code, 2);
  assert.equal(bad.err, "--set base.m=abc: base.m: must be a positive integer (got 'abc')\n".replace(/^/, 'repro run: '));
});

test('--dry-run lists what would be computed and why, with the cost, and writes nothing', async () => {
  const cwd = scratch('select-dry');
  writeManifest(cwd, 'tiny');
  const fresh = await repro(cwd, 'run', 'tiny.yaml', '--dry-run');
  assert.equal(fresh.code, 0, fresh.err);
  assert.equal([...fresh.out.matchAll(/^would compute {2}[0-9a-f]{12} {2}tiny {2}lr=0\.\d seed=\d {2}~ +[0-9.]+ s {2}never computed$/gm)].length, 6);
  assert.match(fresh.out, /^dry run: 6 of 6 runs would be computed \(6 never computed\), estimated [0-9.]+ s of compute .*; nothing computed or written$/m);
  assert.deepEqual(readdirSync(cwd), ['tiny.yaml'], 'no cache, no lock, no timings');

  assert.equal((await repro(cwd, 'run', 'tiny.yaml')).code, 0);
  const lock = readFileSync(join(cwd, 'repro.lock.json'), 'utf8');
  writeManifest(cwd, 'tiny', { lrs: [0.1, 0.3] });
  const changed = await repro(cwd, 'run', 'tiny.yaml', '-n', '--json');
  assert.equal(changed.code, 0, changed.err);
  const d = JSON.parse(changed.out);
  assert.deepEqual(Object.keys(d).sort(), ['cost', 'dry_run', 'profile', 'runs', 'seconds', 'unique']);
  assert.deepEqual(
    d.runs.map((r: { params: object; why: { kind: string } }) => [r.params, r.why.kind]),
    [0, 1, 2].map((seed) => [{ lr: 0.3, seed }, 'never-computed']),
  );
  const set = await repro(cwd, 'run', 'tiny.yaml', '-n', '--set', 'base.sigma=0.02', '--where', 'lr=0.1');
  assert.equal([...set.out.matchAll(/ {2}spec changed: sigma 0\.01 -> 0\.02$/gm)].length, 3, set.out);
  const elsewhere = await repro(cwd, 'run', 'tiny.yaml', '-n', '--cache', 'other', '--where', 'lr=0.1');
  assert.match(elsewhere.out, /not in this cache; the lock records it/);
  const forced = await repro(cwd, 'run', 'tiny.yaml', '-n', '--force', '--where', 'seed=0');
  assert.match(forced.out, /^dry run: 2 of 6 runs would be computed \(1 forced, 1 never computed\)/m);
  assert.equal(readFileSync(join(cwd, 'repro.lock.json'), 'utf8'), lock, 'the lock untouched');
  assert.equal(entries(join(cwd, '.repro/cache')).length, 6, 'nothing computed');
});
