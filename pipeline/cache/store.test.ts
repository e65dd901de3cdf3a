import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scratchDir } from '../testing/scratch.ts';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { HOST } from './owner.ts';
import { join, resolve } from 'node:path';
import { runKey } from './key.ts';
import {
  cleanTmp,
  entryDir,
  hasEntry,
  listKeys,
  readEntry,
  openEntry,
  quarantineDir,
  resolveCacheDir,
  tmpRoot,
  verifyEntry,
  writeEntry,
  type EntryMeta,
} from './store.ts';
import { DEFAULT_SPEC } from '../sim/types.ts';

const FP = 'f'.repeat(64);
const cacheDir = (): string => scratchDir('store');
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function base(seed = 0): Omit<EntryMeta, 'files'> {
  const spec = { ...DEFAULT_SPEC, seed };
  return { key: runKey(spec, FP), spec, fingerprint: FP, status: 'ok', message: null, wall_ms: 1 };
}

test('cache dir: --cache flag, then $REPRO_CACHE, then .repro/cache; always absolute', () => {
  assert.equal(resolveCacheDir('x/c', { REPRO_CACHE: '/env' }), resolve('x/c'));
  assert.equal(resolveCacheDir(undefined, { REPRO_CACHE: '/env' }), '/env');
  assert.equal(resolveCacheDir(undefined, {}), resolve('.repro/cache'));
});

test('an entry written is a hit, reads back, and verifies', () => {
  const cache = cacheDir();
  const b = base();
  assert.equal(hasEntry(cache, b.key), false);
  assert.equal(readEntry(cache, b.key), null);
  const r = writeEntry(cache, b, { 'b.csv': bytes('x\n1\n'), 'a.npy': bytes('npy') });
  assert.equal(r.written, true);
  assert.equal(r.conflict, null);
  assert.equal(hasEntry(cache, b.key), true);
  assert.deepEqual(readEntry(cache, b.key), r.meta);
  assert.deepEqual(Object.keys(r.meta.files), ['a.npy', 'b.csv']);
  assert.deepEqual(openEntry(cache, b.key, { keep: true })!.files, { 'a.npy': bytes('npy'), 'b.csv': bytes('x\n1\n') });
  assert.deepEqual(verifyEntry(cache, b.key), []);
  assert.deepEqual(listKeys(cache), [b.key]);
  assert.deepEqual(readdirSync(tmpRoot(cache)), [], 'nothing left in tmp/');
});

test('verifyEntry finds changed, missing and extra files and a key that does not match the spec', () => {
  const cache = cacheDir();
  const b = base();
  writeEntry(cache, b, { 'a.csv': bytes('1'), 'b.csv': bytes('2') });
  const dir = entryDir(cache, b.key);
  writeFileSync(join(dir, 'a.csv'), '9');
  writeFileSync(join(dir, 'stray.txt'), '');
  assert.deepEqual(verifyEntry(cache, b.key), ['a.csv: sha256 differs from entry.json', 'stray.txt: not listed in entry.json']);

  const wrong = { ...base(1), key: base(2).key };
  writeEntry(cache, wrong, {});
  assert.deepEqual(verifyEntry(cache, wrong.key), ['entry.json: key does not match sha256 of {spec, fingerprint}']);
});

test('the first entry for a key is kept; different bytes for the same key are reported as a conflict', () => {
  const cache = cacheDir();
  const b = base();
  writeEntry(cache, b, { 'a.csv': bytes('1') });
  const same = writeEntry(cache, { ...b, wall_ms: 999 }, { 'a.csv': bytes('1') });
  assert.equal(same.written, false);
  assert.equal(same.conflict, null, 'wall time is not part of the comparison');
  assert.equal(same.meta.wall_ms, 1);
  const other = writeEntry(cache, b, { 'a.csv': bytes('2') });
  assert.equal(other.written, false);
  assert.match(other.conflict!, /determinism bug/);
  assert.match(other.conflict!, /a\.csv/);
  assert.deepEqual(openEntry(cache, b.key, { keep: true })!.files, { 'a.csv': bytes('1') });
  assert.deepEqual(readdirSync(tmpRoot(cache)), []);
});

