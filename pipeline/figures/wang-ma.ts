// Figure 8 (Wang & Ma 2023, classification under gradient flow): loss, a condensation measure
// (weighted alignment of the neurons with ±β) and the rate of activation-pattern changes vs time
// (log), with the four phases' boundaries as rules.
import { fmt, frame, logY, noData, seriesLines, tooltip, type Vl, WIDTH } from './common.ts';
import { capPerSeries, isPositive, lastFinite, seedOf, seriesRows, usableRuns } from './rows.ts';
import { NEUTRAL } from './palette.ts';
import type { FigureSpec, Row, RunView } from './types.ts';

export interface WangMaOptions {
  name?: string;
  title?: string;
  /** Time axis column: 'time' (flow; default) or 'step'. */
  x?: 'time' | 'step';
}

const PANEL_HEIGHT = 150;

export function wangMaFigure(runs: RunView[], options: WangMaOptions = {}): FigureSpec {
  const name = options.name ?? 'wang-ma';
  const title = options.title ?? 'Classification: four phases of gradient flow';
  const xField = options.x ?? 'time';
  const { ok, reason } = usableRuns(runs, xField);
  if (reason) return noData(name, title, reason);
  const cap = capPerSeries(ok.length * 4);
  const rowsOf = (series: { column: string; label: string }[], log: boolean) =>
    ok.flatMap((r, i) => seriesRows(r, i, xField, series, { log, cap, xPositive: true }));
  const loss = rowsOf(
    [
      { column: 'train_loss', label: 'train loss' },
      { column: 'population_loss', label: 'test loss' },
    ],
    true,
  );
  const condensation = rowsOf([{ column: 'align_weighted', label: 'weighted cos' }], false);
  const changes = rowsOf([{ column: 'act_changes', label: 'activation changes' }], false);
  if (loss.length + condensation.length + changes.length === 0) return noData(name, title, `no positive ${xField} with finite metrics in ${ok.length} runs`);

  const ref = ok.find((r) => r.wm_phases) ?? ok[0];
  const bounds: Row[] = (ref.wm_phases?.boundaries ?? []).filter((b) => isPositive(b.t)).map((b) => ({ name: b.name, t: b.t }));
  const xs = [...loss, ...condensation, ...changes].map((r) => r[xField] as number);
  const domain = [Math.min(...xs), Math.max(...xs)];
  const caption =
    `${ok.length} runs (${ref.spec.task}, ${ref.spec.loss} loss, ${ref.spec.method === 'flow' ? 'gradient flow' : `GD lr = ${fmt(ref.spec.lr)}`}, n = ${ref.spec.n}, d = ${ref.spec.d}, m = ${ref.spec.m}, σ = ${fmt(ref.spec.sigma)}). ` +
    `Phase boundaries (seed ${seedOf(ref)}): ` +
    ((ref.wm_phases?.boundaries ?? []).map((b) => `${b.name} ${b.t === null ? 'not reached' : `at ${xField} ${fmt(b.t)}`}`).join('; ') || 'none detected') +
    `. Final train loss ${fmt(lastFinite(ref.metrics, 'train_loss'))}, train accuracy ${fmt(lastFinite(ref.metrics, 'accuracy'))}, weighted alignment ${fmt(lastFinite(ref.metrics, 'align_weighted'), 4)}.`;
  const alt = `Three stacked line charts versus ${xField} on a log axis: loss (log scale), neuron condensation (weighted cosine) and activation-pattern changes, with ${bounds.length} phase boundaries marked.`;

  const x = { field: xField, type: 'quantitative', title: xField === 'time' ? 'time t (log)' : 'step t (log)', scale: { type: 'log', domain, nice: false } };
  const rules = (labels: boolean): Vl[] => [
    {
      data: { name: 'bounds' },
      mark: { type: 'rule', strokeDash: [4, 3], color: NEUTRAL },
      encoding: { x: { ...x, field: 't' }, tooltip: tooltip(['name', 'boundary'], ['t', xField, '.3~g']) },
    },
    ...(labels
      ? [
          {
            data: { name: 'bounds' },
            mark: { type: 'text', angle: 0, align: 'left', dx: 3, baseline: 'top', dy: 3, fontSize: 10, color: '#333333' },
            encoding: { x: { ...x, field: 't' }, y: { value: 0 }, text: { field: 'name', type: 'nominal' } },
          },
        ]
      : []),
  ];
  const panel = (data: string, y: Vl, legendTitle: string, domainLabels: string[], labels: boolean): Vl => ({
    width: WIDTH,
    height: PANEL_HEIGHT,
    layer: [...rules(labels), seriesLines({ data, x, y, legendTitle, domain: domainLabels, format: '.3~g', strokeWidth: 1.5 })],
  });
  const vl = frame(
    title,
    `phase boundaries of seed ${seedOf(ref)}`,
    { loss, condensation, changes, bounds },
    {
      vconcat: [
        panel('loss', logY('loss (log)', 5), 'loss', ['train loss', 'test loss'], true),
        panel(
          'condensation',
          { field: 'value', type: 'quantitative', title: 'weighted cos(w_j, ±β)', scale: { domain: [-1, 1] } },
          'condensation',
          ['weighted cos'],
          false,
        ),
        panel('changes', { field: 'value', type: 'quantitative', title: 'activation changes' }, 'activations', ['activation changes'], false),
      ],
      resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
    },
  );
  return { name, title, vl, caption, alt };
}
