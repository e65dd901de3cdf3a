// The CLI's precompiled bundle (bin/compile.mjs): rebuilt exactly when a source changes, a
// broken source falls back to tsx, and the bundle computes the same bytes as the sources.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, finish, writeManifest } from './run-helpers.ts';
import { spawn } from 'node:child_process';

let root: string;
type Compile = { compiledDir: (root?: string) => Promise<string | null>; stamp: (root?: string) => string };
let compile: Compile;

// A copy of the repository's pipeline/ and bin/compile.mjs beside node_modules links, so the test
// may edit sources and fill its own node_modules/.cache without touching the real tree.
before(async () => {
  root = mkdtempSync(join(tmpdir(), 'repro-compile-'));
  cpSync(join(ROOT, 'pipeline'), join(root, 'pipeline'), { recursive: true });
  mkdirSync(join(root, 'bin'));
  cpSync(join(ROOT, 'bin/compile.mjs'), join(root, 'bin/compile.mjs'));
  mkdirSync(join(root, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== '.cache') symlinkSync(join(ROOT, 'node_modules', name), join(root, 'node_modules', name));
  }
  compile = (await import(pathToFileURL(join(root, 'bin/compile.mjs')).href)) as Compile;
});
after(() => rmSync(root, { recursive: true, force: true }));

const bundles = () => readdirSync(join(root, 'node_modules/.cache/repro')).sort();

test('the bundle is built once, rebuilt when a source changes (not a test), and a broken source gives null', async () => {
  const first = await compile.compiledDir(root);
  assert.ok(first, 'bundle built');
  for (const file of ['cli.mjs', 'pool-worker.mjs']) assert.ok(existsSync(join(first, file)), file);
  const built = statSync(join(first, 'cli.mjs')).mtimeMs;
  assert.equal(await compile.compiledDir(root), first);
  assert.equal(statSync(join(first, 'cli.mjs')).mtimeMs, built, 'not rebuilt while the sources are unchanged');

  const before = compile.stamp(root);
  appendFileSync(join(root, 'pipeline/exec/plan.test.ts'), '\n// edited\n');
  assert.equal(compile.stamp(root), before, 'tests are not part of the bundle');

  // An edit that keeps the file's size and mtime (cp -p, an unpacked archive) still counts.
  const errors = join(root, 'pipeline/errors.ts');
  const { atime, mtime } = statSync(errors);
  const text = readFileSync(errors, 'utf8');
  writeFileSync(errors, text.replace(/e/, 'E'));
  utimesSync(errors, atime, mtime);
  assert.equal(statSync(errors).size, Buffer.byteLength(text));
  assert.notEqual(compile.stamp(root), before, 'same size and mtime, other bytes: another stamp');
  writeFileSync(errors, text);

  appendFileSync(errors, '\n// edited\n');
  const second = await compile.compiledDir(root);
  assert.ok(second && second !== first, 'an edited source gives a new bundle');
  assert.deepEqual(bundles(), [first, second].map((d) => d.split('/').pop()).sort(), 'the earlier bundle is kept (a running command may use it)');

  appendFileSync(join(root, 'pipeline/errors.ts'), '\nexport const broken = ;\n');
  assert.equal(await compile.compiledDir(root), null);
  assert.equal(bundles().length, 2, 'a failed build leaves nothing behind');
  writeFileSync(errors, text);
});

test('a tree whose node_modules is a link into another gets its own bundle, reading its own sources', async () => {
  const other = mkdtempSync(join(tmpdir(), 'repro-compile-other-'));
  try {
    cpSync(join(root, 'pipeline'), join(other, 'pipeline'), { recursive: true });
    mkdirSync(join(other, 'bin'));
    cpSync(join(root, 'bin/compile.mjs'), join(other, 'bin/compile.mjs'));
    symlinkSync(join(root, 'node_modules'), join(other, 'node_modules'));
    const mine = await compile.compiledDir(root);
    const theirs = await compile.compiledDir(other);
    assert.ok(mine && theirs && mine !== theirs, 'two trees, two bundles (in the shared cache)');
    const text = readdirSync(theirs)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => readFileSync(join(theirs, f), 'utf8'))
      .join('\n');
    assert.ok(text.includes(pathToFileURL(join(other, 'pipeline')).href), 'import.meta.url points into the tree the bundle was built from');
    assert.ok(!text.includes(pathToFileURL(join(root, 'pipeline')).href));
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

test('the bundled CLI and the TypeScript sources compute the same bytes (pool workers included)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'repro-compile-run-'));
  try {
    const manifest = writeManifest(dir, 'both-forms', { seeds: 2 });
    const runWith = async (tag: string, env: Record<string, string>) => {
      const args = [join(ROOT, 'bin/repro.js'), 'run', manifest, '--jobs', '2', '--cache', join(dir, `cache-${tag}`), '--lock', join(dir, `lock-${tag}.json`)];
      const r = await finish(spawn(process.execPath, args, { cwd: dir, env: { ...process.env, REPRO_CACHE: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
      assert.equal(r.code, 0, r.err);
      return readFileSync(join(dir, `lock-${tag}.json`), 'utf8');
    };
    const bundled = await runWith('bundle', { REPRO_TSX: '' });
    const sources = await runWith('tsx', { REPRO_TSX: '1' });
    assert.equal(bundled, sources);
    assert.equal(Object.keys(JSON.parse(bundled).runs).length, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
