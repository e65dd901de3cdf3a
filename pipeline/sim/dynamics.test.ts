import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { simulate } from './simulate.ts';
import { encodeRun } from './encode.ts';
import { lossAndGradient, makeWorkspace } from './model.ts';
import { makeBeta, makeInit, makeTrainingData } from './data.ts';
import { tinySpec, twoPointSpec } from '../testing/numeric.ts';
import type { RunSpec } from './types.ts';

const flowSpec = (over: Partial<RunSpec> = {}): RunSpec =>
  tinySpec({ method: 'flow', lr: null, steps: 100_000, t_max: 40, rtol: 1e-10, atol: 1e-13, sigma: 0.3, ...over });

test('gradient flow conserves v_j^2 - |w_j|^2 to the solver tolerance (finite n and population)', () => {
  for (const n of [200, null]) {
    const out = simulate(flowSpec({ n }));
    assert.equal(out.status, 'ok');
    const drift = out.metrics.data.balance_drift;
    const L = out.metrics.data.train_loss;
    assert.ok(L[L.length - 1] < 0.5 * L[0], 'the flow made progress');
    assert.ok(drift[drift.length - 1] < 1e-8, `n=${n}: balance drift ${drift[drift.length - 1]}`);
  }
});

test('one GD step changes v_j^2 - |w_j|^2 by exactly lr^2 (Gv_j^2 - |GW_j|^2): O(lr^2) drift', () => {
  const spec = tinySpec({ sigma: 0.5 });
  const beta = makeBeta(spec),
    data = makeTrainingData(spec, beta)!,
    { W, v } = makeInit(spec);
  const ws = makeWorkspace(data.n, spec.d, spec.m);
  lossAndGradient('square', data.X, data.y, W, v, ws);
  for (const lr of [0.1, 0.05]) {
    for (let j = 0; j < spec.m; j++) {
      let w2 = 0,
        w2new = 0,
        g2 = 0;
      for (let k = 0; k < spec.d; k++) {
        const w = W[j * spec.d + k],
          g = ws.GW[j * spec.d + k];
        w2 += w * w;
        w2new += (w - lr * g) ** 2;
        g2 += g * g;
      }
      const before = v[j] ** 2 - w2,
        after = (v[j] - lr * ws.Gv[j]) ** 2 - w2new;
      const predicted = lr * lr * (ws.Gv[j] ** 2 - g2);
      assert.ok(Math.abs(after - before - predicted) < 1e-12 + 1e-9 * Math.abs(predicted), `neuron ${j}, lr ${lr}`);
    }
  }
});

test('small-step GD tracks gradient flow: the gap at a fixed time halves with the step', () => {
  const T = 20;
  const flow = simulate(flowSpec({ t_max: T, sigma: 0.3 }));
  const gap = (lr: number) => {
    const gd = simulate(tinySpec({ lr, steps: Math.round(T / lr), sigma: 0.3 }));
    let s = 0;
    for (let p = 0; p < gd.W.length; p++) s = Math.max(s, Math.abs(gd.W[p] - flow.W[p]));
    return s;
  };
  const g1 = gap(0.02),
    g2 = gap(0.01);
  assert.ok(g1 < 0.05, `gap at lr 0.02: ${g1}`);
  assert.ok(g2 / g1 > 0.4 && g2 / g1 < 0.6, `first-order convergence: ratio ${g2 / g1}`);
});

test('finite-n trajectories approach the population trajectory as n grows', () => {
  const pop = simulate(tinySpec({ n: null, steps: 400 }));
  const dist = (n: number) => {
    const run = simulate(tinySpec({ n, steps: 400 }));
    let s = 0;
    for (let r = 0; r < run.metrics.data.step.length; r++) {
      s = Math.max(s, Math.abs(run.metrics.data.population_loss[r] - pop.metrics.data.population_loss[r]));
    }
    return s;
  };
  const small = dist(100),
    large = dist(10_000);
  assert.ok(large < small / 3, `max |L_pop(finite n) - L_pop(n = inf)| along the path: n=100 ${small}, n=10000 ${large}`);
});

test('a run repeated, and a run in a worker thread, give byte-identical files', async () => {
  const spec = tinySpec({ task: 'classification', loss: 'logistic', n_test: 300 });
  const a = encodeRun(spec, simulate(spec)),
    b = encodeRun(spec, simulate(spec));
  assert.deepEqual(a, b);
  const entry = new URL('../testing/simulate-worker.ts', import.meta.url).href;
  const worker = new Worker(new URL('../ts-worker.mjs', import.meta.url), { workerData: { entry, spec } });
  const fromWorker: Record<string, Uint8Array> = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  for (const name of Object.keys(a)) assert.deepEqual(Buffer.from(fromWorker[name]), Buffer.from(a[name]), name);
});

