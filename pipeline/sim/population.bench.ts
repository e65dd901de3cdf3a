// Benchmark of one population GD step (population.ts: exact loss and gradient, O(m^2 d),
// independent of n) for scripts/bench.ts, to set beside the finite-n step.
import { makePopulationWorkspace, populationLossAndGradient } from './population.ts';

/** Wall milliseconds per population step (loss, gradient, update) at (m, d). */
export function timePopulationSteps(m: number, d: number, steps: number): number {
  const W = Float64Array.from({ length: m * d }, (_, p) => Math.sin(0.7 * p) / Math.sqrt(d));
  const v = Float64Array.from({ length: m }, (_, j) => Math.cos(2.1 * j));
  const beta = Float64Array.from({ length: d }, (_, k) => (k === 0 ? 1 : 0));
  const ws = makePopulationWorkspace(m, d);
  const GW = new Float64Array(m * d),
    Gv = new Float64Array(m);
  const run = (count: number) => {
    for (let s = 0; s < count; s++) {
      populationLossAndGradient(W, v, beta, 0, ws, GW, Gv);
      for (let p = 0; p < W.length; p++) W[p] -= 1e-9 * GW[p];
      for (let j = 0; j < m; j++) v[j] -= 1e-9 * Gv[j];
    }
  };
  run(Math.max(1, steps >> 3));
  const t0 = performance.now();
  run(steps);
  return (performance.now() - t0) / steps;
}
