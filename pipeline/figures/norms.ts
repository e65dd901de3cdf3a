// Figure 3 (claim C3, growth phase): ||W||_F and ||v|| of every run, and each neuron's
// |v_j| ||w_j|| of one run, one panel per setting, on a log scale: small through alignment,
// growing by orders of magnitude after.
import { fmt, frame, logY, noData, seriesEncoding, type StepScale, stepX, tooltip } from './common.ts';
import { capPerSeries, isPositive, lastFinite, maxStepOf, runId, runRows, seedOf, thinIndices, usableRuns } from './rows.ts';
import { labelsOf, only, panelled } from './panels.ts';
import { describeRuns, perSetting, settingText, type Group } from './setting.ts';
import { median } from '../analysis/stats.ts';
import { REFERENCE } from './palette.ts';
import type { FigureSpec, Row, RunView } from './types.ts';

export interface NormsOptions {
  name?: string;
  title?: string;
  /** Default 'symlog': the alignment phase is the first few percent of a run. */
  xScale?: StepScale;
}

const SERIES = [
  { column: 'norm_W', label: '‖W‖_F' },
  { column: 'norm_v', label: '‖v‖' },
];
const NEURON_LABEL = '|v_j| ‖w_j‖ (one run)';

/** |v_j| * |w_j| per logged step and neuron of one run, positive values only. */
export function neuronProducts(run: RunView, cap: number): Row[] {
  const { step, neuron, v, norm_w } = run.neurons.data;
  if (!step || !neuron || !v || !norm_w) return [];
  const byNeuron = new Map<number, number[]>();
  for (let i = 0; i < step.length; i++) {
    if (!isPositive(Math.abs(v[i]) * norm_w[i]) || !Number.isFinite(step[i])) continue;
    const list = byNeuron.get(neuron[i]) ?? [];
    list.push(i);
    byNeuron.set(neuron[i], list);
  }
  const out: Row[] = [];
  for (const j of [...byNeuron.keys()].sort((a, b) => a - b)) {
    const idx = byNeuron.get(j)!;
    for (const k of thinIndices(idx.length, cap)) {
      const i = idx[k];
      out.push({ step: step[i], value: Math.abs(v[i]) * norm_w[i], neuron: j, series: NEURON_LABEL });
    }
  }
  return out;
}

export function normsFigure(runs: RunView[], options: NormsOptions = {}): FigureSpec {
  const name = options.name ?? 'norms';
  const set = describeRuns(runs);
  const title = options.title ?? `Weight norms${perSetting(set)}`;
  const { ok, reason } = usableRuns(runs);
  if (reason) return noData(name, title, reason);
  const groups = set.groups.filter((g) => g.runs.some((r) => ok.includes(r)));
  const m = Math.max(...ok.map((r) => r.spec.m));
  const cap = capPerSeries(ok.length * SERIES.length + groups.length * m);
  const rows: Row[] = [];
  const shown: RunView[] = [];
  for (const g of groups) {
    const mine = g.runs.filter((r) => ok.includes(r));
    for (const r of mine) for (const row of runRows(r, 'step', SERIES, { log: true, cap })) rows.push({ kind: 'curve', panel: g.label, ...row });
    // Each panel's neurons come from its own first run: one setting at a time.
    shown.push(mine[0]);
    for (const row of neuronProducts(mine[0], cap)) rows.push({ kind: 'neuron', panel: g.label, run: runId(mine[0]), ...row });
  }
  if (rows.length === 0) return noData(name, title, `no positive finite norms in ${ok.length} runs`);

  const setting = settingText(
    set,
    () => 'panels',
    runs.filter((r) => !ok.includes(r)),
  );
  const growth = (rs: RunView[], col: string) => median(rs.map((r) => lastFinite(r.metrics, col) / (r.metrics.data[col]?.[0] ?? NaN)));
  const sentence = (g: Group, first: RunView) => {
    const mine = g.runs.filter((r) => ok.includes(r));
    const atT1 = mine.map((r) => valueAt(r, 'norm_W', r.phases?.t1 ?? NaN)).filter(Number.isFinite);
    return (
      `${g.label ? `${g.label}: ` : ''}‖W‖_F grows ${times(growth(mine, 'norm_W'))} and ‖v‖ ${times(growth(mine, 'norm_v'))} from init to the last step (medians); ` +
      `at t₁ ‖W‖_F is ${atT1.length ? `${fmt(median(atT1))} (median of ${atT1.length} of ${mine.length} runs)` : 'not defined (t₁ not reached)'}; ` +
      `thin grey lines: |v_j| ‖w_j‖ of the ${first.spec.m} neurons of seed ${seedOf(first)}`
    );
  };
  const caption = `${setting.sentence} ${groups.map((g, i) => sentence(g, shown[i])).join('. ')}.`;
  const alt = `Line chart${groups.length > 1 ? `s, one panel per setting (${groups.map((g) => g.label).join('; ')}),` : ','} log scale, of the weight norms versus step for every run, with one thin line per neuron of one run per panel; the norms grow by orders of magnitude after alignment.`;

  const x = stepX(options.xScale ?? 'symlog', maxStepOf(ok));
  const y = logY('norm (log)');
  const domain = SERIES.map((s) => s.label);
  const layer = [
    {
      transform: only('neuron'),
      mark: { type: 'line', strokeWidth: 0.8, color: REFERENCE, opacity: 0.7, clip: true },
      encoding: {
        x,
        y,
        detail: { field: 'neuron', type: 'nominal' },
        tooltip: tooltip(['neuron', 'neuron j'], ['step', 'step t', ',.0f'], ['value', '|v_j| ‖w_j‖', '.3e']),
      },
    },
    {
      transform: only('curve'),
      mark: { type: 'line', strokeWidth: 1.8, clip: true },
      encoding: {
        x,
        y,
        ...seriesEncoding('series', 'norm', domain),
        detail: { field: 'run', type: 'nominal' },
        tooltip: tooltip(['series', 'norm'], ['panel', 'setting'], ['seed', 'seed'], ['step', 'step', ',.0f'], ['value', 'value', '.3e']),
      },
    },
  ];
  const vl = frame(title, setting.subtitle, { rows }, panelled('rows', labelsOf(groups), layer, { width: 560, height: 300 }, { width: 280, height: 200 }));
  return { name, title, vl, caption, alt };
}

const times = (x: number) => (Number.isFinite(x) ? `${fmt(x)}×` : 'by an unknown factor');

/** The column's value at the first logged step >= t (NaN if none). */
function valueAt(run: RunView, column: string, t: number): number {
  const steps = run.metrics.data.step,
    col = run.metrics.data[column];
  if (!Number.isFinite(t) || !col) return NaN;
  for (let i = 0; i < steps.length; i++) if (steps[i] >= t) return col[i];
  return NaN;
}
