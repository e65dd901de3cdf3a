// Each claim check on inputs where the theory's prediction holds (PASS) and where it is violated
// (FAIL), plus the engine's rules: INCOMPLETE on missing runs, controls that pass or cannot fail.
// Real (small) simulations where the check needs the simulator's own arrays; formulas elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLAIMS } from './registry.ts';
import { applyCheck, evaluateClaim, defaultThresholdsOf, type ExperimentRuns } from './evaluate.ts';
import { combine, decide } from './verdict.ts';
import { syntheticRun } from './synthetic.ts';
import { DEFAULT_ANALYSIS } from '../defaults.ts';
import { bootstrap, wilson } from '../stats.ts';
import { simulatedRun, withMetrics } from '../../testing/claim-runs.ts';
import { twoPointSpec } from '../../testing/numeric.ts';
import type { RunSpec } from '../../sim/types.ts';
import type { AnalyzedRun } from '../types.ts';
import type { ClaimDef, ClaimId } from './types.ts';

const verdictOf = (id: ClaimId, runs: AnalyzedRun[], thresholds: Record<string, number> = {}, analysis = DEFAULT_ANALYSIS) => {
  const def = CLAIMS[id] as ClaimDef;
  const t = { ...defaultThresholdsOf(def), ...thresholds };
  return applyCheck(
    def,
    runs.filter((r) => !def.regime.excludes?.(r, t)),
    t,
    analysis,
  );
};
const seeds = (k: number) => Array.from({ length: k }, (_, i) => i);

test('decide: PASS when the interval lies in the region, FAIL outside, INCONCLUSIVE astride or without one; exact criteria by value', () => {
  const c = (value: number, lo: number | null, hi: number | null, exact = false) => ({
    estimate: { name: 'x', value, ci_low: lo, ci_high: hi },
    holds: { min: 0.9, max: 1.1 },
    exact,
  });
  assert.equal(decide(c(1, 0.95, 1.05)).verdict, 'PASS');
  assert.equal(decide(c(1.3, 1.2, 1.4)).verdict, 'FAIL');
  assert.equal(decide(c(1.05, 0.98, 1.15)).verdict, 'INCONCLUSIVE');
  assert.equal(decide(c(1, null, null)).verdict, 'INCONCLUSIVE');
  assert.equal(decide(c(NaN, 0.95, 1.05)).verdict, 'INCONCLUSIVE');
  assert.equal(decide(c(1, null, null, true)).verdict, 'PASS');
  assert.equal(decide(c(0.5, null, null, true)).verdict, 'FAIL');
  assert.equal(
    combine([
      { verdict: 'PASS', why: null },
      { verdict: 'INCONCLUSIVE', why: 'a' },
    ]).verdict,
    'INCONCLUSIVE',
  );
  assert.equal(
    combine([
      { verdict: 'FAIL', why: 'b' },
      { verdict: 'INCONCLUSIVE', why: 'a' },
    ]).verdict,
    'FAIL',
  );
});

test('the bootstrap is seeded (same interval twice) and needs two groups; Wilson bounds a proportion', () => {
  const groups = [1, 2, 3, 4, 5, 6, 7, 8].map((x) => [x]);
  const stat = (s: number[][]) => s.flat().reduce((a, b) => a + b, 0) / s.length;
  const a = bootstrap(groups, stat, { seed: 3 }),
    b = bootstrap(groups, stat, { seed: 3 });
  assert.deepEqual(a, b);
  assert.ok(a!.low < 4.5 && a!.high > 4.5 && a!.low > 2 && a!.high < 7, JSON.stringify(a));
  assert.equal(bootstrap([[1]], stat), null);
  const w = wilson(16, 16);
  assert.ok(Math.abs(w.lo - 16 / (16 + 1.96 ** 2)) < 1e-12);
});

test('C2 passes on real runs at the predicted rate, and fails when the weights the prediction uses are off or the curve is a power law', () => {
  const analysis = { ...DEFAULT_ANALYSIS, tol: 1e-20 };
  const runs = seeds(3).map((seed) =>
    simulatedRun({ n: 1000, d: 10, m: 20, init: 'balanced', sigma: 1e-6, lr: 0.5, steps: 4000, stop_loss: 1e-22, log_per_decade: 200, seed }, {}, analysis),
  );
  assert.equal(verdictOf('C2', runs, {}, analysis).verdict, 'PASS');
  // The same loss curves against final weights scaled by 1.3: the predicted rate moves and the check must see it.
  const off = runs.map((r) => {
    const a = r.arrays!()!;
    const scaled = { ...a, W: a.W.map((x) => 1.3 * x), v: a.v.map((x) => 1.3 * x) };
    return { ...r, arrays: () => scaled };
  });
  const f = verdictOf('C2', off, {}, analysis);
  assert.equal(f.verdict, 'FAIL', f.reason ?? '');
  const powerLaw = CLAIMS.C2.controls.find((c) => c.id === 'C2-power-law')!;
  assert.ok('synthetic' in powerLaw.source);
  assert.equal(verdictOf('C2', powerLaw.source.synthetic(), {}, analysis).verdict, 'FAIL');
});

