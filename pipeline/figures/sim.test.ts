// A real tiny run from the simulator, through the lead's phase analysis, into the loss figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../sim/simulate.ts';
import { DEFAULT_SPEC, type RunSpec } from '../sim/types.ts';
import { analyzePhases } from '../analysis/phases.ts';
import { lossFigure } from './loss.ts';
import { renderFigure } from './render.ts';
import { vegaLiteErrors } from './validate.ts';
import type { RunView } from './types.ts';

test('a simulated run (n=200, d=5, m=8, 300 steps) renders as the loss figure', async () => {
  const spec: RunSpec = { ...DEFAULT_SPEC, n: 200, d: 5, m: 8, steps: 300 };
  const out = simulate(spec);
  const run: RunView = {
    key: 'sim',
    experiment: 'test',
    params: { seed: spec.seed },
    spec,
    status: out.status,
    metrics: out.metrics,
    neurons: out.neurons,
    phases: analyzePhases(out.metrics),
  };
  const fig = lossFigure([run]);
  assert.deepEqual(vegaLiteErrors(fig.vl), []);
  assert.doesNotMatch(fig.caption, /^No data/);
  const rows = (fig.vl as { datasets: Record<string, { kind: string; value: number }[]> }).datasets.rows.filter((r) => r.kind === 'curve');
  assert.ok(rows.length > 20 && rows.every((r) => r.value > 0));
  const r = await renderFigure(fig.vl);
  assert.deepEqual(r.warnings, []);
  const lines = [...r.svg.matchAll(/<g class="mark-line role-mark[^>]*>\s*<path/g)].length;
  assert.ok(lines >= 2, `${lines} line marks`);
});