test('a diverging run stops with status diverged and the step, never a crash', () => {
  const out = simulate(tinySpec({ lr: 50, sigma: 1, steps: 1000 }));
  assert.equal(out.status, 'diverged');
  assert.match(out.message!, /at step \d+/);
  assert.ok(out.steps_taken < 1000);
});

test('classification with exponential and logistic loss: loss falls and accuracy rises', () => {
  for (const loss of ['exponential', 'logistic'] as const) {
    const out = simulate(tinySpec({ task: 'classification', loss, margin: 0.1, steps: 500, lr: 0.2 }));
    const M = out.metrics.data,
      last = M.step.length - 1;
    assert.equal(out.status, 'ok');
    assert.ok(M.train_loss[last] < 0.5 * M.train_loss[0], `${loss}: ${M.train_loss[0]} -> ${M.train_loss[last]}`);
    assert.ok(M.accuracy[last] > 0.95, `${loss}: accuracy ${M.accuracy[last]}`);
  }
});

test('training only the first or only the second layer leaves the other layer at its initial value', () => {
  const first = simulate(tinySpec({ train: 'first', steps: 50 }));
  assert.deepEqual(first.v, first.v0);
  assert.notDeepEqual(first.W, first.W0);
  const second = simulate(tinySpec({ train: 'second', steps: 50 }));
  assert.deepEqual(second.W, second.W0);
  assert.notDeepEqual(second.v, second.v0);
});

test('the default regression run shows the three phases: t1 < t2, loss to 1e-10 of its start, linear rate with R^2 > 0.99', async () => {
  const { DEFAULT_SPEC } = await import('./types.ts');
  const { analyzePhases, DEFAULT_PHASE_OPTIONS } = await import('../analysis/phases.ts');
  const out = simulate(DEFAULT_SPEC);
  const p = analyzePhases(out.metrics, DEFAULT_PHASE_OPTIONS);
  const L = out.metrics.data.train_loss;
  assert.ok(p.t1 !== null && p.t2 !== null && p.t1 < p.t2, `t1 ${p.t1}, t2 ${p.t2}`);
  assert.ok(L[L.length - 1] <= 1e-10 * L[0], `loss ${L[0]} -> ${L[L.length - 1]}`);
  assert.ok(p.rate && p.rate.r2 > 0.99 && p.rate.rho > 0, JSON.stringify(p.rate));
  // During alignment the weights stay small: below 10% of their final norm, which is >= 100x the initial one.
  const M = out.metrics.data,
    last = M.step.length - 1;
  assert.ok(M.norm_W[last] > 100 * M.norm_W[0]);
  for (let r = 0; M.step[r] <= p.t1!; r++) assert.ok(M.norm_W[r] < 0.1 * M.norm_W[last], `step ${M.step[r]}`);
});

test('two-point data: round(p_pos n) rows at x+ = e1 labelled +1, the rest at x- (angle from x+) labelled -1; beta the max-margin direction', () => {
  const spec = twoPointSpec({ angle: 60, p_pos: 0.7, n: 10, d: 3 });
  const beta = makeBeta(spec);
  const data = makeTrainingData(spec, beta)!;
  const c = Math.cos(Math.PI / 3),
    s = Math.sin(Math.PI / 3);
  for (let i = 0; i < 10; i++) {
    const row = Array.from(data.X.subarray(3 * i, 3 * i + 3));
    assert.deepEqual(row, i < 7 ? [1, 0, 0] : [c, s, 0]);
    assert.equal(data.y[i], i < 7 ? 1 : -1);
    assert.equal(Math.sign(row[0] * beta[0] + row[1] * beta[1] + row[2] * beta[2]), data.y[i]);
  }
  // beta = (x+ - x-)/|x+ - x-|: equal margins on both points.
  assert.ok(Math.abs(beta[0] - (1 - c) / Math.hypot(1 - c, s)) < 1e-15 && Math.abs(beta[1] + s / Math.hypot(1 - c, s)) < 1e-15);
  // No randomness in the data: another seed gives the same rows.
  assert.deepEqual(makeTrainingData({ ...spec, seed: 5 }, makeBeta({ ...spec, seed: 5 }))!.X, data.X);
});
