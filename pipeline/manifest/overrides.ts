// `--set PATH=VALUE`: a manifest value overridden for one invocation. The value is read as YAML
// (`5`, `[0.1, 0.2]`, `{from: 0, count: 3}`, `null`) and set at PATH in the manifest's data
// before validation, so the same schema checks it; an error about it names the argument instead
// of a file position (`--set base.m=abc: base.m: must be an integer`).
import { parseDocument } from 'yaml';
import { UserError } from '../errors.ts';
import { formatPath, type PathSegment } from './errors.ts';
import type { Source } from './source.ts';
import { CLAIM_IDS } from '../analysis/claims/types.ts';

export interface Override {
  /** The argument as given, for messages. */
  arg: string;
  path: PathSegment[];
  value: unknown;
}

/** The keys whose overrides apply after the profile (resolve.ts): `--set base.n=100` wins over profiles.quick.base.n. */
export const LAYER_KEYS = ['base', 'grid', 'seeds', 'cases'] as const;
/** Of those, the ones a layer replaces whole (lists). */
const WHOLE = ['seeds', 'cases'];

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `base.m`, `grid.lr[1]`, `claims.C1.min_ratio` -> path segments (numbers index lists). */
function parsePath(text: string, arg: string): PathSegment[] {
  const path: PathSegment[] = [];
  for (const part of text.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m || !(SEGMENT.test(m[1]) || /^\d+$/.test(m[1])))
      throw new UserError(`--set ${arg}: '${text}' is not a field path (write it as base.m or grid.lr[1])`);
    path.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
    for (const i of m[2].matchAll(/\[(\d+)\]/g)) path.push(Number(i[1]));
  }
  return path;
}

/** The value of a `--set` as YAML, read as a manifest is (source.ts): a warning, such as an unknown tag, is an error too. */
function parseValue(text: string, arg: string): unknown {
  const invalid = (message: string) => new UserError(`--set ${arg}: the value is not valid YAML (${message.split('\n')[0]})`);
  try {
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw invalid(problem.message);
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw err instanceof UserError ? err : invalid((err as Error).message);
  }
}

/** Parses each `PATH=VALUE` (the value as YAML); a malformed one, or a path set twice, is a one-line UserError. */
export function parseOverrides(args: readonly string[]): Override[] {
  const seen = new Map<string, string>();
  return args.map((arg) => {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UserError(`--set ${arg}: expected PATH=VALUE, e.g. --set base.m=5 or --set grid.lr=[0.1,0.2]`);
    const path = parsePath(arg.slice(0, eq), arg);
    const value = parseValue(arg.slice(eq + 1), arg);
    // The later one would win without a word (as a repeated flag would: cli.ts refuses those too).
    const name = formatPath(path);
    if (seen.has(name)) throw new UserError(`--set ${arg}: ${name} is already set by --set ${seen.get(name)}: set it once`);
    seen.set(name, arg);
    return { arg, path, value };
  });
}

const isMapping = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `data` with `value` at `path` (copies along the path; missing mappings are made). */
function setAt(data: unknown, path: PathSegment[], value: unknown, o: Override): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    if (!Array.isArray(data) || head >= data.length)
      throw new UserError(`--set ${o.arg}: ${formatPath(o.path.slice(0, o.path.length - rest.length - 1))} has no item [${head}]`);
    const copy = [...data];
    copy[head] = setAt(data[head], rest, value, o);
    return copy;
  }
  if (data !== undefined && data !== null && !isMapping(data))
    throw new UserError(`--set ${o.arg}: ${formatPath(o.path.slice(0, o.path.length - rest.length - 1)) || '(root)'} is not a mapping`);
  const map = isMapping(data) ? data : {};
  return { ...map, [head]: setAt(map[head], rest, value, o) };
}

/** Whether the file's data has an own value at `path`. */
function hasPath(data: unknown, path: readonly PathSegment[]): boolean {
  let node = data;
  for (const seg of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, seg)) return false;
    node = (node as Record<string, unknown>)[seg as string];
  }
  return true;
}

