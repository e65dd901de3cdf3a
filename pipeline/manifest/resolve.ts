// Applies a profile to a schema-valid manifest: merges base, grid and seeds with the top level,
// records where every value came from, fills analysis defaults and enforces the sweep limit.
import type { FigureKind } from '../analysis/figure-kinds.ts';
import { controlExperiments } from '../analysis/claims/registry.ts';
import { CLAIM_IDS, type ClaimId } from '../analysis/claims/types.ts';
import type { RunSpec } from '../sim/types.ts';
import { ManifestError, type PathSegment } from './errors.ts';
import { ANALYSIS_DEFAULTS, MAX_RUNS, UINT32_MAX } from './schema.ts';
import type { Source } from './source.ts';
import type { AnalysisThresholds, ClaimThresholds, GridKey, ParamValue, Manifest, ManifestOrigins, Origin, Profile } from './types.ts';

type Seeds = number[] | { from: number; count: number };
type RawCase = { name: string } & Partial<Omit<RunSpec, 'seed'>>;
interface Layer {
  base?: Partial<Omit<RunSpec, 'seed'>>;
  grid?: Partial<Record<GridKey, ParamValue[]>>;
  seeds?: Seeds;
  cases?: RawCase[];
}
interface RawManifest extends Layer {
  experiment: string;
  title: string;
  description?: string;
  profiles?: Partial<Record<Profile, Layer>>;
  analysis?: Partial<AnalysisThresholds>;
  claims?: Record<string, ClaimThresholds>;
  control_of?: string;
  figures?: FigureKind[];
  figure_options?: Partial<Record<FigureKind, Record<string, unknown>>>;
}

/** The RunSpec key a base or grid key sets (n_per_d sets n). */
const target = (key: string): string => (key === 'n_per_d' ? 'n' : key);

/** `last`: the `--set` overrides of base, grid and seeds, applied after the profile (their origins are the arguments). */
export function resolveManifest(src: Source, profile: Profile, last: Record<string, unknown> | null = null): Manifest {
  const raw = src.data as RawManifest;
  checkControlOf(src, raw);
  const layers: [Layer, PathSegment[]][] = [[raw, []]];
  if (raw.profiles?.[profile]) layers.push([raw.profiles[profile]!, ['profiles', profile]]);
  if (last) layers.push([last as Layer, []]);

  const base: Record<string, unknown> = {};
  const grid: Record<string, ParamValue[]> = {};
  const origins: ManifestOrigins = { root: src.origin([], 'key'), experiment: src.origin(['experiment']), base: {}, grid: {}, cases: [] };
  const baseOrigins = origins.base as Record<string, Origin>;
  const gridOrigins = origins.grid as Record<string, Origin[]>;
  // A later layer (the profile) replaces whatever the earlier one set for the same RunSpec key.
  // (A grid key replacing the same grid key keeps its place in the order.)
  const drop = (key: string, keepGridKey: string | null) => {
    for (const k of Object.keys(base)) {
      if (target(k) === target(key)) [base, baseOrigins].forEach((o) => delete o[k]);
    }
    for (const k of Object.keys(grid)) {
      if (target(k) === target(key) && k !== keepGridKey) [grid, gridOrigins].forEach((o) => delete o[k]);
    }
  };
  for (const [layer, prefix] of layers) {
    checkSameLayer(src, layer, prefix);
    for (const [k, v] of Object.entries(layer.base ?? {})) {
      drop(k, null);
      base[k] = v;
      baseOrigins[k] = src.origin([...prefix, 'base', k]);
    }
    for (const [k, values] of Object.entries(layer.grid ?? {}) as [string, ParamValue[]][]) {
      drop(k, k);
      grid[k] = values;
      gridOrigins[k] = values.map((_, i) => src.origin([...prefix, 'grid', k, i]));
    }
  }

  // The last layer that lists cases replaces the list (a profile may run other cases).
  const [casesLayer, casesPrefix] = [...layers].reverse().find(([l]) => l.cases !== undefined) ?? [{ cases: [] }, []];
  const cases = (casesLayer.cases ?? []).map(({ name, ...values }) => ({ name, values }));
  origins.cases = (casesLayer.cases ?? []).map((c, i) => Object.fromEntries(Object.keys(c).map((k) => [k, src.origin([...casesPrefix, 'cases', i, k])])));
  checkCaseNames(src, cases, casesPrefix);
  checkCasesAgainstGrid(src, cases, casesPrefix, grid);

  const [seedsLayer, seedsPrefix] = [...layers].reverse().find(([l]) => l.seeds !== undefined) ?? [{ seeds: [0] }, []];
  const seedsPath = [...seedsPrefix, 'seeds'];
  const seedList = seedsLayer.seeds!;
  const seedCount = Array.isArray(seedList) ? seedList.length : seedList.count;
  const points = Object.values(grid).reduce((p, values) => p * values.length, 1) * Math.max(1, cases.length);
  if (points * seedCount > MAX_RUNS) {
    const sweeps = (l: Layer | null | undefined): boolean => Boolean(l && (l.grid || l.seeds));
    const blamed: PathSegment[] = sweeps(last)
      ? [last!.grid ? 'grid' : 'seeds']
      : sweeps(raw.profiles?.[profile])
        ? ['profiles', profile]
        : raw.grid
          ? ['grid']
          : seedsPath;
    const detail = `profile ${profile} expands to ${points * seedCount} runs (${points} grid points${cases.length ? ' and cases' : ''} x ${seedCount} seeds), more than the limit of ${MAX_RUNS}`;
    throw ManifestError.at(src.file, src.origin(blamed, 'key'), detail);
  }
  return {
    experiment: raw.experiment,
    title: raw.title,
    description: raw.description ?? null,
    file: src.file,
    profile,
    base: base as Manifest['base'],
    grid: grid as Manifest['grid'],
    seeds: seedRange(src, seedList, seedsPath),
    cases,
    analysis: { ...ANALYSIS_DEFAULTS, ...raw.analysis },
    claims: raw.claims ?? {},
    control_of: raw.control_of ?? null,
    figures: raw.figures ?? [],
    figure_options: raw.figure_options ?? {},
    origins,
  };
}

