// The vocabulary of claim checks: a claim declares its statement, prediction, regime,
// thresholds (with their reasons), check and negative controls once; the manifest schema, the
// methods page and claims.json are generated from these declarations.
import type { FigureKind } from '../figure-kinds.ts';
import type { AnalysisThresholds, AnalyzedRun, Estimate, Revision } from '../types.ts';

export const CLAIM_IDS = ['C1', 'C2', 'C3', 'C4', 'C5', 'POP', 'ABL', 'WM', 'WIDTH'] as const;
export type ClaimId = (typeof CLAIM_IDS)[number];

/** Where the claim holds: value >= min and/or value <= max. */
export interface Region {
  min?: number;
  max?: number;
}

/** A statistic and the region the prediction puts it in. */
export interface Criterion {
  estimate: Estimate;
  holds: Region;
  /** Decided by the value alone: a count the theory fixes exactly (e.g. no sign flip), no interval needed. */
  exact?: boolean;
}

export interface Decision {
  verdict: 'PASS' | 'FAIL' | 'INCONCLUSIVE';
  why: string | null;
}

export interface ThresholdDef {
  default: number;
  meaning: string;
  /** Why this value: an argument from the theory, never a fit to the data. */
  reason: string;
  minimum?: number;
  maximum?: number;
  integer?: boolean;
}

export type Thresholds = Record<string, number>;

/** What a check sees: the analyzed runs of its experiment (or of a control). */
export type ClaimRun = AnalyzedRun;

export interface CheckOutput {
  criteria: Criterion[];
  /** Further measured numbers for the table (formatted). */
  measured: { label: string; value: string }[];
  notes: string[];
  /** Set when the check cannot apply at all (e.g. a single dimension d for C4): N/A with this reason. */
  notApplicable?: string;
}

export interface CheckContext {
  /** Seed of the bootstrap resampling (fixed per claim, so claims.json is deterministic). */
  seed: number;
  /** The experiment's phase and success thresholds. */
  analysis: AnalysisThresholds;
}

export interface ControlDef {
  id: string;
  /** What is run or re-analyzed. */
  description: string;
  /** Why the theory says the claim's check must fail there. */
  why: string;
  /** Runs of another experiment (its manifest says `control_of`), a re-analysis of the claim's own runs, or synthetic runs. */
  source: { experiment: string } | { variant: (runs: ClaimRun[]) => ClaimRun[] } | { synthetic: () => ClaimRun[] };
}

export interface ClaimDef<T extends Thresholds = Thresholds> {
  id: ClaimId;
  title: string;
  /** The paper's claim, in its words. */
  statement: string;
  /** What the theory predicts, as a formula or text. */
  prediction: string;
  regime: {
    text: string;
    /** null when the run is in the regime; else why not (the run is excluded from the check). */
    excludes?: (run: ClaimRun, t: T) => string | null;
  };
  thresholds: { [K in keyof T]: ThresholdDef };
  /** The figure kind that shows the claim best. */
  figure: FigureKind;
  /** Descriptive entries report numbers and never a verdict other than N/A. */
  descriptive?: boolean;
  check: (runs: ClaimRun[], t: T, ctx: CheckContext) => CheckOutput;
  controls: ControlDef[];
  revisions: Revision[];
}