const startsWith = (path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean =>
  prefix.length <= path.length && prefix.every((seg, i) => String(seg) === String(path[i]));

/**
 * `--set claims.C2.rate_tol=0.2` changes claim C2 where a manifest checks it: a manifest that
 * declares no claim C2 is left alone (setting it there made C2 a claim of every manifest, each
 * an extra N/A verdict in claims.json, the lock and numbers.tex). checkClaimOverrides refuses one
 * that no manifest took.
 */
function claimNotHere(data: unknown, o: Override): boolean {
  return isClaimOverride(o) && !hasPath(data, o.path.slice(0, 2));
}

/** A path under a registered claim (an unknown id is left to the schema, which names the near one). */
const isClaimOverride = (o: Override): boolean => o.path[0] === 'claims' && o.path.length >= 2 && (CLAIM_IDS as readonly unknown[]).includes(o.path[1]);

/** Refuses a `--set claims.ID...` that no manifest of `manifests` (those it applied to) declares claim ID in. */
export function checkClaimOverrides(manifests: readonly { file: string; claims: Record<string, unknown> }[], overrides: readonly Override[]): void {
  for (const o of overrides) {
    if (!isClaimOverride(o)) continue;
    const id = String(o.path[1]);
    if (manifests.some((m) => Object.hasOwn(m.claims, id))) continue;
    const which = manifests.length === 1 ? `${manifests[0].file} does not check` : `none of the ${manifests.length} manifests checks`;
    throw new UserError(`--set ${o.arg}: ${which} claim ${id} (--set changes a claim only where a manifest's claims declare it)`);
  }
}

/**
 * The source with the overrides applied to its data; any place under an overridden path is
 * located at the `--set` argument (offset -1: its errors come first).
 */
export function applyOverrides(src: Source, all: readonly Override[]): Source {
  const overrides = all.filter((o) => !claimNotHere(src.data, o));
  if (overrides.length === 0) return src;
  const data = overrides.reduce((d, o) => setAt(d, o.path, o.value, o), src.data);
  // The most specific override under which `path` lies (the last one given, when several are);
  // else one that made `path` itself, absent from the file (`--set nope.x=1`: the unknown key
  // 'nope' is the argument's, not the file's).
  const owner = (path: readonly PathSegment[]): Override | undefined => {
    let best: Override | undefined;
    for (const o of overrides) if (startsWith(path, o.path) && (!best || o.path.length >= best.path.length)) best = o;
    return best ?? overrides.find((o) => path.length > 0 && startsWith(o.path, path) && !hasPath(src.data, path));
  };
  const locate: Source['locate'] = (path, what) => {
    const o = owner(path);
    return o ? { line: 0, col: 0, offset: -1, arg: `--set ${o.arg}` } : src.locate(path, what);
  };
  return {
    file: src.file,
    data,
    locate,
    origin: (path, what) => {
      const o = owner(path);
      return o ? { field: formatPath(path), line: 0, col: 0, arg: `--set ${o.arg}` } : src.origin(path, what);
    },
  };
}

/** The last layer of a manifest (applied after its profile): the overridden base keys, grid keys, seeds and cases. */
export function overrideLayer(data: unknown, overrides: readonly Override[]): Record<string, unknown> | null {
  const root = isMapping(data) ? data : {};
  const layer: Record<string, unknown> = {};
  for (const o of overrides) {
    const [head, key] = o.path;
    if (!(LAYER_KEYS as readonly PathSegment[]).includes(head)) continue;
    const whole = root[head as string];
    if (o.path.length === 1 || WHOLE.includes(head as string) || !isMapping(whole)) layer[head as string] = whole;
    else layer[head as string] = { ...(isMapping(layer[head as string]) ? (layer[head as string] as object) : {}), [key]: whole[key as string] };
  }
  return Object.keys(layer).length ? layer : null;
}
