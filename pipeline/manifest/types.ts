// Types that flow out of the manifest stage: a validated manifest (one profile applied) and
// the runs it expands to. See experiments/schema/manifest.schema.json for the file format.
import type { RunSpec } from '../sim/types.ts';
import type { FigureKindName } from '../figures/kinds.ts';
import type { PhaseOptions } from '../analysis/phases.ts';
import type { WangMaThresholds } from '../analysis/wangma.ts';

export type Profile = 'quick' | 'paper';
export const PROFILES: readonly Profile[] = ['quick', 'paper'];

/** RunSpec keys a manifest may set in `base` or sweep in `grid` (seeds have their own key). */
export type SpecKey = Exclude<keyof RunSpec, 'seed'>;
/** Grid keys: any SpecKey plus the derived `n_per_d` (n = round(n_per_d * d)). */
export type GridKey = SpecKey | 'n_per_d';
export type GridValue = number | string | null;

/** Thresholds of the phase analyses (DESIGN.md §1 and Wang–Ma); defined with their analyses. */
export type AnalysisThresholds = Omit<PhaseOptions, 'beta_norm'> & WangMaThresholds & {
  /** A run succeeds when its final population loss <= this. */
  success_loss: number;
};

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
  /** Each value of each grid key. */
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
  /** Figure kinds to draw from this experiment's runs, and their builders' options. */
  figures: FigureKindName[];
  figure_options: Partial<Record<FigureKindName, Record<string, unknown>>>;
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
