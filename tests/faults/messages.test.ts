// Fault suite, one line instead of a stack trace (issue 18, item 6): a manifest nested 100,000
// levels deep, a 300-character experiment name, a full disk (ENOSPC) and a denied permission
// (EACCES) injected into the file system (tests/faults/inject.mjs), and two reports at once. Each
// gives one line naming the path and the problem, exit 1 or 2, and leaves nothing half-written.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../../pipeline/testing/scratch.ts';
import { assertHandled, cli, freshStudy, INJECT, leftovers } from './helpers.ts';

const inject = (fault: string) => ({ NODE_OPTIONS: `--import=${INJECT}`, REPRO_FAULT: fault });

describe('no stack trace', { concurrency: 4 }, () => {
  test('a JSON manifest nested 100,000 levels deep: validate and run give one line, exit 2', async () => {
    const dir = scratchDir('fault-deep');
    writeFileSync(join(dir, 'deep.json'), `{"experiment": "deep", "title": "Deep", "description": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    for (const command of ['validate', 'run'])
      assertHandled(await cli(dir, [command, 'deep.json']), [2], /^(repro \w+: )?deep\.json:1:\d+: invalid JSON: nested more than 64 levels deep$/);
  });

  test('a YAML manifest nested 100,000 levels deep: one line, exit 2', async () => {
    const dir = scratchDir('fault-deep-yaml');
    writeFileSync(join(dir, 'deep.yaml'), `experiment: deep\ntitle: Deep\ndescription: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    assertHandled(await cli(dir, ['validate', 'deep.yaml']), [2], /^deep\.yaml(:\d+:\d+)?: /);
  });

  test('a 300-character experiment name: run and report give one line at the field, exit 2', async () => {
    const dir = await freshStudy('long-name');
    writeFileSync(join(dir, 'tiny.yaml'), readFileSync(join(dir, 'tiny.yaml'), 'utf8').replace('experiment: tiny', `experiment: ${'x'.repeat(300)}`));
    for (const command of ['run', 'report']) {
      const r = await cli(dir, [command, 'tiny.yaml']);
      assertHandled(r, [2], /^(repro \w+: )?tiny\.yaml:1:13: experiment: must be at most 64 characters \(got 300\)$/, command === 'run' ? 2 : 1);
    }
    assert.deepEqual(leftovers(dir), []);
  });

  test('a full disk while the site is written: one line naming the file, exit 1, the old site intact, no temporary left', async () => {
    const dir = await freshStudy('enospc-site');
    const before = readFileSync(join(dir, 'reports/site/index.html'));
    const r = await cli(dir, ['report', 'tiny.yaml'], { env: inject('ENOSPC:reports/site:5') });
    assertHandled(r, [1], /^repro report: .*reports\/site.*: no space left on the device \(ENOSPC, write\)$/m, 2);
    assert.deepEqual(readFileSync(join(dir, 'reports/site/index.html')), before);
    assert.deepEqual(leftovers(dir), []);
  });

  test('a full disk while the lock is written: one line, exit 1, the lock as it was, no temporary left', async () => {
    const dir = await freshStudy('enospc-lock');
    const before = readFileSync(join(dir, 'repro.lock.json'));
    const r = await cli(dir, ['run', 'tiny.yaml'], { env: inject('ENOSPC:repro.lock.json') });
    assertHandled(r, [1], /^repro run: .*repro\.lock\.json\..*: no space left on the device \(ENOSPC, write\)$/m);
    assert.deepEqual(readFileSync(join(dir, 'repro.lock.json')), before);
    assert.deepEqual(leftovers(dir), []);
  });

  test('permission denied on the claims file: one line naming it, exit 2', async () => {
    const dir = await freshStudy('eacces');
    const r = await cli(dir, ['report', 'tiny.yaml'], { env: inject('EACCES:claims.json') });
    assertHandled(r, [2], /^repro report: .*claims\.json.*: permission denied \(EACCES, open\)$/m, 2);
    assert.deepEqual(leftovers(dir), []);
  });

  test('two reports at once, five times over: both succeed, the site is whole, nothing is left over', async () => {
    const dir = await freshStudy('two-reports');
    for (let round = 0; round < 5; round++) {
      const both = await Promise.all([cli(dir, ['report', 'tiny.yaml']), cli(dir, ['report', 'tiny.yaml'])]);
      for (const r of both) assertHandled(r, [0], null, 0);
      assert.match(readFileSync(join(dir, 'reports/site/index.html'), 'utf8'), /<\/html>\s*$/);
      assert.deepEqual(leftovers(dir), [], `round ${round}`);
    }
  });
});

describe('two manifests of one experiment', { concurrency: 4 }, () => {
  // A copied manifest kept its `experiment:` line: report crashed with a stack trace ("two
  // figures are named ..."), after validate, run and status had accepted it.
  test("validate, run, status and report: one line at the second one's experiment field, exit 2, nothing written", async () => {
    const dir = await freshStudy('same-experiment');
    mkdirSync(join(dir, 'experiments'));
    cpSync(join(dir, 'tiny.yaml'), join(dir, 'experiments/a.yaml'));
    cpSync(join(dir, 'tiny.yaml'), join(dir, 'experiments/b.yaml'));
    const lock = readFileSync(join(dir, 'repro.lock.json'));
    const site = readFileSync(join(dir, 'reports/site/index.html'));
    const line =
      /^(repro \w+: )?experiments\/b\.yaml:1:13: experiment: 'tiny' is also the experiment of experiments\/a\.yaml \(an experiment id names one manifest\)$/;
    for (const command of ['validate', 'run', 'status', 'report']) assertHandled(await cli(dir, [command]), [2], line);
    assert.deepEqual(readFileSync(join(dir, 'repro.lock.json')), lock);
    assert.deepEqual(readFileSync(join(dir, 'reports/site/index.html')), site);
    assert.deepEqual(leftovers(dir), []);
  });
});
