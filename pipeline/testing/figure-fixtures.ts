// Synthetic runs for the figure tests: closed-form, deterministic curves shaped like the three
// phases (no simulation), so every figure can be exercised in milliseconds.
import { DEFAULT_SPEC, METRIC_COLUMNS, NEURON_COLUMNS, type RunSpec, type RunStatus, type Table } from '../sim/types.ts';
import type { RunView } from '../figures/types.ts';
import type { FigureRequest } from '../figures/index.ts';
import { canonicalJson } from '../cache/canonical.ts';
import { sha256 } from '../cache/key.ts';

export interface SyntheticOptions {
  seed?: number;
  spec?: Partial<RunSpec>;
  params?: Record<string, number | string | null>;
  status?: RunStatus;
  /** Logged rows (metrics), evenly spaced over spec.steps. */
  rows?: number;
  /** Multiplies every loss value (to make a different data set). */
  lossScale?: number;
}

function table(columns: readonly string[], rows: Record<string, number>[]): Table {
  const data: Record<string, Float64Array> = {};
  for (const c of columns) data[c] = Float64Array.from(rows, (r) => r[c] ?? NaN);
  return { columns: [...columns], data };
}

export function syntheticRun(opts: SyntheticOptions = {}): RunView {
  const seed = opts.seed ?? 0;
  // Pinned here so that a change of the simulator's defaults does not move the fixtures.
  const spec: RunSpec = { ...DEFAULT_SPEC, n: 200, d: 5, m: 6, steps: 1000, lr: 0.05, sigma: 1e-3, train: 'both', seed, ...opts.spec };
  const nRows = opts.rows ?? 101;
  const scale = opts.lossScale ?? 1;
  const lr = spec.lr ?? 0.05;
  // Alignment lasts ~ log(1/sigma): the claim C5 shape.
  const t1 = Math.round((((60 + 4 * seed) * Math.log(1 / spec.sigma)) / Math.log(1e3)) * (0.05 / lr));
  const t2 = t1 + 100;
  const rho = 0.05 * (1 + 0.02 * seed);
  const even = spec.n === null ? 1 : 1 + 2 / Math.sqrt(spec.n);
  const loss = (t: number): number => {
    if (t <= t1) return 0.5 * (1 - 0.01 * (t / t1));
    if (t <= t2) return 0.495 * Math.exp(Math.log(5e-3 / 0.495) * ((t - t1) / (t2 - t1)));
    return Math.max(5e-3 * Math.exp(-rho * (t - t2)), 1e-13);
  };
  const metricRows: Record<string, number>[] = [];
  for (let r = 0; r < nRows; r++) {
    const step = Math.round((r * spec.steps) / (nRows - 1));
    const L = scale * loss(step);
    const a = 1 - 1.3 * Math.exp((-4 * step) / t1);
    const norm = spec.sigma * Math.exp(Math.min(step, t2) / 25);
    metricRows.push({
      step,
      time: step * lr,
      train_loss: L,
      population_loss: L * even,
      align_min: a - 0.2 * Math.exp(-step / t1),
      align_mean: a - 0.05,
      align_weighted: Math.min(a, 0.9999),
      norm_W: norm,
      norm_v: norm * 0.9,
      pred_norm: Math.min(1, norm * norm),
      pred_dist: Math.sqrt(L),
      even_mass: L / 10,
      balance_drift: 1e-9 * step,
      sign_flips: 0,
      act_changes: 0.1 * Math.exp(-step / 100) + (r % 3) * 0.001,
      grad_norm: Math.sqrt(L),
      accuracy: spec.task === 'classification' ? 1 - 0.5 * Math.exp(-step / 200) : NaN,
      condensation: Math.min(a + 0.1, 1),
      cross_pos: spec.task === 'classification' ? (step < t2 ? 1 : 0) : NaN,
      cross_neg: spec.task === 'classification' ? (step < t2 ? 0 : 1) : NaN,
    });
  }
  const from = t2 + 20,
    to = Math.min(spec.steps, t2 + 400);
  const neuronRows: Record<string, number>[] = [];
  for (let r = 0; r < 11; r++) {
    const step = (r * spec.steps) / 10;
    for (let j = 0; j < spec.m; j++) {
      const sign = j % 2 === 0 ? 1 : -1;
      const angle = (0.3 + (2.5 * j) / spec.m) * Math.exp((-3 * step) / t1);
      const norm_w = spec.sigma * (1 + 0.1 * j) * Math.exp(Math.min(step, t2) / 25);
      const aligned = sign * Math.cos(angle);
      neuronRows.push({
        step,
        neuron: j,
        v: sign * norm_w,
        norm_w,
        align: Math.cos(angle),
        proj_beta: aligned,
        proj_perp: Math.sin(angle) * (j % 3 === 0 ? -1 : 1),
      });
    }
  }
  return {
    // A hex key like a real run's: figures name runs by its first 12 characters.
    key: sha256(canonicalJson({ spec, params: opts.params ?? {}, scale })),
    experiment: 'synthetic',
    params: { seed, ...opts.params },
    spec,
    status: opts.status ?? 'ok',
    metrics: table(METRIC_COLUMNS, metricRows),
    neurons: table(NEURON_COLUMNS, neuronRows),
    phases: {
      t1,
      t_g: (t1 + t2) / 2,
      t2,
      t_end: null,
      t_tail: null,
      rate: { rho, r2: 0.999, a: Math.log(scale * 5e-3) + rho * t2, from, to, points: metricRows.filter((r) => r.step >= from && r.step <= to).length },
    },
    wm_phases:
      spec.task === 'classification'
        ? {
            boundaries: [
              { name: 'condensation', t: 2 },
              { name: 'saddle exit', t: 4 + 2 * Math.log(1e-3 / spec.sigma) },
              { name: 'plateau', t: 12 + 2 * Math.log(1e-3 / spec.sigma) },
              { name: 'plateau escape', t: 20 + 6 * Math.log(1e-3 / spec.sigma) },
            ],
          }
        : null,
  };
}

