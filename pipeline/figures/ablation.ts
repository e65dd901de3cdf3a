// Figure 9 (ablation, and any one-parameter sweep): train loss vs step, one colour per setting of
// the varied parameters — which layers are trained (each case at its own init, σ and lr), the
// learning rate, or the width. The paper's point is that joint training is what makes the phases happen.
import { fmt, frame, HEIGHT, logY, noData, type StepScale, seriesLines, stepX, WIDTH } from './common.ts';
import { capPerSeries, lastFinite, maxStepOf, runRows, usableRuns } from './rows.ts';
import { assignText, describeRuns, settingText, symbolOf, type Group, type RunSet } from './setting.ts';
import { median } from '../analysis/stats.ts';
import type { FigureSpec, RunView } from './types.ts';

export interface AblationOptions {
  name?: string;
  title?: string;
  /** Reported in the caption: the first logged step with train loss <= this (default 1e-6). */
  target?: number;
  xScale?: StepScale;
}

const TRAINED: Record<string, string> = { both: 'both layers', first: 'first layer (W) only', second: 'second layer (v) only' };

/** First logged step at which the train loss is <= target, or NaN. */
function stepToReach(run: RunView, target: number): number {
  const { step, train_loss } = run.metrics.data;
  for (let i = 0; i < (step?.length ?? 0); i++) if (train_loss[i] <= target) return step[i];
  return NaN;
}

/** A setting's name in the legend: the trained layers in words when only `train` varies. */
function seriesLabel(set: RunSet, g: Group): string {
  if (set.varied.length === 1 && set.varied[0].key === 'train') return TRAINED[String(g.params.train)] ?? g.label;
  if (g.label) return g.label;
  const train = set.fixed.find(([k]) => k === 'train')?.[1];
  return TRAINED[String(train)] ?? 'all runs';
}

/** The fields that change with the setting, at this setting's values: "train = both, σ = 1e-4". */
const ownSetting = (set: RunSet, g: Group): string =>
  set.dependent.map((k) => assignText(k, (g.runs[0].spec as unknown as Record<string, string | number | null>)[k])).join(', ');

export function ablationFigure(runs: RunView[], options: AblationOptions = {}): FigureSpec {
  const name = options.name ?? 'ablation';
  const target = options.target ?? 1e-6;
  const { ok, reason } = usableRuns(runs);
  const set = describeRuns(runs);
  const by = set.varied.map((p) => symbolOf(p.key)).join(' and ');
  const title = options.title ?? (by ? `Train loss for each ${by}` : 'Train loss');
  if (reason) return noData(name, title, reason);
  const groups = set.groups.filter((g) => g.runs.some((r) => ok.includes(r)));
  const cap = capPerSeries(ok.length);
  const lines = groups.flatMap((g) =>
    g.runs.filter((r) => ok.includes(r)).flatMap((r) => runRows(r, 'step', [{ column: 'train_loss', label: seriesLabel(set, g) }], { log: true, cap })),
  );
  if (lines.length === 0) return noData(name, title, `no positive finite train loss in ${ok.length} runs`);

  const summary = groups.map((g) => {
    const rs = g.runs.filter((r) => ok.includes(r));
    const reach = rs.map((r) => stepToReach(r, target)).filter(Number.isFinite);
    const final = median(rs.map((r) => lastFinite(r.metrics, 'train_loss')));
    const own = ownSetting(set, g);
    return (
      `${seriesLabel(set, g)}${own ? ` (${own})` : ''}: final train loss ${Number.isFinite(final) ? fmt(final) : 'not recorded'}${rs.length > 1 ? ' (median)' : ''}, ` +
      `${reach.length} of ${rs.length} runs reach L ≤ ${fmt(target)}${reach.length ? ` (median step ${fmt(median(reach))})` : ''}`
    );
  });
  const setting = settingText(
    set,
    () => 'colour',
    runs.filter((r) => !ok.includes(r)),
  );
  const caption = `${setting.sentence} ${summary.join('; ')}.`;
  const alt = `Line chart, log scale, of the train loss versus step, one colour per setting: ${groups.map((g) => seriesLabel(set, g)).join(', ')}.`;

  const vl = frame(
    title,
    setting.subtitle,
    { lines },
    {
      width: WIDTH,
      height: HEIGHT,
      ...seriesLines({
        data: 'lines',
        x: stepX(options.xScale, maxStepOf(ok)),
        y: logY('train loss L (log)'),
        legendTitle: by || 'trained layers',
        domain: groups.map((g) => seriesLabel(set, g)),
      }),
    },
  );
  return { name, title, vl, caption, alt };
}
