// Figure 5 (claim C5): the end of alignment t₁ and the onset of growth t_g vs the initialization
// scale σ (log x), one series per boundary and setting of the other varied parameters (lr): points per seed, mean per σ, and the
// predicted onset line t_g = const + ln(1/σ)/ln(1 + lr/2) (slope from the theory, offset fitted).
import { fmt, frame, HEIGHT, noData, seriesEncoding, tooltip, WIDTH } from './common.ts';
import { distinct, isFiniteNum, isPositive, paramOf, runId, seedOf } from './rows.ts';
import { describeRuns, groupRuns, settingText, type Group } from './setting.ts';
import { FIT } from './palette.ts';
import { fitLine, mean } from '../analysis/stats.ts';
import { onsetSlope } from '../analysis/claims/c5.ts';
import type { FigureSpec, Row, RunView } from './types.ts';
import { log } from '../sim/detmath.ts';

export interface InitScaleOptions {
  name?: string;
  title?: string;
  /** Grid parameter holding σ (default 'sigma'). */
  param?: string;
}

const T1 = 't₁ (end of alignment)';
const TG = 't_g (onset of growth)';

export function initScaleFigure(runs: RunView[], options: InitScaleOptions = {}): FigureSpec {
  const name = options.name ?? 'init-scale';
  const title = options.title ?? 'Initialization scale: the end of alignment t₁ and the onset of growth t_g against σ';
  const param = options.param ?? 'sigma';
  const set = describeRuns(runs);
  // σ is the x axis; every other varied parameter (lr here) is a colour, one series per setting and boundary.
  const groups = groupRuns(
    runs,
    set.varied.filter((p) => p.key !== param),
  );
  const series = (b: string, g: Group) => (g.label ? `${b}, ${g.label}` : b);
  const points: Row[] = [];
  for (const g of groups)
    for (const r of g.runs) {
      const sigma = paramOf(r, param);
      if (r.status === 'failed' || !isPositive(sigma) || !r.phases) continue;
      for (const [label, t] of [
        [T1, r.phases.t1],
        [TG, r.phases.t_g],
      ] as const) {
        if (isFiniteNum(t)) points.push({ sigma, series: series(label, g), step: t, seed: String(seedOf(r)), run: runId(r) });
      }
    }
  if (points.length === 0) return noData(name, title, runs.length === 0 ? 'no runs were given' : `no run of ${runs.length} reached t₁ or t_g`);

  const sigmas = distinct(points.map((p) => p.sigma as number)).sort((a, b) => a - b);
  const domain = groups.flatMap((g) => [series(T1, g), series(TG, g)]);
  const means: Row[] = [];
  for (const s of domain)
    for (const sigma of sigmas) {
      const ts = points.filter((p) => p.series === s && p.sigma === sigma).map((p) => p.step as number);
      if (ts.length) means.push({ sigma, series: s, step: mean(ts), runs: ts.length });
    }
  const lines: Row[] = [];
  const slopes: string[] = [];
  const lnInv = (p: Row) => log(1 / (p.sigma as number));
  for (const g of groups) {
    const pick = (b: string) => points.filter((p) => p.series === series(b, g));
    const tg = pick(TG),
      t1 = pick(T1);
    const lrs = distinct(g.runs.map((r) => r.spec.lr)).filter(isFiniteNum);
    const pred = lrs.length === 1 ? onsetSlope(lrs[0]) : NaN;
    const fit = fitLine(
      tg.map(lnInv),
      tg.map((p) => p.step as number),
    );
    const fit1 = fitLine(
      t1.map(lnInv),
      t1.map((p) => p.step as number),
    );
    const offset = mean(tg.map((p) => (p.step as number) - pred * lnInv(p)));
    if (Number.isFinite(offset))
      for (const s of [sigmas[0], sigmas[sigmas.length - 1]])
        lines.push({ sigma: s, step: offset + pred * log(1 / s), label: `predicted t_g${g.label ? `, ${g.label}` : ''}` });
    slopes.push(
      `${g.label || 'all runs'}: t_g slope ${fit ? fmt(fit.slope) : 'not fitted (too few runs reached t_g)'} steps per unit ln(1/σ)` +
        `${Number.isFinite(pred) ? ` (predicted 1/ln(1 + lr/2) = ${fmt(pred)})` : ''}, t₁ slope ${fit1 ? fmt(fit1.slope) : 'not fitted (too few runs reached t₁)'}`,
    );
  }
  const failed = runs.filter((r) => r.status === 'failed');
  const setting = settingText(set, (k) => (k === param ? 'x axis' : 'colour'), failed);
  const missing = runs.length - failed.length - distinct(points.map((p) => p.run)).length;
  const caption =
    `${setting.sentence} Points: one run each; lines: the mean per σ. ${slopes.join('; ')}.` +
    (missing > 0 ? ` ${missing} runs reached neither t₁ nor t_g and have no point.` : '') +
    (lines.length ? ' Dotted: the predicted onset line, its offset fitted.' : '');
  const alt =
    `Scatter plot with lines: end of alignment t1 and onset of growth t_g in steps versus initialization scale σ on a log axis${groups.length > 1 ? `, one colour per ${groups.map((g) => g.label).join('; ')}` : ''}; ` +
    `t1 stays flat while t_g rises linearly in ln(1/σ).`;

  const x = { field: 'sigma', type: 'quantitative', title: 'initialization scale σ (log)', scale: { type: 'log' }, axis: { format: '.0e' } };
  const y = { field: 'step', type: 'quantitative', title: 'step t' };
  const enc = seriesEncoding('series', 'boundary', domain, { shape: true });
  const vl = frame(
    title,
    setting.subtitle,
    { points, means, lines },
    {
      width: WIDTH,
      height: HEIGHT,
      layer: [
        {
          data: { name: 'means' },
          mark: { type: 'line', strokeWidth: 1.8 },
          encoding: {
            x,
            y,
            color: enc.color,
            tooltip: tooltip(['series', 'boundary'], ['sigma', 'σ', '.1e'], ['step', 'mean step', ',.1f'], ['runs', 'runs']),
          },
        },
        {
          data: { name: 'points' },
          mark: { type: 'point', filled: true, size: 45, opacity: 0.8 },
          encoding: {
            x,
            y,
            color: enc.color,
            shape: enc.shape,
            tooltip: tooltip(['series', 'boundary'], ['seed', 'seed'], ['sigma', 'σ', '.1e'], ['step', 'step t', ',.0f']),
          },
        },
        {
          data: { name: 'lines' },
          mark: { type: 'line', color: FIT, strokeWidth: 1.2, strokeDash: [2, 2] },
          encoding: { x, y, detail: { field: 'label' }, tooltip: tooltip(['label', 'line'], ['sigma', 'σ', '.1e'], ['step', 'step', ',.1f']) },
        },
      ],
    },
  );
  return { name, title, vl, caption, alt };
}
