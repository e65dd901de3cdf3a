// Fault suite, kills (issue 18, item 2): a SIGKILL at a random moment of a report never leaves the
// site missing or a temporary behind for longer than the next command; what killed processes
// left (a lock file's temporary, a cache tmp dir, a half-swapped site, a bundle's staging folder)
// is recognised by its owner and removed by the next command, and no longer blocks `bundle`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST } from '../../pipeline/cache/owner.ts';
import { makeFixture } from '../../pipeline/testing/bundle-fixture.ts';
import { assertHandled, BIN, cli, freshStudy, leftovers, ROOT } from './helpers.ts';

const CHILD = fileURLToPath(new URL('./report-loop-child.ts', import.meta.url));
const DEAD = `999999@${HOST}`; // no such pid

/** Starts the report loop in `dir` and SIGKILLs it `ms` after it is ready. */
function killReportAfter(dir: string, ms: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve) => {
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), ms));
    child.on('close', () => resolve());
  });
}

test('SIGKILL at random moments of repeated reports: the next report leaves a whole site and no temporary', async () => {
  const dir = await freshStudy('kill-site');
  const files = readdirSync(join(dir, 'reports/site'), { recursive: true }).map(String).sort();
  let missing = 0;
  for (let i = 0; i < 8; i++) {
    await killReportAfter(dir, 50 + Math.floor(Math.random() * 900));
    if (!existsSync(join(dir, 'reports/site/index.html'))) missing++;
  }
  const r = await cli(dir, ['report', 'tiny.yaml']);
  assertHandled(r, [0], null, 0);
  assert.deepEqual(readdirSync(join(dir, 'reports/site'), { recursive: true }).map(String).sort(), files, 'the site is whole');
  assert.deepEqual(leftovers(dir), [], `after 8 kills (${missing} left no site until the next command)`);
  assert.deepEqual(readdirSync(join(dir, 'reports')).sort(), ['claims.csv', 'claims.json', 'figures', 'numbers.tex', 'site']);
});

test("what killed processes left is removed by the next command: a lock file's temporary, a cache tmp dir, a half-swapped site", async () => {
  const dir = await freshStudy('kill-leftovers');
  const site = readFileSync(join(dir, 'reports/site/index.html'));
  writeFileSync(join(dir, `repro.lock.json.${DEAD}-0badf00d.tmp`), '{"version": 1, "ru');
  writeFileSync(join(dir, `reports/claims.json.${DEAD}-0badf00d.tmp`), '');
  mkdirSync(join(dir, `.repro/cache/tmp/${DEAD}-${'0'.repeat(12)}-AAAAAA`), { recursive: true });
  // Killed between its two renames: the old site moved aside, the new one complete beside it.
  const { renameSync, cpSync } = await import('node:fs');
  cpSync(join(dir, 'reports/site'), join(dir, `reports/site.${DEAD}-0badf00d.new.tmp`), { recursive: true });
  renameSync(join(dir, 'reports/site'), join(dir, `reports/site.${DEAD}-0badf00e.old.tmp`));
  const r = await cli(dir, ['report', 'tiny.yaml']);
  assertHandled(r, [0], null, 0);
  assert.deepEqual(readFileSync(join(dir, 'reports/site/index.html')), site);
  const run = await cli(dir, ['run', 'tiny.yaml']);
  assertHandled(run, [0], null, 0);
  assert.deepEqual(leftovers(dir), []);
});

test('a half-swapped site and a killed bundle no longer block the next bundle, which cleans their temporaries', async () => {
  const fx = await makeFixture({ runs: 2 });
  try {
    const tmp = join(fx.root, 'tmp');
    mkdirSync(tmp);
    const env = { ...process.env, REPRO_CACHE: fx.cache, TMPDIR: tmp };
    const bundle = (out: string) => spawnSync(process.execPath, [BIN, 'bundle', '--out', out], { cwd: fx.repo, encoding: 'utf8', env });
    // A bundle killed mid-staging, and a site build killed mid-write (git sees the latter as a change).
    mkdirSync(join(tmp, `repro-bundle-${DEAD}-AbCdEf`, 'repro-artifact'), { recursive: true });
    writeFileSync(join(tmp, `repro-bundle-${DEAD}-AbCdEf`, 'repro-artifact', 'ARTIFACT.md'), 'half');
    mkdirSync(join(fx.repo, `reports/site.${DEAD}-0badf00d.new.tmp`));
    writeFileSync(join(fx.repo, `reports/site.${DEAD}-0badf00d.new.tmp`, 'index.html'), '<!doctype html>');
    for (let i = 0; i < 4; i++) {
      const child = spawn(process.execPath, [BIN, 'bundle', '--out', join(fx.root, `k${i}.tar.gz`)], { cwd: fx.repo, env, stdio: 'ignore' });
      setTimeout(() => child.kill('SIGKILL'), 100 + Math.floor(Math.random() * 500));
      await new Promise((resolve) => child.on('close', resolve));
    }
    const r = bundle(join(fx.root, 'ok.tar.gz'));
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(tmp), [], 'no staging folder of a dead bundle survives the next bundle');
    assert.deepEqual(
      readdirSync(join(fx.repo, 'reports')).filter((n) => n.startsWith('site.')),
      [],
    );
  } finally {
    fx.cleanup();
  }
});
