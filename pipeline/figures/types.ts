// Types that flow into and out of the figures stage. The analysis stage adapts its results to
// RunView; every figure is a pure function (runs, options) => FigureSpec.
import type { TopLevelSpec } from 'vega-lite';
import type { RunSpec, RunStatus, Table } from '../sim/types.ts';

/** Fit log L = a - rho * t (natural log) over steps [from, to]. */
export interface RateFit {
  rho: number;
  r2: number;
  a: number;
  from: number;
  to: number;
}

/** Regression phase boundaries, in steps (null = not reached). */
export interface Phases {
  t1: number | null;
  t2: number | null;
  t_end: number | null;
  /** Start of the slow tail after the linear-rate window, if the analysis found one. */
  t_tail?: number | null;
  rate: RateFit | null;
}

/** Classification (Wang & Ma) phase boundaries, in the run's time unit. */
export interface WmPhases {
  boundaries: { name: string; t: number | null }[];
}

/** One cached run as the figures see it. */
export interface RunView {
  key: string;
  experiment: string;
  /** The grid point (incl. seed) the manifest expanded to this run. */
  params: Record<string, number | string | null>;
  spec: RunSpec;
  status: RunStatus;
  /** Columns METRIC_COLUMNS (pipeline/sim/types.ts). */
  metrics: Table;
  /** Columns NEURON_COLUMNS, long format (one row per logged step and neuron). */
  neurons: Table;
  phases: Phases | null;
  wm_phases?: WmPhases | null;
}

/** What every figure module returns: a Vega-Lite spec with its data inlined plus computed text. */
export interface FigureSpec {
  name: string;
  title: string;
  vl: TopLevelSpec;
  /** Computed from the data: numbers, not typed prose. */
  caption: string;
  /** Short text alternative for screen readers. */
  alt: string;
}

/** One plotted row (values are plain JSON scalars). */
export type Row = Record<string, number | string | null>;
