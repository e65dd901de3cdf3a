// Figure 1 (claims C1–C3): train and population loss vs step over several seeds, with the three
// phases shaded, the t1/t2 boundaries as rules and the fitted linear rate over the refinement window.
import { capPerSeries, fmt, frame, HEIGHT, isPositive, lastFinite, logAxis, mean, noData, seedOf, seriesEncoding, seriesRows, settingText, stepX, tooltip, type StepScale, usableRuns, WIDTH, type Vl } from './common.ts';
import { NEUTRAL, PHASE_FILL } from './palette.ts';
import type { FigureSpec, Row, RunView } from './types.ts';
import { median } from './stats.ts';

export interface LossOptions {
  name?: string;
  title?: string;
  xScale?: StepScale;
}

export const FIT_LABEL = 'fit log L = a − ρt';
const SERIES = ['train loss', 'population loss'];
const FIT_POINTS = 25;

/** Mean boundaries over the runs that reached them, and the phase bands they delimit. */
export function phaseBands(runs: RunView[], end: number): { t1: number; t2: number; rows: Row[]; rules: Row[] } {
  const t1 = mean(runs.map((r) => r.phases?.t1 ?? NaN));
  const t2 = mean(runs.map((r) => r.phases?.t2 ?? NaN));
  const rows: Row[] = [];
  const band = (phase: string, start: number, stop: number) => {
    if (Number.isFinite(start) && Number.isFinite(stop) && stop > start) rows.push({ phase, start, end: stop, mid: (start + stop) / 2 });
  };
  band('alignment', 0, t1);
  band('growth', t1, t2);
  band('refinement', t2, end);
  const rules: Row[] = [];
  if (Number.isFinite(t1)) rules.push({ boundary: 't₁', step: t1 });
  if (Number.isFinite(t2)) rules.push({ boundary: 't₂', step: t2 });
  return { t1, t2, rows, rules };
}

/** Shaded phase bands with their names on top, and dashed boundary rules (layers of a step-x chart). */
export function phaseLayers(): Vl[] {
  // One layer per phase with a fixed fill: a colour scale here would merge with the lines' legend.
  const bands = Object.entries(PHASE_FILL).flatMap(([phase, fill], i) => [
    {
      data: { name: 'phases' },
      transform: [{ filter: { field: 'phase', equal: phase } }],
      mark: { type: 'rect', opacity: 0.14, color: fill },
      encoding: {
        x: { field: 'start', type: 'quantitative' },
        x2: { field: 'end' },
        tooltip: tooltip(['phase', 'phase'], ['start', 'from step', ',.0f'], ['end', 'to step', ',.0f']),
      },
    },
    {
      data: { name: 'phases' },
      transform: [{ filter: { field: 'phase', equal: phase } }],
      // Above the plot, clear of the curves; staggered so a narrow band's name does not run into its neighbour's.
      mark: { type: 'text', baseline: 'bottom', dy: -3 - 12 * (i % 2), fontSize: 10, color: '#333333' },
      encoding: { x: { field: 'mid', type: 'quantitative' }, y: { value: 0 }, text: { field: 'phase', type: 'nominal' } },
    },
  ]);
  return [
    ...bands,
    {
      data: { name: 'rules' },
      mark: { type: 'rule', strokeDash: [4, 3], color: NEUTRAL },
      encoding: { x: { field: 'step', type: 'quantitative' }, tooltip: tooltip(['boundary', 'boundary'], ['step', 'step', ',.0f']) },
    },
    {
      data: { name: 'rules' },
      mark: { type: 'text', align: 'left', dx: 3, baseline: 'bottom', fontSize: 11, color: '#333333' },
      encoding: { x: { field: 'step', type: 'quantitative' }, y: { value: HEIGHT - 2 }, text: { field: 'boundary', type: 'nominal' } },
    },
  ];
}

