// The eigen solver, the product eigenvalues and the random-features optimum against numpy (an
// independent implementation), and the predicted rate at the exact population minimum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { eigenvaluesOfProduct, predictedLocalRate, symmetricEigen } from './linearization.ts';
import { kernelOptimum } from './kernel.ts';
import { randomArray } from '../testing/numeric.ts';

function spd(d: number, seed: number): Float64Array {
  const B = randomArray(d * d, seed);
  const A = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) A[i * d + j] += B[i * d + k] * B[j * d + k];
  return A;
}

const close = (a: number[], b: number[], tol: number) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= tol * Math.max(1, Math.abs(b[i])));

test('symmetric eigenvalues, eigenvalues of P S and the kernel optimum L* agree with numpy', () => {
  const eig = [3, 7, 20].map((d, i) => [d, Array.from(spd(d, i))] as const);
  const product = [4, 12].map((d, i) => [d, Array.from(spd(d, 10 + i)), Array.from(spd(d, 20 + i))] as const);
  const kernel = [
    [6, 4],
    [20, 10],
  ].map(([m, d], i) => [m, d, Array.from(randomArray(m * d, 30 + i)), Array.from(randomArray(d, 40 + i))] as const);
  const r = spawnSync('python3', ['pipeline/testing/numpy_linearization.py'], { input: JSON.stringify({ eig, product, kernel }), encoding: 'utf8' });
  assert.equal(r.status, 0, `python3 with numpy is needed (CI installs python3-numpy): ${r.stderr}`);
  const ref = JSON.parse(r.stdout) as { eig: number[][]; product: number[][]; kernel: number[] };
  eig.forEach(([d, a], i) => assert.ok(close(symmetricEigen(Float64Array.from(a), d).values, ref.eig[i], 1e-10), `eig d=${d}`));
  product.forEach(([d, p, s], i) => assert.ok(close(eigenvaluesOfProduct(Float64Array.from(p), Float64Array.from(s), d), ref.product[i], 1e-9), `PS d=${d}`));
  kernel.forEach(([m, d, w, b], i) => {
    const ours = kernelOptimum(Float64Array.from(w), Float64Array.from(b), m, d);
    assert.ok(Math.abs(ours - ref.kernel[i]) <= 1e-9 * Math.max(1, ref.kernel[i]), `L* m=${m}: ${ours} vs ${ref.kernel[i]}`);
  });
  // A planted error must be caught: the same comparison against a perturbed reference fails.
  assert.ok(
    !close(
      symmetricEigen(Float64Array.from(eig[0][1]), 3).values,
      ref.eig[0].map((x) => x * (1 + 1e-6)),
      1e-10,
    ),
  );
});

test('at the balanced population minimum the predicted rate is exact: P = I + ββᵀ, S = I/2, so λ ∈ {1/2, 1}', () => {
  // Two neurons on ±β with |v_j| = |w_j| = 1 and v_j |w_j| = |β| = 1: a global minimum.
  const d = 4;
  const beta = Float64Array.from([0.6, 0.8, 0, 0]);
  const W = Float64Array.from([...beta, ...beta.map((x) => -x)]);
  const v = Float64Array.from([1, -1]);
  const r = predictedLocalRate(null, 0, d, beta, W, v, 0.5);
  assert.ok(close(r.plus, [0.5, 0.5, 0.5, 1], 1e-12) && close(r.minus, [0.5, 0.5, 0.5, 1], 1e-12), JSON.stringify(r));
  assert.ok(Math.abs(r.rho - -2 * Math.log(1 - 0.5 * 0.5)) < 1e-12);
  assert.ok(Math.abs(predictedLocalRate(null, 0, d, beta, W, v, null).rho - 1) < 1e-12);
});
