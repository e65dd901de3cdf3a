// Figure 3 (claim C3, growth phase): ||W||_F and ||v|| over seeds, and each neuron's |v_j| ||w_j||
// (one run), on a log scale: small through alignment, growing by orders of magnitude after.
import { fmt, frame, HEIGHT, logY, noData, seriesLines, settingText, type StepScale, stepX, tooltip, WIDTH } from './common.ts';
import { capPerSeries, isPositive, lastFinite, maxStepOf, seedOf, seriesRows, thinIndices, usableRuns } from './rows.ts';
import { mean } from '../analysis/stats.ts';
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
  const title = options.title ?? 'Norms: small during alignment, then growth';
  const { ok, reason } = usableRuns(runs);
  if (reason) return noData(name, title, reason);
  const m = ok[0].spec.m;
  const cap = capPerSeries(ok.length * SERIES.length + m);
  const lines = ok.flatMap((r, i) => seriesRows(r, i, 'step', SERIES, { log: true, cap }));
  const neurons = neuronProducts(ok[0], cap);
  if (lines.length === 0 && neurons.length === 0) return noData(name, title, `no positive finite norms in ${ok.length} runs`);

  const ratio = (col: string) => mean(ok.map((r) => lastFinite(r.metrics, col) / (r.metrics.data[col]?.[0] ?? NaN)));
  const t1 = mean(ok.map((r) => r.phases?.t1 ?? NaN));
  const atT1 = mean(ok.map((r) => valueAt(r, 'norm_W', r.phases?.t1 ?? NaN)));
  const caption =
    `${ok.length} seeds (${settingText(ok[0])}). ‖W‖_F grows ${fmt(ratio('norm_W'))}× and ‖v‖ ${fmt(ratio('norm_v'))}× from init to the last step (mean over seeds); ` +
    `at t₁ = ${fmt(t1)} ‖W‖_F is ${fmt(atT1)}. Final ‖W‖_F = ${fmt(mean(ok.map((r) => lastFinite(r.metrics, 'norm_W'))))}, ‖v‖ = ${fmt(mean(ok.map((r) => lastFinite(r.metrics, 'norm_v'))))}. ` +
    `Thin grey lines: |v_j| ‖w_j‖ of the ${m} neurons of seed ${seedOf(ok[0])}.`;
  const alt = `Line chart, log scale, of the weight norms versus step for ${ok.length} seeds, with one thin line per neuron; the norms grow ${fmt(ratio('norm_W'))}-fold.`;

  const x = stepX(options.xScale ?? 'symlog', maxStepOf(ok));
  const y = logY('norm (log)');
  const vl = frame(
    title,
    settingText(ok[0]),
    { lines, neurons },
    {
      width: WIDTH,
      height: HEIGHT,
      layer: [
        {
          data: { name: 'neurons' },
          mark: { type: 'line', strokeWidth: 0.8, color: REFERENCE, opacity: 0.7, clip: true },
          encoding: {
            x,
            y,
            detail: { field: 'neuron', type: 'nominal' },
            tooltip: tooltip(['neuron', 'neuron j'], ['step', 'step t', ',.0f'], ['value', '|v_j| ‖w_j‖', '.3e']),
          },
        },
        seriesLines({ data: 'lines', x, y, legendTitle: 'norm', domain: SERIES.map((s) => s.label), strokeWidth: 1.8 }),
      ],
    },
  );
  return { name, title, vl, caption, alt };
}

/** The column's value at the first logged step >= t (NaN if none). */
function valueAt(run: RunView, column: string, t: number): number {
  const steps = run.metrics.data.step,
    col = run.metrics.data[column];
  if (!Number.isFinite(t) || !col) return NaN;
  for (let i = 0; i < steps.length; i++) if (steps[i] >= t) return col[i];
  return NaN;
}
