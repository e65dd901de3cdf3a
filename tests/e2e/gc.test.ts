// `repro gc` end to end: keeps what the working tree's lock (and --keep-rev revisions) reference,
// removes the rest and stale temporaries, never touches anything outside the cache, refuses a
// folder that is not a cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST } from '../../pipeline/cache/owner.ts';
import { readLockFile } from '../../pipeline/cache/lockfile.ts';
import { entries, git, repro, scratch, writeManifest } from './run-helpers.ts';

/** A cache with the manifest's 6 runs plus 3 runs of an override no longer in the lock. */
async function withGarbage(name: string): Promise<{ cwd: string; cache: string; locked: string[]; extra: string[] }> {
  const cwd = scratch(name);
  writeManifest(cwd, 'tiny');
  assert.equal((await repro(cwd, 'run', 'tiny.yaml', '--set', 'base.steps=40', '--set', 'grid.lr=[0.3]')).code, 0);
  const cache = join(cwd, '.repro/cache');
  const extra = entries(cache);
  assert.equal((await repro(cwd, 'run', 'tiny.yaml')).code, 0);
  const locked = Object.keys(readLockFile(join(cwd, 'repro.lock.json')).runs);
  return { cwd, cache, locked, extra };
}

test('gc removes the entries no lock references and stale temporaries; --dry-run removes nothing', async () => {
  const { cwd, cache, locked, extra } = await withGarbage('gc-basic');
  // A temporary left by a writer that is gone (its pid no longer runs) and one of a live writer.
  const dead = spawnSync('true').pid;
  mkdirSync(join(cache, 'tmp', `${dead}@${HOST}-0123456789ab-xyz`, 'deep'), { recursive: true });
  mkdirSync(join(cache, 'tmp', `${process.pid}@${HOST}-0123456789ab-live`), { recursive: true });
  const dry = await repro(cwd, 'gc', '--dry-run');
  assert.equal(dry.code, 0, dry.err);
  for (const key of extra) assert.match(dry.out, new RegExp(`^would remove {2}entry {2}runs/${key} {2}\\d`, 'm'));
  assert.match(dry.out, new RegExp(`^would remove {2}temp  {2}tmp/${dead}@`, 'm'));
  assert.match(dry.out, /^gc: \.repro\/cache: 6 of 6 referenced runs present; would remove 4 \([0-9.]+ KiB\) — dry run, nothing removed$/m);
  assert.equal(entries(cache).length, 9);

  const r = await repro(cwd, 'gc');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^gc: \.repro\/cache: 6 of 6 referenced runs present; removed 4 \([0-9.]+ KiB\)$/m);
  assert.deepEqual(entries(cache), [...locked].sort(), 'exactly the referenced entries remain');
  assert.deepEqual(readdirSync(join(cache, 'tmp')), [`${process.pid}@${HOST}-0123456789ab-live`], "a live writer's temporary stays");
  const again = await repro(cwd, 'gc', '--json');
  assert.deepEqual(JSON.parse(again.out), {
    cache,
    dry_run: false,
    referenced: 6,
    present: 6,
    recent: [],
    removed: [],
    bytes_freed: 0,
  });
});

test('--keep-rev keeps the runs a revision locks; an entry newer than the lock is kept for a run at work', async () => {
  const { cwd, cache, extra } = await withGarbage('gc-rev');
  git(cwd, 'init', '-q');
  // Commit the lock of the override, then go back to the manifest's runs in the working tree.
  assert.equal((await repro(cwd, 'run', 'tiny.yaml', '--set', 'base.steps=40', '--set', 'grid.lr=[0.3]')).code, 0);
  git(cwd, 'add', 'repro.lock.json');
  git(cwd, 'commit', '-qm', 'override');
  assert.equal((await repro(cwd, 'run', 'tiny.yaml')).code, 0);
  const kept = await repro(cwd, 'gc', '--keep-rev', 'HEAD');
  assert.equal(kept.code, 0, kept.err);
  assert.match(kept.out, /^gc: \.repro\/cache: 9 of 9 referenced runs present; removed 0 \(0 bytes\)$/m);
  assert.equal(entries(cache).length, 9);
  // Made newer than the lock: as if a run were computing it and had not recorded it yet.
  const future = Date.now() / 1000 + 60;
  utimesSync(join(cache, 'runs', extra[0], 'entry.json'), future, future);
  const r = await repro(cwd, 'gc');
  assert.match(r.out, /^kept 1 unreferenced entries written after repro\.lock\.json/m);
  assert.deepEqual(
    entries(cache).filter((k) => extra.includes(k)),
    [extra[0]],
  );
  const bad = await repro(cwd, 'gc', '--keep-rev', 'no-such-rev');
  assert.equal(bad.code, 2);
  assert.equal(bad.err, 'repro gc: --keep-rev no-such-rev: not a git revision\n');
});

test('gc never leaves the cache: a symlinked entry loses only the link; a folder that is no cache is refused', async () => {
  const { cwd, cache } = await withGarbage('gc-safe');
  const outside = join(cwd, 'precious');
  mkdirSync(outside);
  writeFileSync(join(outside, 'data.txt'), 'keep me');
  symlinkSync(outside, join(cache, 'runs', 'f'.repeat(64)));
  const r = await repro(cwd, 'gc');
  assert.equal(r.code, 0, r.err);
  assert.equal(existsSync(join(cache, 'runs', 'f'.repeat(64))), false);
  assert.deepEqual(readdirSync(outside), ['data.txt']);

  mkdirSync(join(cwd, 'not-a-cache'));
  writeFileSync(join(cwd, 'not-a-cache', 'notes.txt'), '');
  for (const [args, message] of [
    [['--cache', 'not-a-cache'], `repro gc: --cache: ${join(cwd, 'not-a-cache')} does not look like a repro cache (no runs/ folder in it); nothing removed`],
    [['--cache', 'missing'], `repro gc: --cache: ${join(cwd, 'missing')} does not exist; nothing removed`],
    [['--lock', 'none.json'], 'repro gc: no lock file at none.json: gc keeps what a lock references, and would keep nothing'],
  ] as const) {
    const bad = await repro(cwd, 'gc', ...args);
    assert.equal(bad.code, 2, bad.err);
    assert.equal(bad.err, `${message}\n`);
  }
  assert.deepEqual(readdirSync(join(cwd, 'not-a-cache')), ['notes.txt']);
});
