// Figure 4 (claim C3): each neuron's direction w_j/||w_j|| projected on (β̂, e⊥) at a few steps,
// small multiples; marker colour and shape give sign(v_j), area gives |v_j| ||w_j||. Aligned
// neurons sit at (+1, 0) when v_j > 0 and at (−1, 0) when v_j < 0.
import { fmt, frame, noData, seriesEncoding, settingText, SMALL, tooltip } from './common.ts';
import { isFiniteNum, isPositive, seedOf, sortedValues } from './rows.ts';
import { mean } from '../analysis/stats.ts';
import { REFERENCE } from './palette.ts';
import type { FigureSpec, Row, RunView } from './types.ts';

export interface DirectionsOptions {
  name?: string;
  title?: string;
  /** Steps to show (the nearest logged neuron step is used); default: 0, ~t1/2, t1, t2, last. */
  steps?: number[];
  /** Which run (index into the usable runs); default the first. */
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

function defaultSteps(run: RunView, available: number[]): number[] {
  const p = run.phases;
  const last = available[available.length - 1];
  const t1 = p?.t1 ?? NaN,
    t2 = p?.t2 ?? NaN;
  const wanted = Number.isFinite(t1)
    ? [0, t1 / 2, t1, t2, last]
    : [0, available[Math.floor(available.length / 3)], available[Math.floor((2 * available.length) / 3)], last];
  return nearestSteps(available, wanted);
}

export function directionsFigure(runs: RunView[], options: DirectionsOptions = {}): FigureSpec {
  const name = options.name ?? 'directions';
  const title = options.title ?? 'Directions: neurons condense on ±β';
  const usable = runs.filter((r) => r.status !== 'failed' && (r.neurons.data.step?.length ?? 0) > 0);
  if (usable.length === 0) return noData(name, title, runs.length === 0 ? 'no runs were given' : `none of ${runs.length} runs logged neurons`);
  const run = usable[Math.min(options.run ?? 0, usable.length - 1)];
  const { step, neuron, v, norm_w, proj_beta, proj_perp, align } = run.neurons.data;
  const available = sortedValues(Array.from(step)).filter(isFiniteNum);
  const steps = options.steps ? nearestSteps(available, options.steps) : defaultSteps(run, available);
  const chosen = new Set(steps);

  const rows: Row[] = [];
  for (let i = 0; i < step.length; i++) {
    const size = Math.abs(v[i]) * norm_w[i];
    if (!chosen.has(step[i]) || !isFiniteNum(proj_beta[i]) || !isFiniteNum(proj_perp[i]) || !isPositive(size)) continue;
    rows.push({
      kind: 'neuron',
      step: step[i],
      neuron: neuron[i],
      x: proj_beta[i],
      y: proj_perp[i],
      sign: v[i] >= 0 ? SIGNS[0] : SIGNS[1],
      size,
      align: align[i],
    });
  }
  if (rows.length === 0) return noData(name, title, `no finite neuron directions at steps ${steps.join(', ')}`);
  // The unit circle, repeated per panel: a facet's layers all draw from the facet's one dataset.
  for (const s of steps) {
    for (let k = 0; k < CIRCLE_POINTS; k++) {
      const a = (2 * Math.PI * k) / (CIRCLE_POINTS - 1);
      rows.push({ kind: 'circle', step: s, order: k, x: Math.cos(a), y: Math.sin(a) });
    }
  }

  const last = steps[steps.length - 1];
  const atLast = rows.filter((r) => r.kind === 'neuron' && r.step === last);
  const alignedLast = atLast.filter((r) => (r.align as number) >= 0.99).length;
  const meanAlign = (s: number) => mean(rows.filter((r) => r.kind === 'neuron' && r.step === s).map((r) => r.align as number));
  const caption =
    `Seed ${seedOf(run)} (${settingText(run)}), ${run.spec.m} neurons at steps ${steps.join(', ')}. ` +
    `Mean cos(w_j, sign(v_j) β) per panel: ${steps.map((s) => fmt(meanAlign(s), 3)).join(', ')}; ` +
    `at step ${last}, ${alignedLast} of ${atLast.length} neurons have cos ≥ 0.99. Marker area ∝ |v_j| ‖w_j‖ (log scale).`;
  const alt =
    `Scatter plots of the ${run.spec.m} neuron directions on the plane of β and a perpendicular direction at ${steps.length} steps; ` +
    `neurons with positive output weight move toward (1, 0), negative toward (−1, 0); mean alignment goes from ${fmt(meanAlign(steps[0]))} to ${fmt(meanAlign(last))}.`;

  const axis = (t: string) => ({ field: '', type: 'quantitative', title: t, scale: { domain: [-1.1, 1.1] }, axis: { tickCount: 5 } });
  const enc = seriesEncoding('sign', 'sign of v_j', SIGNS, { shape: true });
  delete enc.strokeDash;
  const vl = frame(
    title,
    settingText(run),
    { points: rows },
    {
      data: { name: 'points' },
      facet: { field: 'step', type: 'ordinal', title: 'step t' },
      // Three panels a row keep the chart within the site's content column (1100 px).
      columns: Math.min(steps.length, 3),
      spec: {
        width: SMALL,
        height: SMALL,
        layer: [
          {
            transform: [{ filter: { field: 'kind', equal: 'circle' } }],
            mark: { type: 'line', color: REFERENCE, strokeWidth: 1, strokeDash: [3, 3] },
            encoding: { x: { ...axis('proj on β̂'), field: 'x' }, y: { ...axis('proj on e⊥'), field: 'y' }, order: { field: 'order', type: 'quantitative' } },
          },
          {
            transform: [{ filter: { field: 'kind', equal: 'neuron' } }],
            mark: { type: 'point', filled: true, opacity: 0.75, stroke: '#222222', strokeWidth: 0.5 },
            encoding: {
              x: { ...axis('proj on β̂'), field: 'x' },
              y: { ...axis('proj on e⊥'), field: 'y' },
              ...enc,
              size: { field: 'size', type: 'quantitative', title: '|v_j| ‖w_j‖', scale: { type: 'log', range: [12, 220] }, legend: { format: '.0e' } },
              tooltip: tooltip(['neuron', 'neuron j'], ['sign', 'sign'], ['x', 'proj β̂', '.3f'], ['y', 'proj e⊥', '.3f'], ['size', '|v_j| ‖w_j‖', '.3e']),
            },
          },
        ],
      },
    },
  );
  return { name, title, vl, caption, alt };
}