test('C5 passes on population runs (t_g at the predicted slope, misalignment ~σ²) and fails when the onset is off its slope', () => {
  const runs = [0.1, 0.5].flatMap((lr) =>
    [1e-3, 1e-4, 1e-5, 1e-6].flatMap((sigma) =>
      seeds(3).map((seed) => simulatedRun({ n: null, d: 5, m: 10, init: 'balanced', sigma, lr, steps: 600, stop_loss: 1e-3, log_per_decade: 200, seed })),
    ),
  );
  const pass = verdictOf('C5', runs);
  assert.equal(pass.verdict, 'PASS', pass.reason ?? '');
  // t1's slope is reported (exactly 0 by homogeneity), not tested.
  assert.ok(
    pass.measured.some((m) => /t1 slope/.test(m.label) && /^0 /.test(m.value)),
    JSON.stringify(pass.measured),
  );
  // A growth onset 30% later per unit ln(1/σ) than 1/ln(1 + lr/2): the slope criterion must fail.
  const wrong = runs.map((r) => ({ ...r, phases: { ...r.phases!, t_g: 1.3 * r.phases!.t_g! } }));
  const f = verdictOf('C5', wrong);
  assert.equal(f.verdict, 'FAIL');
  assert.match(f.reason!, /slope of t_g/);
});

test('C3 passes on small balanced initializations and fails from a large one; the Gaussian sign rule holds per neuron', () => {
  const small = seeds(16).map((seed) => simulatedRun({ n: null, d: 5, m: 10, init: 'balanced', sigma: 1e-4, lr: 0.5, steps: 3000, stop_loss: 1e-12, seed }));
  const gaussian = seeds(8).map((seed) => simulatedRun({ n: null, d: 5, m: 10, init: 'gaussian', sigma: 1e-4, lr: 0.5, steps: 3000, stop_loss: 1e-12, seed }));
  const pass = verdictOf('C3', [...small, ...gaussian]);
  assert.equal(pass.verdict, 'PASS', pass.reason ?? '');
  const large = seeds(4).map((seed) => simulatedRun({ n: null, d: 5, m: 10, init: 'balanced', sigma: 0.3, lr: 0.5, steps: 3000, stop_loss: 1e-12, seed }));
  assert.equal(applyCheck(CLAIMS.C3 as ClaimDef, large, defaultThresholdsOf(CLAIMS.C3 as ClaimDef), DEFAULT_ANALYSIS).verdict, 'FAIL');
});

/** A sample-complexity-like run that ends at loss ratio `end` (1e-9 when it succeeds, 0.2 when not). */
function outcome(d: number, ratio: number, seed: number, ok: boolean): AnalyzedRun {
  const end = ok ? 1e-9 : 0.2;
  return syntheticRun({ init: 'balanced', sigma: 1e-4, d, n: Math.round(ratio * d), seed }, [0, 1, 10, 100], {
    train_loss: (s) => (s === 100 ? 0.5 * (ok ? 1e-9 : 1e-3) : 0.5),
    population_loss: (s) => (s === 100 ? 0.5 * end : 0.5),
  });
}

test('C1 passes when runs at n/d ≥ 8 succeed, fails when they do not, and counts seeds, not runs', () => {
  const ok = [8, 16, 32, 64].flatMap((d) => seeds(40).map((s) => outcome(d, 8, s, true)));
  assert.equal(verdictOf('C1', ok).verdict, 'PASS');
  const bad = [8, 16, 32, 64].flatMap((d) => seeds(40).map((s) => outcome(d, 8, s, s < 3)));
  assert.equal(verdictOf('C1', bad).verdict, 'FAIL');
  // 20 seeds × 4 d = 80 successful runs: over runs the interval would clear 0.9, over 20 seeds it cannot.
  const few = [8, 16, 32, 64].flatMap((d) => seeds(20).map((s) => outcome(d, 8, s, true)));
  assert.equal(verdictOf('C1', few).verdict, 'INCONCLUSIVE');
});

