// Benchmark of the finite-n training step (model.ts): timings for scripts/bench.ts, and a child
// process mode for memory measurements:
//   node --import tsx pipeline/sim/model.bench.ts rss N D M STEPS THREADS
// prints {"rss_before", "rss_after", "max_rss"} in bytes after STEPS steps.
import { fileURLToPath } from 'node:url';
import { lossAndGradient, makeWorkspace, type Workspace } from './model.ts';

/** Closed-form inputs (the same as scripts/bench_numpy.py builds): about half the units active. */
export function benchInputs(n: number, d: number, m: number) {
  const X = Float64Array.from({ length: n * d }, (_, p) => Math.sin(1.3 * p + 0.2));
  const y = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
  const W = Float64Array.from({ length: m * d }, (_, p) => Math.sin(0.7 * p) / Math.sqrt(d));
  const v = Float64Array.from({ length: m }, (_, j) => Math.cos(2.1 * j));
  return { X, y, W, v };
}

export type BenchInputs = ReturnType<typeof benchInputs>;

/** One full GD step: forward, loss, both gradients, update of both layers. */
export function gdStep(inp: BenchInputs, ws: Workspace, lr: number): number {
  const { X, y, W, v } = inp;
  const L = lossAndGradient('square', X, y, W, v, ws);
  const { GW, Gv } = ws;
  for (let p = 0; p < W.length; p++) W[p] -= lr * GW[p];
  for (let j = 0; j < v.length; j++) v[j] -= lr * Gv[j];
  return L;
}

/** Wall milliseconds per step over `steps` steps (lr tiny, so the point barely moves). */
export function timeSteps(inp: BenchInputs, ws: Workspace, steps: number): number {
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) gdStep(inp, ws, 1e-9);
  return (performance.now() - t0) / steps;
}

function rssMode(args: string[]): void {
  const [n, d, m, steps, threads] = args.map(Number);
  const inp = benchInputs(n, d, m);
  const ws = makeWorkspace(n, d, m, { threads });
  for (let s = 0; s < 10; s++) gdStep(inp, ws, 1e-9);
  const before = process.memoryUsage().rss;
  for (let s = 0; s < steps; s++) gdStep(inp, ws, 1e-9);
  const after = process.memoryUsage().rss;
  console.log(JSON.stringify({ rss_before: before, rss_after: after, max_rss: process.resourceUsage().maxRSS * 1024 }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv[2] === 'rss') rssMode(process.argv.slice(3));
