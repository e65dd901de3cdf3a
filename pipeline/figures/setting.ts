// What a figure's runs have in common and what tells them apart, in words made from the runs
// themselves: the grid parameters that vary (with their values and how the figure shows them),
// the spec fields held fixed (with their value), and the run count broken down by what varies
// ("2 inits × 2 n × 8 seeds = 32 runs"). Every subtitle and the first sentence of every caption
// come from here, so no figure can name a varied parameter as fixed.
import { fmt } from './common.ts';
import { paramOf, sortedValues } from './rows.ts';
import type { RunView } from './types.ts';
import type { ParamValue } from '../analysis/types.ts';

/** How a figure shows the runs that differ in one parameter. */
export type Encoding = 'colour' | 'panels' | 'x axis' | 'one run each';

/** The reader's name of a parameter, and its plural when the name is a word ("2 inits", "4 lr"). */
const NAMES: Record<string, { symbol: string; plural?: string }> = {
  task: { symbol: 'task', plural: 'tasks' },
  method: { symbol: 'method', plural: 'methods' },
  loss: { symbol: 'loss', plural: 'losses' },
  case: { symbol: 'case', plural: 'cases' },
  init: { symbol: 'init', plural: 'inits' },
  train: { symbol: 'train', plural: 'training modes' },
  n_per_d: { symbol: 'n/d' },
  sigma: { symbol: 'σ' },
  v_scale: { symbol: 'v_scale' },
  seed: { symbol: 'seed', plural: 'seeds' },
};

export const symbolOf = (key: string): string => NAMES[key]?.symbol ?? key;
const countOf = (key: string, k: number): string => `${k} ${k === 1 ? symbolOf(key) : (NAMES[key]?.plural ?? symbolOf(key))}`;

/** A value as the figures print it: n = null is the population run (n = ∞), numbers to 3 digits. */
export function valueText(key: string, v: ParamValue | undefined): string {
  if (v === null || v === undefined) return key === 'n' ? '∞' : 'none';
  return typeof v === 'number' ? fmt(v) : v;
}

/** "init = balanced", "n = ∞". */
export const assignText = (key: string, v: ParamValue | undefined): string => `${symbolOf(key)} = ${valueText(key, v)}`;

/** The spec fields a reader needs to place a run, in reading order (others are on the experiment page). */
const HEADLINE = ['task', 'loss', 'method', 'n', 'd', 'm', 'init', 'v_scale', 'train', 'sigma', 'lr'] as const;

/** Is a headline field worth naming for these runs (the regression defaults go without saying)? */
function shown(key: string, v: ParamValue): boolean {
  if (key === 'task' || key === 'loss') return v !== 'regression' && v !== 'square';
  if (key === 'method') return v === 'flow';
  if (key === 'v_scale') return false;
  return true;
}

function specValue(run: RunView, key: string): ParamValue {
  const v = (run.spec as unknown as Record<string, unknown>)[key];
  return typeof v === 'number' || typeof v === 'string' || v === null ? v : null;
}

export interface Varied {
  key: string;
  /** Distinct values, sorted (numbers, then strings, then null). */
  values: ParamValue[];
}

export interface Group {
  /** The varied parameters' values for these runs. */
  params: Record<string, ParamValue>;
  /** "init = balanced, n = 2000" (empty when nothing varies). */
  label: string;
  runs: RunView[];
}

export interface RunSet {
  runs: RunView[];
  /** Grid parameters (seed excluded) with two or more values, in the grid's order. */
  varied: Varied[];
  /** Headline spec fields with one value over the runs, and that value. */
  fixed: [string, ParamValue][];
  /** Headline spec fields that vary with the varied parameters (e.g. σ per case, n with n/d). */
  dependent: string[];
  /** Runs per distinct setting of the varied parameters, in sorted order. */
  groups: Group[];
}

const same = (a: ParamValue, b: ParamValue) => a === b;

/** ", one panel per init × n" (empty when nothing varies): how a figure of small multiples splits its runs. */
export const perSetting = (set: RunSet, unit = 'panel'): string =>
  set.varied.length ? `, one ${unit} per ${set.varied.map((p) => symbolOf(p.key)).join(' × ')}` : '';

/** What the runs share and what tells them apart. */
export function describeRuns(runs: RunView[]): RunSet {
  const keys: string[] = [];
  for (const r of runs) for (const k of Object.keys(r.params)) if (k !== 'seed' && !keys.includes(k)) keys.push(k);
  const varied = keys.map((key) => ({ key, values: sortedValues(runs.map((r) => paramOf(r, key))) })).filter((p) => p.values.length > 1);
  const fixed: [string, ParamValue][] = [];
  const dependent: string[] = [];
  for (const key of HEADLINE) {
    if (varied.some((p) => p.key === key)) continue;
    const values = sortedValues(runs.map((r) => specValue(r, key)));
    if (values.length === 1) {
      if (shown(key, values[0]) && !(key === 'lr' && values[0] === null)) fixed.push([key, values[0]]);
    } else if (values.length > 1) dependent.push(key);
  }
  return { runs, varied, fixed, dependent, groups: groupRuns(runs, varied) };
}

