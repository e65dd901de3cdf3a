import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scratchDir } from '../testing/scratch.ts';
import { appendFileSync, cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIM_ROOT, computeFingerprint, runKey, sha256, simulatorFingerprint } from './key.ts';
import { DEFAULT_SPEC, type RunSpec } from '../sim/types.ts';

function simCopy(): string {
  const dir = join(scratchDir('fp'), 'sim');
  cpSync(SIM_ROOT, dir, { recursive: true });
  return dir;
}

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

test('the fingerprint depends on simulator sources and the Node major, not on where the tree is', () => {
  const copy = simCopy();
  const real = simulatorFingerprint();
  assert.equal(simulatorFingerprint(), real, 'memoized');
  assert.equal(computeFingerprint(copy), real, 'a copy elsewhere has the same fingerprint');
  assert.notEqual(computeFingerprint(copy, '99'), real, 'another Node major');

  // Tests, benchmarks and unrelated files do not count.
  writeFileSync(join(copy, 'extra.test.ts'), 'test\n');
  writeFileSync(join(copy, 'extra.bench.ts'), 'bench\n');
  writeFileSync(join(copy, 'NOTES.md'), 'notes\n');
  assert.equal(computeFingerprint(copy), real);

  // A one-byte change to a source, a new source, or a wasm module changes it.
  appendFileSync(join(copy, 'simulate.ts'), '\n');
  const edited = computeFingerprint(copy);
  assert.notEqual(edited, real);
  writeFileSync(join(copy, 'kernel.wasm'), new Uint8Array([0, 97, 115, 109]));
  assert.notEqual(computeFingerprint(copy), edited);
});
