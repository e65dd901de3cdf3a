// Shared spec pieces of every figure: the frame (size, font, config, inlined datasets), axes,
// the series line layer, caption number formatting, and the explicit "no data" figure. What a
// figure's runs vary and hold fixed is said by setting.ts.
import type { TopLevelSpec } from 'vega-lite';
import { categorical, FONT_FAMILY } from './palette.ts';
import type { FigureSpec, Row } from './types.ts';

/** A piece of a Vega-Lite spec; the whole spec is checked against the Vega-Lite schema in tests. */
export type Vl = Record<string, unknown>;

export const WIDTH = 560;
export const HEIGHT = 300;
export const SMALL = 190;

export const CONFIG: Vl = {
  // The PNG renderer has exactly this family; a browser without it falls back to its sans-serif.
  font: `${FONT_FAMILY}, sans-serif`,
  background: 'white',
  view: { stroke: '#cccccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, labelLimit: 320, titleFontSize: 11, titleFontWeight: 'normal', symbolStrokeWidth: 2 },
  header: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#444444' },
};

/** The top-level spec: every dataset inlined by name (the store writes them as the figure's CSV); a subtitle of several lines is an array. */
export function frame(title: string, subtitle: string | string[], datasets: Record<string, Row[]>, body: Vl): TopLevelSpec {
  const sub = typeof subtitle === 'string' ? subtitle : subtitle.length === 1 ? subtitle[0] : subtitle;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: sub.length ? { text: title, subtitle: sub } : title,
    datasets,
    config: CONFIG,
    ...body,
  } as unknown as TopLevelSpec;
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

/** "3 of 4 runs" style counts for captions. */
export const countText = (k: number, n: number, what = 'runs'): string => `${k} of ${n} ${what}`;

/** Colour + dash (lines) and shape (points) encodings of one categorical field, from the shared palette. */
export function seriesEncoding(field: string, title: string, domain: string[], opts: { legend?: boolean; shape?: boolean } = {}): Vl {
  const p = categorical(domain);
  // No orient: the config places legends (right of the chart; the site moves them below on a phone).
  const legend = opts.legend === false ? null : { title };
  const enc: Vl = {
    color: { field, type: 'nominal', title, scale: { domain: p.domain, range: p.color }, legend },
    strokeDash: { field, type: 'nominal', title, scale: { domain: p.domain, range: p.dash }, legend },
  };
  if (opts.shape) enc.shape = { field, type: 'nominal', title, scale: { domain: p.domain, range: p.shape }, legend };
  return enc;
}

/** Step axis of a time-series figure; 'symlog' spreads out the early steps of a long run and keeps step 0. */
export type StepScale = 'linear' | 'symlog';
export function stepX(scale: StepScale = 'linear', maxStep = Infinity, field = 'step', title = 'step t'): Vl {
  if (scale === 'linear') return { field, type: 'quantitative', title, scale: { nice: false } };
  // Vega's own symlog ticks skip the early decades; label 0, 1, 10, 100, ... explicitly.
  const values = [0];
  for (let p = 1; p <= maxStep && values.length < 12; p *= 10) values.push(p);
  return { field, type: 'quantitative', title: `${title} (symlog)`, scale: { type: 'symlog', constant: 1, nice: false }, axis: { values, format: ',.0f' } };
}

/** A log axis labelled by decades (1e-3, 1e-2, ...); over many decades only every k-th one is ticked. */
export const logAxis = (title: string, tickCount = 8): Vl => ({ title, format: '.0e', grid: true, tickCount, labelOverlap: 'greedy' });

export interface SeriesLinesOptions {
  data: string;
  x: Vl;
  /** Full y encoding (field 'value'); see logY for the usual log-scale one. */
  y: Vl;
  legendTitle: string;
  domain: string[];
  /** d3 format of the value in the tooltip. */
  format?: string;
  strokeWidth?: number;
}

/** The workhorse layer: one line per (series, seed) from long rows {x, value, series, seed}. */
export function seriesLines(o: SeriesLinesOptions): Vl {
  const xField = String(o.x.field);
  return {
    data: { name: o.data },
    mark: { type: 'line', strokeWidth: o.strokeWidth ?? 1.6, clip: true },
    encoding: {
      x: o.x,
      y: o.y,
      ...seriesEncoding('series', o.legendTitle, o.domain),
      detail: { field: 'run', type: 'nominal' },
      tooltip: tooltip(
        ['series', o.legendTitle],
        ['seed', 'seed'],
        [xField, String(o.x.title ?? xField).replace(/ \((log|symlog)\)$/, ''), xField === 'step' ? ',.0f' : '.3~g'],
        ['value', 'value', o.format ?? '.3e'],
      ),
    },
  };
}

/** y encoding of `value` on a log scale labelled by decades. */
export const logY = (title: string, tickCount?: number): Vl => ({
  field: 'value',
  type: 'quantitative',
  title,
  scale: { type: 'log' },
  axis: logAxis(title, tickCount),
});

export function tooltip(...fields: [string, string, string?][]): Vl[] {
  return fields.map(([field, title, format]) => (format ? { field, title, type: 'quantitative', format } : { field, title }));
}

/** The explicit figure for "nothing to plot": a text mark that says why. */
export function noData(name: string, title: string, reason: string): FigureSpec {
  const vl = frame(
    title,
    '',
    { message: [{ text: `No data: ${reason}` }] },
    {
      width: WIDTH,
      height: 80,
      data: { name: 'message' },
      mark: { type: 'text', fontSize: 14, color: '#333333' },
      encoding: { text: { field: 'text', type: 'nominal' } },
    },
  );
  return { name, title, vl, caption: `No data: ${reason}`, alt: `${title}: no data (${reason}).` };
}