test('C4 recovers α = 1 when the needed n is proportional to d and fails when it grows like d^1.5', () => {
  const ratios = [0.71, 1, 1.41, 2, 2.83, 4, 5.66, 8, 11.3, 16];
  const grid = (alpha: number) =>
    [8, 16, 32, 64].flatMap((d) =>
      seeds(10).flatMap((s) => ratios.map((r) => outcome(d, r, s, r >= 1.5 * (d / 8) ** (alpha - 1) * Math.exp(0.3 * Math.sin(7 * s + d))))),
    );
  for (const r of grid(1)) r.params.n_per_d = r.spec.n! / r.spec.d;
  const pass = verdictOf('C4', grid(1));
  assert.equal(pass.verdict, 'PASS', pass.reason ?? '');
  const fail = verdictOf('C4', grid(1.5));
  assert.equal(fail.verdict, 'FAIL', fail.reason ?? '');
});

/** Population-loss paths whose gap to the n = ∞ path is c · n^slope (seed-dependent c). */
function gapRuns(slope: number): AnalyzedRun[] {
  const steps = Array.from({ length: 60 }, (_, i) => i * 5);
  return seeds(6).flatMap((seed) => {
    const pop = syntheticRun({ n: null, d: 10, seed }, steps, { population_loss: (s) => 0.5 * Math.exp(-s / 50) });
    const finite = [500, 1000, 2000, 5000, 10000, 20000].map((n) =>
      syntheticRun({ n, d: 10, seed }, steps, {
        population_loss: (s) => 0.5 * Math.exp(-s / 50) + (1 + 0.3 * Math.sin(seed * 13 + n)) * n ** slope * Math.exp(-(((s - 100) / 30) ** 2)),
      }),
    );
    return [pop, ...finite];
  });
}

test('POP passes when the gap falls like n^(-1/2) and fails when it does not fall', () => {
  assert.equal(verdictOf('POP', gapRuns(-0.5)).verdict, 'PASS');
  assert.equal(verdictOf('POP', gapRuns(0)).verdict, 'FAIL');
  // Fewer seeds than min_seeds: no interval, so no verdict either way.
  assert.equal(verdictOf('POP', gapRuns(-0.5), { min_seeds: 10 }).verdict, 'INCONCLUSIVE');
});

test('ABL: random features end at the arc-cosine kernel optimum L* (PASS), and a run that ends elsewhere fails', () => {
  const rf = seeds(3).map((seed) => simulatedRun({ n: null, d: 5, m: 8, train: 'second', sigma: 1, lr: 0.1, steps: 4000, seed }));
  const pass = verdictOf('ABL', rf);
  assert.equal(pass.verdict, 'PASS', pass.reason ?? '');
  const off = rf.map((r) => {
    const data = { ...r.metrics.data, population_loss: r.metrics.data.population_loss.map((x) => 2 * x) };
    return { ...r, metrics: { ...r.metrics, data } };
  });
  assert.equal(verdictOf('ABL', off).verdict, 'FAIL');
});

function experiment(name: string, runs: AnalyzedRun[], expected = runs.length): ExperimentRuns {
  return {
    experiment: name,
    profile: 'quick',
    analysis: DEFAULT_ANALYSIS,
    expected: [...runs.map((r) => r.key), ...Array.from({ length: expected - runs.length }, (_, i) => `missing-${i}`)],
    runs,
  };
}

test('missing runs make a claim INCOMPLETE (with the count), never PASS', () => {
  const ok = [8, 16, 32, 64].flatMap((d) => seeds(40).map((s) => outcome(d, 8, s, true)));
  const r = evaluateClaim('C1', experiment('sc', ok, ok.length + 3), {}, new Map(), null);
  assert.equal(r.verdict, 'INCOMPLETE');
  assert.match(r.reason!, /3 of 163 runs missing/);
  assert.deepEqual(r.runs, { expected: 163, present: 160, failed: 0, truncated: 0, excluded: 0 });
});

