// Figure 8 (claim WM, Wang & Ma 2023, on the two-point substitute): the phases of gradient flow
// at the smallest σ — a strip of the four phases per loss (median boundaries over the seeds),
// the loss over its saddle value l(0) with the predicted saddle and plateau levels, and the
// condensation and cross-activation metrics that show the activation swap — then the saddle
// exit and the plateau's length against ln(1/σ) with the slopes the derivation predicts.
import { fmt, frame, logAxis, noData, tooltip, type Vl, WIDTH } from './common.ts';
import { capPerSeries, isFiniteNum, isPositive, runId, runRows, seedOf, usableRuns } from './rows.ts';
import { describeRuns, settingText } from './setting.ts';
import { categorical, COLORS, FIT, REFERENCE } from './palette.ts';
import { fitLine, mean, median } from '../analysis/stats.ts';
import { twoPointTheory } from '../analysis/wangma-theory.ts';
import type { FigureSpec, Row, RunView } from './types.ts';
import { log } from '../sim/detmath.ts';

export interface WangMaOptions {
  name?: string;
  title?: string;
}

const PANEL_HEIGHT = 170;
const STRIP_ROW = 18;
/** Room in the loss panel's right margin for the names of the reference levels. */
const REF_LABEL_PX = 70;
// Named in a legend, not on the bands: a narrow band (the plateau on a phone) has no room for a label.
const PHASES = ['I initial condensation', 'II saddle to plateau', 'III plateau', 'IV final convergence'];
// Apart from the two loss colours (COLORS[0], COLORS[1]) so that no colour means two things.
const PHASE_COLORS = [COLORS[5], COLORS[4], COLORS[7], '#bbbbbb'];
const ACTIVITY = ['condensation', 'positive neurons on x−', 'negative neurons on x+'];
const ACTIVITY_COLORS = [COLORS[6], COLORS[3], COLORS[2]];
const TS = 't_s (saddle exit)';
const PLATEAU = 't_e − t_p (plateau length)';

const boundary = (r: RunView, name: string): number | null => r.wm_phases?.boundaries.find((b) => b.name === name)?.t ?? null;
const lossOf = (r: RunView): string => r.spec.loss;
const lastTime = (r: RunView): number => r.metrics.data.time[r.metrics.data.time.length - 1];

/** Median boundaries over the runs of each loss and the phase bands they delimit. */
function phaseBands(runs: RunView[], losses: string[], x0: number): Row[] {
  const rows: Row[] = [];
  for (const loss of losses) {
    const group = runs.filter((r) => lossOf(r) === loss);
    const med = (name: string) => median(group.map((r) => boundary(r, name) ?? NaN));
    const edges = [x0, med('condensation'), med('plateau'), med('plateau escape'), median(group.map(lastTime))];
    for (let i = 0; i < 4; i++) {
      const [a, b] = [Math.max(edges[i], x0), edges[i + 1]];
      if (!(isPositive(a) && isPositive(b) && b > a)) continue;
      rows.push({ loss, phase: PHASES[i], start: a, end: b });
    }
  }
  return rows;
}

/** t_s and the plateau's length per run against ln(1/σ), and the predicted lines (slope from the theory, offset the mean). */
function timeRows(runs: RunView[]): { points: Row[]; lines: Row[]; text: string[] } {
  const points: Row[] = [];
  for (const r of runs) {
    const x = log(1 / r.spec.sigma);
    const [ts, tp, te] = [boundary(r, 'saddle exit'), boundary(r, 'plateau'), boundary(r, 'plateau escape')];
    if (isFiniteNum(ts)) points.push({ x, time: ts, quantity: TS, loss: lossOf(r), seed: String(seedOf(r)), run: runId(r) });
    if (isFiniteNum(tp) && isFiniteNum(te)) points.push({ x, time: te - tp, quantity: PLATEAU, loss: lossOf(r), seed: String(seedOf(r)), run: runId(r) });
  }
  const lines: Row[] = [];
  const text: string[] = [];
  for (const loss of [...new Set(runs.map(lossOf))]) {
    const th = twoPointTheory(runs.find((r) => lossOf(r) === loss)!.spec);
    if (!th) continue;
    for (const [quantity, slope] of [
      [TS, th.escapeSlope],
      [PLATEAU, th.plateauSlope],
    ] as const) {
      const pts = points.filter((p) => p.loss === loss && p.quantity === quantity);
      const xs = pts.map((p) => p.x as number);
      const offset = mean(pts.map((p) => (p.time as number) - slope * (p.x as number)));
      if (!Number.isFinite(offset) || Math.min(...xs) === Math.max(...xs)) continue;
      for (const x of [Math.min(...xs), Math.max(...xs)]) lines.push({ x, time: offset + slope * x, quantity, loss, label: `predicted, ${loss}` });
      const fit = fitLine(
        xs,
        pts.map((p) => p.time as number),
      );
      text.push(`${loss} ${quantity === TS ? 't_s' : 'plateau length'}: slope ${fit ? fmt(fit.slope) : 'n/a'} (predicted ${fmt(slope)})`);
    }
  }
  return { points, lines, text };
}

