// Figure 1 (claims C2, C3): train and population loss vs step, one panel per setting of the
// varied parameters, each panel shaded by that setting's phases (median boundaries over its
// seeds) and with each run's fitted linear rate over its refinement window.
import { fmt, frame, logY, noData, seriesEncoding, type StepScale, stepX, tooltip, type Vl } from './common.ts';
import { capPerSeries, isPositive, lastFinite, maxStepOf, runId, runRows, seedOf, usableRuns } from './rows.ts';
import { boundaryText, labelsOf, only, panelled } from './panels.ts';
import { describeRuns, perSetting, settingText, type Group } from './setting.ts';
import { PHASE_FILL } from './palette.ts';
import type { FigureSpec, Row, RunView } from './types.ts';
import { median } from '../analysis/stats.ts';
import { exp } from '../sim/detmath.ts';

export interface LossOptions {
  name?: string;
  title?: string;
  xScale?: StepScale;
}

export const FIT_LABEL = 'fit log L = a − ρt';
const SERIES = ['train loss', 'population loss'];
const FIT_POINTS = 25;
const PHASES = Object.keys(PHASE_FILL);

/** A group's phase bands from the medians of its runs' boundaries (a band needs both ends). */
export function phaseBands(runs: RunView[], end: number): Row[] {
  const at = (k: 't1' | 't2') => median(runs.map((r) => r.phases?.[k] ?? NaN));
  const t1 = at('t1'),
    t2 = at('t2');
  const rows: Row[] = [];
  const band = (phase: string, start: number, stop: number) => {
    if (Number.isFinite(start) && Number.isFinite(stop) && stop > start) rows.push({ phase, start, end: stop });
  };
  band('alignment', 0, t1);
  band('growth', t1, t2);
  band('refinement', t2, end);
  return rows;
}

function fitRows(r: RunView): Row[] {
  const f = r.phases?.rate;
  if (!f) return [];
  // Enough points that the line stays exact on a non-linear step axis too.
  return Array.from({ length: FIT_POINTS }, (_, i) => f.from + ((f.to - f.from) * i) / (FIT_POINTS - 1))
    .map((step) => ({ step, value: exp(f.a - f.rho * step), series: FIT_LABEL, seed: String(seedOf(r)), run: runId(r) }))
    .filter((row) => isPositive(row.value));
}

/** One setting in words: its boundaries, its rate and its final losses. */
function groupSentence(g: Group, ok: RunView[]): string {
  const runs = g.runs.filter((r) => ok.includes(r));
  const fits = runs.flatMap((r) => (r.phases?.rate ? [r.phases.rate] : []));
  const rhos = fits.map((f) => f.rho);
  const rate = fits.length
    ? `ρ = ${fmt(median(rhos))} per step (median of ${fits.length} of ${runs.length} fits, ${fmt(Math.min(...rhos))} to ${fmt(Math.max(...rhos))}; R² ≥ ${fmt(Math.min(...fits.map((f) => f.r2)), 4)})`
    : 'no linear-rate fit';
  const tails = runs.filter((r) => r.phases?.t_tail !== null && r.phases?.t_tail !== undefined).length;
  const head = g.label ? `${g.label}: ` : '';
  return (
    `${head}${boundaryText(
      't₁',
      runs.map((r) => r.phases?.t1),
    )}, ${boundaryText(
      't₂',
      runs.map((r) => r.phases?.t2),
    )}; ${rate}` +
    (tails ? `; a slow tail ends the linear rate in ${tails} of ${runs.length} runs` : '') +
    `; final train loss ${finalText(runs, 'train_loss')}, population loss ${finalText(runs, 'population_loss')}`
  );
}

/** Median last finite value of a column over runs, or words when none has one. */
export function finalText(runs: RunView[], column: string): string {
  const xs = runs.map((r) => lastFinite(r.metrics, column)).filter(Number.isFinite);
  if (xs.length === 0) return 'not recorded';
  const m = median(xs);
  return runs.length === 1 ? fmt(m) : `${fmt(m)} (median)`;
}

