// Types that flow into and out of the analysis stage. In: a run (its grid point and spec) and
// the thresholds and claims of its experiment, which the manifest stage fills in. Out: the run
// with its phase analyses (what the figures draw) and one result per claim (what the site and
// reports/claims.json show).
import type { Params } from '../cache/lockfile.ts';
import type { RunSpec, RunStatus, Table } from '../sim/types.ts';
import type { FigureKind } from './figure-kinds.ts';
import type { PhaseThresholds } from './phases.ts';
import type { WangMaPhases, WangMaThresholds } from './wangma.ts';

export type { ParamValue } from '../cache/lockfile.ts';

/** Thresholds of the phase analyses (phases.ts, wangma.ts) as a manifest's `analysis` sets them. */
export type AnalysisThresholds = PhaseThresholds &
  WangMaThresholds & {
    /** Success (C1, C4, ABL): the train loss fell to <= success_train * L(0) (training converged) ... */
    success_train: number;
    /** ... and the population loss to <= success_pop * L_pop(0) (the predictor recovered beta). */
    success_pop: number;
  };

/** Thresholds of one claim check (declared with the check in claims/). */
export type ClaimThresholds = Record<string, number>;

/** What the analysis reads of an experiment: its manifest with one profile applied. */
export interface ExperimentSetup {
  experiment: string;
  /** The manifest's path (for messages). */
  file: string;
  analysis: AnalysisThresholds;
  claims: Record<string, ClaimThresholds>;
  /** Set when the experiment is a negative control of this claim (its runs are expected to fail the claim's check). */
  control_of: string | null;
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
  /** End of alignment. */
  t1: number | null;
  /** Onset of growth (the loss has moved by onset_drop). */
  t_g: number | null;
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
  /** Why the run stopped, as its cache entry says (the reason of a failed or diverged run). */
  message?: string | null;
  /** Columns METRIC_COLUMNS (pipeline/sim/types.ts). */
  metrics: Table;
  /** Columns NEURON_COLUMNS, long format (one row per logged step and neuron). */
  neurons: Table;
  phases: Phases | null;
  wm_phases?: WmPhases | null;
}

/** A run's arrays as stored (float64, row-major): planted direction, initial and final weights. */
export interface RunArrays {
  beta: Float64Array;
  W0: Float64Array;
  v0: Float64Array;
  W: Float64Array;
  v: Float64Array;
}

/** A run with every analysis the claim checks use. */
export interface AnalyzedRun extends RunView {
  /** Full Wang–Ma analysis (classification runs). */
  wm: WangMaPhases | null;
  /** Why the run stopped short of its horizon (the flow solver's step cap), or null: a truncated run counts as missing. */
  truncated: string | null;
  /** The stored arrays, read on first use (absent for synthetic runs; null when the entry has none). */
  arrays?: () => RunArrays | null;
}

/**
 * PASS: the interval of every key statistic lies where the claim holds; FAIL: one lies outside
 * (the data contradict the prediction), or a negative control passed; INCONCLUSIVE: an interval
 * straddles a bound (too few seeds to tell); INCOMPLETE: runs the check needs are missing or
 * failed; N/A: the check does not apply (reason given), or the entry is descriptive.
 */
export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE' | 'INCOMPLETE' | 'N/A';

/** A statistic with its 95% interval (null bounds: no interval could be formed). */
export interface Estimate {
  name: string;
  value: number;
  ci_low: number | null;
  ci_high: number | null;
}

/** One criterion of a check, decided. */
export interface CriterionResult extends Estimate {
  /** Where the claim holds, in words ("within [0.9, 1.1]", "≥ 0.8 (exact)"). */
  holds: string;
  /** INCOMPLETE when the claim's own runs are partial: the value is shown, the criterion not decided. */
  verdict: 'PASS' | 'FAIL' | 'INCONCLUSIVE' | 'INCOMPLETE';
}

export interface RunCounts {
  /** Runs the profile expands to. */
  expected: number;
  /** With a cache entry whose run did not fail and was not truncated. */
  present: number;
  failed: number;
  /** Stopped by the flow solver's step cap before their horizon: counted as missing, never as a result. */
  truncated: number;
  /** Present runs outside the claim's regime (not used by its check). */
  excluded: number;
}

export interface ControlResult {
  id: string;
  description: string;
  /** Why the theory says the check must fail there. */
  why: string;
  /** The experiment whose runs it checks (null: a re-analysis of the claim's own runs, or synthetic). */
  experiment: string | null;
  expected: 'FAIL';
  verdict: Verdict;
  reason: string | null;
  criteria: CriterionResult[];
  /** null for a re-analysis of the claim's own runs. */
  runs: RunCounts | null;
}

export interface Revision {
  date: string;
  /** The definition before this revision and what it gave. */
  before: string;
  verdict_before: string;
  after: string;
  why: string;
}

/** One claim checked on one experiment's runs: one entry of reports/claims.json. */
export interface ClaimResult {
  /** 'C1'..'C5', 'POP', 'ABL', 'WM', 'WIDTH'. */
  id: string;
  experiment: string;
  title: string;
  /** The paper's claim. */
  statement: string;
  /** What the theory predicts. */
  prediction: string;
  /** Where the theory applies (runs outside are excluded). */
  regime: string;
  profile: string;
  verdict: Verdict;
  /** Why, said plainly (null for a PASS). */
  reason: string | null;
  /** The key statistic (the first criterion), or null. */
  estimate: Estimate | null;
  criteria: CriterionResult[];
  /** Further measured numbers, formatted. */
  measured: { label: string; value: string }[];
  notes: string[];
  runs: RunCounts;
  /** Distinct seeds behind the check. */
  seeds: number;
  controls: ControlResult[];
  thresholds: Record<string, { value: number; default: number; meaning: string; reason: string }>;
  revisions: Revision[];
  /** Name of the figure that shows it; null when its manifest draws none. */
  figure: string | null;
  run_keys: string[];
}
