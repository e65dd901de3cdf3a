// Figure 5 (claim C5): the end of alignment t₁ and the onset of growth t_g vs the initialization
// scale σ (log x), one series per boundary and learning rate: points per seed, mean per σ, and the
// predicted onset line t_g = const + ln(1/σ)/ln(1 + lr/2) (slope from the theory, offset fitted).
import { fmt, frame, HEIGHT, noData, seriesEncoding, settingText, tooltip, WIDTH } from './common.ts';
import { distinct, isFiniteNum, isPositive, paramOf, seedOf } from './rows.ts';
import { FIT } from './palette.ts';
import { fitLine, mean } from '../analysis/stats.ts';
import { onsetSlope } from '../analysis/claims/c5.ts';
import type { FigureSpec, Row, RunView } from './types.ts';

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
  const title = options.title ?? 'Initialization scale: alignment time is σ-free, the growth onset grows like ln(1/σ)';
  const param = options.param ?? 'sigma';
  const lrs = (distinct(runs.map((r) => r.spec.lr)).filter(isFiniteNum) as number[]).sort((a, b) => a - b);
  const series = (b: string, lr: number) => (lrs.length > 1 ? `${b}, lr = ${lr}` : b);
  const points: Row[] = [];
  for (const r of runs) {
    const sigma = paramOf(r, param);
    if (r.status === 'failed' || !isPositive(sigma) || !r.phases || !isFiniteNum(r.spec.lr)) continue;
    for (const [label, t] of [
      [T1, r.phases.t1],
      [TG, r.phases.t_g],
    ] as const) {
      if (isFiniteNum(t)) points.push({ sigma, series: series(label, r.spec.lr), lr: r.spec.lr, step: t, seed: String(seedOf(r)) });
    }
  }
  if (points.length === 0) return noData(name, title, runs.length === 0 ? 'no runs were given' : `no run of ${runs.length} reached t₁ or t_g`);

  const sigmas = distinct(points.map((p) => p.sigma as number)).sort((a, b) => a - b);
  const domain = lrs.flatMap((lr) => [series(T1, lr), series(TG, lr)]);
  const means: Row[] = [];
  for (const s of domain)
    for (const sigma of sigmas) {
      const ts = points.filter((p) => p.series === s && p.sigma === sigma).map((p) => p.step as number);
      if (ts.length) means.push({ sigma, series: s, step: mean(ts), runs: ts.length });
    }
  const lines: Row[] = [];
  const slopes: string[] = [];
  for (const lr of lrs) {
    const pick = (b: string) => points.filter((p) => p.series === series(b, lr));
    const tg = pick(TG),
      t1 = pick(T1);
    const pred = onsetSlope(lr);
    const fit = fitLine(
      tg.map((p) => Math.log(1 / (p.sigma as number))),
      tg.map((p) => p.step as number),
    );
    const fit1 = fitLine(
      t1.map((p) => Math.log(1 / (p.sigma as number))),
      t1.map((p) => p.step as number),
    );
    const offset = mean(tg.map((p) => (p.step as number) - pred * Math.log(1 / (p.sigma as number))));
    if (Number.isFinite(offset))
      for (const s of [sigmas[0], sigmas[sigmas.length - 1]])
        lines.push({ sigma: s, step: offset + pred * Math.log(1 / s), label: `predicted t_g, lr = ${lr}` });
    slopes.push(
      `lr = ${lr}: t_g slope ${fit ? fmt(fit.slope) : 'n/a'} steps per unit ln(1/σ) (predicted 1/ln(1 + lr/2) = ${fmt(pred)}), t₁ slope ${fit1 ? fmt(fit1.slope) : 'n/a'}`,
    );
  }
  const seeds = distinct(points.map((p) => p.seed)).length;
  const caption =
    `${runs.length} runs: σ from ${fmt(sigmas[0])} to ${fmt(sigmas[sigmas.length - 1])} (${sigmas.length} values, x axis)` +
    `${lrs.length > 1 ? ` × lr ∈ {${lrs.join(', ')}} (colour)` : ''} × ${seeds} seeds (${settingText(runs[0], ['sigma', 'lr'])}). ` +
    `${slopes.join('; ')}. Dotted: the predicted onset line, its offset fitted.`;
  const alt =
    `Scatter plot with lines: end of alignment t1 and onset of growth t_g in steps versus initialization scale σ on a log axis, per learning rate; ` +
    `t1 stays flat while t_g rises linearly in ln(1/σ).`;

  const x = { field: 'sigma', type: 'quantitative', title: 'initialization scale σ (log)', scale: { type: 'log' }, axis: { format: '.0e' } };
  const y = { field: 'step', type: 'quantitative', title: 'step t' };
  const enc = seriesEncoding('series', 'boundary', domain, { shape: true });
  const vl = frame(
    title,
    settingText(runs[0], ['sigma', 'lr']),
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
