import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateClaims } from './claims.ts';
import { analyzeView } from './views.ts';
import type { AnalyzedRun } from './types.ts';
import { ANALYSIS_DEFAULTS } from '../manifest/schema.ts';
import { DEFAULT_SPEC, METRIC_COLUMNS, type RunSpec, type Table } from '../sim/types.ts';
import type { Manifest } from '../manifest/types.ts';

/** A metrics table from per-column functions of the step (unset columns are 0). */
function table(steps: number[], cols: Partial<Record<(typeof METRIC_COLUMNS)[number], (s: number) => number>>): Table {
  const data: Record<string, Float64Array> = {};
  for (const c of METRIC_COLUMNS) data[c] = Float64Array.from(steps, (s) => (cols[c] ? cols[c]!(s) : c === 'step' ? s : 0));
  return { columns: [...METRIC_COLUMNS], data };
}

const STEPS = Array.from({ length: 301 }, (_, i) => i);

/** Three-phase-shaped curves: alignment done at a, growth done at b, then L falls at rate rho. */
function threePhase(a: number, b: number, rho = 0.1, over: { flips?: number; finalLoss?: number } = {}) {
  return table(STEPS, {
    train_loss: (s) => (s < b ? 0.5 - 0.49 * Math.max(0, (s - a) / (b - a)) : 0.005 * Math.exp(-rho * (s - b))),
    population_loss: () => over.finalLoss ?? 1e-12,
    align_weighted: (s) => Math.min(1, 0.5 + 0.5 * (s / a)),
    norm_W: (s) => (s < a ? 1e-3 : s < b ? 1e-3 * 1000 ** ((s - a) / (b - a)) : 1),
    pred_norm: (s) => (s < b ? 0.5 * (s / b) : 1),
    sign_flips: () => over.flips ?? 0,
  });
}

let keyCounter = 0;
function run(spec: Partial<RunSpec>, metrics: Table, params: Record<string, number | string | null> = {}): AnalyzedRun {
  const full = { ...DEFAULT_SPEC, ...spec };
  return analyzeView(
    { key: `k${keyCounter++}`, experiment: 'x', params: { ...params, seed: full.seed }, spec: full, status: 'ok', metrics, neurons: { columns: [], data: {} } },
    ANALYSIS_DEFAULTS,
  );
}

function manifest(claims: Manifest['claims'], analysis: Partial<Manifest['analysis']> = {}): Manifest {
  return {
    experiment: 'x',
    title: 'x',
    description: null,
    file: 'x.yaml',
    profile: 'quick',
    base: {},
    grid: {},
    seeds: [0],
    analysis: { ...ANALYSIS_DEFAULTS, ...analysis },
    claims,
    figures: [],
    figure_options: {},
    origins: { root: { field: '', line: 1, col: 1 }, base: {}, grid: {} },
  };
}

const verdictOf = (claims: Manifest['claims'], runs: AnalyzedRun[]) => evaluateClaims(manifest(claims), runs)[0];

test('C3 passes on three-phase curves and fails when a v_j flips sign or the order breaks', () => {
  const good = [0, 1].map((seed) => run({ seed }, threePhase(20, 60)));
  assert.equal(verdictOf({ C3: { min_fraction: 1 } }, good).verdict, 'PASS');
  const flipped = [run({ seed: 0 }, threePhase(20, 60)), run({ seed: 1 }, threePhase(20, 60, 0.1, { flips: 2 }))];
  const r = verdictOf({ C3: { min_fraction: 1 } }, flipped);
  assert.equal(r.verdict, 'FAIL');
  assert.match(r.note!, /seed 1: 2 v_j changed sign before t1/);
  const late = [run({}, threePhase(80, 60))]; // alignment after growth
  assert.equal(verdictOf({ C3: { min_fraction: 1 } }, late).verdict, 'FAIL');
});

test('C2 passes on a clean exponential tail and fails on a curved one', () => {
  assert.equal(verdictOf({ C2: { min_r2: 0.99, min_fraction: 1 } }, [run({}, threePhase(20, 60, 0.1))]).verdict, 'PASS');
  const curved = table(STEPS, {
    // a power-law (sublinear in log scale) decay, not a linear rate
    train_loss: (s) => (s < 60 ? 0.5 - 0.49 * (s / 60) : 0.005 * (1 + (s - 60) / 5) ** -6),
    align_weighted: () => 1,
    pred_norm: (s) => (s < 60 ? 0 : 1),
  });
  assert.equal(verdictOf({ C2: { min_r2: 0.99, min_fraction: 1 } }, [run({}, curved)]).verdict, 'FAIL');
});

