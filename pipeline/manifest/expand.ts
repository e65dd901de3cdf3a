// Expands a manifest into runs: the cartesian product of the grid (keys in the order written,
// values in order, the first key varying slowest), then the seeds. Every grid point's spec is
// normalized and checked against the cross-field rules.
import { DEFAULT_SPEC, type RunSpec } from '../sim/types.ts';
import { canonicalJson } from '../cache/canonical.ts';
import { ManifestError } from './errors.ts';
import { checkSpec, normalizeSpec, type Blame } from './rules.ts';
import type { Case, ExpandedRun, ParamValue, Manifest, Origin, SpecKey } from './types.ts';

interface GridPoint {
  params: Record<string, ParamValue>;
  spec: RunSpec;
  /** Where each key of the spec was written (for errors about this point). */
  blame: Blame;
}

export function countRuns(m: Manifest): number {
  return Object.values(m.grid).reduce((p, values) => p * values!.length, 1) * Math.max(1, m.cases.length) * m.seeds.length;
}

/** Every case x grid point with its checked spec (seed still at its default); cases vary slowest. */
export function* gridPoints(m: Manifest): Generator<GridPoint> {
  const keys = Object.keys(m.grid) as (keyof Manifest['grid'])[];
  const lists = keys.map((k) => m.grid[k]!);
  if (lists.some((l) => l.length === 0)) return;
  const cases = m.cases.length ? m.cases.map((c, i) => ({ c, i })) : [null];
  for (const entry of cases) yield* casePoints(m, keys, lists, entry);
}

function* casePoints(m: Manifest, keys: string[], lists: ParamValue[][], entry: { c: Case; i: number } | null): Generator<GridPoint> {
  const index = keys.map(() => 0);
  for (;;) {
    yield point(
      m,
      keys,
      index.map((i, k) => lists[k][i]),
      index,
      entry,
    );
    let k = keys.length - 1;
    while (k >= 0 && ++index[k] === lists[k].length) index[k--] = 0;
    if (k < 0) return;
  }
}

function point(m: Manifest, keys: string[], values: ParamValue[], index: number[], entry: { c: Case; i: number } | null): GridPoint {
  const params: Record<string, ParamValue> = entry ? { case: entry.c.name } : {};
  const origins: Record<string, Origin> = entry ? ({ ...m.origins.cases[entry.i] } as Record<string, Origin>) : {};
  const spec: Record<string, unknown> = { ...DEFAULT_SPEC, ...m.base, ...(entry?.c.values ?? {}) };
  keys.forEach((k, j) => {
    params[k] = values[j];
    origins[k === 'n_per_d' ? 'n' : k] = m.origins.grid[k as SpecKey]?.[index[j]] ?? m.origins.root;
    if (k !== 'n_per_d') spec[k] = values[j];
  });
  if (params.n_per_d !== undefined) {
    const nPerD = params.n_per_d as number;
    spec.n = Math.round(nPerD * (spec.d as number));
    if ((spec.n as number) < 1) throw ManifestError.at(m.file, origins.n, `n = round(n_per_d * d) = round(${nPerD} * ${spec.d}) is 0; n must be >= 1`);
  }
  const blame: Blame = (key) => origins[key] ?? m.origins.base[key];
  const checked = normalizeSpec(spec as unknown as RunSpec);
  checkSpec(checked, blame, m.file, m.origins.root);
  return { params, spec: checked, blame };
}

const describePoint = (params: Record<string, ParamValue>): string =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

/**
 * Checks every grid point against the cross-field rules without building the runs, and that no
 * two points make the same run spec: a case that repeats another, an n_per_d that rounds to the
 * same n, a swept field the run ignores (normalizeSpec) would each make runs that the claims count
 * twice, as if they were independent. Blamed at the later point's first differing parameter.
 */
export function checkRuns(m: Manifest): void {
  const seen = new Map<string, Record<string, ParamValue>>();
  for (const p of gridPoints(m)) {
    const spec = canonicalJson(p.spec);
    const first = seen.get(spec);
    if (first === undefined) {
      seen.set(spec, p.params);
      continue;
    }
    const key = Object.keys(p.params).find((k) => p.params[k] !== first[k]) ?? Object.keys(p.params)[0];
    const at = p.blame((key === 'case' ? 'name' : key === 'n_per_d' ? 'n' : key) as SpecKey) ?? m.origins.root;
    throw ManifestError.at(
      m.file,
      at,
      `${describePoint(p.params)} makes the same runs as ${describePoint(first)} (the same run spec: each would be counted twice)`,
    );
  }
}

export function expandRuns(m: Manifest): ExpandedRun[] {
  const runs: ExpandedRun[] = [];
  for (const { params, spec } of gridPoints(m)) {
    for (const seed of m.seeds) {
      runs.push({ experiment: m.experiment, manifest: m.file, profile: m.profile, params: { ...params, seed }, spec: { ...spec, seed } });
    }
  }
  return runs;
}
