// The four phases of Wang and Ma (NeurIPS 2023) for gradient flow on separable data, detected
// from logged metrics. Operational definitions (thresholds are manifest data):
//   I   initial condensation  [0, t_I):   directions condense: align_weighted reaches cond while
//                                          the loss is still at the saddle (>= (1 - saddle_tol) L(0));
//   II  saddle to plateau     [t_I, t_II): the loss leaves the saddle: t_II first with L <= drop L(0);
//   III plateau               [t_II, t_III): some points stay misclassified; t_III (plateau escape)
//                                          is the first time >= t_II with train accuracy 1;
//   IV  final convergence     [t_III, end]: the loss keeps falling and activation patterns change.
import type { Table } from '../sim/types.ts';

export interface WangMaOptions {
  cond: number;
  saddle_tol: number;
  drop: number;
}

/** The same thresholds as manifest `analysis` keys. */
export interface WangMaThresholds {
  wm_cond: number;
  wm_saddle_tol: number;
  wm_drop: number;
}
export const DEFAULT_WM_THRESHOLDS: WangMaThresholds = { wm_cond: 0.9, wm_saddle_tol: 0.01, wm_drop: 0.5 };

export function wangMaOptions(t: WangMaThresholds): WangMaOptions {
  return { cond: t.wm_cond, saddle_tol: t.wm_saddle_tol, drop: t.wm_drop };
}

export interface WangMaPhases {
  boundaries: { name: string; t: number | null }[];
  /** All four phases present and in order, with activation changes during phase IV. */
  in_order: boolean;
  /** Why not in order (null when in order). */
  reason: string | null;
  /** Sum of act_changes over rows of phase IV. */
  act_changes_final: number;
}

export function analyzeWangMa(metrics: Table, opts: WangMaOptions = wangMaOptions(DEFAULT_WM_THRESHOLDS)): WangMaPhases {
  const t = metrics.data.time,
    L = metrics.data.train_loss,
    align = metrics.data.align_weighted;
  const acc = metrics.data.accuracy,
    act = metrics.data.act_changes;
  const n = t.length;
  const find = (from: number, pred: (r: number) => boolean) => {
    for (let r = Math.max(from, 0); r < n; r++) if (pred(r)) return r;
    return -1;
  };
  const rI = find(0, (r) => align[r] >= opts.cond);
  const rII = find(rI, (r) => L[r] <= opts.drop * L[0]);
  const rIII = rII >= 0 ? find(rII, (r) => acc[r] >= 1) : -1;
  let actFinal = 0;
  if (rIII >= 0) for (let r = rIII + 1; r < n; r++) actFinal += act[r];
  const at = (r: number) => (r >= 0 ? t[r] : null);
  let reason: string | null = null;
  if (rI < 0) reason = `directions never condensed (align_weighted < ${opts.cond})`;
  else if (L[rI] < (1 - opts.saddle_tol) * L[0])
    reason = `the loss left the saddle before condensation (L(t_I) = ${L[rI].toPrecision(3)} < ${1 - opts.saddle_tol} L(0))`;
  else if (rII < 0) reason = `the loss never fell to ${opts.drop} L(0)`;
  else if (rIII < 0) reason = 'training accuracy never reached 1 (no plateau escape)';
  else if (rIII === rII) reason = 'no plateau: every point was classified when the loss left the saddle';
  else if (rIII === n - 1 || !(L[n - 1] < L[rIII])) reason = 'no final-convergence phase after the plateau escape';
  else if (actFinal <= 0) reason = 'no activation-pattern change during final convergence';
  return {
    boundaries: [
      { name: 'condensation', t: at(rI) },
      { name: 'saddle-to-plateau', t: at(rII) },
      { name: 'plateau escape', t: at(rIII) },
      { name: 'end', t: t[n - 1] ?? null },
    ],
    in_order: reason === null,
    reason,
    act_changes_final: actFinal,
  };
}