export function lossFigure(runs: RunView[], options: LossOptions = {}): FigureSpec {
  const name = options.name ?? 'loss';
  const { ok, reason } = usableRuns(runs);
  const set = describeRuns(runs);
  const by = set.varied.map((p) => p.key);
  const title = options.title ?? `Loss and its phases${perSetting(set)}`;
  if (reason) return noData(name, title, reason);

  const cap = capPerSeries(ok.length * SERIES.length);
  const end = maxStepOf(ok);
  const rows: Row[] = [];
  for (const g of set.groups) {
    const mine = g.runs.filter((r) => ok.includes(r));
    const panel = { panel: g.label };
    for (const r of mine) {
      const curves = runRows(
        r,
        'step',
        [
          { column: 'train_loss', label: SERIES[0] },
          { column: 'population_loss', label: SERIES[1] },
        ],
        { log: true, cap },
      );
      for (const row of curves) rows.push({ kind: 'curve', ...panel, ...row });
      for (const row of fitRows(r)) rows.push({ kind: 'fit', ...panel, ...row });
    }
    for (const band of phaseBands(mine, end)) rows.push({ kind: 'phase', ...panel, ...band });
  }
  if (!rows.some((r) => r.kind === 'curve')) return noData(name, title, `no positive finite loss values in ${ok.length} runs`);

  const failed = runs.filter((r) => !ok.includes(r));
  const setting = settingText(set, () => 'panels', failed);
  const caption =
    `${setting.sentence} Phases shaded per ${by.length ? 'panel' : 'figure'} from the median boundaries of its runs. ` +
    set.groups
      .filter((g) => g.runs.some((r) => ok.includes(r)))
      .map((g) => groupSentence(g, ok))
      .join('. ') +
    '.';
  const alt =
    `Line chart${set.groups.length > 1 ? `s, ${set.groups.length} panels (${set.groups.map((g) => g.label).join('; ')}),` : ','} of log-scale train and population loss versus step, ` +
    `each run's line drawn, the alignment, growth and refinement phases shaded and the fitted linear rate overlaid.`;

  const hasFit = rows.some((r) => r.kind === 'fit');
  const domain = [...SERIES, ...(hasFit ? [FIT_LABEL] : [])];
  const x = stepX(options.xScale, end);
  const y = logY('loss L (log)');
  const curve = (kind: string, strokeWidth: number): Vl => ({
    transform: only(kind),
    mark: { type: 'line', strokeWidth, clip: true },
    encoding: {
      x,
      y,
      ...seriesEncoding('series', 'curve', domain),
      detail: { field: 'run', type: 'nominal' },
      tooltip: tooltip(['series', 'curve'], ['panel', 'setting'], ['seed', 'seed'], ['step', 'step', ',.0f'], ['value', 'loss', '.3e']),
    },
  });
  const layer: Vl[] = [
    {
      transform: only('phase'),
      mark: { type: 'rect', opacity: 0.16 },
      encoding: {
        x: { field: 'start', type: 'quantitative' },
        x2: { field: 'end' },
        fill: { field: 'phase', type: 'nominal', title: 'phase (median)', scale: { domain: PHASES, range: PHASES.map((p) => PHASE_FILL[p]) } },
        tooltip: tooltip(['phase', 'phase'], ['panel', 'setting'], ['start', 'from step', ',.0f'], ['end', 'to step', ',.0f']),
      },
    },
    curve('curve', 1.4),
    ...(hasFit ? [curve('fit', 1.8)] : []),
  ];
  const vl = frame(title, setting.subtitle, { rows }, panelled('rows', labelsOf(set.groups), layer, { width: 560, height: 300 }, { width: 280, height: 210 }));
  return { name, title, vl, caption, alt };
}
