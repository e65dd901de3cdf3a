// Finite-sample kernels of f(x) = sum_j v_j relu(<w_j, x>): forward pass, loss and the gradients
// of both layers. The O(n m d) work runs in WebAssembly SIMD kernels (kernels/step.ts) over
// buffers laid out once per workspace (nothing allocated per step). Sums keep a fixed order
// (ascending sample index, ascending coordinate, ascending neuron) — the order of the plain loops
// in pipeline/testing/reference-model.ts, which the kernels match bit for bit — so results are
// identical across runs, threads, thread counts and machines.
import { exp, log1p } from './detmath.ts';
import { StepKernel } from './kernels/step.ts';
import type { Loss } from './types.ts';

export interface Workspace {
  n: number;
  d: number;
  m: number;
  /** Pre-activations Z = X W^T (n x m). */
  Z: Float64Array;
  /** Outputs f(x_i). */
  f: Float64Array;
  /** dL/df_i. */
  r: Float64Array;
  /** Gradients dL/dW (m x d) and dL/dv (m). */
  GW: Float64Array;
  Gv: Float64Array;
  /** The kernels and their buffers (Z, f and r above are views into its memory). */
  kernel: StepKernel;
}

export interface WorkspaceOptions {
  /**
   * Threads for one step (1 or 2; the calling thread plus a helper). Same bytes either way;
   * 2 pays from about n m d = 2^20 on (docs/performance.md). Default: env REPRO_THREADS, else 1.
   */
  threads?: number;
}

export function defaultThreads(): number {
  const t = Number(process.env.REPRO_THREADS ?? 1);
  return Number.isInteger(t) && t >= 1 ? Math.min(t, 2) : 1;
}

export function makeWorkspace(n: number, d: number, m: number, options: WorkspaceOptions = {}): Workspace {
  const kernel = new StepKernel(n, d, m, options.threads ?? defaultThreads());
  return { n, d, m, Z: kernel.Z, f: kernel.f, r: kernel.r, GW: new Float64Array(m * d), Gv: new Float64Array(m), kernel };
}

/**
 * Z = X W^T, f = relu(Z) v. X is copied into the workspace the first time it is seen (it is the
 * run's fixed data); an X changed in place needs a new workspace.
 */
export function forward(X: Float64Array, W: Float64Array, v: Float64Array, ws: Workspace): void {
  ws.kernel.forward(X, W, v);
}

/** log(1 + exp(z)) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

/**
 * Loss of the outputs ws.f against y, and ws.r = dL/df.
 * square: 1/(2n) sum (f - y)^2; exponential: 1/n sum exp(-y f); logistic: 1/n sum log(1 + exp(-y f)).
 */
export function lossAndResidual(loss: Loss, y: Float64Array, ws: Pick<Workspace, 'n' | 'f' | 'r'>): number {
  const { n, f, r } = ws;
  const inv = 1 / n;
  let total = 0;
  if (loss === 'square') {
    for (let i = 0; i < n; i++) {
      const e = f[i] - y[i];
      total += e * e;
      r[i] = e * inv;
    }
    return 0.5 * total * inv;
  }
  if (loss === 'exponential') {
    for (let i = 0; i < n; i++) {
      const l = exp(-y[i] * f[i]);
      total += l;
      r[i] = -y[i] * l * inv;
    }
    return total * inv;
  }
  for (let i = 0; i < n; i++) {
    const z = y[i] * f[i];
    total += softplus(-z);
    // d/dz log(1 + e^{-z}) = -1 / (1 + e^{z})
    r[i] = (-y[i] / (1 + exp(z))) * inv;
  }
  return total * inv;
}

/** GW_j = v_j sum_i r_i 1[z_ij > 0] x_i and Gv_j = sum_i r_i relu(z_ij), from the last forward and ws.r. */
export function backward(X: Float64Array, v: Float64Array, ws: Workspace): void {
  ws.kernel.backward(X, v, ws.GW, ws.Gv);
}

/** Loss at (W, v) with both gradients left in ws.GW, ws.Gv. */
export function lossAndGradient(loss: Loss, X: Float64Array, y: Float64Array, W: Float64Array, v: Float64Array, ws: Workspace): number {
  forward(X, W, v, ws);
  const L = lossAndResidual(loss, y, ws);
  backward(X, v, ws);
  return L;
}
