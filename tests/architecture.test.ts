// The folders of pipeline/ depend one way. LAYERS lists them from the bottom up; a module may
// import its own layer and the layers below it, never one above (type-only and dynamic imports
// count too). So no two folders import each other, and a new folder must be placed here first.
// Tests (*.test.ts, *.test-child.ts) and benchmarks (*.bench.ts) sit beside the code they check
// and may import any layer, as may the test helpers in pipeline/testing/; production code never
// imports them, nor anything outside pipeline/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PIPELINE = join(ROOT, 'pipeline');

/** Bottom up. A folder of pipeline/, or a module at its top (errors.ts, cli.ts). */
export const LAYERS = [
  'errors.ts', // typed errors every layer throws
  'sim', // the simulator: no I/O
  'cache', // canonical JSON, keys, the run store, the lock file, audit
  'analysis', // phase boundaries, statistics, claim checks (and the names of figure kinds)
  'figures', // one file per figure kind -> Vega-Lite spec; rendering; the figure store
  'manifest', // load, validate against the vocabulary of analysis and figures, expand
  'exec', // plan runs, the executor contract, the local pool and Slurm
  'site', // SiteModel -> pages (handlebars), figure scripts, link check
  'report', // manifests + cache -> study, figures, claims.json, the site model and site
  'artifact', // the bundle, its documents (ARTIFACT.md, CITATION.cff, RO-Crate) and verify
  'compare', // repro diff: two revisions, lock files or bundles -> what changed
  'commands', // one module per command
  'cli.ts', // argument parsing and dispatch
  'testing', // test helpers and fixtures: imported by tests and benchmarks only
] as const;

export interface Edge {
  /** Importing module, relative to pipeline/ ('/'-separated). */
  from: string;
  /** Imported module, relative to pipeline/ (may start with '../' when outside it). */
  to: string;
}

/** Tests and benchmarks: they run the code, the code never runs them. */
const isTestOrBench = (file: string): boolean => /\.(test|test-child|bench)\.ts$/.test(file);

/** The layer of a module: its top folder under pipeline/, or the module itself at the top. */
export const layerOf = (file: string): string => file.split('/')[0];

/** Every import that breaks the order, as one readable line each (empty: the layering holds). */
export function layeringViolations(edges: Edge[], layers: readonly string[]): string[] {
  const rank = new Map(layers.map((l, i) => [l, i]));
  const out: string[] = [];
  for (const { from, to } of edges) {
    if (isTestOrBench(from)) continue;
    const a = layerOf(from),
      b = layerOf(to);
    if (!rank.has(a)) out.push(`${from}: layer '${a}' is not in the declared order`);
    else if (to.startsWith('../')) out.push(`${from} imports ${to}, outside pipeline/`);
    else if (isTestOrBench(to)) out.push(`${from} imports ${to}, a test or benchmark`);
    else if (!rank.has(b)) out.push(`${from} imports ${to}: layer '${b}' is not in the declared order`);
    else if (rank.get(b)! > rank.get(a)!) out.push(`${from} imports ${to}: '${a}' may not depend on '${b}', a layer above it`);
  }
  return out;
}

/** Every .ts module under `dir`, relative to it. */
function modules(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? modules(dir, r) : e.name.endsWith('.ts') ? [r] : [];
  });
}

/** The relative imports of one module (static, type-only, re-exports and import()). */
export function importsOf(from: string, source: string): Edge[] {
  return ts
    .preProcessFile(source, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => ({ from, to: posix.normalize(posix.join(posix.dirname(from), spec)) }));
}

export const importGraph = (dir = PIPELINE): Edge[] => modules(dir).flatMap((from) => importsOf(from, readFileSync(join(dir, from), 'utf8')));

test('the folders of pipeline/ import each other only down the declared order', () => {
  const edges = importGraph();
  assert.ok(edges.length > 300, `only ${edges.length} imports found`);
  assert.deepEqual(layeringViolations(edges, LAYERS), []);
  // Every layer exists, so the order above is the tree as it is.
  const present = new Set(modules(PIPELINE).map(layerOf));
  assert.deepEqual(
    LAYERS.filter((l) => !present.has(l)),
    [],
  );
});

test('a planted bad import is caught: a lower layer reaching up, a cycle, an undeclared folder', () => {
  const order = ['sim', 'cache', 'analysis', 'figures'];
  const good: Edge[] = [
    { from: 'figures/loss.ts', to: 'analysis/stats.ts' },
    { from: 'analysis/views.ts', to: 'sim/encode.ts' },
    { from: 'cache/key.ts', to: 'cache/canonical.ts' },
    { from: 'sim/dynamics.test.ts', to: 'analysis/phases.ts' }, // a test may import any layer
    { from: 'sim/detmath.bench.ts', to: 'testing/detmath-samples.ts' }, // so may a benchmark
  ];
  assert.deepEqual(layeringViolations(good, order), []);
  // analysis <-> figures: the edge against the order is the one named.
  const cycle = [...good, { from: 'analysis/claims.ts', to: 'figures/rows.ts' }];
  assert.deepEqual(layeringViolations(cycle, order), ["analysis/claims.ts imports figures/rows.ts: 'analysis' may not depend on 'figures', a layer above it"]);
  assert.deepEqual(layeringViolations([{ from: 'report/build.ts', to: 'sim/types.ts' }], order), [
    "report/build.ts: layer 'report' is not in the declared order",
  ]);
  assert.deepEqual(layeringViolations([{ from: 'sim/gd.ts', to: '../scripts/step-wat.ts' }], order), [
    'sim/gd.ts imports ../scripts/step-wat.ts, outside pipeline/',
  ]);
  assert.deepEqual(layeringViolations([{ from: 'sim/gd.ts', to: 'sim/model.bench.ts' }], order), ['sim/gd.ts imports sim/model.bench.ts, a test or benchmark']);
});

test('the import graph reads type-only imports, re-exports and dynamic imports', () => {
  const source = [
    "import { a } from './value.ts';",
    "import type { B } from '../b/typed.ts';",
    "export { c } from '../c/reexported.ts';",
    "import { readFileSync } from 'node:fs';",
    "const d = () => import('../d/dynamic.ts');",
  ].join('\n');
  assert.deepEqual(
    importsOf('a/main.ts', source).map((e) => e.to),
    ['a/value.ts', 'b/typed.ts', 'c/reexported.ts', 'd/dynamic.ts'],
  );
});
