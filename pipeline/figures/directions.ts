// Figure 4 (claim C3): each neuron's direction w_j/||w_j|| projected on (β̂, e⊥) at a few moments
// of one run per setting, small multiples (a row of moments per run); marker colour and shape give sign(v_j), area gives |v_j| ||w_j||. Aligned
// neurons sit at (+1, 0) when v_j > 0 and at (−1, 0) when v_j < 0.
import { fmt, frame, noData, seriesEncoding, SMALL, tooltip } from './common.ts';
import { isFiniteNum, isPositive, runId, seedOf, sortedValues } from './rows.ts';
import { only, panelled } from './panels.ts';
import { assignText, describeRuns, perSetting, settingText } from './setting.ts';
import { mean } from '../analysis/stats.ts';
import { REFERENCE } from './palette.ts';
import type { FigureSpec, Row, RunView } from './types.ts';
import { cos, sin } from '../sim/detmath.ts';

export interface DirectionsOptions {
  name?: string;
  title?: string;
  /** Steps to show (the nearest logged neuron step is used); default: 0, ~t1/2, t1, last. */
  steps?: number[];
  /** Which run of each setting (index into its usable runs); default the first. */
  run?: number;
}

const CIRCLE_POINTS = 73;
const SIGNS = ['v_j > 0', 'v_j < 0'];

/** The logged step nearest to each wanted step, deduplicated and sorted. */
export function nearestSteps(available: number[], wanted: number[]): number[] {
  if (available.length === 0) return [];
  const picks = wanted.filter(isFiniteNum).map((w) => available.reduce((best, s) => (Math.abs(s - w) < Math.abs(best - w) ? s : best), available[0]));
  return [...new Set(picks)].sort((a, b) => a - b);
}

/** The moments shown of a run: its start, halfway to t₁, t₁ and its end (thirds of the run when t₁ was not reached). */
function moments(run: RunView, available: number[]): { label: string; step: number }[] {
  const last = available[available.length - 1];
  const t1 = run.phases?.t1 ?? null;
  const wanted: [string, number][] =
    t1 !== null
      ? [
          ['start', 0],
          ['t₁/2', t1 / 2],
          ['t₁', t1],
          ['end', last],
        ]
      : [
          ['start', 0],
          ['⅓', available[Math.floor(available.length / 3)]],
          ['⅔', available[Math.floor((2 * available.length) / 3)]],
          ['end', last],
        ];
  const seen = new Set<number>();
  return wanted.flatMap(([label, w]) => {
    const [step] = nearestSteps(available, [w]);
    if (step === undefined || seen.has(step)) return [];
    seen.add(step);
    return [{ label: `${label} (step ${step})`, step }];
  });
}

