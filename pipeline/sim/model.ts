// Finite-sample kernels of f(x) = sum_j v_j relu(<w_j, x>): forward pass, loss and the gradients
// of both layers, over Float64Array buffers allocated once per run (nothing allocated per step).
// Summation orders are fixed (ascending sample index, ascending coordinate), so results are
// bit-identical across runs, threads and machines.
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
}

export function makeWorkspace(n: number, d: number, m: number): Workspace {
  return {
    n, d, m,
    Z: new Float64Array(n * m),
    f: new Float64Array(n),
    r: new Float64Array(n),
    GW: new Float64Array(m * d),
    Gv: new Float64Array(m),
  };
}

/** Z = X W^T, f = relu(Z) v. */
export function forward(X: Float64Array, W: Float64Array, v: Float64Array, ws: Workspace): void {
  const { n, d, m, Z, f } = ws;
  for (let i = 0; i < n; i++) {
    const xo = i * d, zo = i * m;
    let fi = 0;
    for (let j = 0; j < m; j++) {
      const wo = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += X[xo + k] * W[wo + k];
      Z[zo + j] = s;
      if (s > 0) fi += v[j] * s;
    }
    f[i] = fi;
  }
}

/** log(1 + exp(z)) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * Loss of the outputs ws.f against y, and ws.r = dL/df.
 * square: 1/(2n) sum (f - y)^2; exponential: 1/n sum exp(-y f); logistic: 1/n sum log(1 + exp(-y f)).
 */
export function lossAndResidual(loss: Loss, y: Float64Array, ws: Workspace): number {
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
      const l = Math.exp(-y[i] * f[i]);
      total += l;
      r[i] = -y[i] * l * inv;
    }
    return total * inv;
  }
  for (let i = 0; i < n; i++) {
    const z = y[i] * f[i];
    total += softplus(-z);
    // d/dz log(1 + e^{-z}) = -1 / (1 + e^{z})
    r[i] = (-y[i] / (1 + Math.exp(z))) * inv;
  }
  return total * inv;
}

/** GW_j = v_j sum_i r_i 1[z_ij > 0] x_i and Gv_j = sum_i r_i relu(z_ij), from ws.Z and ws.r. */
export function backward(X: Float64Array, v: Float64Array, ws: Workspace): void {
  const { n, d, m, Z, r, GW, Gv } = ws;
  GW.fill(0);
  Gv.fill(0);
  for (let i = 0; i < n; i++) {
    const xo = i * d, zo = i * m, ri = r[i];
    for (let j = 0; j < m; j++) {
      const z = Z[zo + j];
      if (z > 0) {
        Gv[j] += ri * z;
        const go = j * d;
        for (let k = 0; k < d; k++) GW[go + k] += ri * X[xo + k];
      }
    }
  }
  for (let j = 0; j < m; j++) {
    const go = j * d, vj = v[j];
    for (let k = 0; k < d; k++) GW[go + k] *= vj;
  }
}

/** Loss at (W, v) with both gradients left in ws.GW, ws.Gv. */
export function lossAndGradient(loss: Loss, X: Float64Array, y: Float64Array, W: Float64Array, v: Float64Array, ws: Workspace): number {
  forward(X, W, v, ws);
  const L = lossAndResidual(loss, y, ws);
  backward(X, v, ws);
  return L;
}
