// Exact population loss and gradient for x ~ N(0, I_d), y = <beta, x> (+ noise), O(m^2 d).
//
// The naive closed form 1/2 (sum v v k(w, w) - sum v <w, beta> + |beta|^2) subtracts O(1) terms
// to reach 1e-10, losing 6-7 digits exactly where the refinement phase is measured. We use the
// odd/even split relu(z) = (z + |z|)/2 instead: f(x) = <u, x> + g(x), u = (1/2) sum_j v_j w_j,
// g(x) = (1/2) sum_j v_j |<w_j, x>|; odd and even parts are orthogonal, so
//   L = 1/2 (|u - beta|^2 + E[g^2]) + noise^2 / 2,
//   E[g^2] = 1/4 sum_jk c_j c_k h(t_jk),  c_j = v_j |w_j|,  h(t) = (2/pi)(sin t + (pi/2 - t) cos t),
// and with h = 1 - phi, phi(t) = psi(min(t, pi - t)) >= 0:
//   E[g^2] = 1/4 ((sum_j c_j)^2 - sum_jk c_j c_k phi_jk).
// Every term is small near a global minimum, so nothing cancels. Angles come from Kahan's
// t = 2 atan2(|a^ - b^|, |a^ + b^|), accurate near 0 and pi where acos(cos t) is not.
//
// Gradient of E[|<a,x>||<b,x>|] = |a||b| h(t) with respect to a:
//   |b| (1 - phi) a^ + (1 - 2t/pi) P_perp(a) b,
// which gives, with e_j = sum_k c_k (1 - phi_jk) and z_j = sum_k v_k (1 - 2 t_jk / pi) w_k,
//   dL/dv_j = <u - beta, w_j> / 2 + |w_j| e_j / 4,
//   dL/dw_j = v_j (u - beta) / 2 + v_j (e_j a_j^ + P_perp(a_j^) z_j) / 4.
import { atan2, cos, sin } from './detmath.ts';

export interface PopulationWorkspace {
  m: number;
  d: number;
  norms: Float64Array;
  /** Unit rows w_j / |w_j| (zero rows stay zero). */
  units: Float64Array;
  /** u - beta. */
  resid: Float64Array;
  /** Pairwise angles t_jk and phi_jk (m x m, symmetric). */
  angle: Float64Array;
  phi: Float64Array;
  e: Float64Array;
  z: Float64Array;
  /** One row of the coefficients v_k (1 - 2 t_jk / pi). */
  alpha: Float64Array;
}

export function makePopulationWorkspace(m: number, d: number): PopulationWorkspace {
  return {
    m,
    d,
    norms: new Float64Array(m),
    units: new Float64Array(m * d),
    resid: new Float64Array(d),
    angle: new Float64Array(m * m),
    phi: new Float64Array(m * m),
    e: new Float64Array(m),
    z: new Float64Array(d),
    alpha: new Float64Array(m),
  };
}

const TWO_OVER_PI = 2 / Math.PI;

/** psi(s) = (1 - cos s) - (2/pi)(sin s - s cos s) for s in [0, pi/2]; a series where terms cancel. */
export function psi(s: number): number {
  const half = sin(0.5 * s);
  const oneMinusCos = 2 * half * half;
  let q: number;
  if (s < 0.5) {
    // sin s - s cos s = sum_{k>=1} (-1)^{k+1} 2k s^{2k+1} / (2k+1)!  (nine terms: < 1e-22 relative at s = 0.5)
    const s2 = s * s;
    let term = (2 * s * s2) / 6; // k = 1
    q = term;
    for (let k = 2; k <= 9; k++) {
      term *= (-s2 * k) / ((k - 1) * (2 * k) * (2 * k + 1));
      q += term;
    }
  } else {
    q = sin(s) - s * cos(s);
  }
  return oneMinusCos - TWO_OVER_PI * q;
}

/** Norms, unit rows, u - beta, and the pairwise angle table. Returns c_j into ws.e temporarily unused. */
function prepare(W: Float64Array, v: Float64Array, beta: Float64Array, ws: PopulationWorkspace): void {
  const { m, d, norms, units, resid, angle, phi } = ws;
  for (let k = 0; k < d; k++) resid[k] = -beta[k];
  for (let j = 0; j < m; j++) {
    const o = j * d;
    let s = 0;
    for (let k = 0; k < d; k++) s += W[o + k] * W[o + k];
    const norm = Math.sqrt(s);
    norms[j] = norm;
    const inv = norm > 0 ? 1 / norm : 0;
    const half = 0.5 * v[j];
    for (let k = 0; k < d; k++) {
      units[o + k] = W[o + k] * inv;
      resid[k] += half * W[o + k];
    }
  }
  for (let j = 0; j < m; j++) {
    angle[j * m + j] = 0;
    phi[j * m + j] = 0;
    const oj = j * d;
    let l = j + 1;
    // Two partners per pass share the loads of row j (each pair's sums keep their order).
    for (; l + 2 <= m; l += 2) {
      const o1 = l * d,
        o2 = o1 + d;
      let dm1 = 0,
        dp1 = 0,
        dm2 = 0,
        dp2 = 0;
      for (let k = 0; k < d; k++) {
        const a = units[oj + k],
          b1 = units[o1 + k],
          b2 = units[o2 + k];
        dm1 += (a - b1) * (a - b1);
        dp1 += (a + b1) * (a + b1);
        dm2 += (a - b2) * (a - b2);
        dp2 += (a + b2) * (a + b2);
      }
      setAngle(ws, j, l, dm1, dp1);
      setAngle(ws, j, l + 1, dm2, dp2);
    }
    for (; l < m; l++) {
      const ol = l * d;
      let dm = 0,
        dp = 0;
      for (let k = 0; k < d; k++) {
        const a = units[oj + k],
          b = units[ol + k];
        dm += (a - b) * (a - b);
        dp += (a + b) * (a + b);
      }
      setAngle(ws, j, l, dm, dp);
    }
  }
}

