// repro bundle on a temp git repo with a tiny cache: determinism, GNU sha256sum -c, CITATION.cff
// against the CFF 1.2.0 schema (subset, see schemas/), the RO-Crate root entity, and refusals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import * as tar from 'tar';
import { UserError } from '../errors.ts';
import { entryDir } from '../cache/store.ts';
import { buildBundle } from './bundle.ts';
import { makeFixture, type Fixture } from '../testing/bundle-fixture.ts';
import { listFiles } from './stage.ts';

let fx: Fixture;
let bundleA: string;
let extracted: string;

before(async () => {
  fx = await makeFixture();
  bundleA = (await buildBundle({ repo: fx.repo, cacheDir: fx.cache, out: join(fx.root, 'a.tar.gz') })).path;
  extracted = join(fx.root, 'x');
  mkdirSync(extracted);
  await tar.x({ file: bundleA, cwd: extracted });
});
after(() => fx.cleanup());

const top = () => join(extracted, 'repro-artifact');

describe('repro bundle', () => {
  test('built twice from the same state: the same SHA-256, header fields normalized', async () => {
    const a = readFileSync(bundleA);
    const b = await buildBundle({ repo: fx.repo, cacheDir: fx.cache, out: join(fx.root, 'b.tar.gz') });
    const c = await buildBundle({ repo: fx.repo, cacheDir: fx.cache, out: join(fx.root, 'c.tar.gz') });
    assert.equal(b.sha256, c.sha256);
    assert.deepEqual(readFileSync(b.path), a);
    // gzip: no FNAME flag, mtime 0, OS byte Unix.
    assert.deepEqual([...a.subarray(0, 10)], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
    const seen: { path: string; mode: number; uid: number; gid: number; uname: string; gname: string; mtime: number }[] = [];
    await tar.t({
      file: bundleA,
      onReadEntry: (e) =>
        void seen.push({
          path: e.path,
          mode: e.mode!,
          uid: e.uid ?? 0,
          gid: e.gid ?? 0,
          uname: e.uname ?? '',
          gname: e.gname ?? '',
          mtime: e.mtime ? e.mtime.getTime() / 1000 : 0,
        }),
    });
    assert.deepEqual(
      seen.map((s) => s.path),
      seen.map((s) => s.path).sort(),
    );
    assert.ok(seen.every((s) => s.path.startsWith('repro-artifact/')));
    assert.ok(seen.every((s) => s.uid === 0 && s.gid === 0 && s.uname === '' && s.gname === ''));
    const commitTime = Date.parse('2026-01-02T03:04:05Z') / 1000;
    for (const s of seen) {
      const dir = s.path.endsWith('/');
      assert.equal(s.mode, dir || s.path.endsWith('go.sh') ? 0o755 : 0o644, s.path);
      assert.equal(s.mtime, dir ? 0 : commitTime, s.path);
    }
  });

  test('contents: source, results without X/y, site, reports, generated documents', () => {
    const files = listFiles(top());
    for (const f of [
      'ARTIFACT.md',
      'CITATION.cff',
      'ro-crate-metadata.json',
      'SHA256SUMS',
      'source/package.json',
      'source/package-lock.json',
      'source/repro.lock.json',
      'source/experiments/tiny.yaml',
      'site/index.html',
      'site/assets/site.css',
      'site/figures/loss.svg',
      'figures/loss.svg',
      'figures/loss.caption.txt',
      'reports/claims.json',
    ]) {
      assert.ok(files.includes(f), f);
    }
    for (const key of fx.keys) {
      const names = files
        .filter((f) => f.startsWith(`results/${key}/`))
        .map((f) => f.split('/')[2])
        .sort();
      assert.deepEqual(names, ['W.npy', 'W0.npy', 'beta.npy', 'entry.json', 'metrics.csv', 'neurons.csv', 'result.json', 'v.npy', 'v0.npy']);
    }
    assert.ok(!files.some((f) => f.startsWith('source/reports/')), 'ignored files stay out of source/');
    const md = readFileSync(join(top(), 'ARTIFACT.md'), 'utf8');
    assert.match(md, /npx repro run experiments\/tiny\.yaml --profile quick/);
    assert.match(md, /GD converges \\\| globally/);
    assert.match(md, /Duration: not measured/);
    assert.match(md, /Artifacts Available/);
  });

  test('GNU sha256sum -c SHA256SUMS passes and covers every other file', () => {
    const r = spawnSync('sha256sum', ['--strict', '-c', 'SHA256SUMS'], { cwd: top(), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const listed = readFileSync(join(top(), 'SHA256SUMS'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.slice(66));
    assert.deepEqual(
      listed,
      listFiles(top()).filter((f) => f !== 'SHA256SUMS'),
    );
  });

  test('CITATION.cff validates against the CFF 1.2.0 schema', () => {
    const schema = JSON.parse(readFileSync(new URL('./schemas/cff-1.2.0.json', import.meta.url), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const cff = parseYaml(readFileSync(join(top(), 'CITATION.cff'), 'utf8')) as Record<string, any>;
    assert.ok(validate(cff), JSON.stringify(validate.errors));
    assert.equal(cff['preferred-citation'].title.startsWith('When Both Layers Learn'), true);
    // The schema can fail: an unknown key and a bad date are rejected.
    assert.equal(validate({ ...cff, unknown: 1 }), false);
    assert.equal(validate({ ...cff, 'date-released': '2026-13-01' }), false);
  });

  test('ro-crate-metadata.json: descriptor, root Dataset whose hasPart lists every file, runs', () => {
    const crate = JSON.parse(readFileSync(join(top(), 'ro-crate-metadata.json'), 'utf8'));
    assert.equal(crate['@context'], 'https://w3id.org/ro/crate/1.1/context');
    const byId = new Map<string, Record<string, any>>(crate['@graph'].map((e: Record<string, any>) => [e['@id'], e]));
    const desc = byId.get('ro-crate-metadata.json')!;
    assert.deepEqual(desc.conformsTo, { '@id': 'https://w3id.org/ro/crate/1.1' });
    assert.deepEqual(desc.about, { '@id': './' });
    const root = byId.get('./')!;
    assert.equal(root['@type'], 'Dataset');
    for (const field of ['name', 'description', 'datePublished', 'license']) assert.ok(root[field], field);
    const parts = new Set(root.hasPart.map((p: { '@id': string }) => p['@id']));
    for (const f of listFiles(top())) if (f !== 'ro-crate-metadata.json') assert.ok(parts.has(f), f);
    for (const key of fx.keys) {
      assert.ok(parts.has(`results/${key}/`));
      const action = byId.get(`#run-${key}`)!;
      assert.equal(action['@type'], 'CreateAction');
      assert.deepEqual(action.result, { '@id': `results/${key}/` });
      assert.ok(byId.get(action.instrument['@id']));
    }
  });
});

describe('repro bundle refuses a dirty or incomplete state', () => {
  const outputs = () => readdirSync(fx.root).filter((f) => f.endsWith('.tar.gz') || f.endsWith('.tmp'));

  async function refused(pattern: RegExp): Promise<void> {
    const before = outputs();
    await assert.rejects(buildBundle({ repo: fx.repo, cacheDir: fx.cache, out: join(fx.root, 'refused.tar.gz') }), (err: Error) => {
      assert.ok(err instanceof UserError, String(err));
      assert.match(err.message, pattern);
      assert.doesNotMatch(err.message, /\n/);
      return true;
    });
    assert.deepEqual(outputs(), before, 'nothing written');
  }

  test('a lock made by another simulator', async () => {
    const original = readFileSync(fx.lock, 'utf8');
    const fp: string = JSON.parse(original).fingerprint;
    writeFileSync(fx.lock, original.replace(fp, 'f'.repeat(64)));
    try {
      await refused(/repro\.lock\.json was made by simulator ffffffffffff, not this one/);
    } finally {
      writeFileSync(fx.lock, original);
    }
  });

  test('uncommitted change, missing run, missing figure, missing site; --allow-dirty builds and warns', async () => {
    const readme = join(fx.repo, 'README.md');
    const original = readFileSync(readme);
    appendFileSync(readme, 'edit\n');
    await refused(/uncommitted changes in 1 file\(s\) \(README\.md\)/);
    const key = fx.keys[1];
    renameSync(entryDir(fx.cache, key), join(fx.root, 'moved'));
    const site = join(fx.repo, 'reports/site');
    renameSync(site, join(fx.root, 'site-moved'));
    const caption = join(fx.repo, 'reports/figures/loss.caption.txt');
    renameSync(caption, join(fx.root, 'caption-moved'));
    try {
      await refused(
        new RegExp(
          `1 run\\(s\\) of repro\\.lock\\.json missing from the cache .*${key.slice(0, 12)}.*1 figure file\\(s\\) .* missing .*loss\\.caption\\.txt.*no built site`,
        ),
      );
      const r = await buildBundle({ repo: fx.repo, cacheDir: fx.cache, out: join(fx.root, 'dirty.tar.gz'), allowDirty: true });
      assert.equal(r.warnings.length, 4);
      assert.equal(r.runs, fx.keys.length - 1);
      assert.ok(existsSync(r.path));
    } finally {
      renameSync(join(fx.root, 'moved'), entryDir(fx.cache, key));
      renameSync(join(fx.root, 'site-moved'), site);
      renameSync(join(fx.root, 'caption-moved'), caption);
      writeFileSync(readme, original);
    }
  });
});
