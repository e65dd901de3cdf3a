// repro verify: a good bundle passes; a flipped byte in a bundled file or in the bundled lock is
// named; crafted archives (../, absolute paths, symlinks, devices, duplicates) are rejected before
// anything is written, and garbage is a one-line UserError.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { UserError } from '../errors.ts';
import { sha256 } from '../cache/key.ts';
import { buildBundle } from './bundle.ts';
import { makeFixture, type Fixture } from '../testing/bundle-fixture.ts';
import { verifyBundle, type VerifyOptions } from './verify.ts';
import { parseSize } from '../manifest/limits.ts';

/** The fixture's source is not the pipeline's: these tests check hashes, rederive.test.ts the re-derivation. */
const verifyHashes = (file: string, opts: VerifyOptions = {}) => verifyBundle(file, { rederive: false, ...opts });

let fx: Fixture;
let good: string;
let unpacked: string;

before(async () => {
  fx = await makeFixture({ runs: 2 });
  good = (await buildBundle({ repo: fx.repo, cacheDir: fx.cache, out: join(fx.root, 'good.tar.gz') })).path;
  unpacked = join(fx.root, 'unpacked');
  mkdirSync(unpacked);
  await tar.x({ file: good, cwd: unpacked });
});
after(() => fx.cleanup());

/** A copy of the good bundle with `edit` applied to its extracted tree, repacked. */
async function tampered(name: string, edit: (top: string) => void): Promise<string> {
  const dir = join(fx.root, `t-${name}`);
  cpSync(unpacked, dir, { recursive: true });
  edit(join(dir, 'repro-artifact'));
  const out = join(fx.root, `${name}.tar.gz`);
  await tar.c({ gzip: true, file: out, cwd: dir, portable: true }, ['repro-artifact']);
  return out;
}

function flipByte(path: string, at = 10): void {
  const b = readFileSync(path);
  b[at] ^= 0x01;
  writeFileSync(path, b);
}

