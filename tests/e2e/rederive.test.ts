// `repro verify` re-derives a real bundle: a copy of this repository with one tiny manifest is
// run, reported, committed and bundled; verify passes, and a claims table, site page, document,
// figure or source file edited afterwards — with SHA256SUMS recomputed to match — fails, as do a
// second gzip member and a malformed lock. (Re-deriving costs seconds: the CLI does it for the
// good bundle and the claims edit; the other edits are compared with one derivation in process.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { sha256 } from '../../pipeline/cache/key.ts';
import { listFiles } from '../../pipeline/artifact/stage.ts';
import { formatSums } from '../../pipeline/artifact/sums.ts';
import { compareRederived, rederiveAndCompare } from '../../pipeline/artifact/rederive.ts';
import { checkCommit } from '../../pipeline/artifact/verify.ts';
import { ROOT, scratch } from './run-helpers.ts';
import { MANIFEST } from '../faults/helpers.ts';

let repo: string, work: string, bundle: string;

function sh(cwd: string, cmd: string, ...args: string[]) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, REPRO_CACHE: '', GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z', GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const repro = (cwd: string, ...args: string[]) => sh(cwd, process.execPath, join(cwd, 'bin/repro.js'), ...args);
const git = (...args: string[]) => sh(repo, 'git', '-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args);

before(() => {
  work = scratch('rederive');
  repo = join(work, 'repo');
  // The repository as it is (tracked and new files), with one tiny manifest instead of the study.
  const files = sh(ROOT, 'git', 'ls-files', '--cached', '--others', '--exclude-standard', '-z').out.split('\0').filter(Boolean);
  for (const f of files.filter((f) => f !== 'node_modules'))
    if (!f.startsWith('experiments/') || f.startsWith('experiments/schema/')) cpSync(join(ROOT, f), join(repo, f), { recursive: true });
  writeFileSync(join(repo, 'experiments/tiny.yaml'), MANIFEST);
  rmSync(join(repo, 'repro.lock.json'), { force: true });
  mkdirSync(join(repo, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules')))
    if (name !== '.cache') symlinkSync(join(ROOT, 'node_modules', name), join(repo, 'node_modules', name));
  assert.equal(git('init', '-q').code, 0);
  for (const step of [['run'], ['report']]) {
    const r = repro(repo, ...step);
    assert.equal(r.code, 0, r.err);
  }
  git('add', '-A');
  assert.equal(git('commit', '-qm', 'fixture').code, 0);
  // The site names the commit it is built at: build it again at the commit that holds the lock.
  assert.equal(repro(repo, 'report').code, 0);
  bundle = join(work, 'bundle.tar.gz');
  const b = repro(repo, 'bundle', '--out', bundle);
  assert.equal(b.code, 0, b.err);
});
after(() => rmSync(work, { recursive: true, force: true }));

const verify = (file: string, ...flags: string[]) => repro(repo, 'verify', file, ...flags);

/** The bundle with `edit` applied and SHA256SUMS recomputed over every file, as a forger would. */
async function forged(name: string, edit: (top: string) => void): Promise<string> {
  const dir = join(work, `x-${name}`);
  mkdirSync(dir);
  await tar.x({ file: bundle, cwd: dir });
  const top = join(dir, 'repro-artifact');
  edit(top);
  const files = listFiles(top).filter((p) => p !== 'SHA256SUMS');
  writeFileSync(join(top, 'SHA256SUMS'), formatSums(Object.fromEntries(files.map((p) => [p, sha256(readFileSync(join(top, p)))]))));
  const out = join(work, `${name}.tar.gz`);
  await tar.c({ gzip: true, file: out, cwd: dir, portable: true }, ['repro-artifact']);
  return out;
}

const edit = (path: string, change: (text: string) => string) => writeFileSync(path, change(readFileSync(path, 'utf8')));

test('a fresh bundle verifies: hashes, commit tree, and claims, figures, site and documents re-derived byte for byte', () => {
  const r = verify(bundle);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(
    r.out,
    /OK — \d+ files match SHA256SUMS, 2 runs match repro\.lock\.json, source\/ is commit's tree; claims, figures, site and documents re-derived identically from the results \([\d.]+ s, dependencies linked\)/,
  );
});

const CLAIMS_EDIT = (top: string) => edit(join(top, 'reports/claims.json'), (t) => t.replace(/"verdict": "[A-Z/]+"/, '"verdict": "WIN"'));

test('a claims table edited after the bundle, with SHA256SUMS recomputed, fails verify by name', async () => {
  const r = verify(await forged('claims', CLAIMS_EDIT));
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /^reports\/claims\.json: differs from what the bundled results and source re-derive/m);
  assert.equal(r.err.trim().split('\n').length, 1, r.err);
  assert.doesNotMatch(r.err, /^\s+at /m);
});

test('site, ARTIFACT.md, figure, source and lock edits are each caught, by name (one derivation, compared with each)', async () => {
  // What `repro verify` does, in process: derive once from the good bundle, then compare each forgery.
  const good = join(work, 'good');
  mkdirSync(good);
  await tar.x({ file: bundle, cwd: good });
  const derived = await rederiveAndCompare(join(good, 'repro-artifact'), join(work, 'derive'));
  assert.deepEqual(derived.problems, []);
  const cases: [string, (top: string) => void, RegExp][] = [
    ['site', (top) => edit(join(top, 'site/index.html'), (t) => t.replace('<body', '<body data-x="1"')), /^site\/index\.html: differs/],
    ['artifact', (top) => edit(join(top, 'ARTIFACT.md'), (t) => t + '\nAll claims PASS.\n'), /^ARTIFACT\.md: differs/],
    ['figure', (top) => edit(join(top, 'figures/tiny-loss.caption.txt'), (t) => t.replace(/\.$/m, '!')), /^figures\/tiny-loss\.caption\.txt: differs/],
    ['added', (top) => writeFileSync(join(top, 'site/extra.html'), '<p>hi</p>'), /^site\/extra\.html: not re-derived/],
    ['source', (top) => edit(join(top, 'source/README.md'), (t) => t + '\nedited\n'), /^source\/: is not the tree of commit [0-9a-f]{12}/],
  ];
  for (const [name, change, expected] of cases) {
    const top = join(work, `cmp-${name}`, 'repro-artifact');
    cpSync(join(good, 'repro-artifact'), top, { recursive: true });
    change(top);
    const files = listFiles(top);
    const actual = new Map(files.map((p) => [p, sha256(readFileSync(join(top, p)))]));
    const problems = [...checkCommit(top, actual), ...compareRederived(top, join(work, 'derive', 'rederived'))];
    assert.ok(
      problems.some((p) => expected.test(`${p.path}: ${p.message}`)),
      `${name}: ${JSON.stringify(problems)}`,
    );
  }
});

test('a bundled lock with runs: null is named, not a crash', async () => {
  const r = verify(
    await forged('lock', (top) => edit(join(top, 'source/repro.lock.json'), (t) => t.replace(/"runs": \{[\s\S]*\n {2}\},\n/, '"runs": null,\n'))),
    '--checksums-only',
  );
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /^source\/repro\.lock\.json: not a valid lock file \(.*runs: expected an object of run key -> run, got null/m);
});

test('a second gzip member after the tar is refused before anything is extracted', () => {
  const two = join(work, 'two.tar.gz');
  writeFileSync(two, Buffer.concat([readFileSync(bundle), gzipSync(Buffer.alloc(1024))]));
  const r = verify(two, '--checksums-only');
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, /^repro verify: .*two\.tar\.gz: \d+ bytes after the gzip stream \(a second member or appended data\); a bundle is one gzip member\n$/);
});
