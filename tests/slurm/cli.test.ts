// `repro run --executor slurm` input errors, without any Slurm: each is one line and exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { scratchDir } from '../../pipeline/testing/scratch.ts';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = scratchDir('slurm-cli');
writeFileSync(join(work, 'tiny.yaml'), 'experiment: tiny\ntitle: Tiny\nbase: { n: 16, d: 2, m: 2, steps: 5 }\nseeds: [0]\n');
writeFileSync(join(work, 'bad.yaml'), 'slurm:\n  mem: lots\n');

// PATH holds only node: no sbatch, whatever the machine has installed.
const bin = join(work, 'bin');
mkdirSync(bin);
symlinkSync(process.execPath, join(bin, 'node'));

let runs = 0;
function repro(...args: string[]) {
  // A fresh cache each time: with nothing missing, no executor would be asked.
  const cache = join(work, `cache-${runs++}`);
  return spawnSync(
    process.execPath,
    [join(ROOT, 'bin', 'repro.js'), 'run', join(work, 'tiny.yaml'), '--cache', cache, '--lock', join(work, 'lock.json'), ...args],
    { cwd: work, env: { ...process.env, PATH: bin }, encoding: 'utf8' },
  );
}

test('no Slurm client: exit 2 with a hint, nothing computed', () => {
  const r = repro('--executor', 'slurm');
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr.trim(), "repro run: 'sbatch' not found: the Slurm executor needs a Slurm client (for a local one: scripts/slurm-local.sh start)");
});

test('a bad config file: exit 2 with file:line:col before anything is submitted', () => {
  const r = repro('--executor', 'slurm', '--config', join(work, 'bad.yaml'));
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr.trim(), /^repro run: .*bad\.yaml:2:8: slurm\.mem: invalid value \(got 'lots'\); expected sbatch --mem/);
});

test('bad --runs-per-task: exit 2', () => {
  const r = repro('--executor', 'slurm', '--runs-per-task', 'x');
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr.trim(), "repro run: --runs-per-task: expected an integer ≥ 1, got 'x'");
});

test('repro worker: usage errors exit 2', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'repro.js'), 'worker', '--batch', join(work, 'none.json'), '--task', '0', '--cache', work], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /none\.json: no such batch file/);
});
