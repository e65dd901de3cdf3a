// The four phases of Wang and Ma (NeurIPS 2023) for gradient flow on separable data, detected
// from logged metrics, for the two-point geometry (wangma-theory.ts; a substitute for the
// paper's own setting, which we could not read). Boundaries are times, interpolated between
// logged rows (thresholds are manifest data):
//   I   initial condensation [0, t_c):  `condensation` (each output-sign group's directions)
//                                       reaches cond, while the loss is still at the saddle;
//   II  saddle to plateau   [t_c, t_p): the loss leaves the saddle at t_s (L <= (1 - saddle_tol) l(0))
//                                       and falls to the plateau band: t_p, first L <= (1 + band) P;
//   III plateau             [t_p, t_e): t_e (plateau escape), first L <= (1 - band) P after t_p;
//   IV  final convergence   [t_e, end]: the loss falls by another factor 1/final.
// P = (1 - p) l(0) is the predicted plateau. Activation patterns: the positive-output neurons are
// active on x- when the loss leaves the saddle and no longer at the escape (deactivation); the
// negative-output neurons the other way round on x+ (reactivation).
import { twoPointTheory } from './wangma-theory.ts';
import type { RunSpec, Table } from '../sim/types.ts';
import { log } from '../sim/detmath.ts';

export interface WangMaOptions {
  cond: number;
  saddle_tol: number;
  band: number;
  final: number;
}

/** The same thresholds as manifest `analysis` keys. */
export interface WangMaThresholds {
  wm_cond: number;
  wm_saddle_tol: number;
  wm_band: number;
  wm_final: number;
}
export const DEFAULT_WM_THRESHOLDS: WangMaThresholds = { wm_cond: 0.9, wm_saddle_tol: 0.01, wm_band: 0.1, wm_final: 0.1 };

export function wangMaOptions(t: WangMaThresholds): WangMaOptions {
  return { cond: t.wm_cond, saddle_tol: t.wm_saddle_tol, band: t.wm_band, final: t.wm_final };
}

export interface WangMaPhases {
  boundaries: { name: string; t: number | null }[];
  /** End of condensation, saddle exit, plateau reached, plateau escape (null: not reached). */
  t_c: number | null;
  t_s: number | null;
  t_p: number | null;
  t_e: number | null;
  /** L(0) / l(0): 1 when the run starts at the saddle of the origin. */
  start: number;
  /** The run starts at the saddle and condenses before the loss leaves it. */
  saddle: boolean;
  /** The loss at the middle of the plateau (geometric mean of t_p and t_e) over P. */
  plateau_level: number | null;
  /** cross_pos and cross_neg at t_s and at t_e. */
  cross: { pos_s: number; neg_s: number; pos_e: number; neg_e: number } | null;
  /** Deactivation of the positive group on x- and reactivation of the negative group on x+ between t_s and t_e. */
  swapped: boolean;
  /** All four phases present and in order, the swap included. */
  in_order: boolean;
  /** Why not in order (null when in order). */
  reason: string | null;
}

/**
 * First time from row `from` on at which `y` reaches `level` (downward unless `up`), with
 * warp(y) interpolated linearly in time between the two rows around the crossing (warp = ln for
 * losses, ln(l0 - L) for the exponential departure from the saddle). Null when never reached.
 */
export function crossing(
  t: Float64Array,
  y: Float64Array,
  level: number,
  opts: { from?: number; up?: boolean; warp?: (x: number) => number } = {},
): number | null {
  const { from = 0, up = false, warp = (x: number) => x } = opts;
  const hit = (x: number) => (up ? x >= level : x <= level);
  for (let r = from; r < t.length; r++) {
    if (!hit(y[r])) continue;
    if (r === from) return t[r];
    const a = warp(y[r - 1]),
      b = warp(y[r]),
      c = warp(level);
    const f = b === a || !Number.isFinite(a) || !Number.isFinite(b) ? 1 : (c - a) / (b - a);
    return t[r - 1] + Math.min(1, Math.max(0, f)) * (t[r] - t[r - 1]);
  }
  return null;
}

