// Figure 6 (claims C1, C4): success rate (Wilson 95% interval) and final relative population
// loss L_pop(T)/L_pop(0) (median, min–max over seeds) vs n/d, one line per d. The claim is the collapse: the curves for
// different d lie on top of each other when plotted against n/d.
import { countText, fmt, frame, logAxis, noData, seriesEncoding, tooltip, WIDTH } from './common.ts';
import { isPositive, lastFinite, paramOf } from './rows.ts';
import { describeRuns, groupRuns, settingText, symbolOf } from './setting.ts';
import { NEUTRAL } from './palette.ts';
import { median, wilson } from '../analysis/stats.ts';
import { succeeded } from '../analysis/claims/success.ts';
import { crossing } from '../analysis/claims/c4.ts';
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

/** The runs at one n/d of one series. */
interface Cell {
  /** The colour series: the varied parameters other than n/d ("d = 8"). */
  series: string;
  ratio: number;
  losses: number[];
  successes: number;
  total: number;
}

function cellsOf(runs: RunView[], nParam: string, dParam: string, seriesOf: (r: RunView) => string, ok: (r: RunView) => boolean): Cell[] {
  const groups = new Map<string, Cell>();
  for (const r of runs) {
    const n = paramOf(r, nParam),
      d = paramOf(r, dParam);
    if (r.status === 'failed' || !isPositive(n) || !isPositive(d)) continue;
    // The grid's n/d when it sweeps one (n is rounded from it), else the runs' own.
    const grid = paramOf(r, 'n_per_d');
    const ratio = isPositive(grid) ? grid : n / d;
    const series = seriesOf(r);
    const key = `${series} ${ratio}`;
    const g: Cell = groups.get(key) ?? { series, ratio, losses: [], successes: 0, total: 0 };
    const loss = lastFinite(r.metrics, 'population_loss') / r.metrics.data.population_loss[0];
    g.total++;
    if (ok(r)) g.successes++;
    if (isPositive(loss)) g.losses.push(loss);
    groups.set(key, g);
  }
  return [...groups.values()];
}

export function sampleComplexityFigure(runs: RunView[], options: SampleComplexityOptions = {}): FigureSpec {
  const name = options.name ?? 'sample-complexity';
  const title = options.title ?? 'Sample complexity: success rate and final loss against n/d';
  const success = { success_train: options.success_train ?? DEFAULT_ANALYSIS.success_train, success_pop: options.success_pop ?? DEFAULT_ANALYSIS.success_pop };
  const successLoss = success.success_pop;
  const level = options.level ?? 0.5;
  const set = describeRuns(runs);
  const xParams = ['n_per_d', options.nParam ?? 'n'];
  // n/d is the x axis; every other varied parameter (d here) is a colour.
  const colours = groupRuns(
    runs,
    set.varied.filter((p) => !xParams.includes(p.key)),
  );
  const seriesOf = (r: RunView) => colours.find((g) => g.runs.includes(r))?.label || 'all runs';
  const domain = colours.map((g) => g.label || 'all runs');
  const groups = cellsOf(runs, options.nParam ?? 'n', options.dParam ?? 'd', seriesOf, (r) => succeeded(r, success)).sort(
    (a, b) => domain.indexOf(a.series) - domain.indexOf(b.series) || a.ratio - b.ratio,
  );
  if (groups.length === 0) return noData(name, title, runs.length === 0 ? 'no runs were given' : `none of ${runs.length} runs finished with finite n and d`);

  // Dodge the series a little along the log x axis so intervals at the same n/d stay visible.
  const dodge = (series: string) => 1 + 0.04 * (domain.indexOf(series) - (domain.length - 1) / 2);
  const rates: Row[] = groups.map((g) => {
    const w = wilson(g.successes, g.total);
    return {
      d: g.series,
      ratio: g.ratio,
      x: g.ratio * dodge(g.series),
      rate: g.successes / g.total,
      lo: w.lo,
      hi: w.hi,
      successes: g.successes,
      runs: g.total,
    };
  });
  const losses: Row[] = groups
    .filter((g) => g.losses.length > 0)
    .map((g) => ({
      d: g.series,
      ratio: g.ratio,
      x: g.ratio * dodge(g.series),
      median: median(g.losses),
      min: Math.min(...g.losses),
      max: Math.max(...g.losses),
      runs: g.losses.length,
    }));

  // The crossing n*/d of each series, interpolated in ln(n/d) as claim C4 computes it.
  const ok = (r: RunView) => succeeded(r, success);
  const thresholds = domain.map((series) =>
    crossing(
      runs.filter((r) => seriesOf(r) === series && r.status !== 'failed'),
      level,
      ok,
    ),
  );
  const found = thresholds.filter(Number.isFinite);
  const spread = found.length ? Math.max(...found) / Math.min(...found) : NaN;
  const failed = runs.filter((r) => r.status === 'failed');
  const successText = `success: train loss ≤ ${fmt(success.success_train)}·L(0) and population loss ≤ ${fmt(successLoss)}·L_pop(0)`;
  const setting = settingText(set, (k) => (xParams.includes(k) ? 'x axis' : 'colour'), failed);
  const caption =
    `${setting.sentence} ${successText[0].toUpperCase()}${successText.slice(1)}. ` +
    `n/d where the success rate crosses ${fmt(level)} (interpolated in ln(n/d)): ${domain.map((series, i) => `${series}: ${Number.isFinite(thresholds[i]) ? fmt(thresholds[i]) : 'not bracketed by the grid'}`).join(', ')}` +
    (found.length > 1 ? `; across ${domain.length > 1 ? 'series' : 'runs'} these differ by a factor ${fmt(spread)}. ` : '. ') +
    `Intervals: Wilson 95% for the rate, min–max over seeds for the loss.`;
  const alt =
    `Two line charts versus n/d on a log axis, one line per ${domain.join(', ')}: success rate with confidence intervals, and final population loss relative to its initial value (log scale); ` +
    `${countText(found.length, domain.length, 'series')} cross a success rate of ${fmt(level)}` +
    (found.length ? `, at n/d = ${found.map((t) => fmt(t)).join(', ')}.` : '.');

  const enc = seriesEncoding(
    'd',
    set.varied
      .filter((p) => !xParams.includes(p.key))
      .map((p) => symbolOf(p.key))
      .join(', ') || 'runs',
    domain,
    { shape: true },
  );
  const ratios = groups.map((g) => g.ratio);
  const x = {
    field: 'x',
    type: 'quantitative',
    title: 'samples per dimension n/d (log)',
    scale: { type: 'log', domain: [Math.min(...ratios) / 1.25, Math.max(...ratios) * 1.25], nice: false },
  };
  const common = tooltip(['d', 'series'], ['ratio', 'n/d', '.3~g']);
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
    [...setting.subtitle, successText],
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