/** The runs split by every combination of the varied parameters' values, in sorted order. */
export function groupRuns(runs: RunView[], varied: Varied[]): Group[] {
  const groups: Group[] = [];
  for (const r of runs) {
    const params = Object.fromEntries(varied.map((p) => [p.key, paramOf(r, p.key)]));
    let g = groups.find((x) => varied.every((p) => same(x.params[p.key], params[p.key])));
    if (!g) {
      g = { params, label: varied.map((p) => assignText(p.key, params[p.key])).join(', '), runs: [] };
      groups.push(g);
    }
    g.runs.push(r);
  }
  const rank = (g: Group) => varied.map((p) => p.values.findIndex((v) => same(v, g.params[p.key])));
  return groups.sort((a, b) => {
    const ra = rank(a),
      rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
    return 0;
  });
}

/** "σ ∈ {0.01, 0.3} (colour)", or "σ from 1e-8 to 0.001 (6 values, x axis)" for a long numeric list. */
export function rangeText(p: Varied, encoding: Encoding): string {
  const nums = p.values.filter((v): v is number => typeof v === 'number');
  if (p.values.length > 5 && nums.length === p.values.length)
    return `${symbolOf(p.key)} from ${valueText(p.key, nums[0])} to ${valueText(p.key, nums[nums.length - 1])} (${nums.length} values, ${encoding})`;
  return `${symbolOf(p.key)} ∈ {${p.values.map((v) => valueText(p.key, v)).join(', ')}} (${encoding})`;
}

/** Each varied parameter with its values and its encoding. */
export function variedTexts(set: RunSet, encode: (key: string) => Encoding): string[] {
  return set.varied.map((p) => rangeText(p, encode(p.key)));
}

export const fixedTexts = (set: RunSet): string[] => set.fixed.map(([k, v]) => assignText(k, v));

/** "init, σ and lr set per case" (dependent fields named, so the reader does not take one value for all). */
export function dependentText(set: RunSet): string | null {
  if (set.dependent.length === 0) return null;
  const names = set.dependent.map(symbolOf);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${list} set by ${set.varied.map((p) => symbolOf(p.key)).join(' and ') || 'the run'}`;
}

/**
 * The run count broken down by what varies: "2 inits × 2 n × 8 seeds = 32 runs" when the grid is
 * full, else "31 runs over 2 inits × 2 n (7 to 8 seeds each)".
 */
export function runCountText(set: RunSet): string {
  const n = set.runs.length;
  if (n === 0) return 'no runs';
  const factors = set.varied.map((p) => countOf(p.key, p.values.length));
  const sizes = set.groups.map((g) => g.runs.length);
  const lo = Math.min(...sizes),
    hi = Math.max(...sizes);
  const full = set.groups.length === set.varied.reduce((k, p) => k * p.values.length, 1);
  if (full && lo === hi && factors.length === 0) return `${countOf('seed', lo)} = ${n} run${n === 1 ? '' : 's'}`;
  if (full && lo === hi) return `${[...factors, countOf('seed', lo)].join(' × ')} = ${n} runs`;
  const per = lo === hi ? `${lo} each` : `${lo} to ${hi} each`;
  return `${n} runs over ${factors.length ? factors.join(' × ') : 'one setting'} (${per})`;
}

export interface SettingText {
  /** Subtitle lines: what varies and how it is shown, then what is fixed. */
  subtitle: string[];
  /** The caption's first sentence: the count, what varies, what is fixed, failed runs. */
  sentence: string;
}

/** Joins parts with ", " into lines of at most `max` characters (a part never splits). */
export function wrapParts(parts: string[], max: number): string[] {
  const lines: string[] = [];
  for (const p of parts) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 2 + p.length <= max) lines[last] += `, ${p}`;
    else lines.push(p);
  }
  return lines;
}

/** Subtitle lines are wrapped to about the width of a chart (Vega estimates 0.8 em per character). */
export const SUBTITLE_CHARS = 64;

/**
 * Subtitle and the caption's first sentence for runs `set` (the runs given to the figure), of
 * which `failed` were not drawn. `extra` parts describe the figure's own choices (e.g. "seed 0 of 8 per setting").
 */
export function settingText(set: RunSet, encode: (key: string) => Encoding, failed: RunView[] = [], extra: string[] = []): SettingText {
  const varied = variedTexts(set, encode);
  const fixed = fixedTexts(set);
  const dep = dependentText(set);
  const subtitle = [...wrapParts([...varied, ...(dep ? [dep] : []), ...extra], SUBTITLE_CHARS), ...wrapParts(fixed, SUBTITLE_CHARS)];
  const diverged = set.runs.filter((r) => r.status === 'diverged').length;
  const notes = [
    failed.length ? `${failed.length} failed, not drawn` : '',
    diverged ? `${diverged} diverged, drawn until ${diverged === 1 ? 'it' : 'they'} stopped` : '',
  ].filter(Boolean);
  const count = `${runCountText(set)}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  const parts = [varied.join(', '), dep ?? '', extra.join(', '), fixed.length ? `fixed ${fixed.join(', ')}` : ''].filter(Boolean);
  return { subtitle, sentence: `${count}${parts.length ? `: ${parts.join('; ')}` : ''}.` };
}
