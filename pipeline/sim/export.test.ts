import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from './simulate.ts';
import { encodeRun, parseCsv } from './encode.ts';
import { exportRun } from './export.ts';
import { decodeNpy } from './npy.ts';
import { tinySpec } from '../testing/numeric.ts';
import { METRIC_COLUMNS, NEURON_COLUMNS } from './types.ts';

test('export has the documented layout with consistent shapes and a parseable metrics.csv', () => {
  const spec = tinySpec({ steps: 100 });
  const files = exportRun(spec, encodeRun(spec, simulate(spec)));
  assert.deepEqual(Object.keys(files).sort(), [
    'W.npy',
    'W0.npy',
    'X.npy',
    'beta.npy',
    'metrics.csv',
    'neurons.csv',
    'result.json',
    'spec.json',
    'v.npy',
    'v0.npy',
    'y.npy',
  ]);
  assert.deepEqual(decodeNpy(files['X.npy']).shape, [spec.n, spec.d]);
  assert.deepEqual(decodeNpy(files['W.npy']).shape, [spec.m, spec.d]);
  const metrics = parseCsv(new TextDecoder().decode(files['metrics.csv']));
  assert.deepEqual(metrics.columns, [...METRIC_COLUMNS]);
  assert.equal(metrics.data.step[0], 0);
  assert.equal(metrics.data.step[metrics.data.step.length - 1], 100);
  assert.deepEqual(parseCsv(new TextDecoder().decode(files['neurons.csv'])).columns, [...NEURON_COLUMNS]);
  const specJson = JSON.parse(new TextDecoder().decode(files['spec.json']));
  for (const key of ['task', 'n', 'd', 'm', 'lr', 'steps', 'seed']) assert.ok(key in specJson, key);
});

test('a researcher replays the run in numpy from the exported files alone and gets the same weights', (t) => {
  const spec = tinySpec({ steps: 150, sigma: 0.1 });
  const files = exportRun(spec, encodeRun(spec, simulate(spec)));
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  try {
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const r = spawnSync('python3', ['pipeline/testing/replay_gd.py', dir], { encoding: 'utf8' });
    if (r.status !== 0) return t.skip(`python3 with numpy is not available: ${r.stderr.trim().split('\n').pop()}`);
    const dev = JSON.parse(r.stdout);
    t.diagnostic(`numpy replay deviation: W ${dev.W}, v ${dev.v}, loss ${dev.loss}`);
    assert.ok(dev.W < 1e-10 && dev.v < 1e-10 && dev.loss < 1e-10, JSON.stringify(dev));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
