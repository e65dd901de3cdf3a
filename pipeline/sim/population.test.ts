import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { makePopulationWorkspace, populationLoss, populationLossAndGradient, psi } from './population.ts';
import { Rng } from './rng.ts';
import { finiteDifference, randomArray, relErr } from '../testing/numeric.ts';

const m = 5,
  d = 4;
function unit(seed: number): Float64Array {
  const b = randomArray(d, seed);
  const s = Math.hypot(...b);
  return b.map((x) => x / s);
}

test('population loss and even mass agree with Monte Carlo over 10^6 samples (within 4 standard errors)', () => {
  const W = randomArray(m * d, 11),
    v = randomArray(m, 12),
    beta = unit(13),
    noise = 0.3;
  const pop = populationLoss(W, v, beta, noise, makePopulationWorkspace(m, d));
  const rng = new Rng(5, 0);
  const N = 1_000_000,
    x = new Float64Array(d);
  let sL = 0,
    sL2 = 0,
    sG = 0,
    sG2 = 0;
  for (let i = 0; i < N; i++) {
    rng.fillNormal(x);
    let f = 0,
      g = 0,
      y = 0;
    for (let j = 0; j < m; j++) {
      let z = 0;
      for (let k = 0; k < d; k++) z += W[j * d + k] * x[k];
      f += v[j] * Math.max(z, 0);
      g += 0.5 * v[j] * Math.abs(z);
    }
    for (let k = 0; k < d; k++) y += beta[k] * x[k];
    y += noise * rng.normal();
    const l = 0.5 * (f - y) ** 2;
    sL += l;
    sL2 += l * l;
    sG += g * g;
    sG2 += g ** 4;
  }
  const meanL = sL / N,
    seL = Math.sqrt((sL2 / N - meanL ** 2) / N);
  const meanG = sG / N,
    seG = Math.sqrt((sG2 / N - meanG ** 2) / N);
  assert.ok(Math.abs(meanL - pop.loss) < 4 * seL, `MC ${meanL} ± ${seL} vs closed form ${pop.loss}`);
  assert.ok(Math.abs(meanG - pop.even) < 4 * seG, `MC even ${meanG} ± ${seG} vs ${pop.even}`);
});

test('population gradient matches central finite differences of the population loss to 1e-7', () => {
  // (7, 19) also takes the unrolled paths: angle partners two at a time with an odd one left,
  // z sums eight coordinates per pass with three left.
  for (const [mm, dd] of [
    [m, d],
    [7, 19],
  ]) {
    const b = randomArray(dd, 23);
    const beta = b.map((x) => x / Math.hypot(...b));
    const W = randomArray(mm * dd, 21, 0.8),
      v = randomArray(mm, 22, 0.8);
    const ws = makePopulationWorkspace(mm, dd);
    const GW = new Float64Array(mm * dd),
      Gv = new Float64Array(mm);
    populationLossAndGradient(W, v, beta, 0, ws, GW, Gv);
    const L = () => populationLoss(W, v, beta, 0, makePopulationWorkspace(mm, dd)).loss;
    assert.ok(relErr(GW, finiteDifference(L, W)) < 1e-7, `m=${mm} d=${dd}: dL/dW`);
    assert.ok(relErr(Gv, finiteDifference(L, v)) < 1e-7, `m=${mm} d=${dd}: dL/dv`);
  }
});

test('psi: the series branch and the direct formula agree where they meet', () => {
  for (const s of [0.3, 0.45, 0.4999999]) {
    const direct = 1 - Math.cos(s) - (2 / Math.PI) * (Math.sin(s) - s * Math.cos(s));
    assert.ok(Math.abs(psi(s) - direct) < 1e-15, `s=${s}`);
  }
  assert.equal(psi(0), 0);
});

/** A global minimizer (every v_j > 0 neuron on beta, every v_j < 0 one on -beta) perturbed by `eps`: loss ~ eps^2. */
function nearMinimum(eps: number) {
  const beta = unit(31),
    W = new Float64Array(6 * d),
    v = new Float64Array(6);
  const shares = [0.5, 0.3, 0.2];
  for (let j = 0; j < 6; j++) {
    const sign = j < 3 ? 1 : -1,
      a = 0.6 + 0.3 * (j % 3);
    for (let k = 0; k < d; k++) W[j * d + k] = sign * a * beta[k];
    v[j] = (sign * shares[j % 3]) / a; // sum over each sign of v_j |w_j| = |beta| = 1
  }
  const pW = randomArray(6 * d, 32, eps),
    pv = randomArray(6, 33, eps);
  for (let p = 0; p < W.length; p++) W[p] += pW[p];
  for (let j = 0; j < 6; j++) v[j] += pv[j];
  return { W, v, beta };
}

function mpmathReference(W: Float64Array, v: Float64Array, beta: Float64Array) {
  const rows = Array.from({ length: v.length }, (_, j) => Array.from(W.subarray(j * d, j * d + d)));
  const r = spawnSync('python3', ['pipeline/testing/mpmath_population.py'], {
    input: JSON.stringify({ W: rows, v: [...v], beta: [...beta] }),
    encoding: 'utf8',
  });
  if (r.status !== 0) return null;
  const out = JSON.parse(r.stdout);
  return { loss: Number(out.loss), Gv: out.Gv.map(Number), GW: out.GW.flat().map(Number) };
}

test('near a global minimum (loss ~1e-10) the stable closed form matches a 60-digit evaluation', (t) => {
  const { W, v, beta } = nearMinimum(1e-5);
  const ref = mpmathReference(W, v, beta);
  if (!ref) return t.skip('python3 with mpmath is not available (CI installs python3-mpmath)');
  const mw = v.length;
  const GW = new Float64Array(mw * d),
    Gv = new Float64Array(mw);
  const ours = populationLossAndGradient(W, v, beta, 0, makePopulationWorkspace(mw, d), GW, Gv);
  assert.ok(ref.loss > 1e-12 && ref.loss < 1e-8, `reference loss ${ref.loss}`);
  const rel = Math.abs(ours.loss - ref.loss) / ref.loss;
  assert.ok(rel < 1e-8, `stable loss ${ours.loss} vs 60-digit ${ref.loss}: relative error ${rel}`);
  assert.ok(relErr(Gv, ref.Gv) < 1e-8, `dL/dv relative error ${relErr(Gv, ref.Gv)}`);
  assert.ok(relErr(GW, ref.GW) < 1e-8, `dL/dW relative error ${relErr(GW, ref.GW)}`);
  // The naive float64 formula at the same point, for the record: it loses most digits here.
  const naive = naiveLoss(W, v, beta);
  t.diagnostic(
    `loss ${ref.loss.toExponential(3)}: stable relative error ${rel.toExponential(2)}, naive ${(Math.abs(naive - ref.loss) / ref.loss).toExponential(2)}`,
  );
});

function naiveLoss(W: Float64Array, v: Float64Array, beta: Float64Array): number {
  const mw = v.length;
  const row = (j: number) => W.subarray(j * d, j * d + d);
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i], 0);
  let s = dot(beta, beta);
  for (let j = 0; j < mw; j++) {
    s -= v[j] * dot(row(j), beta);
    for (let l = 0; l < mw; l++) {
      const na = Math.sqrt(dot(row(j), row(j))),
        nb = Math.sqrt(dot(row(l), row(l)));
      const tt = Math.acos(Math.min(1, Math.max(-1, dot(row(j), row(l)) / (na * nb))));
      s += (v[j] * v[l] * na * nb * (Math.sin(tt) + (Math.PI - tt) * Math.cos(tt))) / (2 * Math.PI);
    }
  }
  return s / 2;
}