/** Kahan's angle between unit rows j and l from |a - b|^2 and |a + b|^2, and its phi. */
function setAngle(ws: PopulationWorkspace, j: number, l: number, dm2: number, dp2: number): void {
  const { m, angle, phi } = ws;
  const dm = Math.sqrt(dm2),
    dp = Math.sqrt(dp2);
  const t = 2 * atan2(dm, dp);
  const p = psi(2 * atan2(Math.min(dm, dp), Math.max(dm, dp)));
  angle[j * m + l] = angle[l * m + j] = t;
  phi[j * m + l] = phi[l * m + j] = p;
}

export interface PopulationLoss {
  /** 1/2 (|u - beta|^2 + E[g^2]) + noise^2 / 2. */
  loss: number;
  /** E[g(x)^2], the mass of the even part of f. */
  even: number;
  /** |u - beta|. */
  predDist: number;
}

function lossFromPrepared(v: Float64Array, noise: number, ws: PopulationWorkspace): PopulationLoss {
  const { m, d, norms, resid, phi } = ws;
  let sumC = 0,
    cross = 0;
  for (let j = 0; j < m; j++) sumC += v[j] * norms[j];
  for (let j = 0; j < m; j++) {
    const cj = v[j] * norms[j];
    let row = 0;
    for (let l = 0; l < m; l++) row += v[l] * norms[l] * phi[j * m + l];
    cross += cj * row;
  }
  let r2 = 0;
  for (let k = 0; k < d; k++) r2 += resid[k] * resid[k];
  const even = 0.25 * (sumC * sumC - cross);
  return { loss: 0.5 * (r2 + even) + 0.5 * noise * noise, even, predDist: Math.sqrt(r2) };
}

export function populationLoss(W: Float64Array, v: Float64Array, beta: Float64Array, noise: number, ws: PopulationWorkspace): PopulationLoss {
  prepare(W, v, beta, ws);
  return lossFromPrepared(v, noise, ws);
}

/**
 * z = sum_l coef_l W_l (rows of the m x d matrix W), each coordinate summed over l in ascending
 * order. Eight coordinates per pass keep their sums in registers (~3x the plain z[k] += loop,
 * with the same sums in the same order, so the same bits).
 */
function sumRows(coef: Float64Array, W: Float64Array, m: number, d: number, z: Float64Array): void {
  let k = 0;
  for (; k + 8 <= d; k += 8) {
    let z0 = 0,
      z1 = 0,
      z2 = 0,
      z3 = 0,
      z4 = 0,
      z5 = 0,
      z6 = 0,
      z7 = 0;
    for (let l = 0, o = k; l < m; l++, o += d) {
      const c = coef[l];
      z0 += c * W[o];
      z1 += c * W[o + 1];
      z2 += c * W[o + 2];
      z3 += c * W[o + 3];
      z4 += c * W[o + 4];
      z5 += c * W[o + 5];
      z6 += c * W[o + 6];
      z7 += c * W[o + 7];
    }
    z[k] = z0;
    z[k + 1] = z1;
    z[k + 2] = z2;
    z[k + 3] = z3;
    z[k + 4] = z4;
    z[k + 5] = z5;
    z[k + 6] = z6;
    z[k + 7] = z7;
  }
  for (; k < d; k++) {
    let s = 0;
    for (let l = 0, o = k; l < m; l++, o += d) s += coef[l] * W[o];
    z[k] = s;
  }
}

/** Population loss with dL/dW, dL/dv written into GW (m x d) and Gv (m). */
export function populationLossAndGradient(
  W: Float64Array,
  v: Float64Array,
  beta: Float64Array,
  noise: number,
  ws: PopulationWorkspace,
  GW: Float64Array,
  Gv: Float64Array,
): PopulationLoss {
  prepare(W, v, beta, ws);
  const out = lossFromPrepared(v, noise, ws);
  const { m, d, norms, units, resid, angle, phi, e, z, alpha } = ws;
  for (let j = 0; j < m; j++) {
    let ej = 0;
    for (let l = 0; l < m; l++) ej += v[l] * norms[l] * (1 - phi[j * m + l]);
    e[j] = ej;
  }
  for (let j = 0; j < m; j++) {
    const oj = j * d,
      vj = v[j];
    for (let l = 0; l < m; l++) alpha[l] = v[l] * (1 - TWO_OVER_PI * angle[j * m + l]);
    sumRows(alpha, W, m, d, z);
    let zDotA = 0,
      residDotW = 0;
    for (let k = 0; k < d; k++) {
      zDotA += z[k] * units[oj + k];
      residDotW += resid[k] * W[oj + k];
    }
    Gv[j] = 0.5 * residDotW + 0.25 * norms[j] * e[j];
    for (let k = 0; k < d; k++) {
      const a = units[oj + k];
      GW[oj + k] = vj * (0.5 * resid[k] + 0.25 * (e[j] * a + z[k] - zDotA * a));
    }
  }
  return out;
}
