// Figure 6 (claims C1, C4): success rate (Wilson 95% interval) and final relative population
// loss L_pop(T)/L_pop(0) (median, min–max over seeds) vs n/d, one line per d. The claim is the collapse: the curves for
// different d lie on top of each other when plotted against n/d.
import { countText, fmt, frame, logAxis, noData, seriesEncoding, tooltip, WIDTH } from './common.ts';
import { isPositive, lastFinite, paramOf, sortedValues } from './rows.ts';
import { NEUTRAL } from './palette.ts';
import { median, wilson } from '../analysis/stats.ts';
import { succeeded } from '../analysis/claims/success.ts';
import { DEFAULT_ANALYSIS } from '../analysis/defaults.ts';
import type { FigureSpec, Row, RunView } from './types.ts';

export interface SampleComplexityOptions {
  name?: string;
  title?: string;
  /** Success (analysis/claims/success.ts): train loss <= success_train L(0) and population loss <= success_pop L_pop(0). */
  success_train?: number;
  success_pop?: number;
  nParam?: string;
  dParam?: string;
  /** Success-rate level that defines the n/d threshold reported in the caption. */
  level?: number;
}

interface Group {
  d: number;
  ratio: number;
  losses: number[];
  successes: number;
  total: number;
}

function groupRuns(runs: RunView[], nParam: string, dParam: string, ok: (r: RunView) => boolean): Group[] {
  const groups = new Map<string, Group>();
  for (const r of runs) {
    const n = paramOf(r, nParam),
      d = paramOf(r, dParam);
    if (r.status === 'failed' || !isPositive(n) || !isPositive(d)) continue;
    const ratio = n / d;
    const key = `${d} ${ratio}`;
    const g = groups.get(key) ?? { d, ratio, losses: [], successes: 0, total: 0 };
    const loss = lastFinite(r.metrics, 'population_loss') / r.metrics.data.population_loss[0];
    g.total++;
    if (ok(r)) g.successes++;
    if (isPositive(loss)) g.losses.push(loss);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => a.d - b.d || a.ratio - b.ratio);
}

