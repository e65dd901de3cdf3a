// Fault suite, bundle and verify (issue 18, items 1, 4 and 6): bundle never packs an entry that
// does not verify; verify refuses a second gzip member or appended bytes, and names a malformed
// bundled lock (runs null, a run with files null) instead of crashing or passing. (The
// re-derivation cases — claims, site, ARTIFACT.md or source edited, SHA256SUMS recomputed — are
// in tests/e2e/rederive.test.ts: they need a bundle of the real pipeline.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { sha256 } from '../../pipeline/cache/key.ts';
import { makeFixture, type Fixture } from '../../pipeline/testing/bundle-fixture.ts';
import { assertHandled, BIN, type Result } from './helpers.ts';

let fx: Fixture;
let good: string;

function repro(...args: string[]): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: fx.repo, encoding: 'utf8', env: { ...process.env, REPRO_CACHE: fx.cache } });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

before(async () => {
  fx = await makeFixture({ runs: 2 });
  good = join(fx.root, 'good.tar.gz');
  assert.equal(repro('bundle', '--out', good).code, 0);
});
after(() => fx.cleanup());

/** The good bundle with its lock edited and SHA256SUMS recomputed to match, as a forger would. */
async function withLock(name: string, edit: (lock: Record<string, unknown>) => unknown): Promise<string> {
  const dir = join(fx.root, `x-${name}`);
  mkdirSync(dir);
  await tar.x({ file: good, cwd: dir });
  const top = join(dir, 'repro-artifact');
  const lockPath = join(top, 'source/repro.lock.json');
  writeFileSync(lockPath, JSON.stringify(edit(JSON.parse(readFileSync(lockPath, 'utf8'))), null, 2));
  const sums = readFileSync(join(top, 'SHA256SUMS'), 'utf8').replace(/^[0-9a-f]{64}(?= {2}source\/repro\.lock\.json$)/m, sha256(readFileSync(lockPath)));
  writeFileSync(join(top, 'SHA256SUMS'), sums);
  const out = join(fx.root, `${name}.tar.gz`);
  await tar.c({ gzip: true, file: out, cwd: dir, portable: true }, ['repro-artifact']);
  return out;
}

describe('verify', { concurrency: 4 }, () => {
  test('a second gzip member after the tar: exit 2, one line', () => {
    const two = join(fx.root, 'two.tar.gz');
    writeFileSync(two, Buffer.concat([readFileSync(good), gzipSync(Buffer.alloc(1024))]));
    assertHandled(repro('verify', '--checksums-only', two), [2], /two\.tar\.gz: \d+ bytes after the gzip stream \(a second member or appended data\)/);
  });

  test('bytes appended after the gzip stream: exit 2, one line', () => {
    const junk = join(fx.root, 'junk.tar.gz');
    writeFileSync(junk, Buffer.concat([readFileSync(good), Buffer.from('#!/bin/sh\necho pwned\n')]));
    assertHandled(repro('verify', '--checksums-only', junk), [2], /junk\.tar\.gz: (\d+ bytes after the gzip stream|not a valid \.tar\.gz)/);
  });

  test('a bundled lock with runs: null: exit 1, the lock named, no stack trace', async () => {
    const r = repro('verify', '--checksums-only', await withLock('runs-null', (l) => ({ ...l, runs: null })));
    assertHandled(r, [1], /problem\(s\)/);
    assert.match(r.out, /^source\/repro\.lock\.json: not a valid lock file \(.*runs: expected an object of run key -> run, got null/m);
  });

  test('a bundled lock run with "files": null: exit 1, the field named', async () => {
    const r = repro(
      'verify',
      '--checksums-only',
      await withLock('files-null', (l) => {
        const runs = l.runs as Record<string, Record<string, unknown>>;
        runs[Object.keys(runs)[0]].files = null;
        return l;
      }),
    );
    assertHandled(r, [1], /problem\(s\)/);
    assert.match(r.out, /^source\/repro\.lock\.json: not a valid lock file \(.*\.files: expected an object of file name -> sha256, got null/m);
  });
});

describe('bundle', () => {
  test('never packs a claims.json that differs from the claims the lock records (a report killed between the two, or an edit)', () => {
    const path = join(fx.repo, 'reports/claims.json');
    const original = readFileSync(path);
    writeFileSync(path, original.toString().replace('"PASS"', '"FAIL"'));
    try {
      const r = repro('bundle', '--out', join(fx.root, 'stale-claims.tar.gz'));
      assertHandled(r, [2], /refusing to bundle: .*reports\/claims\.json does not match the claims recorded in repro\.lock\.json/, 2);
    } finally {
      writeFileSync(path, original);
    }
  });

  test('never packs an entry.json that does not verify (its spec edited): the run counts as missing', () => {
    const entry = join(fx.cache, 'runs', fx.keys[0], 'entry.json');
    const original = readFileSync(entry);
    const meta = JSON.parse(original.toString());
    writeFileSync(entry, JSON.stringify({ ...meta, spec: { ...meta.spec, lr: 0.25 } }, null, 2));
    const r = repro('bundle', '--out', join(fx.root, 'tampered.tar.gz'));
    assertHandled(r, [2], /refusing to bundle: 1 run\(s\) of repro\.lock\.json missing from the cache/, 2);
    assert.match(r.err, new RegExp(`cache entry ${fx.keys[0].slice(0, 12)} is unsound: entry\\.json: key does not match`));
  });
});
