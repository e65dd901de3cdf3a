// Figure 2 (claim C3, alignment phase): min, mean and |v_j||w_j|-weighted cos(w_j, sign(v_j) β)
// vs step for every run, one panel per setting, with the threshold 1 − ε that defines t1.
import { fmt, frame, noData, seriesEncoding, type StepScale, stepX, tooltip } from './common.ts';
import { capPerSeries, lastFinite, maxStepOf, runRows, usableRuns } from './rows.ts';
import { boundaryText, labelsOf, only, panelled } from './panels.ts';
import { describeRuns, perSetting, settingText, type Group } from './setting.ts';
import { median } from '../analysis/stats.ts';
import { NEUTRAL } from './palette.ts';
import type { FigureSpec, Row, RunView } from './types.ts';

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

/** Median of a column's first or last finite value over runs, in words when there is none. */
function medianOf(runs: RunView[], pick: (r: RunView) => number): string {
  const xs = runs.map(pick).filter(Number.isFinite);
  return xs.length ? fmt(median(xs), 4) : 'not recorded';
}

function groupSentence(g: Group, ok: RunView[]): string {
  const runs = g.runs.filter((r) => ok.includes(r));
  const first = (r: RunView) => r.metrics.data.align_weighted?.[0] ?? NaN;
  const last = (col: string) => (r: RunView) => lastFinite(r.metrics, col);
  return (
    `${g.label ? `${g.label}: ` : ''}weighted alignment from ${medianOf(runs, first)} to ${medianOf(runs, last('align_weighted'))} (medians), ` +
    `${boundaryText(
      't₁',
      runs.map((r) => r.phases?.t1),
    )}; final min_j cos ${medianOf(runs, last('align_min'))}, mean_j cos ${medianOf(runs, last('align_mean'))}`
  );
}

export function alignmentFigure(runs: RunView[], options: AlignmentOptions = {}): FigureSpec {
  const name = options.name ?? 'alignment';
  const set = describeRuns(runs);
  const title = options.title ?? `Alignment of the neurons with sign(v_j) β${perSetting(set)}`;
  const eps = options.eps ?? 0.01;
  const { ok, reason } = usableRuns(runs);
  if (reason) return noData(name, title, reason);
  const cap = capPerSeries(ok.length * SERIES.length);
  const rows: Row[] = [];
  for (const g of set.groups) {
    const mine = g.runs.filter((r) => ok.includes(r));
    for (const r of mine) for (const row of runRows(r, 'step', SERIES, { log: false, cap })) rows.push({ kind: 'curve', panel: g.label, ...row });
    if (mine.length) rows.push({ kind: 'threshold', panel: g.label, value: 1 - eps, label: `1 − ε = ${fmt(1 - eps, 4)}` });
  }
  if (!rows.some((r) => r.kind === 'curve')) return noData(name, title, `no finite alignment values in ${ok.length} runs`);

  const setting = settingText(
    set,
    () => 'panels',
    runs.filter((r) => !ok.includes(r)),
  );
  const caption =
    `${setting.sentence} Dashed: 1 − ε = ${fmt(1 - eps, 4)}, the level whose first crossing by the weighted alignment is t₁. ` +
    set.groups
      .filter((g) => g.runs.some((r) => ok.includes(r)))
      .map((g) => groupSentence(g, ok))
      .join('. ') +
    '.';
  const alt = `Line chart${set.groups.length > 1 ? `s, one panel per setting (${set.groups.map((g) => g.label).join('; ')}),` : ','} of neuron alignment (cosine, −1 to 1) versus step for every run: weighted, mean and minimum cosine rise toward 1; dashed threshold at ${fmt(1 - eps, 4)}.`;

  const x = stepX(options.xScale ?? 'symlog', maxStepOf(ok));
  const domain = SERIES.map((s) => s.label);
  const layer = [
    {
      transform: only('threshold'),
      mark: { type: 'rule', strokeDash: [4, 3], color: NEUTRAL },
      encoding: { y: { field: 'value', type: 'quantitative' }, tooltip: tooltip(['label', 'threshold']) },
    },
    {
      transform: only('curve'),
      mark: { type: 'line', strokeWidth: 1.4, clip: true },
      encoding: {
        x,
        y: { field: 'value', type: 'quantitative', title: 'cos(w_j, sign(v_j) β)', scale: { domain: [-1, 1] } },
        ...seriesEncoding('series', 'statistic', domain),
        detail: { field: 'run', type: 'nominal' },
        tooltip: tooltip(['series', 'statistic'], ['panel', 'setting'], ['seed', 'seed'], ['step', 'step', ',.0f'], ['value', 'cos', '.4f']),
      },
    },
  ];
  const vl = frame(title, setting.subtitle, { rows }, panelled('rows', labelsOf(set.groups), layer, { width: 560, height: 300 }, { width: 280, height: 200 }));
  return { name, title, vl, caption, alt };
}
