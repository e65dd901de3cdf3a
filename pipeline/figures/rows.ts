// Data helpers of the figures: reading runs (seed, grid parameters, last values), dropping what a
// scale cannot show, and thinning long series deterministically.
import type { Row, RunView } from './types.ts';
import type { Table } from '../sim/types.ts';

/** Plotted points per figure, at most (long series are thinned, deterministically). */
export const MAX_POINTS = 2000;

export function seedOf(run: RunView): number | string {
  const s = run.params.seed;
  return s === undefined || s === null ? run.spec.seed : s;
}

/** A grid parameter of the run, falling back to the run spec's field of the same name. */
export function paramOf(run: RunView, name: string): number | string | null {
  if (name in run.params) return run.params[name];
  const v = (run.spec as unknown as Record<string, unknown>)[name];
  return typeof v === 'number' || typeof v === 'string' ? v : null;
}

export const isFiniteNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
export const isPositive = (x: unknown): x is number => isFiniteNum(x) && x > 0;

/** Rows kept when thinning `n` rows to at most `cap`: a fixed stride, always the first and last. */
export function thinIndices(n: number, cap: number): number[] {
  if (n <= cap) return Array.from({ length: n }, (_, i) => i);
  const stride = Math.ceil((n - 1) / Math.max(1, cap - 1));
  const out: number[] = [];
  for (let i = 0; i < n - 1; i += stride) out.push(i);
  out.push(n - 1);
  return out;
}

export interface RowOptions {
  log: boolean;
  cap: number;
  xPositive?: boolean;
}

export interface SeriesSpec {
  column: string;
  label: string;
}

/** A run in plotted rows: the start of its key (the figure's data name the runs they come from). */
export const runId = (run: RunView): string => run.key.slice(0, 12);

/**
 * Long-format rows {x, value, series, seed, run} of some metric columns of a run, dropping
 * NaN/Inf (and non-positive values when `log`), each series thinned to `cap` points. `run` (the
 * run's id, not the seed: a figure may hold several runs per seed) tells the lines apart.
 */
export function runRows(run: RunView, x: string, series: SeriesSpec[], opts: RowOptions): Row[] {
  const table = run.metrics;
  const tag = { seed: String(seedOf(run)), run: runId(run) };
  const xs = table.data[x];
  if (!xs) return [];
  const out: Row[] = [];
  for (const s of series) {
    const ys = table.data[s.column];
    if (!ys) continue;
    const keep: number[] = [];
    for (let i = 0; i < xs.length; i++) {
      const ok = (opts.log ? isPositive(ys[i]) : isFiniteNum(ys[i])) && (opts.xPositive ? isPositive(xs[i]) : isFiniteNum(xs[i]));
      if (ok) keep.push(i);
    }
    for (const k of thinIndices(keep.length, opts.cap)) {
      const i = keep[k];
      out.push({ [x]: xs[i], value: ys[i], series: s.label, ...tag });
    }
  }
  return out;
}

/** runRows for callers that still pass the run's index (rows name their run by id, not index). */
export const seriesRows = (run: RunView, _index: number, x: string, series: SeriesSpec[], opts: RowOptions): Row[] => runRows(run, x, series, opts);

/** Points per series so that a figure stays under MAX_POINTS. */
export const capPerSeries = (nSeries: number): number => Math.max(20, Math.floor(MAX_POINTS / Math.max(1, nSeries)));

/** Last finite value of a column, or NaN. */
export function lastFinite(table: Table, column: string): number {
  const c = table.data[column];
  if (!c) return NaN;
  for (let i = c.length - 1; i >= 0; i--) if (Number.isFinite(c[i])) return c[i];
  return NaN;
}

/** The last logged step over some runs (0 if none logged). */
export function maxStepOf(runs: RunView[]): number {
  let m = 0;
  for (const r of runs) {
    const s = r.metrics.data.step;
    if (s?.length) m = Math.max(m, s[s.length - 1]);
  }
  return m;
}

/** Distinct values in first-seen order. */
export function distinct<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** Sorted distinct numbers (strings after numbers, in code-point order). */
export function sortedValues(xs: (number | string | null)[]): (number | string | null)[] {
  const nums = distinct(xs.filter((x): x is number => typeof x === 'number')).sort((a, b) => a - b);
  const strs = distinct(xs.filter((x): x is string => typeof x === 'string')).sort();
  const nulls = xs.includes(null) ? [null] : [];
  return [...nums, ...strs, ...nulls];
}

/** Runs that produced metrics, and a reason if none did. */
export function usableRuns(runs: RunView[], column = 'step'): { ok: RunView[]; reason: string | null } {
  const ok = runs.filter((r) => r.status !== 'failed' && (r.metrics.data[column]?.length ?? 0) > 0);
  if (runs.length === 0) return { ok, reason: 'no runs were given' };
  if (ok.length === 0) return { ok, reason: `all ${runs.length} runs failed or logged no metrics` };
  return { ok, reason: null };
}