export function directionsFigure(runs: RunView[], options: DirectionsOptions = {}): FigureSpec {
  const name = options.name ?? 'directions';
  const set = describeRuns(runs);
  const title = options.title ?? `Neuron directions on the plane of β${perSetting(set, 'row')}`;
  const usable = runs.filter((r) => r.status !== 'failed' && (r.neurons.data.step?.length ?? 0) > 0);
  if (usable.length === 0) return noData(name, title, runs.length === 0 ? 'no runs were given' : `none of ${runs.length} runs logged neurons`);
  // One run per setting (the first with neurons), so settings are compared, never pooled.
  const picks = set.groups.flatMap((g) => {
    const mine = g.runs.filter((r) => usable.includes(r));
    return mine.length ? [{ g, run: mine[Math.min(options.run ?? 0, mine.length - 1)] }] : [];
  });

  const rows: Row[] = [];
  const panels: string[] = [];
  const summaries: string[] = [];
  for (const { g, run } of picks) {
    const { step, neuron, v, norm_w, proj_beta, proj_perp, align } = run.neurons.data;
    const available = sortedValues(Array.from(step)).filter(isFiniteNum);
    const shown = options.steps ? nearestSteps(available, options.steps).map((s) => ({ label: `step ${s}`, step: s })) : moments(run, available);
    // One header line per varied parameter, then the moment: a narrow panel keeps its header.
    const head = Object.entries(g.params)
      .map(([k, v]) => `${assignText(k, v)}\n`)
      .join('');
    const panelOf = new Map(shown.map((m) => [m.step, `${head}${m.label}`]));
    const before = rows.length;
    for (let i = 0; i < step.length; i++) {
      const size = Math.abs(v[i]) * norm_w[i];
      const panel = panelOf.get(step[i]);
      if (panel === undefined || !isFiniteNum(proj_beta[i]) || !isFiniteNum(proj_perp[i]) || !isPositive(size)) continue;
      rows.push({
        kind: 'neuron',
        panel,
        run: runId(run),
        step: step[i],
        neuron: neuron[i],
        x: proj_beta[i],
        y: proj_perp[i],
        sign: v[i] >= 0 ? SIGNS[0] : SIGNS[1],
        size,
        align: align[i],
      });
    }
    if (rows.length === before) continue;
    for (const m of shown) {
      const panel = panelOf.get(m.step)!;
      panels.push(panel);
      // The unit circle, repeated per panel: a facet's layers all draw from the facet's one dataset.
      for (let k = 0; k < CIRCLE_POINTS; k++) {
        const a = (2 * Math.PI * k) / (CIRCLE_POINTS - 1);
        rows.push({ kind: 'circle', panel, order: k, x: cos(a), y: sin(a) });
      }
    }
    const at = (s: number) => rows.filter((r) => r.kind === 'neuron' && r.run === runId(run) && r.step === s);
    const meanAlign = (s: number) => mean(at(s).map((r) => r.align as number));
    const last = shown[shown.length - 1];
    summaries.push(
      `${g.label ? `${g.label} (seed ${seedOf(run)})` : `Seed ${seedOf(run)}`}: mean cos(w_j, sign(v_j) β) ${shown.map((m) => `${fmt(meanAlign(m.step))} at step ${m.step}`).join(', ')}; ` +
        `at the end ${at(last.step).filter((r) => (r.align as number) >= 0.99).length} of ${at(last.step).length} neurons have cos ≥ 0.99`,
    );
  }
  if (panels.length === 0) return noData(name, title, `no finite neuron directions in ${picks.length} runs`);

  const drawn = picks.length;
  const extra = set.groups.length > 1 || set.runs.length > 1 ? [`${drawn} of them drawn, one per setting (its first seed)`] : [];
  const setting = settingText(
    set,
    () => 'panels',
    runs.filter((r) => !usable.includes(r)),
    extra,
  );
  const caption = `${setting.sentence} Marker area ∝ |v_j| ‖w_j‖ (log scale). ${summaries.join('. ')}.`;
  const alt =
    `Scatter plots of the neuron directions on the plane of β and a perpendicular direction, ${drawn === 1 ? 'one run' : `one run per setting (${picks.map((p) => p.g.label).join('; ')})`} at ${panels.length / Math.max(1, drawn)} moments; ` +
    `neurons with positive output weight move toward (1, 0), negative toward (−1, 0).`;

  const axis = (t: string) => ({ type: 'quantitative', title: t, scale: { domain: [-1.1, 1.1] }, axis: { tickCount: 5 } });
  const x = { ...axis('proj on β/‖β‖'), field: 'x' },
    y = { ...axis('proj on e⊥'), field: 'y' };
  const enc = seriesEncoding('sign', 'sign of v_j', SIGNS, { shape: true });
  delete enc.strokeDash;
  const layer = [
    {
      transform: only('circle'),
      mark: { type: 'line', color: REFERENCE, strokeWidth: 1, strokeDash: [3, 3] },
      encoding: { x, y, order: { field: 'order', type: 'quantitative' } },
    },
    {
      transform: only('neuron'),
      mark: { type: 'point', filled: true, opacity: 0.75, stroke: '#222222', strokeWidth: 0.5 },
      encoding: {
        x,
        y,
        ...enc,
        size: { field: 'size', type: 'quantitative', title: '|v_j| ‖w_j‖', scale: { type: 'log', range: [12, 220] }, legend: { format: '.0e' } },
        tooltip: tooltip(
          ['neuron', 'neuron j'],
          ['sign', 'sign'],
          ['step', 'step', ',.0f'],
          ['x', 'proj β/‖β‖', '.3f'],
          ['y', 'proj e⊥', '.3f'],
          ['size', '|v_j| ‖w_j‖', '.3e'],
        ),
      },
    },
  ];
  // A row of panels per run: its moments side by side.
  const perRun = panels.length / Math.max(1, drawn);
  const vl = frame(
    title,
    setting.subtitle,
    { rows },
    panelled('rows', panels, layer, { width: SMALL, height: SMALL }, { width: 160, height: 160, columns: Math.min(perRun, 4), min: 130, square: true }),
  );
  return { name, title, vl, caption, alt };
}