/** A run that failed before logging anything. */
export function failedRun(seed = 0): RunView {
  const run = syntheticRun({ seed, status: 'failed' });
  return { ...run, metrics: table(METRIC_COLUMNS, []), neurons: table(NEURON_COLUMNS, []), phases: null };
}

/** One request per figure, on synthetic runs: what the figure tests render. */
export function sampleRequests(): FigureRequest[] {
  const seeds = [0, 1, 2].map((seed) => syntheticRun({ seed }));
  const sweep = <T>(values: T[], make: (v: T, seed: number) => RunView, nSeeds = 2) =>
    values.flatMap((v) => Array.from({ length: nSeeds }, (_, s) => make(v, s)));
  return [
    { figure: 'loss', runs: seeds },
    { figure: 'alignment', runs: seeds },
    { figure: 'norms', runs: seeds },
    { figure: 'directions', runs: seeds },
    { figure: 'init-scale', runs: sweep([1e-4, 1e-3, 1e-2, 1e-1], (sigma, seed) => syntheticRun({ seed, spec: { sigma }, params: { sigma } })) },
    {
      figure: 'sample-complexity',
      runs: [5, 10, 20].flatMap((d) =>
        sweep([1, 2, 4, 8], (r, seed) => syntheticRun({ seed, spec: { d, n: r * d }, params: { d, n: r * d }, lossScale: r >= 4 || seed === 0 ? 1 : 1e11 }), 3),
      ),
    },
    { figure: 'population', runs: [50, 200, 1000, null].map((n) => syntheticRun({ spec: { n }, params: { n } })) },
    {
      figure: 'wang-ma',
      runs: sweep([1e-3, 1e-4], (sigma, seed) =>
        syntheticRun({
          seed,
          spec: {
            task: 'classification',
            loss: seed === 0 ? 'exponential' : 'logistic',
            data: 'two_points',
            n: 10,
            d: 2,
            method: 'flow',
            lr: null,
            t_max: 50,
            sigma,
          },
          params: { sigma },
        }),
      ),
    },
    {
      figure: 'ablation',
      runs: sweep(['both', 'first', 'second'] as const, (train, seed) =>
        syntheticRun({ seed, spec: { train }, params: { train }, lossScale: train === 'both' ? 1 : 10 }),
      ),
    },
  ];
}