export function lossFigure(runs: RunView[], options: LossOptions = {}): FigureSpec {
  const name = options.name ?? 'loss';
  const title = options.title ?? 'Loss: three phases and a linear rate';
  const { ok, reason } = usableRuns(runs);
  if (reason) return noData(name, title, reason);

  const cap = capPerSeries(ok.length * SERIES.length);
  const lines = ok.flatMap((r) =>
    seriesRows(r.metrics, 'step', [{ column: 'train_loss', label: SERIES[0] }, { column: 'population_loss', label: SERIES[1] }], { log: true, cap, extra: { seed: String(seedOf(r)) } }),
  );
  if (lines.length === 0) return noData(name, title, `no positive finite loss values in ${ok.length} runs`);
  const fits: Row[] = ok.flatMap((r) => {
    const f = r.phases?.rate;
    if (!f) return [];
    // Enough points that the line stays exact on a non-linear step axis too.
    return Array.from({ length: FIT_POINTS }, (_, i) => f.from + ((f.to - f.from) * i) / (FIT_POINTS - 1))
      .map((step) => ({ step, value: Math.exp(f.a - f.rho * step), series: FIT_LABEL, seed: String(seedOf(r)) }))
      .filter((row) => isPositive(row.value));
  });
  const end = Math.max(...ok.map((r) => r.metrics.data.step[r.metrics.data.step.length - 1]));
  const bands = phaseBands(ok, end);

  const withRate = ok.filter((r) => r.phases?.rate);
  const rho = mean(withRate.map((r) => r.phases!.rate!.rho));
  const r2 = mean(withRate.map((r) => r.phases!.rate!.r2));
  const finalTrain = median(ok.map((r) => lastFinite(r.metrics, 'train_loss')));
  const finalPop = median(ok.map((r) => lastFinite(r.metrics, 'population_loss')));
  const reached = (k: 't1' | 't2') => ok.filter((r) => r.phases?.[k] !== null && r.phases?.[k] !== undefined).length;
  const caption =
    `${ok.length} seeds (${settingText(ok[0])}); ${runs.length - ok.length} failed. ` +
    `Alignment ends at t₁ = ${fmt(bands.t1)} steps (mean of ${reached('t1')} runs), growth at t₂ = ${fmt(bands.t2)} (mean of ${reached('t2')}). ` +
    `Refinement: log L falls linearly at ρ = ${fmt(rho)} per step (R² = ${fmt(r2, 4)}, mean of ${withRate.length} fits). ` +
    `Final loss (median): train ${fmt(finalTrain)}, population ${fmt(finalPop)}.`;
  const alt =
    `Line chart, log-scale loss versus step for ${ok.length} seeds: train and population loss, phases alignment, growth and refinement shaded, ` +
    `boundaries at steps ${fmt(bands.t1)} and ${fmt(bands.t2)}, final train loss ${fmt(finalTrain)}.`;

  const series = [...SERIES, ...(fits.length ? [FIT_LABEL] : [])];
  const enc = seriesEncoding('series', 'curve', series);
  const x = stepX(options.xScale);
  const y = { field: 'value', type: 'quantitative', title: 'loss L (log)', scale: { type: 'log' }, axis: logAxis('loss L (log)') };
  const vl = frame(title, settingText(ok[0]), { lines, fit: fits, phases: bands.rows, rules: bands.rules }, {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      ...phaseLayers(),
      {
        data: { name: 'lines' },
        mark: { type: 'line', strokeWidth: 1.6, clip: true },
        encoding: { x, y, ...enc, detail: { field: 'seed', type: 'nominal' }, tooltip: tooltip(['series', 'series'], ['seed', 'seed'], ['step', 'step t', ',.0f'], ['value', 'L', '.3e']) },
      },
      {
        data: { name: 'fit' },
        mark: { type: 'line', strokeWidth: 1.8, clip: true },
        encoding: { x, y, ...enc, detail: { field: 'seed', type: 'nominal' }, tooltip: tooltip(['seed', 'seed'], ['step', 'step t', ',.0f'], ['value', 'fitted L', '.3e']) },
      },
    ],
  });
  return { name, title, vl, caption, alt };
}
