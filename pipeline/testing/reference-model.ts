// The plain-loop finite-n kernels the simulator shipped first, kept as the reference that the
// WebAssembly kernels (pipeline/sim/kernels/) are tested against: same sums in the same order,
// so the fast path must agree bit for bit. Test-only (outside pipeline/sim/, not fingerprinted).
import { lossAndResidual, type Workspace } from '../sim/model.ts';
import type { Loss } from '../sim/types.ts';

/** The plain arrays of the simulator's workspace, without its wasm kernel. */
export type ReferenceWorkspace = Pick<Workspace, 'n' | 'd' | 'm' | 'Z' | 'f' | 'r' | 'GW' | 'Gv'>;

export function referenceWorkspace(n: number, d: number, m: number): ReferenceWorkspace {
  return { n, d, m, Z: new Float64Array(n * m), f: new Float64Array(n), r: new Float64Array(n), GW: new Float64Array(m * d), Gv: new Float64Array(m) };
}

/** Z = X W^T, f = relu(Z) v. */
export function referenceForward(X: Float64Array, W: Float64Array, v: Float64Array, ws: ReferenceWorkspace): void {
  const { n, d, m, Z, f } = ws;
  for (let i = 0; i < n; i++) {
    const xo = i * d,
      zo = i * m;
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

/** GW_j = v_j sum_i r_i 1[z_ij > 0] x_i and Gv_j = sum_i r_i relu(z_ij), from ws.Z and ws.r. */
export function referenceBackward(X: Float64Array, v: Float64Array, ws: ReferenceWorkspace): void {
  const { n, d, m, Z, r, GW, Gv } = ws;
  GW.fill(0);
  Gv.fill(0);
  for (let i = 0; i < n; i++) {
    const xo = i * d,
      zo = i * m,
      ri = r[i];
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
    const go = j * d,
      vj = v[j];
    for (let k = 0; k < d; k++) GW[go + k] *= vj;
  }
}

/** The whole reference step: loss at (W, v), both gradients left in ws. */
export function referenceStep(loss: Loss, X: Float64Array, y: Float64Array, W: Float64Array, v: Float64Array, ws: ReferenceWorkspace): number {
  referenceForward(X, W, v, ws);
  const L = lossAndResidual(loss, y, ws);
  referenceBackward(X, v, ws);
  return L;
}