export function sampleComplexityFigure(runs: RunView[], options: SampleComplexityOptions = {}): FigureSpec {
  const name = options.name ?? 'sample-complexity';
  const title = options.title ?? 'Sample complexity: success depends on n/d only';
  const success = { success_train: options.success_train ?? DEFAULT_ANALYSIS.success_train, success_pop: options.success_pop ?? DEFAULT_ANALYSIS.success_pop };
  const successLoss = success.success_pop;
  const level = options.level ?? 0.5;
  const groups = groupRuns(runs, options.nParam ?? 'n', options.dParam ?? 'd', (r) => succeeded(r as never, success));
  if (groups.length === 0) return noData(name, title, runs.length === 0 ? 'no runs were given' : `none of ${runs.length} runs finished with finite n and d`);

  const ds = sortedValues(groups.map((g) => g.d)) as number[];
  const label = (d: number) => `d = ${d}`;
  // Dodge the d series a little along the log x axis so intervals at the same n/d stay visible.
  const dodge = (d: number) => 1 + 0.04 * (ds.indexOf(d) - (ds.length - 1) / 2);
  const rates: Row[] = groups.map((g) => {
    const w = wilson(g.successes, g.total);
    return { d: label(g.d), ratio: g.ratio, x: g.ratio * dodge(g.d), rate: g.successes / g.total, lo: w.lo, hi: w.hi, successes: g.successes, runs: g.total };
  });
  const losses: Row[] = groups
    .filter((g) => g.losses.length > 0)
    .map((g) => ({
      d: label(g.d),
      ratio: g.ratio,
      x: g.ratio * dodge(g.d),
      median: median(g.losses),
      min: Math.min(...g.losses),
      max: Math.max(...g.losses),
      runs: g.losses.length,
    }));

  const thresholds = ds.map((d) => groups.find((g) => g.d === d && g.successes / g.total >= level)?.ratio ?? NaN);
  const found = thresholds.filter(Number.isFinite);
  const spread = found.length ? Math.max(...found) / Math.min(...found) : NaN;
  const nRuns = groups.reduce((s, g) => s + g.total, 0);
  const caption =
    `${nRuns} finished runs (${runs.length - nRuns} failed or without n, d) over d ∈ {${ds.join(', ')}}. Success: train loss ≤ ${fmt(success.success_train)}·L(0) and population loss ≤ ${fmt(successLoss)}·L_pop(0). ` +
    `Smallest n/d with success rate ≥ ${fmt(level)}: ${ds.map((d, i) => `${label(d)}: ${fmt(thresholds[i])}`).join(', ')}` +
    (found.length > 1 ? `; across d these differ by a factor ${fmt(spread)}. ` : '. ') +
    `Intervals: Wilson 95% for the rate, min–max over seeds for the loss.`;
  const alt =
    `Two line charts versus n/d on a log axis, one line per d (${ds.join(', ')}): success rate with confidence intervals, and final population loss relative to its initial value (log scale); ` +
    `${countText(found.length, ds.length, 'dimensions')} reach a success rate of ${fmt(level)}, at n/d = ${found.map((t) => fmt(t)).join(', ') || 'none'}.`;

  const domain = ds.map(label);
  const enc = seriesEncoding('d', 'dimension', domain, { shape: true });
  const ratios = groups.map((g) => g.ratio);
  const x = {
    field: 'x',
    type: 'quantitative',
    title: 'samples per dimension n/d (log)',
    scale: { type: 'log', domain: [Math.min(...ratios) / 1.25, Math.max(...ratios) * 1.25], nice: false },
  };
  const common = tooltip(['d', 'd'], ['ratio', 'n/d', '.3~g']);
  const panel = (
    data: string,
    y: Record<string, unknown>,
    lo: string,
    hi: string,
    extra: Record<string, unknown>[],
    before: Record<string, unknown>[] = [],
  ) => ({
    width: WIDTH,
    height: 200,
    data: { name: data },
    layer: [
      ...before,
      {
        mark: { type: 'rule', strokeWidth: 1.2 },
        encoding: { x, y: { ...y, field: lo }, y2: { field: hi }, color: enc.color, tooltip: [...common, ...extra] },
      },
      { mark: { type: 'line', strokeWidth: 1.8 }, encoding: { x, y, color: enc.color, tooltip: [...common, ...extra] } },
      { mark: { type: 'point', filled: true, size: 45 }, encoding: { x, y, color: enc.color, shape: enc.shape, tooltip: [...common, ...extra] } },
    ],
  });
  const vl = frame(
    title,
    `success: train loss ≤ ${fmt(success.success_train)}·L(0), population loss ≤ ${fmt(successLoss)}·L_pop(0)`,
    { rates, losses, threshold: [{ loss: successLoss }] },
    {
      vconcat: [
        panel(
          'rates',
          { field: 'rate', type: 'quantitative', title: 'success rate', scale: { domain: [0, 1] } },
          'lo',
          'hi',
          tooltip(['rate', 'rate', '.2f'], ['lo', 'Wilson low', '.2f'], ['hi', 'Wilson high', '.2f'], ['successes', 'successes'], ['runs', 'runs']),
        ),
        panel(
          'losses',
          {
            field: 'median',
            type: 'quantitative',
            title: 'final L_pop / L_pop(0) (log)',
            scale: { type: 'log' },
            axis: logAxis('final L_pop / L_pop(0) (log)'),
          },
          'min',
          'max',
          tooltip(['median', 'median', '.3e'], ['min', 'min', '.3e'], ['max', 'max', '.3e'], ['runs', 'runs']),
          // The success threshold, so the two panels can be read against each other.
          [
            {
              data: { name: 'threshold' },
              mark: { type: 'rule', strokeDash: [4, 3], color: NEUTRAL },
              encoding: { y: { field: 'loss', type: 'quantitative' }, tooltip: tooltip(['loss', 'success threshold', '.1e']) },
            },
          ],
        ),
      ],
    },
  );
  return { name, title, vl, caption, alt };
}
