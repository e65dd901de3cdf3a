// Figure 1 (claims C1–C3): train and population loss vs step over several seeds, with the three
// phases shaded, the t1/t2 boundaries as rules and the fitted linear rate over the refinement window.
import { fmt, frame, HEIGHT, logY, noData, seriesLines, settingText, type StepScale, stepX, tooltip, type Vl, WIDTH } from './common.ts';
import { capPerSeries, isPositive, lastFinite, maxStepOf, seedOf, seriesRows, usableRuns } from './rows.ts';
import { NEUTRAL, PHASE_FILL } from './palette.ts';
import type { FigureSpec, Row, RunView } from './types.ts';
import { mean, median } from '../analysis/stats.ts';

export interface LossOptions {
  name?: string;
  title?: string;
  xScale?: StepScale;
}

export const FIT_LABEL = 'fit log L = a − ρt';
const SERIES = ['train loss', 'population loss'];
const FIT_POINTS = 25;
const BOUNDARIES = ['t₁', 't₂'];

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
  if (Number.isFinite(t1)) rules.push({ boundary: BOUNDARIES[0], step: t1 });
  if (Number.isFinite(t2)) rules.push({ boundary: BOUNDARIES[1], step: t2 });
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
    // Staggered like the phase names: t1 and t2 are often a few pixels apart.
    ...BOUNDARIES.map((boundary, i) => ({
      data: { name: 'rules' },
      transform: [{ filter: { field: 'boundary', equal: boundary } }],
      mark: { type: 'text', align: 'left', dx: 3, dy: -14 * i, baseline: 'bottom', fontSize: 11, color: '#333333' },
      encoding: { x: { field: 'step', type: 'quantitative' }, y: { value: HEIGHT - 2 }, text: { field: 'boundary', type: 'nominal' } },
    })),
  ];
}

export function lossFigure(runs: RunView[], options: LossOptions = {}): FigureSpec {
  const name = options.name ?? 'loss';
  const title = options.title ?? 'Loss: three phases and a linear rate';
  const { ok, reason } = usableRuns(runs);
  if (reason) return noData(name, title, reason);

  const cap = capPerSeries(ok.length * SERIES.length);
  const lines = ok.flatMap((r, i) =>
    seriesRows(
      r,
      i,
      'step',
      [
        { column: 'train_loss', label: SERIES[0] },
        { column: 'population_loss', label: SERIES[1] },
      ],
      { log: true, cap },
    ),
  );
  if (lines.length === 0) return noData(name, title, `no positive finite loss values in ${ok.length} runs`);
  const fits: Row[] = ok.flatMap((r, run) => {
    const f = r.phases?.rate;
    if (!f) return [];
    // Enough points that the line stays exact on a non-linear step axis too.
    return Array.from({ length: FIT_POINTS }, (_, i) => f.from + ((f.to - f.from) * i) / (FIT_POINTS - 1))
      .map((step) => ({ step, value: Math.exp(f.a - f.rho * step), series: FIT_LABEL, seed: String(seedOf(r)), run }))
      .filter((row) => isPositive(row.value));
  });
  const end = maxStepOf(ok);
  const bands = phaseBands(ok, end);

  const withRate = ok.filter((r) => r.phases?.rate);
  const rho = mean(withRate.map((r) => r.phases!.rate!.rho));
  const r2 = mean(withRate.map((r) => r.phases!.rate!.r2));
  const finalTrain = median(ok.map((r) => lastFinite(r.metrics, 'train_loss')));
  const finalPop = median(ok.map((r) => lastFinite(r.metrics, 'population_loss')));
  const tails = ok.map((r) => r.phases?.t_tail ?? NaN).filter(Number.isFinite);
  const reached = (k: 't1' | 't2') => ok.filter((r) => r.phases?.[k] !== null && r.phases?.[k] !== undefined).length;
  const caption =
    `${ok.length} seeds (${settingText(ok[0])}); ${runs.length - ok.length} failed. ` +
    `Alignment ends at t₁ = ${fmt(bands.t1)} steps (mean of ${reached('t1')} runs), growth at t₂ = ${fmt(bands.t2)} (mean of ${reached('t2')}). ` +
    `Refinement: log L falls linearly at ρ = ${fmt(rho)} per step (R² = ${fmt(r2, 4)}, mean of ${withRate.length} fits). ` +
    (tails.length ? `The linear rate gives way to a slow tail from step ${fmt(mean(tails))} in ${tails.length} runs. ` : '') +
    `Final loss (median): train ${fmt(finalTrain)}, population ${fmt(finalPop)}.`;
  const alt =
    `Line chart, log-scale loss versus step for ${ok.length} seeds: train and population loss, phases alignment, growth and refinement shaded, ` +
    `boundaries at steps ${fmt(bands.t1)} and ${fmt(bands.t2)}, final train loss ${fmt(finalTrain)}.`;

  // The fit shares the curves' colour/dash scales so that it appears in their legend.
  const lineOpts = { x: stepX(options.xScale, end), y: logY('loss L (log)'), legendTitle: 'curve', domain: [...SERIES, ...(fits.length ? [FIT_LABEL] : [])] };
  const vl = frame(
    title,
    settingText(ok[0]),
    { lines, fit: fits, phases: bands.rows, rules: bands.rules },
    {
      width: WIDTH,
      height: HEIGHT,
      layer: [...phaseLayers(), seriesLines({ ...lineOpts, data: 'lines' }), seriesLines({ ...lineOpts, data: 'fit', strokeWidth: 1.8 })],
    },
  );
  return { name, title, vl, caption, alt };
}
