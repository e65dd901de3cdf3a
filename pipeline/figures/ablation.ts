// Figure 9 (ablation): train loss vs step when both layers learn, only the first (W) or only
// the second (v). The paper's point is that joint training is what makes the phases happen.
import { fmt, frame, HEIGHT, logY, noData, settingText, type StepScale, seriesLines, stepX, WIDTH } from './common.ts';
import { capPerSeries, lastFinite, maxStepOf, paramOf, seriesRows, usableRuns } from './rows.ts';
import { median } from '../analysis/stats.ts';
import type { FigureSpec, RunView } from './types.ts';

export interface AblationOptions {
  name?: string;
  title?: string;
  /** Grid parameter naming the trained layers (default 'train'). */
  param?: string;
  /** Reported in the caption: the first logged step with train loss <= this (default 1e-6). */
  target?: number;
  xScale?: StepScale;
}

const ORDER = ['both', 'first', 'second'];
const LABEL: Record<string, string> = { both: 'both layers', first: 'first layer (W) only', second: 'second layer (v) only' };

/** First logged step at which the train loss is <= target, or NaN. */
function stepToReach(run: RunView, target: number): number {
  const { step, train_loss } = run.metrics.data;
  for (let i = 0; i < (step?.length ?? 0); i++) if (train_loss[i] <= target) return step[i];
  return NaN;
}

export function ablationFigure(runs: RunView[], options: AblationOptions = {}): FigureSpec {
  const name = options.name ?? 'ablation';
  const title = options.title ?? 'Ablation: which layers are trained';
  const param = options.param ?? 'train';
  const target = options.target ?? 1e-6;
  const { ok, reason } = usableRuns(runs);
  if (reason) return noData(name, title, reason);
  const modeOf = (r: RunView) => String(paramOf(r, param) ?? r.spec.train);
  const modes = [...new Set(ok.map(modeOf))].sort(
    (a, b) => rank(a) - rank(b) || (Number.isFinite(+a) && Number.isFinite(+b) ? +a - +b : a < b ? -1 : a > b ? 1 : 0),
  );
  const cap = capPerSeries(ok.length);
  const label = (mode: string) => LABEL[mode] ?? (param === 'train' ? mode : `${param} = ${mode}`);
  const lines = ok.flatMap((r, i) => seriesRows(r, i, 'step', [{ column: 'train_loss', label: label(modeOf(r)) }], { log: true, cap }));
  if (lines.length === 0) return noData(name, title, `no positive finite train loss in ${ok.length} runs`);

  const summary = modes.map((mode) => {
    const rs = ok.filter((r) => modeOf(r) === mode);
    return {
      mode,
      runs: rs.length,
      final: median(rs.map((r) => lastFinite(r.metrics, 'train_loss'))),
      reach: median(rs.map((r) => stepToReach(r, target))),
      reached: rs.filter((r) => Number.isFinite(stepToReach(r, target))).length,
    };
  });
  const caption =
    `${ok.length} runs (${settingText(ok[0])}); ${runs.length - ok.length} failed. Median final train loss: ` +
    summary.map((s) => `${label(s.mode)} ${fmt(s.final)}`).join(', ') +
    `. Runs reaching L ≤ ${fmt(target)}: ` +
    summary.map((s) => `${label(s.mode)} ${s.reached} of ${s.runs}` + (s.reached ? ` (median step ${fmt(s.reach)})` : '')).join(', ') +
    '.';
  const alt = `Line chart, log scale, of the train loss versus step when training ${summary.map((s) => `${label(s.mode)} (final ${fmt(s.final)})`).join(', ')}.`;

  const vl = frame(
    title,
    settingText(ok[0]),
    { lines },
    {
      width: WIDTH,
      height: HEIGHT,
      ...seriesLines({
        data: 'lines',
        x: stepX(options.xScale, maxStepOf(ok)),
        y: logY('train loss L (log)'),
        legendTitle: param === 'train' ? 'trained layers' : param,
        domain: modes.map(label),
      }),
    },
  );
  return { name, title, vl, caption, alt };
}

function rank(mode: string): number {
  const i = ORDER.indexOf(mode);
  return i < 0 ? ORDER.length : i;
}
