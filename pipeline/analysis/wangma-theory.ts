// What gradient flow does on the two-point data (our substitute for Wang and Ma's setting, whose
// full text we could not read): x+ = e1 with label +1 and weight p, x- at angle θ from x+ with
// label -1 and weight 1 - p, f(x) = Σ v_j relu(<w_j, x>), small initialization of scale σ.
// Derivation (docs/experiments.md, "WM"): near the origin the loss weights are c_i = π_i |l'(0)|
// and each neuron follows a linear flow on its activation region.
//  - Positive neurons grow fastest along g = p x+ - (1 - p) x-, active on both points when
//    p cos θ > 1 - p, at rate λ = |l'(0)| ‖g‖: the loss leaves the saddle l(0) at
//    t_s = ln(1/σ)/λ + O(1). Directions converge at a σ-free rate (the flow near the origin is
//    linear and scale free), so condensation takes a time independent of σ.
//  - Negative neurons slide on x+'s activation boundary at rate |l'(0)| (1 - p) sin θ. Once x+ is
//    fitted the positive neurons leave x- (they slide on its boundary) and the loss rests at the
//    plateau P = (1 - p) l(0); the negative neurons turn active on x+ and grow at |l'(0)| (1 - p)
//    until they fit x-: the escape comes at t_e = ln(1/σ) [(1 - sin θ)/‖g‖ + 1/(1 - p)] / |l'(0)|
//    + O(1), so the plateau lasts ln(1/σ) [1/(1 - p) - sin θ/‖g‖] / |l'(0)| + O(1).
import type { RunSpec } from '../sim/types.ts';
import { cos, sin } from '../sim/detmath.ts';

export interface TwoPointTheory {
  /** Share of the rows at x+ (the weight p). */
  p: number;
  /** Angle between x+ and x- in radians. */
  theta: number;
  /** l(0): the loss at the saddle of the origin (1 exponential, ln 2 logistic). */
  saddle: number;
  /** |l'(0)|: the loss weight at f = 0 (1 exponential, 1/2 logistic). */
  weight: number;
  /** ‖p x+ - (1 - p) x-‖. */
  g: number;
  /** The derivation's condition: g is active on x- (p cos θ > 1 - p), so the first growth is along g. */
  inRegime: boolean;
  /** (1 - p) l(0). */
  plateau: number;
  /** dt_s / d ln(1/σ) = 1/(|l'(0)| ‖g‖). */
  escapeSlope: number;
  /** d(t_e - t_p) / d ln(1/σ) = (1/(1 - p) - sin θ/‖g‖)/|l'(0)|. */
  plateauSlope: number;
}

/** The predictions for a run's spec; null unless it is classification on the two-point data. */
export function twoPointTheory(spec: RunSpec): TwoPointTheory | null {
  if (spec.task !== 'classification' || spec.data !== 'two_points' || spec.n === null) return null;
  const p = Math.round(spec.p_pos * spec.n) / spec.n;
  const theta = (spec.angle * Math.PI) / 180;
  const exponential = spec.loss === 'exponential';
  const saddle = exponential ? 1 : Math.LN2;
  const weight = exponential ? 1 : 0.5;
  const g = Math.sqrt(p * p + (1 - p) * (1 - p) - 2 * p * (1 - p) * cos(theta));
  return {
    p,
    theta,
    saddle,
    weight,
    g,
    inRegime: p * cos(theta) > 1 - p,
    plateau: (1 - p) * saddle,
    escapeSlope: 1 / (weight * g),
    plateauSlope: (1 / (1 - p) - sin(theta) / g) / weight,
  };
}