function seedRange(src: Source, seeds: Seeds, path: PathSegment[]): number[] {
  if (Array.isArray(seeds)) return [...seeds];
  const last = seeds.from + seeds.count - 1;
  if (last > UINT32_MAX) throw ManifestError.at(src.file, src.origin([...path, 'count']), `range ends at seed ${last}, above ${UINT32_MAX}`);
  return Array.from({ length: seeds.count }, (_, i) => seeds.from + i);
}

/** Within one layer n may be swept once: by grid.n or by grid.n_per_d (a grid key beats base). */
function checkSameLayer(src: Source, layer: Layer, prefix: PathSegment[]): void {
  if (layer.grid?.n === undefined || layer.grid.n_per_d === undefined) return;
  // Blame whichever of the two was written later in the file.
  const [first, second] = (['n', 'n_per_d'] as const)
    .map((k) => [...prefix, 'grid', k])
    .sort((a, b) => src.locate(a, 'key').offset - src.locate(b, 'key').offset);
  throw ManifestError.at(src.file, src.origin(second, 'key'), `n is also set by ${src.origin(first, 'key').field}; keep one`);
}

/**
 * `control_of` must agree with the claim registry: a claim reads its negative controls from the
 * experiments its module declares (controls[].source.experiment), so `control_of: C3` on an
 * experiment C3 does not declare would check nothing, silently; and an experiment a claim reads as
 * its control must say so.
 */
function checkControlOf(src: Source, raw: RawManifest): void {
  const holder = CLAIM_IDS.find((id) => controlExperiments(id).includes(raw.experiment));
  const id = raw.control_of as ClaimId | undefined;
  if (id === undefined) {
    if (holder)
      throw ManifestError.at(
        src.file,
        src.origin(['experiment']),
        `'${raw.experiment}' holds the negative controls of claim ${holder}: add control_of: ${holder}`,
      );
    return;
  }
  if (controlExperiments(id).includes(raw.experiment)) return;
  const listed = controlExperiments(id);
  throw ManifestError.at(
    src.file,
    src.origin(['control_of']),
    `claim ${id} reads no control from experiment '${raw.experiment}' (${listed.length ? `its control experiments: ${listed.join(', ')}` : 'it has no control experiment'}${holder ? `; '${raw.experiment}' is a control of ${holder}` : ''}); a claim's controls are declared in pipeline/analysis/claims/`,
  );
}

/** A key a case sets must not be swept by the grid too: the grid's values would replace the case's unseen. */
function checkCasesAgainstGrid(src: Source, cases: { values: object }[], prefix: PathSegment[], grid: Record<string, unknown>): void {
  const swept = new Map(Object.keys(grid).map((k) => [target(k), k]));
  cases.forEach((c, i) => {
    for (const k of Object.keys(c.values)) {
      const g = swept.get(target(k));
      if (g !== undefined)
        throw ManifestError.at(
          src.file,
          src.origin([...prefix, 'cases', i, k]),
          `${target(k)} is also swept by grid.${g}, whose values would replace this case's (set it in the cases or sweep it in the grid)`,
        );
    }
  });
}

/** Case names label the runs (param `case`): they must be unique. */
function checkCaseNames(src: Source, cases: { name: string }[], prefix: PathSegment[]): void {
  const seen = new Set<string>();
  cases.forEach((c, i) => {
    if (seen.has(c.name)) throw ManifestError.at(src.file, src.origin([...prefix, 'cases', i, 'name']), `case name '${c.name}' is used twice`);
    seen.add(c.name);
  });
}