test('a write that fails leaves no entry and no tmp dir', () => {
  const cache = cacheDir();
  const b = base();
  assert.throws(() => writeEntry(cache, b, { 'entry.json': bytes('{}') }), /bad output file name/);
  assert.throws(() => writeEntry(cache, b, { '../x': bytes('') }), /bad output file name/);
  assert.throws(() => writeEntry(cache, { ...b, key: '../../x' }, {}), /not a run key/);
  assert.equal(hasEntry(cache, b.key), false);
  assert.equal(existsSync(tmpRoot(cache)), false);
});

test('an unsound entry is quarantined with one line, counts as missing, and a new write takes its place', () => {
  const cache = cacheDir();
  const b = base();
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);
  const damage: [string, (dir: string) => void][] = [
    ['a.csv: sha256 differs', (dir) => writeFileSync(join(dir, 'a.csv'), '2')],
    ['a.csv: sha256 differs', (dir) => writeFileSync(join(dir, 'a.csv'), '')],
    ['no entry.json', (dir) => rmSync(join(dir, 'entry.json'))],
    ['entry.json: not valid JSON', (dir) => writeFileSync(join(dir, 'entry.json'), '{"key": ')],
    ['entry.json: files is not an object', (dir) => writeFileSync(join(dir, 'entry.json'), JSON.stringify({ ...b, files: null }))],
    ['a.csv: is a symbolic link', (dir) => (rmSync(join(dir, 'a.csv')), symlinkSync('/etc/passwd', join(dir, 'a.csv')))],
    ['a.csv: is dir', (dir) => (rmSync(join(dir, 'a.csv')), mkdirSync(join(dir, 'a.csv')))],
    ['the entry is a symbolic link', (dir) => (renameSync(dir, `${dir}.real`), symlinkSync(`${dir}.real`, dir))],
    ['the entry is a file, not a folder', (dir) => (rmSync(dir, { recursive: true }), writeFileSync(dir, 'x'))],
  ];
  for (const [why, hurt] of damage) {
    writeEntry(cache, b, { 'a.csv': bytes('1') });
    hurt(entryDir(cache, b.key));
    lines.length = 0;
    assert.equal(readEntry(cache, b.key, log), null, why);
    assert.equal(lines.length, 1, why);
    assert.match(lines[0], new RegExp(`^cache entry ${b.key.slice(0, 12)} is unsound: (.*; )?(${why})`), lines[0]);
    assert.doesNotMatch(lines[0], /root:/, 'the content of a linked file is never quoted');
    assert.equal(existsSync(entryDir(cache, b.key)), false, 'moved aside');
  }
  assert.equal(readdirSync(quarantineDir(cache)).length, damage.length, 'nothing deleted');
  // A write onto an unsound entry moves it aside and takes its place.
  writeEntry(cache, b, { 'a.csv': bytes('1') });
  writeFileSync(join(entryDir(cache, b.key), 'a.csv'), '9');
  const again = writeEntry(cache, b, { 'a.csv': bytes('1') });
  assert.equal(again.written, true);
  assert.deepEqual(verifyEntry(cache, b.key), []);
});

test("cleanTmp removes what dead or long-gone writers left, never a live writer's dir", () => {
  const cache = cacheDir();
  const tmp = tmpRoot(cache);
  mkdirSync(tmp, { recursive: true });
  const k = 'a'.repeat(12);
  const dead = `999999999@${HOST}-${k}-AAAAAA`; // no such pid
  const live = `${process.ppid}@${HOST}-${k}-BBBBBB`;
  const mine = `${process.pid}@${HOST}-${k}-CCCCCC`;
  const remote = `123@elsewhere.example-${k}-DDDDDD`;
  const oldRemote = `124@elsewhere.example-${k}-EEEEEE`;
  for (const d of [dead, live, mine, remote, oldRemote]) mkdirSync(join(tmp, d));
  writeFileSync(join(tmp, dead, 'metrics.csv'), 'half');
  const old = (Date.now() - 2 * 3600_000) / 1000;
  utimesSync(join(tmp, oldRemote), old, old);
  assert.equal(cleanTmp(cache), 2);
  assert.deepEqual(readdirSync(tmp).sort(), [live, mine, remote].sort());
  assert.equal(cleanTmp(cache, { own: true }), 1);
  assert.deepEqual(readdirSync(tmp).sort(), [live, remote].sort());
  assert.equal(cleanTmp(join(cache, 'nonexistent')), 0);
});
