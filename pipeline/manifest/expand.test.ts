// Expansion: run counts, order, n_per_d, profile overrides, normalization, defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SPEC } from '../sim/types.ts';
import { ANALYSIS_DEFAULTS, countRuns, defaultManifestFiles, expandRuns, loadManifest, loadRuns } from './index.ts';

// Relative to the cwd: manifests are named by the path the user gave.
const FIXTURES = relative(process.cwd(), fileURLToPath(new URL('../testing/manifests', import.meta.url)));
const FULL = `${FIXTURES}/valid-full.yaml`;
const dir = mkdtempSync(join(tmpdir(), 'repro-manifest-expand-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function manifestFile(name: string, src: string): string {
  const file = join(dir, name);
  writeFileSync(file, src);
  return file;
}

test('full fixture, quick: 2 sigma x 3 n_per_d x 1 seed, first grid key slowest', () => {
  const runs = expandRuns(loadManifest(FULL, 'quick'));
  assert.deepEqual(
    runs.map((r) => r.params),
    [0.1, 0.01].flatMap((sigma) => [1, 2, 4].map((n_per_d) => ({ sigma, n_per_d, seed: 0 }))),
  );
  for (const r of runs) {
    assert.equal(r.experiment, 'three-phases');
    assert.equal(r.manifest, FULL);
    assert.equal(r.profile, 'quick');
    assert.equal(r.spec.n, (r.params.n_per_d as number) * 20, 'n = round(n_per_d * d)');
    assert.equal(r.spec.sigma, r.params.sigma);
    assert.equal(r.spec.steps, 500, 'quick base.steps merged into base');
    assert.equal(r.spec.lr, 0.05);
  }
});

test('full fixture, paper: seeds vary fastest; 120 runs; manifest fields', () => {
  const m = loadManifest(FULL, 'paper');
  const runs = expandRuns(m);
  assert.equal(runs.length, 120);
  assert.equal(countRuns(m), 120);
  assert.deepEqual(
    runs.slice(0, 21).map((r) => r.params.seed),
    [...Array.from({ length: 20 }, (_, i) => i), 0],
  );
  assert.deepEqual(runs[20].params, { sigma: 0.1, n_per_d: 2, seed: 0 });
  assert.equal(runs[119].spec.seed, 19);
  assert.equal(runs[0].spec.steps, DEFAULT_SPEC.steps, 'paper does not inherit quick');
  assert.equal(m.title, 'Three phases of training');
  assert.equal(m.description, 'Alignment, growth and local refinement for a small initialization.');
  assert.deepEqual(m.analysis, { ...ANALYSIS_DEFAULTS, eps_align: 0.02 });
  assert.deepEqual(m.claims, { C3: { min_fraction: 1, growth_decades: 3 } });
  assert.deepEqual(Object.keys(m.grid), ['sigma', 'n_per_d']);
  assert.deepEqual(m.base, { d: 20, lr: 0.05 }, 'base n is overridden by grid n_per_d');
});

test('a minimal manifest expands to one run equal to DEFAULT_SPEC', () => {
  const m = loadManifest(`${FIXTURES}/valid-minimal.yaml`, 'paper');
  assert.deepEqual(m.seeds, [0]);
  assert.deepEqual(m.analysis, ANALYSIS_DEFAULTS);
  assert.equal(m.description, null);
  const runs = expandRuns(m);
  assert.deepEqual(
    runs.map((r) => r.params),
    [{ seed: 0 }],
  );
  assert.deepEqual(runs[0].spec, DEFAULT_SPEC);
  assert.deepEqual(Object.keys(runs[0].spec), Object.keys(DEFAULT_SPEC), 'spec keys in DEFAULT_SPEC order');
});

test('a manifest whose base spells out every default expands to exactly DEFAULT_SPEC', () => {
  const { seed, ...rest } = DEFAULT_SPEC;
  const file = manifestFile('defaults.json', JSON.stringify({ experiment: 'd', title: 'D', base: rest, seeds: [seed] }, null, 2));
  assert.deepEqual(
    expandRuns(loadManifest(file, 'quick')).map((r) => r.spec),
    [DEFAULT_SPEC],
  );
});

test('flow runs get lr null; gd runs get t_max, rtol, atol null (irrelevant keys never change a spec)', () => {
  const runs = expandRuns(loadManifest(`${FIXTURES}/valid-flow.json`, 'quick'));
  assert.deepEqual(
    runs.map((r) => r.params),
    [
      { m: 10, method: 'flow', seed: 7 },
      { m: 10, method: 'flow', seed: 8 },
      { m: 10, method: 'gd', seed: 7 },
      { m: 10, method: 'gd', seed: 8 },
    ],
  );
  const [flow, , gd] = runs;
  assert.deepEqual([flow.spec.lr, flow.spec.t_max, flow.spec.rtol, flow.spec.atol], [null, 100, 1e-8, 1e-10]);
  assert.deepEqual([gd.spec.lr, gd.spec.t_max, gd.spec.rtol, gd.spec.atol], [DEFAULT_SPEC.lr, null, null, null]);
  assert.deepEqual([gd.spec.task, gd.spec.loss], ['classification', 'logistic']);
  assert.equal(expandRuns(loadManifest(`${FIXTURES}/valid-flow.json`, 'paper')).length, 8, 'paper keeps grid m [10, 50]');
});

test('task-irrelevant fields take their defaults: margin and n_test for regression, noise for classification', () => {
  const spec = (task: string, loss: string) => {
    const file = manifestFile(
      `irrelevant-${task}.yaml`,
      [
        `experiment: irrelevant-${task}`,
        'title: Irrelevant fields',
        `base: { task: ${task}, loss: ${loss}, margin: 0.3, n_test: 100, noise: 0.2, steps: 10 }`,
        '',
      ].join('\n'),
    );
    return expandRuns(loadManifest(file, 'quick'))[0].spec;
  };
  const reg = spec('regression', 'square');
  const cls = spec('classification', 'logistic');
  assert.deepEqual([reg.margin, reg.n_test, reg.noise], [DEFAULT_SPEC.margin, DEFAULT_SPEC.n_test, 0.2]);
  assert.deepEqual([cls.margin, cls.n_test, cls.noise], [0.3, 100, DEFAULT_SPEC.noise]);
});

test('profiles: base merged per key, grid replaced per key (order kept, new keys appended), seeds replaced', () => {
  const file = manifestFile(
    'profiles.yaml',
    [
      'experiment: p',
      'title: P',
      'base: { m: 5, steps: 10 }',
      'grid:',
      '  sigma: [0.1, 0.2]',
      '  d: [3, 4]',
      'seeds: [1, 2]',
      'profiles:',
      '  quick:',
      '    base: { steps: 20 }',
      '    grid: { sigma: [0.5], lr: [0.3, 0.4] }',
      '    seeds: { from: 9, count: 1 }',
      '',
    ].join('\n'),
  );
  const quick = loadManifest(file, 'quick');
  assert.deepEqual(quick.base, { m: 5, steps: 20 });
  assert.deepEqual(quick.grid, { sigma: [0.5], d: [3, 4], lr: [0.3, 0.4] });
  assert.deepEqual(Object.keys(quick.grid), ['sigma', 'd', 'lr']);
  assert.deepEqual(quick.seeds, [9]);
  assert.deepEqual(quick.origins.base.steps, { field: 'profiles.quick.base.steps', line: 10, col: 20 });
  assert.deepEqual(quick.origins.base.m, { field: 'base.m', line: 3, col: 12 });
  assert.deepEqual(quick.origins.grid.lr?.[1], { field: 'profiles.quick.grid.lr[1]', line: 11, col: 37 });
  assert.deepEqual(
    expandRuns(quick).map((r) => [r.params.sigma, r.params.d, r.params.lr, r.params.seed, r.spec.m, r.spec.steps]),
    [
      [0.5, 3, 0.3, 9, 5, 20],
      [0.5, 3, 0.4, 9, 5, 20],
      [0.5, 4, 0.3, 9, 5, 20],
      [0.5, 4, 0.4, 9, 5, 20],
    ],
  );
  const paper = loadManifest(file, 'paper');
  assert.deepEqual([paper.base, paper.grid, paper.seeds], [{ m: 5, steps: 10 }, { sigma: [0.1, 0.2], d: [3, 4] }, [1, 2]]);
  assert.equal(expandRuns(paper).length, 8);
});

test('a profile key replaces the top-level setting of the same spec key, in base or grid', () => {
  const file = manifestFile(
    'replace.yaml',
    [
      'experiment: r',
      'title: R',
      'base: { n: 100, steps: 10 }',
      'grid: { steps: [1, 2], m: [3] }',
      'profiles:',
      '  quick: { base: { steps: 7 } }',
      '  paper: { grid: { n_per_d: [0.5] } }',
      '',
    ].join('\n'),
  );
  const quick = loadManifest(file, 'quick');
  assert.deepEqual([quick.base, quick.grid], [{ n: 100, steps: 7 }, { m: [3] }]);
  const paper = loadManifest(file, 'paper');
  assert.deepEqual([paper.base, paper.grid], [{}, { steps: [1, 2], m: [3], n_per_d: [0.5] }]);
  const n = Math.round(0.5 * DEFAULT_SPEC.d);
  assert.deepEqual(
    expandRuns(paper).map((r) => r.spec.n),
    [n, n],
  );
});

test('n_per_d rounds to the nearest integer and follows a swept d', () => {
  const file = manifestFile('npd.yaml', 'experiment: n\ntitle: N\ngrid:\n  d: [10, 15]\n  n_per_d: [0.25, 1.5]\n');
  const runs = expandRuns(loadManifest(file, 'quick'));
  assert.deepEqual(
    runs.map((r) => [r.params.d, r.params.n_per_d, r.spec.n]),
    [
      [10, 0.25, 3],
      [10, 1.5, 15],
      [15, 0.25, 4],
      [15, 1.5, 23],
    ],
  );
});

test('expansion is deterministic and loadRuns concatenates files in the order given', () => {
  const files = [`${FIXTURES}/valid-flow.json`, FULL];
  const a = loadRuns(files, 'paper');
  const b = loadRuns(files, 'paper');
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  assert.deepEqual([...new Set(a.map((r) => r.experiment))], ['four-phases', 'three-phases']);
  assert.equal(a.length, 8 + 120);
});

test('a sweep of exactly 10000 runs is allowed', () => {
  const file = manifestFile('limit.yaml', 'experiment: l\ntitle: L\ngrid:\n  m: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nseeds: { from: 0, count: 1000 }\n');
  assert.equal(countRuns(loadManifest(file, 'quick')), 10_000);
});

test('defaultManifestFiles lists yaml, yml and json files, sorted, skipping directories and hidden files', () => {
  const exp = join(dir, 'experiments');
  mkdirSync(join(exp, 'schema'), { recursive: true });
  for (const name of ['b.yaml', 'a.json', 'c.yml', 'notes.txt', '.hidden.yaml', 'schema/s.json']) writeFileSync(join(exp, name), '');
  assert.deepEqual(
    defaultManifestFiles(exp),
    ['a.json', 'b.yaml', 'c.yml'].map((n) => `${exp}/${n}`),
  );
  assert.deepEqual(defaultManifestFiles(join(dir, 'missing')), []);
  const here = defaultManifestFiles();
  assert.deepEqual(here, [...here].sort());
  assert.ok(here.every((f) => f.startsWith('experiments/')));
});

test('cases: each named setting is crossed with the grid (cases slowest), labelled by param `case`; a profile may replace them', () => {
  const file = manifestFile(
    'cases.yaml',
    [
      'experiment: ablation-control',
      'title: C',
      'base: { steps: 10 }',
      'cases:',
      '  - { name: both, train: both, sigma: 1.0e-4 }',
      '  - { name: rf, train: second, sigma: 1.0, lr: 0.05 }',
      'grid: { d: [3, 4] }',
      'seeds: [0, 1]',
      'control_of: ABL',
      'profiles:',
      '  paper: { cases: [{ name: only, train: first, init: signed, v_scale: 0.5 }] }',
      '',
    ].join('\n'),
  );
  const m = loadManifest(file, 'quick');
  assert.equal(m.control_of, 'ABL');
  assert.equal(countRuns(m), 8);
  const runs = expandRuns(m);
  assert.deepEqual(
    runs.map((r) => `${r.params.case}/${r.params.d}/${r.params.seed}:${r.spec.train},${r.spec.sigma},${r.spec.lr}`),
    [
      'both/3/0:both,0.0001,0.5',
      'both/3/1:both,0.0001,0.5',
      'both/4/0:both,0.0001,0.5',
      'both/4/1:both,0.0001,0.5',
      'rf/3/0:second,1,0.05',
      'rf/3/1:second,1,0.05',
      'rf/4/0:second,1,0.05',
      'rf/4/1:second,1,0.05',
    ],
  );
  const paper = expandRuns(loadManifest(file, 'paper'));
  assert.deepEqual([...new Set(paper.map((r) => `${r.params.case}:${r.spec.init},${r.spec.v_scale}`))], ['only:signed,0.5']);
});

test('v_scale matters only for init signed: other inits take its default, so their keys never change', () => {
  const file = manifestFile(
    'vscale.yaml',
    ['experiment: v', 'title: V', 'base: { v_scale: 0.3, steps: 10 }', 'grid: { init: [gaussian, signed] }', ''].join('\n'),
  );
  const [gaussian, signed] = expandRuns(loadManifest(file, 'quick'));
  assert.deepEqual([gaussian.spec.v_scale, signed.spec.v_scale], [DEFAULT_SPEC.v_scale, 0.3]);
});