test('C5 passes when t1 grows linearly in ln(1/sigma) and fails (with the t2 note) when only t2 does', () => {
  const sigmas = [1e-1, 1e-2, 1e-3, 1e-4];
  const grows = sigmas.map((sigma) => run({ sigma }, threePhase(10 + 5 * Math.log(1 / sigma), 80 + 5 * Math.log(1 / sigma))));
  assert.equal(verdictOf({ C5: { quantity: 't1', min_r2: 0.9 } }, grows).verdict, 'PASS');
  const flat = sigmas.map((sigma, i) => run({ sigma }, threePhase(15 + (i % 2), 40 + 10 * Math.log(1 / sigma))));
  const r = verdictOf({ C5: { quantity: 't1', min_r2: 0.9 } }, flat);
  assert.equal(r.verdict, 'FAIL');
  assert.match(r.note!, /log\(1\/σ\) law holds for t2/);
});

test('C1 and C4 read success from the final population loss against success_loss', () => {
  const runs: AnalyzedRun[] = [];
  for (const d of [8, 16]) {
    for (const ratio of [2, 8, 32]) {
      for (const seed of [0, 1])
        runs.push(run({ d, n: ratio * d, seed }, threePhase(20, 60, 0.1, { finalLoss: ratio >= 8 ? 1e-10 : 1e-3 }), { d, n_per_d: ratio }));
    }
  }
  assert.equal(verdictOf({ C1: { min_ratio: 8, min_fraction: 0.9 } }, runs).verdict, 'PASS');
  assert.equal(verdictOf({ C4: { level: 0.5, max_spread: 2 } }, runs).verdict, 'PASS');
  // Success at larger d needs a larger n/d: the curves do not collapse.
  const shifted = runs.map((r) =>
    run(r.spec, threePhase(20, 60, 0.1, { finalLoss: (r.params.n_per_d as number) >= (r.spec.d === 8 ? 2 : 32) ? 1e-10 : 1e-3 }), r.params),
  );
  assert.equal(verdictOf({ C4: { level: 0.5, max_spread: 2 } }, shifted).verdict, 'FAIL');
  assert.equal(verdictOf({ C1: { min_ratio: 2, min_fraction: 0.9 } }, shifted).verdict, 'FAIL');
});

test('ABL passes only when both layers succeed and each single layer does not', () => {
  const mk = (train: RunSpec['train'], loss: number) => run({ train }, threePhase(20, 60, 0.1, { finalLoss: loss }));
  assert.equal(verdictOf({ ABL: {} }, [mk('both', 1e-12), mk('first', 1e-2), mk('second', 0.3)]).verdict, 'PASS');
  assert.equal(verdictOf({ ABL: {} }, [mk('both', 1e-12), mk('first', 1e-12), mk('second', 0.3)]).verdict, 'FAIL');
});

test('an unknown claim id is an error', () => {
  assert.throws(() => evaluateClaims(manifest({ C9: {} }), []), /unknown claim 'C9'/);
});

test('with no runs every claim is N/A, never a FAIL', () => {
  for (const id of ['C1', 'C2', 'C3', 'C4', 'C5', 'WM', 'ABL', 'POP', 'WIDTH']) {
    assert.equal(verdictOf({ [id]: {} }, []).verdict, 'N/A', id);
  }
  // One dimension cannot show a collapse across d either.
  const oneD = [2, 8, 32].map((ratio) => run({ d: 8, n: ratio * 8 }, threePhase(20, 60, 0.1, { finalLoss: 1e-10 }), { d: 8, n_per_d: ratio }));
  assert.equal(verdictOf({ C4: {} }, oneD).verdict, 'N/A');
});

test("a claim points at a figure its manifest draws (its preferred kind, else the manifest's first; none: null)", () => {
  const withFigures = (figures: Manifest['figures']) => ({ ...manifest({ WIDTH: {}, C1: {} }), figures });
  assert.deepEqual(
    evaluateClaims(withFigures(['loss', 'ablation']), []).map((c) => c.figure),
    ['x-ablation', 'x-loss'],
  );
  assert.deepEqual(
    evaluateClaims(withFigures([]), []).map((c) => c.figure),
    [null, null],
  );
});
