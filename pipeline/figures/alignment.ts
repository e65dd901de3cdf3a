// Figure 2 (claim C3, alignment phase): min, mean and |v_j||w_j|-weighted cos(w_j, sign(v_j) β)
// vs step over seeds, with the threshold 1 − ε that defines t1.
import { fmt, frame, HEIGHT, noData, seriesLines, settingText, type StepScale, stepX, tooltip, WIDTH } from './common.ts';
import { capPerSeries, lastFinite, maxStepOf, seriesRows, usableRuns } from './rows.ts';
import { mean } from '../analysis/stats.ts';
import { NEUTRAL } from './palette.ts';
import type { FigureSpec, RunView } from './types.ts';

export interface AlignmentOptions {
  name?: string;
  title?: string;
  /** Default 'symlog': the alignment phase is the first few percent of a run. */
  xScale?: StepScale;
  /** t1 is the first step with weighted alignment >= 1 - eps (the manifest's eps_align). */
  eps?: number;
}

const SERIES = [
  { column: 'align_weighted', label: 'weighted cos' },
  { column: 'align_mean', label: 'mean_j cos' },
  { column: 'align_min', label: 'min_j cos' },
];

export function alignmentFigure(runs: RunView[], options: AlignmentOptions = {}): FigureSpec {
  const name = options.name ?? 'alignment';
  const title = options.title ?? 'Alignment: neurons turn toward sign(v_j) β';
  const eps = options.eps ?? 0.01;
  const { ok, reason } = usableRuns(runs);
  if (reason) return noData(name, title, reason);
  const cap = capPerSeries(ok.length * SERIES.length);
  const lines = ok.flatMap((r, i) => seriesRows(r, i, 'step', SERIES, { log: false, cap }));
  if (lines.length === 0) return noData(name, title, `no finite alignment values in ${ok.length} runs`);

  const t1 = mean(ok.map((r) => r.phases?.t1 ?? NaN));
  const reached = ok.filter((r) => r.phases?.t1 !== null && r.phases?.t1 !== undefined).length;
  const first = (col: string) => mean(ok.map((r) => r.metrics.data[col]?.[0] ?? NaN));
  const last = (col: string) => mean(ok.map((r) => lastFinite(r.metrics, col)));
  const caption =
    `${ok.length} seeds (${settingText(ok[0])}). Weighted alignment rises from ${fmt(first('align_weighted'), 4)} to ${fmt(last('align_weighted'), 4)} (mean over seeds); ` +
    `it crosses 1 − ε = ${fmt(1 - eps, 4)} at t₁ = ${fmt(t1)} steps (mean of ${reached} of ${ok.length} runs). ` +
    `Final min_j cos = ${fmt(last('align_min'), 4)}, mean_j cos = ${fmt(last('align_mean'), 4)}.`;
  const alt = `Line chart of neuron alignment (cosine, −1 to 1) versus step for ${ok.length} seeds: weighted, mean and minimum cosine rise to ${fmt(last('align_weighted'), 4)}; dashed threshold at ${fmt(1 - eps, 4)}.`;

  const x = stepX(options.xScale ?? 'symlog', maxStepOf(ok));
  const yTitle = 'cos(w_j, sign(v_j) β)';
  const vl = frame(
    title,
    settingText(ok[0]),
    { lines, threshold: [{ value: 1 - eps, label: `1 − ε = ${fmt(1 - eps, 4)}` }] },
    {
      width: WIDTH,
      height: HEIGHT,
      layer: [
        {
          data: { name: 'threshold' },
          mark: { type: 'rule', strokeDash: [4, 3], color: NEUTRAL },
          encoding: { y: { field: 'value', type: 'quantitative' }, tooltip: tooltip(['label', 'threshold']) },
        },
        {
          data: { name: 'threshold' },
          // Left end, under the line: the curves are still low there (alignment has not happened yet).
          mark: { type: 'text', align: 'left', baseline: 'top', dy: 3, dx: 4, fontSize: 11, color: '#333333' },
          encoding: { y: { field: 'value', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label', type: 'nominal' } },
        },
        seriesLines({
          data: 'lines',
          x,
          y: { field: 'value', type: 'quantitative', title: yTitle, scale: { domain: [-1, 1] } },
          legendTitle: 'statistic',
          domain: SERIES.map((s) => s.label),
          format: '.4f',
        }),
      ],
    },
  );
  return { name, title, vl, caption, alt };
}
