// Types that flow into and out of the analysis stage. In: a run (its grid point and spec) and
// the thresholds and claims of its experiment, which the manifest stage fills in. Out: the run
// with its phase analyses (what the figures draw) and one result per claim (what the site and
// reports/claims.json show).
import type { Params } from '../cache/lockfile.ts';
import type { RunSpec, RunStatus, Table } from '../sim/types.ts';
import type { FigureKind } from './figure-kinds.ts';
import type { PhaseOptions } from './phases.ts';
import type { WangMaPhases, WangMaThresholds } from './wangma.ts';

export type { ParamValue } from '../cache/lockfile.ts';

/** Thresholds of the phase analyses (phases.ts, wangma.ts) as a manifest's `analysis` sets them. */
export type AnalysisThresholds = Omit<PhaseOptions, 'beta_norm'> &
  WangMaThresholds & {
    /** A run succeeds when its final population loss <= this. */
    success_loss: number;
  };

/** Thresholds of one claim check (their meaning belongs to the check). */
export type ClaimThresholds = Record<string, number | string | boolean>;

/** What the analysis reads of an experiment: its manifest with one profile applied. */
export interface ExperimentSetup {
  experiment: string;
  /** The manifest's path (for messages). */
  file: string;
  analysis: AnalysisThresholds;
  claims: Record<string, ClaimThresholds>;
  /** Figure kinds drawn from the experiment's runs (a claim points at one of them). */
  figures: FigureKind[];
}

/** A run as the analysis reads it: its experiment, grid point (seed included) and spec. */
export interface RunInput {
  experiment: string;
  params: Params;
  spec: RunSpec;
}

/** Fit log L = a - rho * t (natural log) over steps [from, to]. */
export interface RateFit {
  rho: number;
  a: number;
  r2: number;
  from: number;
  to: number;
  points: number;
}

/** Regression phase boundaries, in steps (null = not reached). */
export interface Phases {
  t1: number | null;
  t2: number | null;
  t_end: number | null;
  /** Where the linear-rate window ended because a slow tail began (null if it ended at tol or the last row). */
  t_tail: number | null;
  rate: RateFit | null;
}

/** Classification (Wang & Ma) phase boundaries, in the run's time unit. */
export interface WmPhases {
  boundaries: { name: string; t: number | null }[];
}

/** One cached run as the figures see it. */
export interface RunView extends RunInput {
  key: string;
  status: RunStatus;
  /** Columns METRIC_COLUMNS (pipeline/sim/types.ts). */
  metrics: Table;
  /** Columns NEURON_COLUMNS, long format (one row per logged step and neuron). */
  neurons: Table;
  phases: Phases | null;
  wm_phases?: WmPhases | null;
}

/** A run with every analysis the claim checks use. */
export interface AnalyzedRun extends RunView {
  /** Full Wang–Ma analysis (classification runs). */
  wm: WangMaPhases | null;
}

export type Verdict = 'PASS' | 'FAIL' | 'N/A';

/** One claim checked on one experiment's runs: what reports/claims.json lists. */
export interface ClaimResult {
  /** 'C1'..'C5', 'WM', ... */
  id: string;
  experiment: string;
  /** The claim in our words. */
  statement: string;
  measured: { label: string; value: number | string }[];
  threshold: string;
  verdict: Verdict;
  /** Why it failed (or was not applicable), said plainly. */
  note: string | null;
  /** Name of the figure that shows it; null when its manifest draws none. */
  figure: string | null;
  run_keys: string[];
}
