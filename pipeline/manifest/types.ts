// Types that flow out of the manifest stage: a validated manifest (one profile applied) and
// the runs it expands to. See experiments/schema/manifest.schema.json for the file format.
import type { RunSpec } from '../sim/types.ts';
import type { FigureKind } from '../analysis/figure-kinds.ts';
import type { ExperimentSetup, ParamValue, RunInput } from '../analysis/types.ts';

export type { AnalysisThresholds, ClaimThresholds, ParamValue } from '../analysis/types.ts';

export type Profile = 'quick' | 'paper';
export const PROFILES: readonly Profile[] = ['quick', 'paper'];

/** RunSpec keys a manifest may set in `base` or sweep in `grid` (seeds have their own key). */
export type SpecKey = Exclude<keyof RunSpec, 'seed'>;
/** Grid keys: any SpecKey plus the derived `n_per_d` (n = round(n_per_d * d)). */
export type GridKey = SpecKey | 'n_per_d';

/** Where a value was written: its field path (e.g. `grid.lr[1]`) and 1-based line:col. */
export interface Origin {
  field: string;
  line: number;
  col: number;
  /** The `--set` argument that wrote the value, when one did (then line and col are 0). */
  arg?: string;
}

/** Origins of the values a manifest sets, kept so that later checks can point at the source. */
export interface ManifestOrigins {
  /** The document itself (for errors without a better place). */
  root: Origin;
  /** The value of `experiment`. */
  experiment: Origin;
  /** Each base key, from the profile's base when it overrides it. */
  base: Partial<Record<SpecKey, Origin>>;
  /** Each value of each grid key. */
  grid: Partial<Record<GridKey, Origin[]>>;
  /** Each key of each case (in the order of `cases`). */
  cases: Partial<Record<SpecKey | 'name', Origin>>[];
}

/** One of the settings a manifest runs side by side (crossed with the grid), named. */
export interface Case {
  name: string;
  values: Partial<Omit<RunSpec, 'seed'>>;
}

/** A validated manifest with one profile applied: the setting the analysis reads, and the sweep. */
export interface Manifest extends ExperimentSetup {
  title: string;
  description: string | null;
  profile: Profile;
  /** Keys set for every run (profile base merged in); unset keys take DEFAULT_SPEC. */
  base: Partial<Omit<RunSpec, 'seed'>>;
  /** Swept keys in the order written (profile grid keys replace, new ones append). */
  grid: Partial<Record<GridKey, ParamValue[]>>;
  seeds: number[];
  /** Settings run side by side, each crossed with the grid; empty: the base alone. */
  cases: Case[];
  /** Options of the figure builders, by kind. */
  figure_options: Partial<Record<FigureKind, Record<string, unknown>>>;
  origins: ManifestOrigins;
}

export interface ExpandedRun extends RunInput {
  /** Path of the manifest as given. */
  manifest: string;
  profile: Profile;
}
