// Which runs a command acts on: `--where FIELD=VALUE` (repeatable, AND-ed) over each run's
// experiment, profile, grid point (seed included) and spec, and run keys or key prefixes. No
// selection selects every run. A condition that names no field of any run, or a key that is no
// run's, is a one-line UserError, so a typo never silently selects nothing.
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.ts';
import { closest } from '../manifest/errors.ts';
import type { ExpandedRun } from '../manifest/types.ts';

export interface Where {
  arg: string;
  field: string;
  value: unknown;
}

export interface Selection {
  where: Where[];
  /** Run keys or prefixes of at least 8 hex digits. */
  keys: string[];
}

export const KEY_PREFIX = /^[0-9a-f]{8,64}$/i;

export function parseWhere(args: readonly string[]): Where[] {
  return args.map((arg) => {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UserError(`--where ${arg}: expected FIELD=VALUE, e.g. --where lr=0.1 or --where experiment=width`);
    let value: unknown;
    try {
      value = parseYaml(arg.slice(eq + 1));
    } catch {
      value = arg.slice(eq + 1);
    }
    return { arg, field: arg.slice(0, eq).trim(), value };
  });
}

export function parseKeys(args: readonly string[]): string[] {
  for (const k of args) if (!KEY_PREFIX.test(k)) throw new UserError(`--key ${k}: expected at least 8 hex digits of a run key`);
  return args.map((k) => k.toLowerCase());
}

export const isEmpty = (s: Selection): boolean => s.where.length === 0 && s.keys.length === 0;

/** The value of `field` for a run: experiment, profile, a grid parameter or a spec field. */
function fieldOf(run: ExpandedRun, field: string): unknown {
  if (field === 'experiment') return run.experiment;
  if (field === 'profile') return run.profile;
  if (Object.hasOwn(run.params, field)) return run.params[field];
  return Object.hasOwn(run.spec, field) ? (run.spec as unknown as Record<string, unknown>)[field] : undefined;
}

const same = (a: unknown, b: unknown): boolean => a === b || (a !== undefined && b !== undefined && String(a) === String(b));

/** The keys of the selected runs (`keys[i]` is the key of `runs[i]`); every run when nothing is selected. */
export function selectKeys(runs: ExpandedRun[], keys: string[], sel: Selection): Set<string> {
  const fields = new Set(['experiment', 'profile', ...runs.flatMap((r) => [...Object.keys(r.params), ...Object.keys(r.spec)])]);
  for (const w of sel.where) {
    if (!fields.has(w.field)) {
      const near = closest(w.field, [...fields]);
      throw new UserError(`--where ${w.arg}: no run has a field '${w.field}'${near ? ` (did you mean '${near}'?)` : ''}`);
    }
    if (!runs.some((r) => same(fieldOf(r, w.field), w.value))) {
      const seen = [...new Set(runs.map((r) => String(fieldOf(r, w.field))))].slice(0, 8);
      throw new UserError(`--where ${w.arg}: no run has ${w.field} = ${String(w.value)} (values: ${seen.join(', ')})`);
    }
  }
  for (const k of sel.keys)
    if (!keys.some((key) => key.startsWith(k))) throw new UserError(`no run of the manifests has key ${k} (\`repro status\` lists them)`);
  const out = new Set<string>();
  runs.forEach((r, i) => {
    const byKey = sel.keys.length === 0 || sel.keys.some((k) => keys[i].startsWith(k));
    if (byKey && sel.where.every((w) => same(fieldOf(r, w.field), w.value))) out.add(keys[i]);
  });
  if (out.size === 0) throw new UserError(`no run matches ${[...sel.where.map((w) => `--where ${w.arg}`), ...sel.keys].join(' and ')}`);
  return out;
}