/** Value of a column at the first row with time >= t. */
function valueAt(time: Float64Array, col: Float64Array, t: number): number {
  for (let r = 0; r < time.length; r++) if (time[r] >= t) return col[r];
  return col[col.length - 1];
}

const rowAt = (time: Float64Array, t: number): number => {
  const r = time.findIndex((x) => x >= t);
  return r < 0 ? time.length - 1 : r;
};

export function analyzeWangMa(metrics: Table, spec: RunSpec, opts: WangMaOptions = wangMaOptions(DEFAULT_WM_THRESHOLDS)): WangMaPhases {
  const theory = twoPointTheory(spec);
  const M = metrics.data,
    t = M.time,
    L = M.train_loss;
  const n = t.length;
  const l0 = theory?.saddle ?? L[0];
  const P = theory?.plateau ?? NaN;
  const safeLog = (x: number) => log(Math.max(x, 1e-300));
  const t_c = crossing(t, M.condensation, opts.cond, { up: true });
  const t_s = crossing(t, L, (1 - opts.saddle_tol) * l0, { warp: (x) => safeLog(l0 - x) });
  const t_p = t_s === null ? null : crossing(t, L, (1 + opts.band) * P, { from: rowAt(t, t_s), warp: safeLog });
  const t_e = t_p === null ? null : crossing(t, L, (1 - opts.band) * P, { from: rowAt(t, t_p), warp: safeLog });
  const start = L[0] / l0;
  const saddle = Math.abs(start - 1) <= opts.saddle_tol && t_c !== null && (t_s === null || t_c < t_s);
  const plateau_level = t_p !== null && t_e !== null ? valueAt(t, L, Math.sqrt(t_p * t_e)) / P : null;
  const cross =
    t_s !== null && t_e !== null
      ? { pos_s: valueAt(t, M.cross_pos, t_s), neg_s: valueAt(t, M.cross_neg, t_s), pos_e: valueAt(t, M.cross_pos, t_e), neg_e: valueAt(t, M.cross_neg, t_e) }
      : null;
  const swapped = cross !== null && cross.pos_s >= 0.5 && cross.neg_s <= 0.5 && cross.pos_e <= 0.5 && cross.neg_e >= 0.5;
  const final = n > 0 ? L[n - 1] / ((1 - opts.band) * P) : NaN;
  let reason: string | null = null;
  if (theory === null) reason = 'the phase boundaries are predicted for the two-point data only';
  else if (Math.abs(start - 1) > opts.saddle_tol) reason = `the loss does not start at the saddle: L(0) = ${fmt(start)} l(0)`;
  else if (t_c === null) reason = `directions never condensed (condensation < ${opts.cond})`;
  else if (!saddle) reason = `the loss left the saddle (t = ${fmt(t_s!)}) before condensation (t = ${fmt(t_c)})`;
  else if (t_s === null) reason = 'the loss never left the saddle';
  else if (t_p === null) reason = `the loss never came within ${opts.band} of the plateau ${fmt(P)}`;
  else if (t_e === null) reason = 'no plateau escape: the loss stayed at the plateau';
  else if (!swapped)
    reason = `no activation swap: positive neurons active on x- ${fmt(cross!.pos_s)} → ${fmt(cross!.pos_e)}, negative on x+ ${fmt(cross!.neg_s)} → ${fmt(cross!.neg_e)} (saddle exit → escape)`;
  else if (!(final <= opts.final)) reason = `no final convergence: the loss fell only to ${fmt(final)} of its value at the escape`;
  return {
    boundaries: [
      { name: 'condensation', t: t_c },
      { name: 'saddle exit', t: t_s },
      { name: 'plateau', t: t_p },
      { name: 'plateau escape', t: t_e },
    ],
    t_c,
    t_s,
    t_p,
    t_e,
    start,
    saddle,
    plateau_level,
    cross,
    swapped,
    in_order: reason === null,
    reason,
  };
}

const fmt = (x: number): string => String(+x.toPrecision(3));
