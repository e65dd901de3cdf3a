// `repro bundle`, `repro verify`, `repro audit` end to end through bin/repro.js on a temp git repo
// with a tiny cache: exit codes 0 / 1 (check failed) / 2 (bad input), one line, no stack trace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import { entryDir } from '../../pipeline/cache/store.ts';
import { makeFixture, type Fixture } from '../../pipeline/testing/bundle-fixture.ts';

const BIN = fileURLToPath(new URL('../../bin/repro.js', import.meta.url));
let fx: Fixture;

before(async () => {
  fx = await makeFixture({ runs: 2 });
});
after(() => fx.cleanup());

function repro(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: fx.repo, encoding: 'utf8', env: { ...process.env, REPRO_CACHE: fx.cache } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function oneLine(err: string): void {
  assert.equal(err.trim().split('\n').length, 1, err);
  assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
}

test('bundle -> verify: exit 0; a tampered bundle: exit 1 naming the file; garbage: exit 2', () => {
  const out = join(fx.root, 'artifact.tar.gz');
  const b = repro('bundle', '--out', out);
  assert.equal(b.code, 0, b.err);
  assert.match(b.out, /sha256 [0-9a-f]{64}/);
  const v = repro('verify', '--checksums-only', out);
  assert.equal(v.code, 0, v.err);
  assert.match(v.out, /OK — \d+ files match SHA256SUMS, 2 runs match repro.lock.json, source\/ is commit's tree \(checksums only/);

  const dir = join(fx.root, 'unpacked');
  mkdirSync(dir);
  tar.x({ file: out, cwd: dir, sync: true });
  const victim = join(dir, 'repro-artifact/results', fx.keys[1], 'neurons.csv');
  writeFileSync(
    victim,
    readFileSync(victim, 'utf8').replace(/\d/, (d) => String((Number(d) + 1) % 10)),
  );
  const tampered = join(fx.root, 'tampered.tar.gz');
  tar.c({ file: tampered, cwd: dir, gzip: true, sync: true }, ['repro-artifact']);
  const t = repro('verify', '--checksums-only', tampered);
  assert.equal(t.code, 1, t.err);
  assert.match(t.out, new RegExp(`results/${fx.keys[1]}/neurons\\.csv: checksum mismatch`));
  oneLine(t.err);

  const bytes = readFileSync(out);
  const garbage = join(fx.root, 'garbage.tar.gz');
  writeFileSync(garbage, bytes.subarray(0, bytes.length >> 1));
  const g = repro('verify', garbage);
  assert.equal(g.code, 2, g.err);
  oneLine(g.err);
});

test('bundle refuses a dirty tree: exit 2, one line, nothing written', () => {
  const readme = join(fx.repo, 'README.md');
  const original = readFileSync(readme);
  writeFileSync(readme, 'changed\n');
  try {
    const out = join(fx.root, 'dirty.tar.gz');
    const r = repro('bundle', '--out', out);
    assert.equal(r.code, 2);
    oneLine(r.err);
    assert.match(r.err, /uncommitted changes .*README\.md.*--allow-dirty/);
    assert.equal(existsSync(out), false);
  } finally {
    writeFileSync(readme, original);
  }
  const u = repro('bundle', '--no-such-flag');
  assert.equal(u.code, 2);
  oneLine(u.err);
});

test('audit: exit 0 with a JSON report; a flipped cached byte: exit 1 naming key and file', () => {
  const ok = repro('audit', '--sample', '1', '--seed', '3', '--json');
  assert.equal(ok.code, 0, ok.err);
  const report = JSON.parse(ok.out);
  assert.equal(report.ok, true);
  assert.equal(report.sample.keys.length, 1);

  const key = fx.keys[0];
  const file = join(entryDir(fx.cache, key), 'W.npy');
  const original = readFileSync(file);
  const flipped = Buffer.from(original);
  flipped[flipped.length - 1] ^= 0x01;
  writeFileSync(file, flipped);
  try {
    const bad = repro('audit', '--sample', '0');
    assert.equal(bad.code, 1);
    assert.match(bad.out, new RegExp(`MISMATCH ${key} W\\.npy: sha256 differs from the lock`));
  } finally {
    writeFileSync(file, original);
  }
});
