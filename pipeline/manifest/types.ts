// Types that flow out of the manifest stage: a validated manifest (one profile applied) and
// the runs it expands to. See experiments/schema/manifest.schema.json for the file format.
import type { RunSpec } from '../sim/types.ts';

export type Profile = 'quick' | 'paper';
export const PROFILES: readonly Profile[] = ['quick', 'paper'];

/** RunSpec keys a manifest may set in `base` or sweep in `grid` (seeds have their own key). */
export type SpecKey = Exclude<keyof RunSpec, 'seed'>;
/** Grid keys: any SpecKey plus the derived `n_per_d` (n = round(n_per_d * d)). */
export type GridKey = SpecKey | 'n_per_d';
export type GridValue = number | string | null;

/** Thresholds of the phase analysis (DESIGN.md §1); every key has a default. */
export interface AnalysisThresholds {
  /** t1: first step with align_weighted >= 1 - eps_align. */
  eps_align: number;
  /** t2: first step with train_loss <= delta * L(0) ... */
  delta: number;
  /** ... or pred_norm >= pred_frac * beta_norm. */
  pred_frac: number;
  /** Convergence: train_loss <= tol. */
  tol: number;
  /** A run succeeds when its final population loss <= this. */
  success_loss: number;
}

/** Thresholds of one claim check; their meaning belongs to the analysis stage. */
export type ClaimThresholds = Record<string, number | string | boolean>;

/** Where a value was written: its field path (e.g. `grid.lr[1]`) and 1-based line:col. */
export interface Origin {
  field: string;
  line: number;
  col: number;
}

/** Origins of the values a manifest sets, kept so that later checks can point at the source. */
export interface ManifestOrigins {
  /** The document itself (for errors without a better place). */
  root: Origin;
  /** Each base key, from the profile's base when it overrides it. */
  base: Partial<Record<SpecKey, Origin>>;
  /** Each grid key (its key), and each of its values. */
  gridKey: Partial<Record<GridKey, Origin>>;
  grid: Partial<Record<GridKey, Origin[]>>;
}

export interface Manifest {
  experiment: string;
  title: string;
  description: string | null;
  /** The manifest's path as given to loadManifest. */
  file: string;
  profile: Profile;
  /** Keys set for every run (profile base merged in); unset keys take DEFAULT_SPEC. */
  base: Partial<Omit<RunSpec, 'seed'>>;
  /** Swept keys in the order written (profile grid keys replace, new ones append). */
  grid: Partial<Record<GridKey, GridValue[]>>;
  seeds: number[];
  analysis: AnalysisThresholds;
  claims: Record<string, ClaimThresholds>;
  origins: ManifestOrigins;
}

export interface ExpandedRun {
  experiment: string;
  /** Path of the manifest as given. */
  manifest: string;
  profile: Profile;
  /** The grid point (grid keys in order, n_per_d included when used) plus `seed`. */
  params: Record<string, GridValue>;
  spec: RunSpec;
}