test('a control that passes turns PASS into FAIL; a control that cannot run leaves no PASS', () => {
  const ok = [8, 16, 32, 64].flatMap((d) => seeds(40).map((s) => outcome(d, 8, s, true)));
  // C1's control re-analyses the runs with n < d: all of these succeed, so it passes.
  const underdetermined = [8, 16, 32, 64].flatMap((d) => seeds(40).map((s) => outcome(d, 0.71, s, true)));
  const teeth = evaluateClaim('C1', experiment('sc', [...ok, ...underdetermined]), {}, new Map(), null);
  assert.equal(teeth.verdict, 'FAIL');
  assert.match(teeth.reason!, /C1-underdetermined PASSED — the check has no teeth/);
  const honest = [8, 16, 32, 64].flatMap((d) => seeds(40).map((s) => outcome(d, 0.71, s, false)));
  const good = evaluateClaim('C1', experiment('sc', [...ok, ...honest]), {}, new Map(), null);
  assert.equal(good.verdict, 'PASS', good.reason ?? '');
  assert.equal(good.controls[0].verdict, 'FAIL');
  // C3's control lives in another experiment: without it the claim cannot PASS.
  const small = seeds(16).map((seed) => simulatedRun({ n: null, d: 5, m: 10, init: 'balanced', sigma: 1e-4, lr: 0.5, steps: 3000, stop_loss: 1e-12, seed }));
  const alone = evaluateClaim('C3', experiment('three-phases', small), {}, new Map(), null);
  assert.equal(alone.verdict, 'INCOMPLETE');
  assert.match(alone.reason!, /three-phases-control/);
});

test('a control that cannot run leaves an INCONCLUSIVE claim INCOMPLETE too (the control might pass, which would FAIL it)', () => {
  // Three seeds: C3's share of seeds has a Wilson interval reaching below 0.8, so its own check is INCONCLUSIVE.
  const few = seeds(3).map((seed) => simulatedRun({ n: null, d: 5, m: 10, init: 'balanced', sigma: 1e-4, lr: 0.5, steps: 3000, stop_loss: 1e-12, seed }));
  const def = CLAIMS.C3 as ClaimDef;
  assert.equal(applyCheck(def, few, defaultThresholdsOf(def), DEFAULT_ANALYSIS).verdict, 'INCONCLUSIVE');
  // Was INCONCLUSIVE, so claims.json said "complete": true and no page had a banner.
  const r = evaluateClaim('C3', experiment('three-phases', few), {}, new Map(), null);
  assert.equal(r.verdict, 'INCOMPLETE');
  assert.match(r.reason!, /three-phases-control/);
});

/** Gradient-flow runs on the two-point data: the wang-ma manifest's setting at three σ. */
const twoPointRuns = (over: Partial<RunSpec>, nSeeds: number) =>
  [1e-4, 1e-5, 1e-6].flatMap((sigma) => seeds(nSeeds).map((seed) => simulatedRun(twoPointSpec({ sigma, seed, t_max: 150, ...over }), { sigma })));

let wmRuns: AnalyzedRun[] | undefined;
/** 6 seeds × 3 σ, exponential loss (computed once, ~2 s). */
const wmMain = (): AnalyzedRun[] => (wmRuns ??= twoPointRuns({}, 6));

test('WM passes on two-point flow runs and fails when the times break the predicted slopes or the points are negatively correlated', () => {
  const runs = wmMain();
  // Six seeds cannot reach the default share's bound (6 / 6 has a Wilson interval from 0.61): judge at 0.5.
  const pass = verdictOf('WM', runs, { min_fraction: 0.5 });
  assert.equal(pass.verdict, 'PASS', pass.reason ?? '');
  // The same runs on a clock 30% slow: every slope in ln(1/σ) is off by 1.3.
  const slow = runs.map((r) => withMetrics(r, { time: (t) => 1.3 * t }));
  const f = verdictOf('WM', slow, { min_fraction: 0.5 });
  assert.equal(f.verdict, 'FAIL');
  assert.match(f.reason!, /slope of t_s/);
  // θ = 120° (outside the regime, as the control is): no neuron fires on both points, no activation swap.
  const def = CLAIMS.WM as ClaimDef;
  const obtuse = applyCheck(def, twoPointRuns({ angle: 120 }, 2), defaultThresholdsOf(def), DEFAULT_ANALYSIS);
  assert.equal(obtuse.verdict, 'FAIL');
  assert.match(obtuse.reason!, /activation swap/);
});

test('WM: a run stopped by the solver step cap is INCOMPLETE (counted, named), not a phase failure', () => {
  const runs = wmMain();
  const capped = simulatedRun(twoPointSpec({ sigma: 1e-5, seed: 9, t_max: 150, steps: 400 }), { sigma: 1e-5 });
  assert.match(capped.truncated!, /step cap \(400 steps\)/);
  const r = evaluateClaim('WM', experiment('wang-ma', [...runs, capped]), {}, new Map(), null);
  assert.equal(r.verdict, 'INCOMPLETE');
  assert.match(r.reason!, /1 of 19 truncated by the solver's step cap/);
  assert.deepEqual(r.runs, { expected: 19, present: 18, failed: 0, truncated: 1, excluded: 0 });
  // The check itself never sees the truncated run.
  assert.equal(verdictOf('WM', [...runs, capped], { min_fraction: 0.5 }).verdict, 'PASS');
});
