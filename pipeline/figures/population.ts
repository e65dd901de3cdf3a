// Figure 7: finite-n vs population (n = ∞) dynamics: population loss vs step, one line per n.
// With n proportional to d the finite-sample runs follow the infinite-sample one.
import { fmt, frame, HEIGHT, logY, noData, settingText, type StepScale, seriesLines, stepX, WIDTH } from './common.ts';
import { capPerSeries, lastFinite, maxStepOf, paramOf, seriesRows, sortedValues, usableRuns } from './rows.ts';
import { median } from '../analysis/stats.ts';
import type { FigureSpec, RunView } from './types.ts';

export interface PopulationOptions {
  name?: string;
  title?: string;
  nParam?: string;
  xScale?: StepScale;
}

export const nLabel = (n: number | string | null): string => (n === null ? 'n = ∞' : `n = ${n}`);

export function populationFigure(runs: RunView[], options: PopulationOptions = {}): FigureSpec {
  const name = options.name ?? 'population';
  const title = options.title ?? 'Finite samples vs population dynamics';
  const nParam = options.nParam ?? 'n';
  const { ok, reason } = usableRuns(runs);
  if (reason) return noData(name, title, reason);
  const ns = sortedValues(ok.map((r) => paramOf(r, nParam)));
  const cap = capPerSeries(ok.length);
  const lines = ok.flatMap((r, i) => seriesRows(r, i, 'step', [{ column: 'population_loss', label: nLabel(paramOf(r, nParam)) }], { log: true, cap }));
  if (lines.length === 0) return noData(name, title, `no positive finite population loss in ${ok.length} runs`);

  const finals = ns.map((n) => median(ok.filter((r) => paramOf(r, nParam) === n).map((r) => lastFinite(r.metrics, 'population_loss'))));
  const caption =
    `${ok.length} runs (${settingText(ok[0], ['n'])}); ${runs.length - ok.length} failed. Final population loss (median over seeds): ` +
    ns.map((n, i) => `${nLabel(n)}: ${fmt(finals[i])}`).join(', ') +
    '.';
  const alt = `Line chart, log scale, of the population loss versus step for ${ns.length} sample sizes including the infinite-sample limit; final losses ${finals.map((f) => fmt(f)).join(', ')}.`;

  const vl = frame(
    title,
    settingText(ok[0], ['n']),
    { lines },
    {
      width: WIDTH,
      height: HEIGHT,
      ...seriesLines({
        data: 'lines',
        x: stepX(options.xScale, maxStepOf(ok)),
        y: logY('population loss L_pop (log)'),
        legendTitle: 'samples',
        domain: ns.map(nLabel),
      }),
    },
  );
  return { name, title, vl, caption, alt };
}
