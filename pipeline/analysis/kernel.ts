// The random-features optimum: with the first layer W fixed, the population loss is quadratic
// in v, L(v) = ½ vᵀKv − cᵀv + ½‖β‖² with the arc-cosine kernel K_jk = E[relu(⟨w_j, x⟩) relu(⟨w_k, x⟩)]
// and c_j = ⟨w_j, β⟩/2, so its minimum is L* = ½(‖β‖² − cᵀK⁻¹c). We read K and c off the
// simulator's exact population gradient (∇_v L = Kv − c), solve by Cholesky, and evaluate L(v*)
// with the simulator's stable population loss, which cancels before summing.
import { makePopulationWorkspace, populationLoss, populationLossAndGradient } from '../sim/population.ts';
import type { AnalyzedRun } from './types.ts';

/** Solves K x = c for symmetric positive definite K (m × m, row-major); null if K is not positive definite. */
export function choleskySolve(K: Float64Array, c: Float64Array, m: number): Float64Array | null {
  const Lc = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = K[i * m + j];
      for (let k = 0; k < j; k++) s -= Lc[i * m + k] * Lc[j * m + k];
      if (i === j) {
        if (!(s > 0)) return null;
        Lc[i * m + i] = Math.sqrt(s);
      } else Lc[i * m + j] = s / Lc[j * m + j];
    }
  }
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = c[i];
    for (let k = 0; k < i; k++) s -= Lc[i * m + k] * y[k];
    y[i] = s / Lc[i * m + i];
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < m; k++) s -= Lc[k * m + i] * x[k];
    x[i] = s / Lc[i * m + i];
  }
  return x;
}

/** L* of the random features W (m × d) for the planted β; NaN if the kernel matrix is singular. */
export function kernelOptimum(W: Float64Array, beta: Float64Array, m: number, d: number): number {
  const ws = makePopulationWorkspace(m, d);
  const GW = new Float64Array(m * d),
    Gv = new Float64Array(m);
  const v = new Float64Array(m);
  populationLossAndGradient(W, v, beta, 0, ws, GW, Gv);
  const c = Gv.map((g) => -g);
  const K = new Float64Array(m * m);
  for (let k = 0; k < m; k++) {
    v.fill(0);
    v[k] = 1;
    populationLossAndGradient(W, v, beta, 0, ws, GW, Gv);
    for (let j = 0; j < m; j++) K[j * m + k] = Gv[j] + c[j];
  }
  // Symmetrize the rounding away (K is symmetric in exact arithmetic).
  for (let i = 0; i < m; i++)
    for (let j = 0; j < i; j++) {
      const s = 0.5 * (K[i * m + j] + K[j * m + i]);
      K[i * m + j] = s;
      K[j * m + i] = s;
    }
  const star = choleskySolve(K, c, m);
  return star ? populationLoss(W, star, beta, 0, ws).loss : NaN;
}

const optima = new WeakMap<object, number>();

/** L* of a stored run's initial first layer (what a second-layer-only run can reach at best). */
export function kernelOptimumOf(run: AnalyzedRun): number {
  if (optima.has(run)) return optima.get(run)!;
  const a = run.arrays?.() ?? null;
  const out = a ? kernelOptimum(a.W0, a.beta, run.spec.m, run.spec.d) : NaN;
  optima.set(run, out);
  return out;
}
