// `repro diff OLD [NEW]` end to end: against a git revision (the working tree by default), two
// lock files, and a bundle; claims, runs (with the largest change per metric) and figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { readLockFile } from '../../pipeline/cache/lockfile.ts';
import { git, repro, scratch, writeManifest } from './run-helpers.ts';

/** A repository with one experiment (C2, the linear rate, in its regime) whose lock is committed; then the
 *  working tree's runs are longer, on slightly noisy labels: other rates, other measured rows. */
async function changed(name: string): Promise<string> {
  const cwd = scratch(name);
  const base = 'n: 256, d: 4, m: 4, init: balanced, stop_loss: 1.0e-12';
  writeManifest(join(cwd, 'experiments'), 'tiny', { seeds: 2, steps: 100, sigma: 1e-6, base, extra: ['claims: { C2: {} }'] });
  assert.equal((await repro(cwd, 'run')).code, 0);
  assert.equal((await repro(cwd, 'report')).code, 0);
  git(cwd, 'init', '-q');
  git(cwd, 'add', 'repro.lock.json', 'experiments');
  git(cwd, 'commit', '-qm', 'sigma 0.01');
  const set = ['--set', 'base.steps=3000', '--set', 'base.noise=0.001'];
  assert.equal((await repro(cwd, 'run', ...set)).code, 0);
  assert.equal((await repro(cwd, 'report', ...set)).code, 0);
  return cwd;
}

test('diff HEAD: the claims, each run with changed outputs and its largest change per metric; --exit-code', async () => {
  const cwd = await changed('diff-head');
  const r = await repro(cwd, 'diff', 'HEAD');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.match(lines[0], /^diff HEAD \([0-9a-f]{12}\) -> the working tree$/);
  assert.match(r.out, /^claims: 1 changed$/m);
  assert.match(r.out, /^ {2}tiny\/C2$/m, 'the verdict (FAIL) did not change');
  assert.match(r.out, /^ {4}lr = 0\.2: ρ\/lr measured \(last decade\) vs predicted; ratio: not reached vs \S+; not reached \(no interval\) -> 0\.\d+ vs /m);
  assert.match(r.out, /^runs: 4 with changed outputs, 0 added, 0 removed; 0 unchanged$/m);
  assert.match(r.out, /^ {2}changed {2}tiny {2}lr=0\.2 seed=0 {2}\(quick; [0-9a-f]{12} -> [0-9a-f]{12}\): .*metrics\.csv/m);
  assert.match(r.out, /^ {6}rows: \d+ -> \d+ \(\d+ at the same steps\)$/m);
  assert.match(r.out, /^ {6}train_loss +max \|Δ\| \S+ at step \d+ \(\S+ -> \S+\)$/m);
  assert.match(r.out, /^diff: results differ$/m);
  const code = await repro(cwd, 'diff', 'HEAD', '--exit-code');
  assert.equal(code.code, 1);

  const json = JSON.parse((await repro(cwd, 'diff', 'HEAD', '--json')).out);
  assert.deepEqual(Object.keys(json).sort(), ['claims', 'differs', 'figures', 'fingerprint', 'new', 'old', 'runs', 'runs_rekeyed', 'runs_unchanged']);
  assert.equal(json.differs, true);
  const run = json.runs[0];
  assert.deepEqual(Object.keys(run).sort(), ['change', 'experiment', 'files', 'metrics', 'new_key', 'old_key', 'params', 'profile']);
  const loss = run.metrics.columns.find((c: { column: string }) => c.column === 'train_loss');
  assert.ok(loss.max_abs_diff > 0 && Math.abs(loss.new - loss.old) === loss.max_abs_diff, JSON.stringify(loss));
  assert.equal(json.claims[0].verdict, null);
  assert.equal(json.claims[0].measured.length, 2);
});

test('diff of two lock files and of a bundle; identical sides exit 0 with --exit-code; a bad side is one line', async () => {
  const cwd = await changed('diff-files');
  copyFileSync(join(cwd, 'repro.lock.json'), join(cwd, 'now.json'));
  const same = await repro(cwd, 'diff', 'now.json', 'repro.lock.json', '--exit-code');
  assert.equal(same.code, 0, same.out);
  assert.match(same.out, /^runs: 0 with changed outputs, 0 added, 0 removed; 4 unchanged$/m);
  assert.match(same.out, /^diff: no difference in claims, run outputs or figures$/m);

  // A bundle of the committed state: its lock (in source/) and one run's files (in results/).
  const top = join(cwd, 'b/repro-artifact');
  mkdirSync(join(top, 'source'), { recursive: true });
  const old = git(cwd, 'show', 'HEAD:repro.lock.json');
  writeFileSync(join(top, 'source/repro.lock.json'), old);
  const key = Object.keys(JSON.parse(old).runs)[0];
  cpSync(join(cwd, '.repro/cache/runs', key), join(top, 'results', key), { recursive: true });
  await tar.create({ gzip: true, file: join(cwd, 'old.tar.gz'), cwd: join(cwd, 'b') }, ['repro-artifact']);
  const r = await repro(cwd, 'diff', 'old.tar.gz', '--json');
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out);
  assert.equal(json.old, 'old.tar.gz');
  assert.equal(json.runs.length, 4);
  assert.ok(
    json.runs.every((x: { metrics: unknown }) => x.metrics !== null),
    'metrics at hand: the bundle has one, the cache the others',
  );
  assert.equal(readLockFile(join(cwd, 'now.json')).fingerprint, json.fingerprint.new);

  for (const [args, message] of [
    [['nope'], "repro diff: 'nope' is not a file, a bundle or a git revision"],
    [[], 'repro diff: expected OLD [NEW], got nothing (usage: repro diff OLD [NEW] [--json] [--exit-code] [--cache DIR] [--lock FILE])'],
    [['HEAD', '--lock', 'missing.json'], 'repro diff: HEAD has no missing.json'],
  ] as const) {
    const bad = await repro(cwd, 'diff', ...args);
    assert.equal(bad.code, 2, bad.err);
    assert.equal(bad.err, `${message}\n`);
  }
  assert.equal(readFileSync(join(cwd, 'now.json'), 'utf8'), readFileSync(join(cwd, 'repro.lock.json'), 'utf8'));
});
