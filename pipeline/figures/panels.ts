// Small multiples: one panel per setting of the varied parameters (a wrapped facet on the
// `panel` field of one inlined dataset), or a single chart when nothing varies. Each panel's
// layers draw only that setting's rows, so bands and boundaries never mix settings. The number
// of panels travels in `usermeta` for the site, which re-flows the columns to the screen.
import { fmt, type Vl } from './common.ts';
import { median } from '../analysis/stats.ts';
import type { Group } from './setting.ts';

/** Columns of a grid of `n` panels: a divisor of n when one fits (no row with gaps), at most 3. */
export function panelColumns(n: number, max = 3): number {
  if (n <= max) return n;
  for (let c = max; c >= 2; c--) if (n % c === 0) return c;
  return max;
}

export interface PanelSize {
  width: number;
  height: number;
}

/**
 * The body of a chart whose layers read dataset `data` (rows tagged with `panel`): faceted on
 * `panel` in the order of `panels` (labels; a newline starts a second header line) when there
 * are several, else the layers alone.
 */
export function panelled(
  data: string,
  panels: string[],
  layer: Vl[],
  single: PanelSize,
  multi: PanelSize & { columns?: number; min?: number; square?: boolean },
): Vl {
  const columns = multi.columns ?? panelColumns(panels.length);
  if (panels.length <= 1) return { data: { name: data }, width: single.width, height: single.height, layer };
  return {
    data: { name: data },
    facet: {
      field: 'panel',
      type: 'nominal',
      title: null,
      sort: panels,
      header: { labelFontSize: 11, labelLimit: 0, ...(panels.some((p) => p.includes('\n')) ? { labelExpr: "split(datum.value, '\\n')" } : {}) },
    },
    columns,
    spec: { width: multi.width, height: multi.height, layer },
    // A last row with gaps would leave an x axis under an empty cell: give every panel its own axes
    // then (x alone would push the cells off the shared y axis).
    ...(panels.length % columns ? { resolve: { axis: { x: 'independent', y: 'independent' } } } : {}),
    // For the site: how many panels to re-flow, and the narrowest a panel may get.
    usermeta: { panels: panels.length, minPanel: multi.min ?? 200, ...(multi.square ? { square: true } : {}) },
  };
}

/** The panel labels of groups. */
export const labelsOf = (groups: Group[]): string[] => groups.map((g) => g.label);

/** Keeps only one kind of row of the shared dataset. */
export const only = (kind: string): Vl[] => [{ filter: { field: 'kind', equal: kind } }];

/**
 * A boundary over a group's runs in words: "t₁ = 12 (median of 8 runs, 11 to 13)", "t₁ = 12
 * (1 run)", "t₁ not reached (0 of 8 runs)"; runs that did not reach it are counted, never averaged in.
 */
export function boundaryText(label: string, values: (number | null | undefined)[], unit = ''): string {
  const got = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = values.length;
  if (got.length === 0) return `${label} not reached (0 of ${n} run${n === 1 ? '' : 's'})`;
  const lo = Math.min(...got),
    hi = Math.max(...got);
  const of = got.length === n ? `${n} runs` : `the ${got.length} of ${n} runs that reached it`;
  if (got.length === 1) return `${label} = ${fmt(got[0])}${unit} (${n === 1 ? '1 run' : `1 of ${n} runs reached it`})`;
  return `${label} = ${fmt(median(got))}${unit} (median of ${of}${lo === hi ? '' : `, ${fmt(lo)} to ${fmt(hi)}`})`;
}
