import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assembleStep, WASM_URL, WAT_URL } from '../../../scripts/build-wasm.ts';
import { backward, forward, lossAndGradient, lossAndResidual, makeWorkspace, type Workspace } from '../model.ts';
import { referenceStep, referenceWorkspace, type ReferenceWorkspace } from '../../testing/reference-model.ts';
import { randomArray, tinySpec } from '../../testing/numeric.ts';
import { simulate } from '../simulate.ts';
import { encodeRun } from '../encode.ts';
import type { Loss } from '../types.ts';

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Every output of the step, byte for byte (so -0, NaN payloads and the last bit all count). */
function assertSameStep(ws: Workspace, rs: ReferenceWorkspace, L: number, Lref: number, what: string): void {
  assert.ok(Object.is(L, Lref), `${what}: loss ${L} vs ${Lref}`);
  for (const k of ['Z', 'f', 'r', 'GW', 'Gv'] as const) assert.ok(bytes(ws[k]).equals(bytes(rs[k])), `${what}: ${k} differs`);
}

function problem(n: number, d: number, m: number, loss: Loss, seed: number) {
  const X = randomArray(n * d, seed);
  const W = randomArray(m * d, seed + 1, 1 / Math.sqrt(d)),
    v = randomArray(m, seed + 2);
  const y0 = randomArray(n, seed + 3);
  const y = loss === 'square' ? y0 : y0.map((z) => (z >= 0 ? 1 : -1));
  return { X, y, W, v };
}

// Odd and even n, d, m; m and d off every block size (8, 4, 2 columns; 16, 8, 4, 2 coordinates);
// n spanning many backward chunks and both thread segments; n = 1 and d = 1 edges.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [2, 3, 1],
  [7, 1, 9],
  [40, 5, 6],
  [101, 10, 20],
  [257, 33, 19],
  [300, 130, 3],
  [512, 64, 128],
  [99, 17, 50],
];

test('step.wat and step.wasm are exactly what scripts/step-wat.ts assembles with the pinned wabt', async () => {
  const { wat, wasm } = await assembleStep();
  assert.equal(readFileSync(WAT_URL, 'utf8'), wat, 'step.wat is stale: run node --import tsx scripts/build-wasm.ts');
  assert.ok(Buffer.from(readFileSync(WASM_URL)).equals(Buffer.from(wasm)), 'step.wasm is stale: run node --import tsx scripts/build-wasm.ts');
});

for (const threads of [1, 2]) {
  test(`the wasm step equals the reference loops bit for bit (${threads} thread${threads > 1 ? 's' : ''}, three losses, ragged shapes)`, () => {
    for (const [n, d, m] of SHAPES) {
      for (const loss of ['square', 'exponential', 'logistic'] as const) {
        const { X, y, W, v } = problem(n, d, m, loss, n + d + m);
        const ws = makeWorkspace(n, d, m, { threads }),
          rs = referenceWorkspace(n, d, m);
        // Two steps on one workspace: buffers are reused, nothing from the first step leaks into the second.
        for (let step = 0; step < 2; step++) {
          const L = lossAndGradient(loss, X, y, W, v, ws),
            Lref = referenceStep(loss, X, y, W, v, rs);
          assertSameStep(ws, rs, L, Lref, `${n}x${d}x${m} ${loss} step ${step}`);
          for (let p = 0; p < W.length; p++) W[p] -= 0.3 * ws.GW[p];
          for (let j = 0; j < m; j++) v[j] -= 0.3 * ws.Gv[j];
        }
      }
    }
  });
}

test('non-finite weights propagate exactly as in the reference (inf, nan, -0)', () => {
  const [n, d, m] = [33, 6, 11];
  for (const threads of [1, 2]) {
    const { X, y, W, v } = problem(n, d, m, 'square', 5);
    W[3] = Infinity;
    W[2 * d + 1] = NaN;
    W[4 * d] = -Infinity;
    v[5] = -0;
    const ws = makeWorkspace(n, d, m, { threads }),
      rs = referenceWorkspace(n, d, m);
    assertSameStep(ws, rs, lossAndGradient('square', X, y, W, v, ws), referenceStep('square', X, y, W, v, rs), `threads ${threads}`);
  }
});

test('forward, lossAndResidual and backward called separately, and a new X array, match the reference', () => {
  const [n, d, m] = [64, 9, 13];
  const a = problem(n, d, m, 'square', 1),
    b = problem(n, d, m, 'square', 2);
  const ws = makeWorkspace(n, d, m);
  for (const { X, y, W, v } of [a, b, a]) {
    forward(X, W, v, ws);
    const L = lossAndResidual('square', y, ws);
    backward(X, v, ws);
    const rs = referenceWorkspace(n, d, m);
    assertSameStep(ws, rs, L, referenceStep('square', X, y, W, v, rs), 'separate calls');
  }
});

test('a whole run gives the same bytes with one and with two kernel threads', () => {
  const spec = tinySpec({ n: 301, d: 7, m: 9, steps: 150 });
  const saved = process.env.REPRO_THREADS;
  try {
    process.env.REPRO_THREADS = '1';
    const one = encodeRun(spec, simulate(spec));
    process.env.REPRO_THREADS = '2';
    const two = encodeRun(spec, simulate(spec));
    for (const name of Object.keys(one)) assert.ok(Buffer.from(one[name]).equals(Buffer.from(two[name])), name);
  } finally {
    if (saved === undefined) delete process.env.REPRO_THREADS;
    else process.env.REPRO_THREADS = saved;
  }
});

test('a wrong X size is an error, not a silent misread', () => {
  const ws = makeWorkspace(10, 3, 4);
  assert.throws(() => forward(new Float64Array(29), new Float64Array(12), new Float64Array(4), ws), /X has 29 values/);
});
