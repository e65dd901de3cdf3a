import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePhases, DEFAULT_PHASE_OPTIONS } from './phases.ts';
import { fitLine } from './stats.ts';
import type { Table } from '../sim/types.ts';

function table(rows: Record<string, number>[]): Table {
  const columns = Object.keys(rows[0]);
  return { columns, data: Object.fromEntries(columns.map((c) => [c, Float64Array.from(rows, (r) => r[c])])) };
}

test('fitLine recovers an exact line and reports R^2 = 1; degenerate input gives null', () => {
  const f = fitLine([0, 1, 2, 3], [1, 3, 5, 7])!;
  assert.equal(f.slope, 2);
  assert.equal(f.intercept, 1);
  assert.equal(f.r2, 1);
  assert.equal(fitLine([1, 1, 1], [1, 2, 3]), null);
  assert.equal(fitLine([1, 2], [1, 2]), null);
});

test('t1, t2, the refinement rate and the slow-tail onset are found where the curve puts them', () => {
  const rho = 0.05;
  const rows = Array.from({ length: 400 }, (_, s) => ({
    step: s,
    align_weighted: Math.min(1, s / 50),
    // plateau until 50, growth to 1e-2 L0 by 80, linear rate rho until 200, then a slow tail
    train_loss:
      s < 50
        ? 0.5
        : s < 80
          ? 0.5 * 10 ** ((-2 * (s - 50)) / 30)
          : s < 200
            ? 5e-3 * Math.exp(-rho * (s - 80))
            : 5e-3 * Math.exp(-rho * 120) * Math.exp(-0.001 * (s - 200)),
    pred_norm: s < 80 ? s / 100 : 1,
  }));
  const p = analyzePhases(table(rows), DEFAULT_PHASE_OPTIONS);
  assert.equal(p.t1, 50); // first step with alignment >= 0.99
  assert.equal(p.t2, 80); // L reaches 1e-2 L(0) at step 80 (pred_norm jumps to 1 there too)
  assert.ok(p.rate);
  assert.ok(Math.abs(p.rate!.rho - rho) < 1e-9, `rho ${p.rate!.rho}`);
  assert.ok(p.rate!.r2 > 0.999999);
  assert.equal(p.t_tail, 201);
  assert.equal(p.t_end, null);
});
