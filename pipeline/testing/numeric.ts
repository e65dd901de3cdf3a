// Small helpers shared by numerical tests (kept outside pipeline/sim/ so they are not fingerprinted).
import { Rng } from '../sim/rng.ts';
import { DEFAULT_SPEC, type RunSpec } from '../sim/types.ts';

export function randomArray(len: number, seed: number, scale = 1): Float64Array {
  return new Rng(seed, 99).fillNormal(new Float64Array(len), scale);
}

export function tinySpec(over: Partial<RunSpec> = {}): RunSpec {
  return { ...DEFAULT_SPEC, n: 200, d: 5, m: 8, steps: 300, lr: 0.1, sigma: 1e-2, log_per_decade: 10, ...over };
}

/** The spec of the wang-ma manifest (two points at 30°, p = 0.8, gradient flow; exponential loss unless said otherwise). */
export function twoPointSpec(over: Partial<RunSpec> = {}): RunSpec {
  return {
    ...DEFAULT_SPEC,
    task: 'classification',
    loss: 'exponential',
    method: 'flow',
    lr: null,
    data: 'two_points',
    angle: 30,
    p_pos: 0.8,
    n: 10,
    d: 2,
    m: 20,
    sigma: 1e-4,
    t_max: 200,
    rtol: 1e-4,
    atol: 1e-8,
    steps: 100_000,
    log_per_decade: 40,
    ...over,
  };
}

/** max |a - b| / max |b|. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0,
    den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

/** Central finite differences of f at x, in place (x is restored). */
export function finiteDifference(f: () => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  for (let p = 0; p < x.length; p++) {
    const x0 = x[p];
    x[p] = x0 + h;
    const fp = f();
    x[p] = x0 - h;
    const fm = f();
    x[p] = x0;
    g[p] = (fp - fm) / (2 * h);
  }
  return g;
}
