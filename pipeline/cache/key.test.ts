import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { editCopy, simulatorCopy } from '../testing/sim-copy.ts';
import { REPO_ROOT, SIM_ENTRIES, computeSimulator, currentSimulator, runKey, sha256, simulator, simulatorFingerprint, type Simulator } from './key.ts';
import { DEFAULT_SPEC, type RunSpec } from '../sim/types.ts';

test('runKey is sha256 of the canonical {fingerprint, spec}', () => {
  const spec = { seed: 1, d: 4, lr: 0.5 } as unknown as RunSpec;
  assert.equal(runKey(spec, 'fp'), sha256('{"fingerprint":"fp","spec":{"d":4,"lr":0.5,"seed":1}}'));
  assert.match(runKey(DEFAULT_SPEC, 'fp'), /^[0-9a-f]{64}$/);
  assert.notEqual(runKey({ ...DEFAULT_SPEC, seed: 1 }, 'fp'), runKey(DEFAULT_SPEC, 'fp'));
  assert.notEqual(runKey(DEFAULT_SPEC, 'fp2'), runKey(DEFAULT_SPEC, 'fp'));
  // Key order in the spec object does not matter.
  const reordered = Object.fromEntries(Object.entries(DEFAULT_SPEC).reverse()) as unknown as RunSpec;
  assert.equal(runKey(reordered, 'fp'), runKey(DEFAULT_SPEC, 'fp'));
});

/** The files whose hashes differ between two simulators (added and removed ones too). */
const changedFiles = (a: Simulator, b: Simulator): string[] =>
  [...new Set([...Object.keys(a.files), ...Object.keys(b.files)])].filter((f) => a.files[f] !== b.files[f]).sort();

test('the simulator is what the entries reach: its sources (minified) and the wasm kernel, nothing else', () => {
  const real = simulator();
  assert.equal(simulator(), real, 'memoized');
  assert.equal(simulatorFingerprint(), real.fingerprint);
  const files = Object.keys(real.files);
  for (const f of [
    'pipeline/sim/simulate.ts',
    'pipeline/sim/encode.ts',
    'pipeline/sim/detmath.ts',
    'pipeline/sim/kernels/step.ts',
    'pipeline/sim/kernels/step.wasm',
  ])
    assert.ok(files.includes(f), f);
  assert.deepEqual(
    files.filter((f) => /\.(test|bench)\.ts$|step\.wat$|export\.ts$|testing\//.test(f)),
    [],
    'tests, benchmarks, the wat text, the export layout and test helpers do not reach the simulator',
  );
  const copy = computeSimulator(simulatorCopy());
  assert.deepEqual({ fingerprint: copy.fingerprint, files: copy.files }, real, 'a copy elsewhere is the same simulator');
});

test('comments, formatting, types, tests, benchmarks, the wat text and unreached files keep the fingerprint', async () => {
  const root = simulatorCopy();
  const before = computeSimulator(root);
  appendFileSync(join(root, 'pipeline/sim/metrics.ts'), '\n// a comment at the end (the edit that re-keyed every run before)\n');
  editCopy(root, 'pipeline/sim/gd.ts', '/** Runs GD in place', '/* a block comment */ /** Runs GD in place');
  const flow = join(root, 'pipeline/sim/flow.ts');
  writeFileSync(flow, await format(readFileSync(flow, 'utf8'), { parser: 'typescript', printWidth: 80, tabWidth: 4, singleQuote: false }));
  editCopy(root, 'pipeline/sim/types.ts', 'export type Task =', 'export type Unused = number;\nexport type Task =');
  appendFileSync(join(root, 'pipeline/sim/model.test.ts'), '\nexport const edited = 1;\n');
  appendFileSync(join(root, 'pipeline/sim/model.bench.ts'), '\nexport const edited = 1;\n');
  appendFileSync(join(root, 'pipeline/sim/kernels/step.wat'), '\n;; edited\n');
  writeFileSync(join(root, 'pipeline/sim/notes.ts'), 'export const unused = Math.exp(1);\n');
  const after = computeSimulator(root);
  assert.equal(after.fingerprint, before.fingerprint);
  assert.deepEqual(changedFiles(before, after), [], 'not even a per-file hash moves');
});

test('a change that can change a result changes the fingerprint, and the per-file hashes name its file', () => {
  const root = simulatorCopy();
  const before = computeSimulator(root);
  editCopy(root, 'pipeline/sim/flow.ts', '0.9 * pow(err, -0.2)', '0.8 * pow(err, -0.2)');
  const constant = computeSimulator(root);
  assert.notEqual(constant.fingerprint, before.fingerprint);
  assert.deepEqual(changedFiles(before, constant), ['pipeline/sim/flow.ts']);

  const wasm = join(root, 'pipeline/sim/kernels/step.wasm');
  const bytes = readFileSync(wasm);
  bytes[bytes.length - 1] ^= 1;
  writeFileSync(wasm, bytes);
  const kernel = computeSimulator(root);
  assert.notEqual(kernel.fingerprint, constant.fingerprint);
  assert.deepEqual(changedFiles(constant, kernel), ['pipeline/sim/kernels/step.wasm']);

  // A function the simulator never calls is left out of the bundle: its file's hash moves, the fingerprint does not.
  editCopy(root, 'pipeline/sim/detmath.ts', 'export function tanh(x: number): number {', 'export function tanh(x: number): number {\n  x = x + 0;');
  const unused = computeSimulator(root);
  assert.equal(unused.fingerprint, kernel.fingerprint);
  assert.deepEqual(changedFiles(kernel, unused), ['pipeline/sim/detmath.ts']);
});

test('the memo in node_modules/.cache serves the simulator until a file it was computed from changes', () => {
  const root = simulatorCopy();
  const first = currentSimulator(root);
  const memo = join(root, 'node_modules/.cache/repro-simulator/simulator.json');
  const stored = JSON.parse(readFileSync(memo, 'utf8'));
  assert.equal(stored.simulator.fingerprint, first.fingerprint);
  assert.ok('tsconfig.json' in stored.sources && 'pipeline/sim/kernels/step.wasm' in stored.sources);
  // Planted: a memo that says something else is believed while its sources are unchanged...
  writeFileSync(memo, JSON.stringify({ ...stored, simulator: { ...stored.simulator, fingerprint: 'planted' } }));
  assert.equal(currentSimulator(root).fingerprint, 'planted');
  // ...and recomputed once one of them changes, even by a comment.
  appendFileSync(join(root, 'pipeline/sim/rng.ts'), '// edited\n');
  assert.equal(currentSimulator(root).fingerprint, first.fingerprint);
  assert.notEqual(JSON.parse(readFileSync(memo, 'utf8')).sources['pipeline/sim/rng.ts'], stored.sources['pipeline/sim/rng.ts']);
});

test("SIM_ENTRIES are the simulator modules exec/compute.ts calls to make a run's files", () => {
  const source = readFileSync(join(REPO_ROOT, 'pipeline/exec/compute.ts'), 'utf8');
  const called = [...source.matchAll(/^import (?!type )[^;]*? from '\.\.\/sim\/([^']+)';$/gm)].map((m) => `pipeline/sim/${m[1]}`);
  assert.deepEqual(called.sort(), [...SIM_ENTRIES].sort());
});
