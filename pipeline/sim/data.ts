// Planted direction, training data, held-out data and initial weights, each from its own stream.
import { cos, sin } from './detmath.ts';
import { Rng, Stream } from './rng.ts';
import type { RunSpec } from './types.ts';

export interface Dataset {
  n: number;
  d: number;
  /** n x d, row-major. */
  X: Float64Array;
  /** Regression targets, or labels +-1 for classification. */
  y: Float64Array;
}

/** The two inputs of the two_points geometry: x+ = e1 and x- = (cos angle, sin angle, 0, ...). */
export function twoPoints(spec: RunSpec): { plus: Float64Array; minus: Float64Array } {
  const plus = new Float64Array(spec.d),
    minus = new Float64Array(spec.d);
  const rad = (spec.angle * Math.PI) / 180;
  plus[0] = 1;
  minus[0] = cos(rad);
  minus[1] = sin(rad);
  return { plus, minus };
}

/**
 * beta uniform on the sphere of radius beta_norm (a normalized Gaussian); for two_points, the
 * max-margin direction through the origin, x+ - x- normalized (so that y = sign(<beta, x>) there too).
 */
export function makeBeta(spec: RunSpec): Float64Array {
  const beta = isTwoPoints(spec) ? maxMarginDirection(spec) : new Rng(spec.seed, Stream.beta).fillNormal(new Float64Array(spec.d));
  let s = 0;
  for (let k = 0; k < spec.d; k++) s += beta[k] * beta[k];
  const scale = spec.beta_norm / Math.sqrt(s);
  for (let k = 0; k < spec.d; k++) beta[k] *= scale;
  return beta;
}

const isTwoPoints = (spec: RunSpec): boolean => spec.task === 'classification' && spec.data === 'two_points';

function maxMarginDirection(spec: RunSpec): Float64Array {
  const { plus, minus } = twoPoints(spec);
  return plus.map((x, k) => x - minus[k]);
}

function dot(a: Float64Array, aOff: number, b: Float64Array, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[aOff + k] * b[k];
  return s;
}

/**
 * n samples x ~ N(0, I_d). Regression: y = <beta, x> + noise * z (z from the noise stream).
 * Classification: y = sign(<beta, x>); rows with |<beta_hat, x>| < margin are redrawn
 * (rejection sampling keeps the Gaussian law conditioned on the margin).
 */
export function makeDataset(spec: RunSpec, beta: Float64Array, n: number, stream: number): Dataset {
  const { d } = spec;
  const rng = new Rng(spec.seed, stream);
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  const betaNorm = Math.sqrt(dot(beta, 0, beta, d));
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let proj: number;
    for (;;) {
      rng.fillNormal(row);
      proj = dot(row, 0, beta, d);
      if (spec.task !== 'classification' || Math.abs(proj) >= spec.margin * betaNorm) break;
    }
    X.set(row, i * d);
    y[i] = spec.task === 'classification' ? (proj >= 0 ? 1 : -1) : proj;
  }
  if (spec.task === 'regression' && spec.noise > 0) {
    const noise = new Rng(spec.seed, Stream.noise);
    for (let i = 0; i < n; i++) y[i] += spec.noise * noise.normal();
  }
  return { n, d, X, y };
}

/** n rows: the first round(p_pos n) are x+ (label +1), the others x- (label -1). No randomness. */
export function makeTwoPointData(spec: RunSpec, n: number): Dataset {
  const { d } = spec;
  const { plus, minus } = twoPoints(spec);
  const nPlus = Math.round(spec.p_pos * n);
  const X = new Float64Array(n * d),
    y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X.set(i < nPlus ? plus : minus, i * d);
    y[i] = i < nPlus ? 1 : -1;
  }
  return { n, d, X, y };
}

export function makeTrainingData(spec: RunSpec, beta: Float64Array): Dataset | null {
  if (spec.n === null) return null;
  return isTwoPoints(spec) ? makeTwoPointData(spec, spec.n) : makeDataset(spec, beta, spec.n, Stream.data);
}

/**
 * Held-out data for the test loss of classification runs (regression has the exact population
 * loss). Two points: the training rows themselves (they are the whole distribution).
 */
export function makeTestData(spec: RunSpec, beta: Float64Array): Dataset | null {
  if (spec.task !== 'classification') return null;
  return isTwoPoints(spec) ? makeTwoPointData(spec, spec.n!) : makeDataset(spec, beta, spec.n_test, Stream.test);
}

/**
 * Initial weights: w_j ~ N(0, sigma^2 I_d / d) (rows of W, drawn first), then
 * gaussian: v_j ~ N(0, sigma^2); balanced: v_j = sign(z_j) |w_j|; signed: v_j = sign(z_j) v_scale, with z_j ~ N(0, 1).
 */
export function makeInit(spec: RunSpec): { W: Float64Array; v: Float64Array } {
  const { m, d, sigma } = spec;
  const rng = new Rng(spec.seed, Stream.init);
  const W = rng.fillNormal(new Float64Array(m * d), sigma / Math.sqrt(d));
  const v = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const z = rng.normal();
    const sign = z >= 0 ? 1 : -1;
    if (spec.init === 'balanced') v[j] = sign * Math.sqrt(dot(W, j * d, W.subarray(j * d, j * d + d), d));
    else if (spec.init === 'signed') v[j] = sign * spec.v_scale;
    else v[j] = sigma * z;
  }
  return { W, v };
}
