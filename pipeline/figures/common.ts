// Shared pieces of every figure: the frame (size, font, config, inlined datasets), row
// extraction with log-safe filtering and deterministic thinning, number formatting for
// captions, and the explicit "no data" figure.
import type { TopLevelSpec } from 'vega-lite';
import { categorical, FONT_FAMILY } from './palette.ts';
import type { FigureSpec, Row, RunView } from './types.ts';
import type { Table } from '../sim/types.ts';

/** A piece of a Vega-Lite spec; the whole spec is checked against the Vega-Lite schema in tests. */
export type Vl = Record<string, unknown>;

export const WIDTH = 560;
export const HEIGHT = 300;
export const SMALL = 190;
/** Plotted points per figure, at most (long series are thinned, deterministically). */
export const MAX_POINTS = 2000;

export const CONFIG: Vl = {
  font: FONT_FAMILY,
  background: 'white',
  view: { stroke: '#cccccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', symbolStrokeWidth: 2 },
  header: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#444444' },
};

/** The top-level spec: every dataset inlined by name (the store writes them as the figure's CSV). */
export function frame(title: string, subtitle: string, datasets: Record<string, Row[]>, body: Vl): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: subtitle ? { text: title, subtitle } : title,
    datasets,
    config: CONFIG,
    ...body,
  } as TopLevelSpec;
}

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

export interface SeriesSpec {
  column: string;
  label: string;
}

/**
 * Long-format rows {x, value, series, ...extra} of some metric columns, dropping NaN/Inf (and
 * non-positive values when `log`), each series thinned to `cap` points.
 */
export function seriesRows(table: Table, x: string, series: SeriesSpec[], opts: { log: boolean; cap: number; extra?: Row; xPositive?: boolean }): Row[] {
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
      out.push({ [x]: xs[i], value: ys[i], series: s.label, ...opts.extra });
    }
  }
  return out;
}

/** Points per series so that a figure stays under MAX_POINTS. */
export const capPerSeries = (nSeries: number): number => Math.max(20, Math.floor(MAX_POINTS / Math.max(1, nSeries)));

/** Last finite value of a column, or NaN. */
export function lastFinite(table: Table, column: string): number {
  const c = table.data[column];
  if (!c) return NaN;
  for (let i = c.length - 1; i >= 0; i--) if (Number.isFinite(c[i])) return c[i];
  return NaN;
}

/** Number for a caption: 3 significant digits, exponent form outside [1e-3, 1e5). */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(digits)));
  const [m, e] = x.toExponential(digits - 1).split('e');
  return `${String(Number(m))}e${Number(e)}`;
}

export function mean(xs: number[]): number {
  const v = xs.filter(isFiniteNum);
  if (v.length === 0) return NaN;
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

/** The setting of a run in one line, for subtitles: "n = 2000, d = 20, m = 50, σ = 0.001, lr = 0.05". */
export function settingText(run: RunView, omit: string[] = []): string {
  const s = run.spec;
  const parts: [string, string][] = [
    ['n', s.n === null ? 'n = ∞' : `n = ${s.n}`],
    ['d', `d = ${s.d}`],
    ['m', `m = ${s.m}`],
    ['sigma', `σ = ${fmt(s.sigma)}`],
    ['lr', s.method === 'flow' ? 'gradient flow' : `lr = ${fmt(s.lr)}`],
  ];
  return parts.filter(([k]) => !omit.includes(k)).map(([, t]) => t).join(', ');
}

/** "3 of 4 runs" style counts for captions. */
export const countText = (k: number, n: number, what = 'runs'): string => `${k} of ${n} ${what}`;

/** Colour + dash (lines) and shape (points) encodings of one categorical field, from the shared palette. */
export function seriesEncoding(field: string, title: string, domain: string[], opts: { legend?: boolean; shape?: boolean } = {}): Vl {
  const p = categorical(domain);
  const legend = opts.legend === false ? null : { title, orient: 'right' };
  const enc: Vl = {
    color: { field, type: 'nominal', title, scale: { domain: p.domain, range: p.color }, legend },
    strokeDash: { field, type: 'nominal', title, scale: { domain: p.domain, range: p.dash }, legend },
  };
  if (opts.shape) enc.shape = { field, type: 'nominal', title, scale: { domain: p.domain, range: p.shape }, legend };
  return enc;
}

/** Step axis of a time-series figure; 'symlog' spreads out the early steps of a long run and keeps step 0. */
export type StepScale = 'linear' | 'symlog';
export function stepX(scale: StepScale = 'linear', field = 'step', title = 'step t'): Vl {
  return scale === 'linear'
    ? { field, type: 'quantitative', title }
    : { field, type: 'quantitative', title: `${title} (symlog)`, scale: { type: 'symlog', constant: 10 } };
}
/** A log axis labelled by decades (1e-3, 1e-2, ...). */
export const logAxis = (title: string): Vl => ({ title, format: '.0e', grid: true });

export function tooltip(...fields: [string, string, string?][]): Vl[] {
  return fields.map(([field, title, format]) => (format ? { field, title, type: 'quantitative', format } : { field, title }));
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

/** The explicit figure for "nothing to plot": a text mark that says why. */
export function noData(name: string, title: string, reason: string): FigureSpec {
  const vl = frame(title, '', { message: [{ text: `No data: ${reason}` }] }, {
    width: WIDTH,
    height: 80,
    data: { name: 'message' },
    mark: { type: 'text', fontSize: 14, color: '#333333' },
    encoding: { text: { field: 'text', type: 'nominal' } },
  });
  return { name, title, vl, caption: `No data: ${reason}`, alt: `${title}: no data (${reason}).` };
}

/** Runs that produced metrics, and a reason if none did. */
export function usableRuns(runs: RunView[], column = 'step'): { ok: RunView[]; reason: string | null } {
  const ok = runs.filter((r) => r.status !== 'failed' && (r.metrics.data[column]?.length ?? 0) > 0);
  if (runs.length === 0) return { ok, reason: 'no runs were given' };
  if (ok.length === 0) return { ok, reason: `all ${runs.length} runs failed or logged no metrics` };
  return { ok, reason: null };
}
