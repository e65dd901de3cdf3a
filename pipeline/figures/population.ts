// Figure 7: finite-n vs population (n = ∞) dynamics: population loss vs step, one colour per
// setting of the varied parameters (n here). With n proportional to d the finite-sample runs
// follow the infinite-sample one.
import { fmt, frame, HEIGHT, logY, noData, type StepScale, seriesLines, stepX, WIDTH } from './common.ts';
import { capPerSeries, lastFinite, maxStepOf, runRows, usableRuns } from './rows.ts';
import { describeRuns, settingText, symbolOf } from './setting.ts';
import { median } from '../analysis/stats.ts';
import type { FigureSpec, RunView } from './types.ts';

export interface PopulationOptions {
  name?: string;
  title?: string;
  xScale?: StepScale;
}

export function populationFigure(runs: RunView[], options: PopulationOptions = {}): FigureSpec {
  const name = options.name ?? 'population';
  const title = options.title ?? 'Finite samples vs population dynamics';
  const { ok, reason } = usableRuns(runs);
  if (reason) return noData(name, title, reason);
  const set = describeRuns(runs);
  const groups = set.groups.filter((g) => g.runs.some((r) => ok.includes(r)));
  const label = (l: string) => l || 'all runs';
  const cap = capPerSeries(ok.length);
  const lines = groups.flatMap((g) =>
    g.runs.filter((r) => ok.includes(r)).flatMap((r) => runRows(r, 'step', [{ column: 'population_loss', label: label(g.label) }], { log: true, cap })),
  );
  if (lines.length === 0) return noData(name, title, `no positive finite population loss in ${ok.length} runs`);

  const finals = groups.map((g) => median(g.runs.filter((r) => ok.includes(r)).map((r) => lastFinite(r.metrics, 'population_loss'))));
  const setting = settingText(
    set,
    () => 'colour',
    runs.filter((r) => !ok.includes(r)),
  );
  const caption =
    `${setting.sentence} Final population loss (median over seeds): ` +
    groups.map((g, i) => `${label(g.label)}: ${Number.isFinite(finals[i]) ? fmt(finals[i]) : 'not recorded'}`).join(', ') +
    '.';
  const alt = `Line chart, log scale, of the population loss versus step, one colour per setting (${groups.map((g) => label(g.label)).join(', ')}); final losses ${finals.map((f) => fmt(f)).join(', ')}.`;

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
        y: logY('population loss L_pop (log)'),
        legendTitle: set.varied.map((p) => symbolOf(p.key)).join(', ') || 'runs',
        domain: groups.map((g) => label(g.label)),
      }),
    },
  );
  return { name, title, vl, caption, alt };
}
