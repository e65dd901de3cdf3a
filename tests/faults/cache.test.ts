// Fault suite, cache entries (issue 18, items 1 and 6): a corrupt, truncated, symlinked or
// incomplete entry is never used. Every command that reads it moves it to quarantine/ with one
// line naming it and why, treats it as missing, and `repro run` computes it again; nothing prints
// a stack trace, nothing quotes a linked file.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertHandled, cli, entryOf, flipDigit, freshStudy, keysOf, leftovers, quarantined, type Result } from './helpers.ts';

type Damage = (entry: string) => void;

const DAMAGE: Record<string, [Damage, RegExp]> = {
  'a byte changed in metrics.csv': [(e) => flipDigit(join(e, 'metrics.csv')), /metrics\.csv: sha256 differs from entry\.json/],
  'metrics.csv truncated': [
    (e) => writeFileSync(join(e, 'metrics.csv'), readFileSync(join(e, 'metrics.csv')).subarray(0, 200)),
    /metrics\.csv: sha256 differs/,
  ],
  'metrics.csv empty': [(e) => writeFileSync(join(e, 'metrics.csv'), ''), /metrics\.csv: sha256 differs/],
  'metrics.csv a folder': [(e) => (rmSync(join(e, 'metrics.csv')), mkdirSync(join(e, 'metrics.csv'))), /metrics\.csv: is dir/],
  'metrics.csv linked to /etc/passwd': [
    (e) => (rmSync(join(e, 'metrics.csv')), symlinkSync('/etc/passwd', join(e, 'metrics.csv'))),
    /metrics\.csv: is a symbolic link/,
  ],
  'no entry.json': [(e) => rmSync(join(e, 'entry.json')), /no entry\.json/],
  'entry.json truncated': [(e) => writeFileSync(join(e, 'entry.json'), readFileSync(join(e, 'entry.json')).subarray(0, 100)), /entry\.json: not valid JSON/],
  'entry.json empty': [(e) => writeFileSync(join(e, 'entry.json'), ''), /entry\.json: not valid JSON/],
  'entry.json a folder': [(e) => (rmSync(join(e, 'entry.json')), mkdirSync(join(e, 'entry.json'))), /entry\.json is dir/],
  'entry.json with "files": null': [
    (e) => writeFileSync(join(e, 'entry.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(e, 'entry.json'), 'utf8')), files: null })),
    /entry\.json: files is not an object/,
  ],
  'entry.json with another spec': [
    (e) => {
      const meta = JSON.parse(readFileSync(join(e, 'entry.json'), 'utf8'));
      writeFileSync(join(e, 'entry.json'), JSON.stringify({ ...meta, spec: { ...meta.spec, lr: 0.3 } }, null, 2));
    },
    /entry\.json: key does not match/,
  ],
  'the entry replaced by a symlink': [
    (e) => (cpSync(e, `${e}.copy`, { recursive: true }), rmSync(e, { recursive: true }), symlinkSync(`${e}.copy`, e)),
    /the entry is a symbolic link/,
  ],
};

/** One line naming the entry and why, then the command's own output; the entry moved to quarantine/. */
function assertQuarantined(r: Result, dir: string, key: string, why: RegExp, codes = [0], lines = 1): void {
  assertHandled(r, codes, null, lines);
  assert.match(r.err, new RegExp(`cache entry ${key.slice(0, 12)} is unsound: .*${why.source}.*; moved to quarantine/${key}-`));
  assert.doesNotMatch(r.out + r.err, /root:/, 'the content of a linked file is never quoted');
  assert.equal(quarantined(dir).length, 1, 'moved aside, not deleted');
  assert.deepEqual(leftovers(dir), []);
}

// Each case works on its own copy of the study: they run side by side.
describe('unsound cache entries', { concurrency: 4 }, () => {
  for (const [name, [damage, why]] of Object.entries(DAMAGE)) {
    test(`${name}: run quarantines the entry with one line, computes it again, and keeps it in the lock`, async () => {
      const dir = await freshStudy('cache-run');
      const [key] = keysOf(dir);
      damage(entryOf(dir, key));
      const r = await cli(dir, ['run', 'tiny.yaml']);
      assertQuarantined(r, dir, key, why, [0], 2); // and the progress line
      assert.match(r.out, /2 runs \(quick\): 1 computed, 1 reused, 0 failed/);
      assert.deepEqual(keysOf(dir).length, 2, 'the run stays in the lock');
      assert.ok(existsSync(join(entryOf(dir, key), 'entry.json')), 'a sound entry in its place');
    });
  }

  for (const name of [
    'a byte changed in metrics.csv',
    'metrics.csv truncated',
    'metrics.csv a folder',
    'metrics.csv linked to /etc/passwd',
    'entry.json a folder',
  ]) {
    test(`${name}: report never uses it (quarantined, one line; the run is missing, its claim INCOMPLETE)`, async () => {
      const dir = await freshStudy('cache-report');
      const [key] = keysOf(dir);
      const [damage, why] = DAMAGE[name];
      damage(entryOf(dir, key));
      const r = await cli(dir, ['report', 'tiny.yaml']);
      assertQuarantined(r, dir, key, why);
      assert.match(r.out, /tiny: 1 of 2 runs are not in the cache/);
      assert.match(r.out, /claims \(quick profile\): 1 INCOMPLETE/, 'the claim that needed the run says so');
    });
  }

  for (const name of ['a byte changed in metrics.csv', 'entry.json truncated', 'entry.json a folder', 'the entry replaced by a symlink']) {
    test(`${name}: status lists the run as missing after one line`, async () => {
      const dir = await freshStudy('cache-status');
      const [key] = keysOf(dir);
      const [damage, why] = DAMAGE[name];
      damage(entryOf(dir, key));
      const r = await cli(dir, ['status', 'tiny.yaml']);
      assertQuarantined(r, dir, key, why);
      assert.match(r.out, new RegExp(`^${key.slice(0, 12)}  missing`, 'm'));
    });
  }

  test('export of a damaged entry: exit 1, the entry quarantined, no file written', async () => {
    const dir = await freshStudy('cache-export');
    const [key] = keysOf(dir);
    flipDigit(join(entryOf(dir, key), 'neurons.csv'));
    const r = await cli(dir, ['export', key.slice(0, 12), '--out', 'out']);
    assertHandled(r, [1], /cache entry .* (is unsound|does not match)/, 2);
    assert.equal(existsSync(join(dir, 'out', 'metrics.csv')), false);
  });

  test('a write onto a leftover entry folder (no entry.json) takes its place', async () => {
    const dir = await freshStudy('cache-half');
    const [key] = keysOf(dir);
    renameSync(join(entryOf(dir, key), 'entry.json'), join(dir, 'entry.json.bak'));
    const again = await cli(dir, ['run', 'tiny.yaml']);
    assertHandled(again, [0], /no entry\.json/, 2);
    const twice = await cli(dir, ['run', 'tiny.yaml']);
    assertHandled(twice, [0], null, 0);
    assert.match(twice.out, /0 computed, 2 reused/);
  });
});
