import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lossAndGradient, makeWorkspace } from './model.ts';
import { finiteDifference, randomArray, relErr } from '../testing/numeric.ts';
import type { Loss } from './types.ts';

function instance(loss: Loss) {
  const n = 40,
    d = 5,
    m = 6;
  const X = randomArray(n * d, 1);
  const W = randomArray(m * d, 2, 0.7),
    v = randomArray(m, 3, 0.7);
  const y = loss === 'square' ? randomArray(n, 4) : Float64Array.from(randomArray(n, 4), (z) => (z >= 0 ? 1 : -1));
  return { n, d, m, X, W, v, y };
}

for (const loss of ['square', 'exponential', 'logistic'] as const) {
  test(`${loss} loss: both gradients match central finite differences to 1e-7`, () => {
    const { n, d, m, X, W, v, y } = instance(loss);
    const ws = makeWorkspace(n, d, m);
    lossAndGradient(loss, X, y, W, v, ws);
    const GW = ws.GW.slice(),
      Gv = ws.Gv.slice();
    const L = () => lossAndGradient(loss, X, y, W, v, makeWorkspace(n, d, m));
    const eW = relErr(GW, finiteDifference(L, W));
    const ev = relErr(Gv, finiteDifference(L, v));
    assert.ok(eW < 1e-7, `dL/dW relative error ${eW}`);
    assert.ok(ev < 1e-7, `dL/dv relative error ${ev}`);
  });
}

test('square loss is 1/(2n) sum (f - y)^2 with f = relu(X W^T) v, checked by a direct loop', () => {
  const { n, d, m, X, W, v, y } = instance('square');
  const L = lossAndGradient('square', X, y, W, v, makeWorkspace(n, d, m));
  let direct = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < m; j++) {
      let z = 0;
      for (let k = 0; k < d; k++) z += X[i * d + k] * W[j * d + k];
      f += v[j] * Math.max(z, 0);
    }
    direct += (f - y[i]) ** 2;
  }
  assert.ok(Math.abs(L - direct / (2 * n)) < 1e-14 * direct);
});
