// Phase boundaries of a regression run (docs/experiments.md, Definitions), from its logged metrics. Thresholds are
// data (manifest `analysis`), defaults below.
import { fitLine } from './stats.ts';
import type { Table } from '../sim/types.ts';
import type { Phases, RateFit } from './types.ts';
import { log } from '../sim/detmath.ts';

/** Thresholds of the phase boundaries (manifest `analysis`; defaults below). */
export interface PhaseThresholds {
  /** t1: first logged step with align_weighted >= 1 - eps_align - align_floor (d - 1)/n ... */
  eps_align: number;
  /** ... where (d - 1)/n is the mean misalignment of the empirical direction with beta at finite n
   * (the neurons align with E_n[y 1(w.x > 0) x], not with beta); 0 for n = infinity. */
  align_floor: number;
  /** t_g, onset of growth: first logged step with train_loss <= (1 - onset_drop) * L(0). */
  onset_drop: number;
  /** t2: first logged step with train_loss <= delta * L(0) ... */
  delta: number;
  /** ... or pred_norm >= pred_frac * beta_norm, whichever comes first. */
  pred_frac: number;
  /** Convergence: first logged step with train_loss <= tol; the rate fit ends there. */
  tol: number;
  /** The rate fit starts at the first step with train_loss <= fit_delta * L(0) (>= t2): right
   * after growth the fastest modes still decay faster than the asymptotic linear rate. */
  fit_delta: number;
  /** The linear-rate window also ends where a slow tail begins: the first logged interval whose
   * decay rate falls below tail_ratio times the mean rate since t2 (a lagging neuron). */
  tail_ratio: number;
}

/** What the boundaries need to know of the run itself. */
export interface RunFacts {
  beta_norm: number;
  /** null: population (n = infinity). */
  n: number | null;
  d: number;
}

export type PhaseOptions = PhaseThresholds & RunFacts;

export const DEFAULT_PHASE_THRESHOLDS: PhaseThresholds = {
  eps_align: 0.01,
  align_floor: 2,
  onset_drop: 0.01,
  delta: 0.01,
  pred_frac: 0.9,
  tol: 1e-10,
  fit_delta: 1e-4,
  tail_ratio: 0.5,
};

/** Defaults for a population run with |beta| = 1 (no sampling floor). */
export const DEFAULT_PHASE_OPTIONS: PhaseOptions = { ...DEFAULT_PHASE_THRESHOLDS, beta_norm: 1, n: null, d: 1 };

/** The alignment level t1 waits for: 1 - eps_align, lowered by the sampling floor at finite n. */
export const alignLevel = (o: PhaseOptions): number => 1 - o.eps_align - (o.n === null ? 0 : (o.align_floor * (o.d - 1)) / o.n);

export const phaseOptionsFor = (spec: { beta_norm: number; n: number | null; d: number }, t: PhaseThresholds): PhaseOptions => ({
  ...t,
  beta_norm: spec.beta_norm,
  n: spec.n,
  d: spec.d,
});

function firstIndex(n: number, pred: (r: number) => boolean): number {
  for (let r = 0; r < n; r++) if (pred(r)) return r;
  return -1;
}

/** First row r in (from + 2, to] whose interval decay rate is below ratio x the mean rate since `from`, or -1. */
function tailOnset(t: Float64Array, L: Float64Array, from: number, to: number, ratio: number): number {
  for (let r = from + 3; r <= to; r++) {
    const mean = (log(L[from]) - log(L[r - 1])) / (t[r - 1] - t[from]);
    const local = (log(L[r - 1]) - log(L[r])) / (t[r] - t[r - 1]);
    if (mean > 0 && local < ratio * mean) return r;
  }
  return -1;
}

/** `x` names the time axis: 'step' for GD, 'time' for flow. */
export function analyzePhases(metrics: Table, opts: PhaseOptions = DEFAULT_PHASE_OPTIONS, x: 'step' | 'time' = 'step'): Phases {
  const t = metrics.data[x],
    L = metrics.data.train_loss,
    align = metrics.data.align_weighted,
    pred = metrics.data.pred_norm;
  const n = t.length;
  if (n === 0) return { t1: null, t_g: null, t2: null, t_end: null, t_tail: null, rate: null };
  const level = alignLevel(opts);
  const r1 = firstIndex(n, (r) => align[r] >= level);
  const rg = firstIndex(n, (r) => L[r] <= (1 - opts.onset_drop) * L[0]);
  const r2 = firstIndex(n, (r) => L[r] <= opts.delta * L[0] || pred[r] >= opts.pred_frac * opts.beta_norm);
  const rEnd = firstIndex(n, (r) => L[r] <= opts.tol);
  let rate: RateFit | null = null;
  let rTail = -1;
  const rFit =
    r2 >= 0
      ? Math.max(
          r2,
          firstIndex(n, (r) => L[r] <= opts.fit_delta * L[0]),
        )
      : -1;
  if (r2 >= 0 && rFit >= r2) {
    const stop = rEnd >= 0 ? rEnd : n - 1;
    rTail = tailOnset(t, L, rFit, stop, opts.tail_ratio);
    const last = rTail >= 0 ? rTail - 1 : stop;
    const xs: number[] = [],
      ys: number[] = [];
    for (let r = rFit; r <= last; r++) {
      if (L[r] > 0 && Number.isFinite(L[r])) {
        xs.push(t[r]);
        ys.push(log(L[r]));
      }
    }
    const fit = fitLine(xs, ys);
    if (fit) rate = { rho: -fit.slope, a: fit.intercept, r2: fit.r2, from: t[rFit], to: t[last], points: fit.points };
  }
  return {
    t1: r1 >= 0 ? t[r1] : null,
    t_g: rg >= 0 ? t[rg] : null,
    t2: r2 >= 0 ? t[r2] : null,
    t_end: rEnd >= 0 ? t[rEnd] : null,
    t_tail: rTail >= 0 ? t[rTail] : null,
    rate,
  };
}
