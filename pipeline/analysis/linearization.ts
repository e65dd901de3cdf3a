// The local rate the linearization predicts at the paper's minimizer. With u± = Σ_{±v_j > 0} v_j w_j
// the loss near the minimum is quadratic in (u+, u−) with Hessians S± = (1/n) Σ_i x_i x_iᵀ 1[±⟨β, x_i⟩ > 0],
// and gradient descent on (W, v) moves u± by −lr P± ∇L with P± = Σ_{±v_j > 0} (w_j w_jᵀ + v_j² I).
// So the error contracts per step by |1 − lr λ| over the eigenvalues λ of P± S±, and the loss
// (quadratic in the error) by its square: ρ = −2 ln max |1 − lr λ| (gradient flow: 2 λ_min).
// The eigenvalues of P S (P, S symmetric positive semi-definite) are those of S^{1/2} P S^{1/2}.
import { makeTrainingData } from '../sim/data.ts';
import type { AnalyzedRun } from './types.ts';
import { log } from '../sim/detmath.ts';

/** Eigenvalues (ascending) and eigenvectors (columns of `vectors`, row-major d × d) of a symmetric matrix, by cyclic Jacobi. */
export function symmetricEigen(A: Float64Array, d: number): { values: number[]; vectors: Float64Array } {
  const a = A.slice();
  const V = new Float64Array(d * d);
  for (let i = 0; i < d; i++) V[i * d + i] = 1;
  for (let sweep = 0; sweep < 64; sweep++) {
    let off = 0,
      diag = 0;
    for (let i = 0; i < d; i++) {
      diag += a[i * d + i] * a[i * d + i];
      for (let j = i + 1; j < d; j++) off += a[i * d + j] * a[i * d + j];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p],
            akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k],
            aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = V[k * d + p],
            vkq = V[k * d + q];
          V[k * d + p] = c * vkp - s * vkq;
          V[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[i * d + i] - a[j * d + j]);
  const vectors = new Float64Array(d * d);
  order.forEach((src, dst) => {
    for (let k = 0; k < d; k++) vectors[k * d + dst] = V[k * d + src];
  });
  return { values: order.map((i) => a[i * d + i]), vectors };
}

function multiply(A: Float64Array, B: Float64Array, d: number): Float64Array {
  const C = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let k = 0; k < d; k++) {
      const aik = A[i * d + k];
      if (aik !== 0) for (let j = 0; j < d; j++) C[i * d + j] += aik * B[k * d + j];
    }
  return C;
}

/** Eigenvalues (ascending) of P S for symmetric positive semi-definite P and S. */
export function eigenvaluesOfProduct(P: Float64Array, S: Float64Array, d: number): number[] {
  const { values, vectors } = symmetricEigen(S, d);
  const root = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += vectors[i * d + k] * Math.sqrt(Math.max(values[k], 0)) * vectors[j * d + k];
      root[i * d + j] = s;
    }
  return symmetricEigen(multiply(multiply(root, P, d), root, d), d).values;
}

export interface LocalRate {
  /** Predicted decay rate of log L per step (per unit time for flow). */
  rho: number;
  /** Eigenvalues of P+ S+ and P− S− (ascending; empty for a side without neurons). */
  plus: number[];
  minus: number[];
}

/**
 * ρ predicted from a run's data X (n × d, row-major; null for n = ∞), planted β and final weights W (m × d), v.
 * `lr` null means gradient flow (ρ = 2 λ_min).
 */
export function predictedLocalRate(
  X: Float64Array | null,
  n: number,
  d: number,
  beta: Float64Array,
  W: Float64Array,
  v: Float64Array,
  lr: number | null,
): LocalRate {
  const m = v.length;
  const side = (sign: 1 | -1): number[] => {
    const S = new Float64Array(d * d),
      P = new Float64Array(d * d);
    // n = ∞: E[x xᵀ 1(±⟨β, x⟩ > 0)] = I/2 by the symmetry x -> −x.
    if (X === null) for (let a = 0; a < d; a++) S[a * d + a] = 0.5;
    for (let i = 0; X !== null && i < n; i++) {
      let z = 0;
      for (let k = 0; k < d; k++) z += beta[k] * X[i * d + k];
      if (sign * z <= 0) continue;
      for (let a = 0; a < d; a++) {
        const xa = X[i * d + a] / n;
        for (let b = 0; b < d; b++) S[a * d + b] += xa * X[i * d + b];
      }
    }
    let any = false;
    for (let j = 0; j < m; j++) {
      if (sign * v[j] <= 0) continue;
      any = true;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) P[a * d + b] += W[j * d + a] * W[j * d + b];
        P[a * d + a] += v[j] * v[j];
      }
    }
    return any ? eigenvaluesOfProduct(P, S, d) : [];
  };
  const plus = side(1),
    minus = side(-1);
  const all = [...plus, ...minus];
  let rho: number;
  if (lr === null) rho = 2 * Math.min(...all);
  else rho = -2 * log(Math.max(...all.map((l) => Math.abs(1 - lr * l))));
  return { rho, plus, minus };
}

const rates = new WeakMap<object, LocalRate | null>();

/**
 * The predicted local rate of a stored run: its training data regenerated from the spec (the
 * data streams are a pure function of the seed), its stored β and final weights. Null without
 * arrays (a synthetic run) or for classification. Computed once per run.
 */
export function predictedRateOf(run: AnalyzedRun): LocalRate | null {
  if (rates.has(run)) return rates.get(run)!;
  const arrays = run.spec.task === 'regression' ? (run.arrays?.() ?? null) : null;
  let out: LocalRate | null = null;
  if (arrays) {
    const data = makeTrainingData(run.spec, arrays.beta);
    out = predictedLocalRate(data?.X ?? null, run.spec.n ?? 0, run.spec.d, arrays.beta, arrays.W, arrays.v, run.spec.method === 'flow' ? null : run.spec.lr);
  }
  rates.set(run, out);
  return out;
}
