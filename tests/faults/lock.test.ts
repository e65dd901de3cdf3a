// Fault suite, the lock file (issue 18, items 3 and 6): a malformed lock — not JSON, a folder,
// runs null or a list, a run whose files are null — is one line naming the field for every
// command that reads it; audit fails on a lock that lists no runs and checks the figures too.
import { describe, test } from 'node:test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertHandled, cli, editLock, flipDigit, freshStudy, keysOf, leftovers, type LooseLock } from './helpers.ts';
import assert from 'node:assert/strict';

const firstRun = (lock: LooseLock) => lock.runs[Object.keys(lock.runs).sort()[0]];

const MALFORMED: Record<string, [(dir: string) => void, RegExp]> = {
  'runs: null': [(dir) => editLock(dir, (l) => ({ ...l, runs: null })), /repro\.lock\.json: runs: expected an object of run key -> run, got null/],
  'runs: a list': [(dir) => editLock(dir, (l) => ({ ...l, runs: [] })), /repro\.lock\.json: runs: expected an object .*got a list/],
  'a run with "files": null': [
    (dir) => editLock(dir, (l) => ((firstRun(l).files = null), l)),
    /repro\.lock\.json: runs\["[0-9a-f]{12}…"\]\.files: expected an object of file name -> sha256, got null/,
  ],
  'the lock is a folder': [
    (dir) => (rmSync(join(dir, 'repro.lock.json')), mkdirSync(join(dir, 'repro.lock.json'))),
    /repro\.lock\.json: is a folder, not a lock file/,
  ],
  'not JSON': [(dir) => writeFileSync(join(dir, 'repro.lock.json'), '{"version": 1, "runs": {'), /repro\.lock\.json: not valid JSON/],
};

describe('a malformed lock file', { concurrency: 4 }, () => {
  for (const [name, [damage, message]] of Object.entries(MALFORMED)) {
    for (const command of [
      ['run', 'tiny.yaml'],
      ['report', 'tiny.yaml'],
      ['audit', '--sample', '0'],
    ]) {
      test(`${name}: ${command[0]} exits 2 with one line naming the field`, async () => {
        const dir = await freshStudy(`lock-${command[0]}`);
        damage(dir);
        const r = await cli(dir, command);
        assertHandled(r, [2], message);
        assert.deepEqual(leftovers(dir), []);
      });
    }
  }
});

describe('audit checks everything the lock claims', { concurrency: 4 }, () => {
  test('a lock whose runs were deleted fails: nothing to audit', async () => {
    const dir = await freshStudy('audit-empty');
    editLock(dir, (l) => ({ ...l, runs: {} }));
    assertHandled(await cli(dir, ['audit', '--sample', '0']), [1], /repro\.lock\.json lists no runs: nothing to audit/);
  });

  test('a figure file that differs from the lock fails, by figure and file', async () => {
    const dir = await freshStudy('audit-figure');
    writeFileSync(join(dir, 'reports/figures/tiny-loss.caption.txt'), 'All claims hold.\n');
    const r = await cli(dir, ['audit', '--sample', '0']);
    assertHandled(r, [1], /mismatches found/, 3); // and audit's two progress lines
    assert.match(r.out, /^MISMATCH figure tiny-loss tiny-loss\.caption\.txt: sha256 differs from the lock \(figure store\)$/m);
  });

  test('a changed byte in a cached file fails audit (and audit moves nothing)', async () => {
    const dir = await freshStudy('audit-byte');
    const [key] = keysOf(dir);
    flipDigit(join(dir, '.repro/cache/runs', key, 'metrics.csv'));
    const r = await cli(dir, ['audit', '--sample', '0']);
    assertHandled(r, [1], /mismatches found/, 3);
    assert.match(r.out, new RegExp(`MISMATCH ${key} metrics\\.csv`));
  });
});
