// repro audit on a tiny cache + lock: a sound cache passes and re-execution reproduces the
// recorded bytes; a flipped byte in a cached output or in the lock, and a missing entry, are
// reported by key and file; the seeded draw is deterministic.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entryDir } from './store.ts';
import { audit, drawSample, formatAudit } from './audit.ts';
import { computeRun } from '../exec/compute.ts';
import { makeFixture, type Fixture } from '../testing/bundle-fixture.ts';
import { CheckFailed, UserError } from '../errors.ts';

let fx: Fixture;
before(async () => {
  fx = await makeFixture({ runs: 4 });
});
after(() => fx.cleanup());

/** Runs `fn` with `path` edited, then restores its bytes. */
function withEdited<T>(path: string, edit: (b: Buffer) => Buffer, fn: () => T): T {
  const original = readFileSync(path);
  writeFileSync(path, edit(Buffer.from(original)));
  try {
    return fn();
  } finally {
    writeFileSync(path, original);
  }
}

/** What `repro audit` passes: re-execution through the path `repro run` takes. */
const reexecute = (spec: Parameters<typeof computeRun>[0], dir: string) => computeRun(spec, dir).meta;

const flip = (at: number) => (b: Buffer) => ((b[at] ^= 0x01), b);

describe('repro audit', () => {
  test('a sound cache passes; re-executed runs reproduce the recorded bytes', () => {
    const r = audit({ cacheDir: fx.cache, lockPath: fx.lock, figuresDir: join(fx.repo, 'reports/figures'), sample: 4, seed: 7, reexecute });
    assert.equal(r.ok, true, formatAudit(r));
    assert.equal(r.hashes.runs, 4);
    assert.deepEqual([...r.sample.keys].sort(), fx.keys);
    for (const x of r.sample.runs) {
      assert.equal(x.spec_from, 'entry.json');
      assert.equal(x.files, 8);
      assert.deepEqual(x.mismatches, []);
    }
    assert.match(formatAudit(r), /audit: OK$/);
  });

  test('the draw is seeded and deterministic', () => {
    assert.deepEqual(drawSample(fx.keys, 2, 1), drawSample([...fx.keys].reverse(), 2, 1));
    const draws = new Set([0, 1, 2, 3, 4, 5].map((s) => drawSample(fx.keys, 2, s).join()));
    assert.ok(draws.size > 1, 'different seeds draw different runs');
    assert.deepEqual(drawSample(fx.keys, 0, 0), []);
  });

  test('a flipped byte in a cached output is reported by key and file', () => {
    const key = fx.keys[2];
    const r = withEdited(join(entryDir(fx.cache, key), 'metrics.csv'), flip(40), () =>
      audit({ cacheDir: fx.cache, lockPath: fx.lock, figuresDir: join(fx.repo, 'reports/figures'), sample: 0, seed: 0, reexecute }),
    );
    assert.equal(r.ok, false);
    assert.deepEqual(r.hashes.mismatches, [{ key, file: 'metrics.csv', problem: 'sha256 differs from the lock (cache)' }]);
    assert.match(formatAudit(r), new RegExp(`MISMATCH ${key} metrics.csv`));
  });

  test('a flipped byte in the lock file is reported by key and file, by the re-execution too', () => {
    const key = fx.keys[0];
    const text = readFileSync(fx.lock, 'utf8');
    const hash: string = JSON.parse(text).runs[key].files['v.npy'];
    const at = text.indexOf(hash);
    const r = withEdited(fx.lock, flip(at + 5), () =>
      audit({ cacheDir: fx.cache, lockPath: fx.lock, figuresDir: join(fx.repo, 'reports/figures'), sample: 4, seed: 0, reexecute }),
    );
    assert.equal(r.ok, false);
    assert.deepEqual(r.hashes.mismatches, [{ key, file: 'v.npy', problem: 'sha256 differs from the lock (cache)' }]);
    const rerun = r.sample.runs.find((x) => x.key === key)!;
    assert.deepEqual(rerun.mismatches, [{ key, file: 'v.npy', problem: 'sha256 differs from the lock (re-executed)' }]);
  });

  test('a missing entry is reported and cannot be re-executed', () => {
    const key = fx.keys[3];
    const moved = join(fx.root, 'moved-entry');
    renameSync(entryDir(fx.cache, key), moved);
    try {
      const r = audit({ cacheDir: fx.cache, lockPath: fx.lock, figuresDir: join(fx.repo, 'reports/figures'), sample: 4, seed: 0, reexecute });
      assert.equal(r.ok, false);
      assert.deepEqual(r.hashes.missing, [key]);
      assert.equal(r.sample.runs.find((x) => x.key === key)!.spec_from, null);
      assert.match(formatAudit(r), new RegExp(`MISSING ${key}`));
    } finally {
      renameSync(moved, entryDir(fx.cache, key));
    }
  });
});

describe('repro audit checks everything the lock claims', () => {
  const opts = () => ({ cacheDir: fx.cache, lockPath: fx.lock, figuresDir: join(fx.repo, 'reports/figures'), sample: 0, seed: 0, reexecute });

  test("a figure file that differs from the lock's figures section is a mismatch", () => {
    const r = withEdited(join(fx.repo, 'reports/figures/loss.svg'), flip(3), () => audit(opts()));
    assert.equal(r.ok, false);
    assert.deepEqual(r.figures.mismatches, [{ key: 'loss', file: 'loss.svg', problem: 'sha256 differs from the lock (figure store)' }]);
    assert.match(formatAudit(r), /MISMATCH figure loss loss\.svg/);
    assert.equal(audit(opts()).figures.files, 2);
  });

  test('a lock that lists no runs, or a malformed one, fails with one line', () => {
    const text = readFileSync(fx.lock, 'utf8');
    const edit = (lock: object) => () => Buffer.from(JSON.stringify({ ...JSON.parse(text), ...lock }));
    assert.throws(
      () => withEdited(fx.lock, edit({ runs: {} }), () => audit(opts())),
      (e: Error) => e instanceof CheckFailed && /lists no runs/.test(e.message),
    );
    assert.throws(
      () => withEdited(fx.lock, edit({ runs: null }), () => audit(opts())),
      (e: Error) => e instanceof UserError && /runs: expected an object/.test(e.message),
    );
  });
});
