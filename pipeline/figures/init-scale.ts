// Figure 5 (claim C5): the alignment phase lasts about log(1/σ) / (lr · const): t1 and t2 vs the
// initialization scale σ (log x), points per seed, mean per σ, and the least-squares line of
// t1 on ln(1/σ).
import { fmt, frame, HEIGHT, noData, seriesEncoding, settingText, tooltip, WIDTH } from './common.ts';
import { distinct, isFiniteNum, isPositive, paramOf, seedOf } from './rows.ts';
import { FIT } from './palette.ts';
import { fitLine, mean } from '../analysis/stats.ts';
import type { FigureSpec, Row, RunView } from './types.ts';

export interface InitScaleOptions {
  name?: string;
  title?: string;
  /** Grid parameter holding σ (default 'sigma'). */
  param?: string;
}

const T1 = 't₁ (end of alignment)';
const T2 = 't₂ (end of growth)';

export function initScaleFigure(runs: RunView[], options: InitScaleOptions = {}): FigureSpec {
  const name = options.name ?? 'init-scale';
  const title = options.title ?? 'Initialization scale: alignment lasts ∝ log(1/σ)';
  const param = options.param ?? 'sigma';
  const points: Row[] = [];
  for (const r of runs) {
    const sigma = paramOf(r, param);
    if (r.status === 'failed' || !isPositive(sigma) || !r.phases) continue;
    for (const [label, t] of [
      [T1, r.phases.t1],
      [T2, r.phases.t2],
    ] as const) {
      if (isFiniteNum(t)) points.push({ sigma, boundary: label, step: t, seed: String(seedOf(r)) });
    }
  }
  if (points.length === 0) return noData(name, title, runs.length === 0 ? 'no runs were given' : `no run of ${runs.length} reached t₁ or t₂`);

  const sigmas = distinct(points.map((p) => p.sigma as number)).sort((a, b) => a - b);
  const means: Row[] = [];
  for (const b of [T1, T2]) {
    for (const s of sigmas) {
      const ts = points.filter((p) => p.boundary === b && p.sigma === s).map((p) => p.step as number);
      if (ts.length) means.push({ sigma: s, boundary: b, step: mean(ts), runs: ts.length });
    }
  }
  const t1s = points.filter((p) => p.boundary === T1);
  const fit = fitLine(
    t1s.map((p) => Math.log(1 / (p.sigma as number))),
    t1s.map((p) => p.step as number),
  );
  const fitRows: Row[] = fit
    ? [sigmas[0], sigmas[sigmas.length - 1]].map((s) => ({ sigma: s, step: fit.intercept + fit.slope * Math.log(1 / s), label: 'fit t₁ = a + b ln(1/σ)' }))
    : [];
  const lrs = distinct(runs.map((r) => r.spec.lr));
  const lr = lrs.length === 1 && isFiniteNum(lrs[0]) ? lrs[0] : NaN;
  const growth = mean(
    sigmas.map((s) => {
      const a = means.find((m) => m.sigma === s && m.boundary === T1),
        b = means.find((m) => m.sigma === s && m.boundary === T2);
      return a && b ? (b.step as number) - (a.step as number) : NaN;
    }),
  );
  const caption =
    `${t1s.length} runs reached t₁ over ${sigmas.length} values of σ from ${fmt(sigmas[0])} to ${fmt(sigmas[sigmas.length - 1])} (${settingText(runs[0], ['sigma'])}). ` +
    (fit
      ? `Least squares: t₁ = ${fmt(fit.intercept)} + ${fmt(fit.slope)} · ln(1/σ) steps (R² = ${fmt(fit.r2, 4)})` +
        (Number.isFinite(lr) ? `; lr × slope = ${fmt(lr * fit.slope)}. ` : '. ')
      : 'Too few points to fit t₁ against ln(1/σ). ') +
    `Growth lasts t₂ − t₁ = ${fmt(growth)} steps on average over σ.`;
  const alt =
    `Scatter plot with lines: end of alignment t1 and end of growth t2 in steps versus initialization scale σ on a log axis; ` +
    (fit ? `t1 increases by ${fmt(fit.slope)} steps per unit of ln(1/σ).` : 'no fit.');

  const x = { field: 'sigma', type: 'quantitative', title: 'initialization scale σ (log)', scale: { type: 'log' }, axis: { format: '.0e' } };
  const y = { field: 'step', type: 'quantitative', title: 'step t' };
  const enc = seriesEncoding('boundary', 'boundary', [T1, T2], { shape: true });
  const vl = frame(
    title,
    settingText(runs[0], ['sigma']),
    { points, means, fit: fitRows },
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
            tooltip: tooltip(['boundary', 'boundary'], ['sigma', 'σ', '.1e'], ['step', 'mean step', ',.1f'], ['runs', 'runs']),
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
            tooltip: tooltip(['boundary', 'boundary'], ['seed', 'seed'], ['sigma', 'σ', '.1e'], ['step', 'step t', ',.0f']),
          },
        },
        {
          data: { name: 'fit' },
          mark: { type: 'line', color: FIT, strokeWidth: 1.2, strokeDash: [2, 2] },
          encoding: { x, y, tooltip: tooltip(['label', 'fit'], ['sigma', 'σ', '.1e'], ['step', 'fitted t₁', ',.1f']) },
        },
      ],
    },
  );
  return { name, title, vl, caption, alt };
}