export function wangMaFigure(runs: RunView[], options: WangMaOptions = {}): FigureSpec {
  const name = options.name ?? 'wang-ma';
  const title = options.title ?? 'Loss, condensation and cross-activation against time; saddle exit and plateau length against ln(1/σ)';
  const { ok, reason } = usableRuns(runs, 'time');
  if (reason) return noData(name, title, reason);
  const sigma = Math.min(...ok.map((r) => r.spec.sigma));
  const shown = ok.filter((r) => r.spec.sigma === sigma);
  const losses = [...new Set(ok.map(lossOf))].sort();
  const saddle = (r: RunView) => twoPointTheory(r.spec)?.saddle ?? r.metrics.data.train_loss[0];
  const cap = capPerSeries(shown.length * 4);
  const tag = (rows: Row[], r: RunView): Row[] => rows.map((row) => ({ ...row, loss: lossOf(r) }));
  const loss = shown.flatMap((r) =>
    tag(
      runRows(r, 'time', [{ column: 'train_loss', label: 'L / l(0)' }], { log: true, cap, xPositive: true }).map((row) => ({
        ...row,
        value: (row.value as number) / saddle(r),
      })),
      r,
    ),
  );
  const activity = shown.flatMap((r) =>
    tag(
      runRows(
        r,
        'time',
        [
          { column: 'condensation', label: ACTIVITY[0] },
          { column: 'cross_pos', label: ACTIVITY[1] },
          { column: 'cross_neg', label: ACTIVITY[2] },
        ],
        { log: false, cap, xPositive: true },
      ),
      r,
    ),
  );
  if (loss.length === 0) return noData(name, title, `no positive time with a finite loss in ${ok.length} runs`);
  const xs = loss.map((r) => r.time as number);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const phases = phaseBands(shown, losses, x0);
  const p = twoPointTheory(shown[0].spec)?.p;
  // At the right end of the time axis (a data position: it moves with the plot's width).
  const refs: Row[] = [{ y: 1, t: x1, label: 'l(0)', above: 'true' }, ...(p === undefined ? [] : [{ y: 1 - p, t: x1, label: '(1 − p) l(0)', above: 'false' }])];
  const times = timeRows(ok);

  const lossScale = categorical(losses);
  const color = { field: 'loss', type: 'nominal', title: 'loss', scale: { domain: lossScale.domain, range: lossScale.color } };
  const dash = { field: 'loss', type: 'nominal', title: 'loss', scale: { domain: lossScale.domain, range: lossScale.dash } };
  const x = { field: 'time', type: 'quantitative', title: 'time t (log)', scale: { type: 'log', domain: [x0, x1], nice: false } };
  const strip: Vl = {
    width: WIDTH,
    height: STRIP_ROW * losses.length,
    title: { text: `phases at σ = ${fmt(sigma)} (median boundaries over seeds)`, fontSize: 11, fontWeight: 'normal' },
    data: { name: 'phases' },
    mark: { type: 'rect', opacity: 0.45 },
    encoding: {
      y: { field: 'loss', type: 'nominal', title: null, sort: losses },
      x: { ...x, field: 'start' },
      x2: { field: 'end' },
      color: { field: 'phase', type: 'nominal', title: 'phase', scale: { domain: PHASES, range: PHASE_COLORS }, legend: { orient: 'right' } },
      tooltip: tooltip(['loss', 'loss'], ['phase', 'phase'], ['start', 'from t', '.3~g'], ['end', 'to t', '.3~g']),
    },
  };
  const refY = { field: 'y', type: 'quantitative', title: 'train loss / l(0) (log)', scale: { type: 'log' }, axis: logAxis('train loss / l(0) (log)', 5) };
  const lossPanel: Vl = {
    width: WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      { data: { name: 'refs' }, mark: { type: 'rule', strokeDash: [4, 3], color: REFERENCE }, encoding: { y: refY } },
      // In the right margin, beside the rule's end: l(0) above its rule, the plateau below its own, so the two never meet.
      ...(['bottom', 'top'] as const).map((baseline, i) => ({
        data: { name: 'refs' },
        transform: [{ filter: { field: 'above', equal: i === 0 ? 'true' : 'false' } }],
        mark: { type: 'text', align: 'left', baseline, dx: 4, dy: i === 0 ? -1 : 1, fontSize: 10, color: '#333333' },
        encoding: { x: { ...x, field: 't' }, y: refY, text: { field: 'label', type: 'nominal' } },
      })),
      {
        data: { name: 'loss' },
        mark: { type: 'line', strokeWidth: 1.4, clip: true },
        encoding: {
          x,
          y: { ...refY, field: 'value' },
          color: { ...color, legend: { orient: 'right', offset: REF_LABEL_PX } },
          strokeDash: { ...dash, legend: { orient: 'right', offset: REF_LABEL_PX } },
          detail: { field: 'run', type: 'nominal' },
          tooltip: tooltip(['loss', 'loss'], ['seed', 'seed'], ['time', 't', '.3~g'], ['value', 'L / l(0)', '.3e']),
        },
      },
    ],
  };
  const activityPanel: Vl = {
    width: WIDTH,
    height: PANEL_HEIGHT,
    data: { name: 'activity' },
    mark: { type: 'line', strokeWidth: 1.4, clip: true },
    encoding: {
      x,
      y: { field: 'value', type: 'quantitative', title: 'weighted share', scale: { domain: [0, 1] } },
      color: { field: 'series', type: 'nominal', title: 'metric', scale: { domain: ACTIVITY, range: ACTIVITY_COLORS }, legend: { orient: 'right' } },
      strokeDash: { ...dash, legend: null },
      detail: { field: 'run', type: 'nominal' },
      tooltip: tooltip(['series', 'metric'], ['loss', 'loss'], ['seed', 'seed'], ['time', 't', '.3~g'], ['value', 'value', '.3f']),
    },
  };
  const q = categorical([TS, PLATEAU]);
  const tx = { field: 'x', type: 'quantitative', title: 'ln(1/σ)', scale: { zero: false }, axis: { format: '.3~g' } };
  const ty = { field: 'time', type: 'quantitative', title: 'time' };
  const timesPanel: Vl = {
    width: WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      // No predicted line from a single σ (an empty layer would have no extent).
      ...(times.lines.length
        ? [
            {
              data: { name: 'lines' },
              mark: { type: 'line', color: FIT, strokeWidth: 1.1, strokeDash: [2, 2] },
              encoding: { x: tx, y: ty, detail: [{ field: 'quantity' }, { field: 'loss' }], tooltip: tooltip(['label', 'line'], ['quantity', 'quantity']) },
            },
          ]
        : []),
      {
        data: { name: 'points' },
        mark: { type: 'point', filled: true, size: 40, opacity: 0.8 },
        encoding: {
          x: tx,
          y: ty,
          color: { ...color, legend: null },
          shape: { field: 'quantity', type: 'nominal', title: 'time', scale: { domain: q.domain, range: q.shape }, legend: { orient: 'right' } },
          tooltip: tooltip(['quantity', 'quantity'], ['loss', 'loss'], ['seed', 'seed'], ['x', 'ln(1/σ)', '.3~g'], ['time', 'time', '.3~g']),
        },
      },
    ],
  };

  const failed = runs.filter((r) => r.status === 'failed');
  const set = describeRuns(runs);
  const sigmaVaries = set.varied.some((p) => p.key === 'sigma');
  const setting = settingText(set, (k) => (k === 'sigma' ? 'x axis' : 'colour'), failed, sigmaVaries ? ['top panels: the smallest σ'] : []);
  const drawn = new Set([...loss, ...activity, ...times.points].map((row) => row.run)).size;
  const sentence = drawn < ok.length ? setting.sentence.replace(/\.$/, `; ${drawn} of them drawn.`) : setting.sentence;
  const medians = losses
    .map((l) => {
      const g = shown.filter((r) => lossOf(r) === l);
      const med = (n: string) => {
        const t = median(g.map((r) => boundary(r, n) ?? NaN));
        return Number.isFinite(t) ? fmt(t) : 'not reached';
      };
      return `${l}: condensation ${med('condensation')}, saddle exit ${med('saddle exit')}, plateau ${med('plateau')}, escape ${med('plateau escape')}`;
    })
    .join('; ');
  const caption =
    `${sentence} Top panels, σ = ${fmt(sigma)}: median phase boundaries ${medians}. Dashed: the saddle l(0) and the predicted plateau (1 − p)·l(0)${p === undefined ? '' : `, p = ${fmt(p)}`}. ` +
    `Bottom: ${times.text.join('; ') || 'no slope (one σ)'}${times.lines.length ? '; dotted lines have the predicted slopes, offsets fitted' : ''}.`;
  const alt =
    'Four stacked panels against time: a strip of the phases I to IV per loss, the loss over its saddle value on log axes with the saddle and plateau levels, ' +
    'the condensation and cross-activation shares, and the saddle-exit time and plateau length against ln(1/σ) with the predicted slopes.';
  const vl = frame(
    title,
    setting.subtitle,
    { phases, refs, loss, activity, points: times.points, lines: times.lines },
    {
      vconcat: [strip, lossPanel, activityPanel, ...(times.points.length ? [timesPanel] : [])],
      resolve: { scale: { color: 'independent', strokeDash: 'independent', shape: 'independent' } },
    },
  );
  return { name, title, vl, caption, alt };
}