/** A .tar.gz assembled from raw headers: lets a test write entries node-tar would never create. */
function rawArchive(entries: { path: string; type?: string; body?: string; linkpath?: string }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const header = Buffer.alloc(512);
    new tar.Header({ path: e.path, type: (e.type ?? 'File') as 'File', size: body.length, mode: 0o644, mtime: new Date(0), linkpath: e.linkpath }).encode(
      header,
      0,
    );
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

describe('repro verify', () => {
  test('a good bundle passes', async () => {
    const r = await verifyHashes(good);
    assert.deepEqual(r.problems, []);
    assert.equal(r.runs, 2);
    assert.ok(r.files > 20);
  });

  test('one flipped byte in a bundled result is reported by name', async () => {
    const file = `results/${fx.keys[0]}/metrics.csv`;
    const r = await verifyHashes(await tampered('result', (top) => flipByte(join(top, file))));
    assert.deepEqual(r.problems, [
      { path: file, message: 'checksum mismatch (SHA256SUMS)' },
      { path: file, message: 'sha256 differs from repro.lock.json' },
    ]);
  });

  test('one flipped byte in the bundled lock file is reported by name', async () => {
    const target = `results/${fx.keys[1]}/W.npy`;
    const r = await verifyHashes(
      await tampered('lock', (top) => {
        const lockPath = join(top, 'source/repro.lock.json');
        const text = readFileSync(lockPath, 'utf8');
        const lock = JSON.parse(text);
        const hash: string = lock.runs[fx.keys[1]].files['W.npy'];
        const flipped = (hash[0] === '0' ? '1' : '0') + hash.slice(1); // one hex digit = one byte of text
        writeFileSync(lockPath, text.replace(hash, flipped));
      }),
    );
    assert.deepEqual(r.problems, [
      { path: target, message: 'sha256 differs from repro.lock.json' },
      {
        path: 'source/',
        message: `is not the tree of commit ${execSync('git rev-parse HEAD', { cwd: fx.repo }).toString().slice(0, 12)} (edited after the bundle was made, or bundled with --allow-dirty)`,
      },
      { path: 'source/repro.lock.json', message: 'checksum mismatch (SHA256SUMS)' },
    ]);
  });

  test('an entry.json whose spec was edited (and SHA256SUMS updated to match) is caught', async () => {
    const path = `results/${fx.keys[0]}/entry.json`;
    const r = await verifyHashes(
      await tampered('entry', (top) => {
        const text = readFileSync(join(top, path), 'utf8').replace('"lr": 0.5', '"lr": 0.25');
        writeFileSync(join(top, path), text);
        const sums = readFileSync(join(top, 'SHA256SUMS'), 'utf8');
        writeFileSync(
          join(top, 'SHA256SUMS'),
          sums
            .split('\n')
            .map((l) => (l.endsWith(`  ${path}`) ? `${sha256(text)}  ${path}` : l))
            .join('\n'),
        );
      }),
    );
    assert.deepEqual(r.problems, [{ path, message: "its spec does not hash to the run key under the lock's fingerprint" }]);
  });

  test('a figure of the site that differs from the lock is reported by name', async () => {
    const r = await verifyHashes(await tampered('figure', (top) => writeFileSync(join(top, 'site/figures/loss.svg'), '<svg/>\n')));
    assert.deepEqual(r.problems, [
      { path: 'site/figures/loss.svg', message: 'checksum mismatch (SHA256SUMS)' },
      { path: 'site/figures/loss.svg', message: 'sha256 differs from repro.lock.json (figure loss)' },
    ]);
  });

  test('an uncovered file, a removed run and an emptied file are reported by name', async () => {
    const [k0, k1] = fx.keys;
    const r = await verifyHashes(
      await tampered('extra', (top) => {
        writeFileSync(join(top, 'site/extra.html'), 'x');
        rmSync(join(top, `results/${k0}`), { recursive: true });
        writeFileSync(join(top, `results/${k1}/v.npy`), '');
      }),
    );
    const lines = r.problems.map((p) => `${p.path}: ${p.message}`);
    for (const want of [
      'site/extra.html: not covered by SHA256SUMS',
      `results/${k0}/: run of repro.lock.json missing from the bundle`,
      `results/${k0}/metrics.csv: listed in SHA256SUMS but missing`,
      `results/${k1}/v.npy: checksum mismatch (SHA256SUMS)`,
      `results/${k1}/v.npy: sha256 differs from repro.lock.json`,
    ])
      assert.ok(lines.includes(want), `${want}\nnot in:\n${lines.join('\n')}`);
  });

  test('unsafe entries are rejected before anything is written', async () => {
    const canary = `evil-${process.pid}-${Date.now()}`;
    const cases: [string, Parameters<typeof rawArchive>[0], RegExp][] = [
      [
        'dotdot',
        [
          { path: 'repro-artifact/', type: 'Directory' },
          { path: `repro-artifact/../../${canary}`, body: 'pwned' },
        ],
        /'\.\.' component/,
      ],
      ['leading-dotdot', [{ path: `../${canary}`, body: 'pwned' }], /'\.\.' component/],
      [
        'absolute',
        [
          { path: 'repro-artifact/ok', body: 'fine' },
          { path: join(tmpdir(), canary), body: 'pwned' },
        ],
        /absolute path/,
      ],
      ['symlink', [{ path: 'repro-artifact/link', type: 'SymbolicLink', linkpath: '/etc/passwd' }], /type SymbolicLink/],
      ['hardlink', [{ path: 'repro-artifact/link', type: 'Link', linkpath: 'repro-artifact/x' }], /type Link/],
      ['fifo', [{ path: 'repro-artifact/pipe', type: 'FIFO' }], /type FIFO/],
      ['chardev', [{ path: 'repro-artifact/dev', type: 'CharacterDevice' }], /type CharacterDevice/],
      [
        'duplicate',
        [
          { path: 'repro-artifact/a', body: '1' },
          { path: 'repro-artifact/a', body: '2' },
        ],
        /duplicate entry/,
      ],
      ['outside-top', [{ path: 'other/file', body: 'x' }], /outside the top folder/],
    ];
    const tmpRoot = join(fx.root, 'verify-tmp');
    mkdirSync(tmpRoot);
    for (const [name, entries, why] of cases) {
      const file = join(fx.root, `${name}.tar.gz`);
      writeFileSync(file, rawArchive(entries));
      await assert.rejects(verifyHashes(file, { tmpRoot }), (err: Error) => err instanceof UserError && why.test(err.message), name);
    }
    assert.equal(existsSync(join(tmpdir(), canary)), false);
    assert.equal(existsSync(join(fx.root, canary)), false);
    assert.deepEqual(readdirSync(tmpRoot), [], 'no extraction folder was even created');
    // The good bundle extracts there, and the folder is removed afterwards.
    assert.deepEqual((await verifyHashes(good, { tmpRoot })).problems, []);
    assert.deepEqual(readdirSync(tmpRoot), []);
  });

  test('an archive that unpacks past the limits is refused before anything is written', async () => {
    const tmpRoot = join(fx.root, 'bomb-tmp');
    mkdirSync(tmpRoot);
    // 64 MiB of zeros gzip to ~64 KiB: refused at a 16 MiB limit, long before the stream ends.
    const bomb = join(fx.root, 'bomb.tar.gz');
    writeFileSync(bomb, rawArchive([{ path: 'repro-artifact/zeros', body: '\0'.repeat(64 * 2 ** 20) }]));
    const limits = { maxBytes: 16 * 2 ** 20, maxEntries: 1000 };
    await assert.rejects(verifyHashes(bomb, { tmpRoot, limits }), (err: Error) => err instanceof UserError && /unpacks to more than 16 MiB/.test(err.message));
    const many = join(fx.root, 'many.tar.gz');
    writeFileSync(many, rawArchive(Array.from({ length: 30 }, (_, i) => ({ path: `repro-artifact/f${i}` }))));
    await assert.rejects(
      verifyHashes(many, { tmpRoot, limits: { ...limits, maxEntries: 20 } }),
      (err: Error) => err instanceof UserError && /more than 20 entries/.test(err.message),
    );
    assert.deepEqual(readdirSync(tmpRoot), [], 'nothing extracted');
    // The good bundle passes the same limits.
    assert.deepEqual((await verifyHashes(good, { tmpRoot, limits })).problems, []);
  });

  test('--max-size takes bytes or binary units; anything else is a UserError', () => {
    assert.equal(parseSize('--max-size', '123456'), 123456);
    assert.equal(parseSize('--max-size', '4G'), 4 * 2 ** 30);
    assert.equal(parseSize('--max-size', '500MiB'), 500 * 2 ** 20);
    assert.equal(parseSize('--max-size', '1.5 gb'), 1.5 * 2 ** 30);
    for (const bad of ['', 'foo', '-1G', '0', '4X', '1e9']) assert.throws(() => parseSize('--max-size', bad), UserError, bad);
  });

  test('a malformed archive is a one-line UserError', async () => {
    const cases: [string, Buffer][] = [
      ['garbage', Buffer.from('this is not an archive\n'.repeat(40))],
      ['truncated', readFileSync(good).subarray(0, 2000)],
      ['empty-gzip', gzipSync(Buffer.alloc(0))],
    ];
    for (const [name, bytes] of cases) {
      const file = join(fx.root, `${name}.bin`);
      writeFileSync(file, bytes);
      await assert.rejects(verifyHashes(file), (err: Error) => err instanceof UserError && !err.message.includes('\n'), name);
    }
    await assert.rejects(verifyHashes(join(fx.root, 'no-such.tar.gz')), UserError);
  });
});
