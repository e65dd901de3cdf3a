// The Wang–Ma phase analysis on synthetic curves (boundaries between rows, each failure named),
// and the two-point flow against the derivation and against an independent numpy integrator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { analyzeWangMa, crossing, DEFAULT_WM_THRESHOLDS } from './wangma.ts';
import { twoPointTheory } from './wangma-theory.ts';
import { fitLine } from './stats.ts';
import { simulate } from '../sim/simulate.ts';
import { METRIC_COLUMNS, type Table } from '../sim/types.ts';
import { twoPointSpec } from '../testing/numeric.ts';

interface Curve {
  /** Saddle exit (L = 0.99): the loss departs from 1 like 1 - 0.01 e^{2(t - ts)}. */
  ts: number;
  /** Condensation reaches 0.9 at this time. */
  tc: number;
  /** Plateau escape: the loss drops below 0.9 P here. */
  te: number;
  L0: number;
  swap: boolean;
}

/** A two-point-shaped run on a log grid (P = 0.2): saddle, exponential departure, plateau, escape at te, then a fast fall. */
function curve(c: Partial<Curve> = {}): Table {
  const { ts = 10, tc = 2, te = 60, L0 = 1, swap = true } = c;
  const times = [0, ...Array.from({ length: 200 }, (_, k) => 10 ** (-2 + k / 40))];
  const loss = (t: number) => L0 * (t >= te ? 0.18 * (te / t) ** 3 : Math.max(1 - 0.01 * Math.exp(2 * (t - ts)), 0.2 * (1 + 0.1 * Math.exp(-(t - ts) / 10))));
  const col = (f: (t: number) => number) => Float64Array.from(times, f);
  const data: Record<string, Float64Array> = {};
  for (const name of METRIC_COLUMNS) data[name] = col(() => 0);
  data.time = col((t) => t);
  data.train_loss = col(loss);
  data.condensation = col((t) => (t >= tc ? 0.95 : 0.5 + (0.4 * t) / tc));
  data.cross_pos = col((t) => (!swap || t > (ts + te) / 2 ? 0 : 1));
  data.cross_neg = col((t) => (swap && t > (ts + te) / 2 ? 1 : 0));
  return { columns: [...METRIC_COLUMNS], data };
}

test('crossing: the time a column reaches a level, interpolated between rows (exactly, for the right warp)', () => {
  const t = Float64Array.from([0, 1, 2, 3]);
  assert.equal(crossing(t, Float64Array.from([1, 0.8, 0.4, 0.2]), 0.6), 1.5);
  assert.equal(crossing(t, Float64Array.from([0, 1, 2, 3]), 2.5, { up: true }), 2.5);
  assert.equal(crossing(t, Float64Array.from([1, 1, 1, 1]), 0.5), null);
  // 1 - L = 0.01 e^{2t}: warping by ln(1 - L) makes the interpolation exact.
  const L = Float64Array.from(t, (x) => 1 - 0.01 * Math.exp(2 * x));
  const level = 1 - 0.01 * Math.exp(2 * 1.37);
  assert.ok(Math.abs(crossing(t, L, level, { warp: (x) => Math.log(1 - x) })! - 1.37) < 1e-12);
});

test('Wang–Ma: the four phases in order, with boundaries between logged rows', () => {
  const p = analyzeWangMa(curve(), twoPointSpec());
  assert.equal(p.in_order, true, p.reason ?? '');
  assert.ok(Math.abs(p.t_s! - 10) < 1e-9, `t_s ${p.t_s}`);
  assert.ok(Math.abs(p.t_c! - 2) < 0.2, `t_c ${p.t_c}`);
  assert.ok(p.t_p! > p.t_s! && p.t_e! > p.t_p!);
  assert.ok(p.t_e! > 59.5 && p.t_e! < 63.1, `t_e ${p.t_e}`); // between the two rows around the drop at 60
  assert.ok(p.saddle && p.swapped);
  assert.ok(Math.abs(p.plateau_level! - 1) < DEFAULT_WM_THRESHOLDS.wm_band, `plateau ${p.plateau_level}`);
  assert.deepEqual(
    p.boundaries.map((b) => b.name),
    ['condensation', 'saddle exit', 'plateau', 'plateau escape'],
  );
});

test('Wang–Ma: a start off the saddle, late condensation, no escape and no activation swap are each named', () => {
  const spec = twoPointSpec();
  const off = analyzeWangMa(curve({ L0: 1.5 }), spec);
  assert.equal(off.saddle, false);
  assert.match(off.reason!, /does not start at the saddle/);
  const late = analyzeWangMa(curve({ tc: 12 }), spec);
  assert.equal(late.saddle, false);
  assert.match(late.reason!, /left the saddle .* before condensation/);
  assert.match(analyzeWangMa(curve({ te: 1e4 }), spec).reason!, /no plateau escape/);
  assert.match(analyzeWangMa(curve({ swap: false }), spec).reason!, /no activation swap/);
  // Gaussian data have no predicted plateau.
  assert.match(analyzeWangMa(curve(), { ...spec, data: 'gaussian' }).reason!, /two-point data only/);
});

test('two-point flow: t_s grows like ln(1/σ)/(|l′(0)|‖g‖) and condensation does not depend on σ (exponential and logistic)', () => {
  for (const loss of ['exponential', 'logistic'] as const) {
    const th = twoPointTheory(twoPointSpec({ loss }))!;
    const runs = [1e-4, 1e-5, 1e-6].map((sigma) => {
      const spec = twoPointSpec({ loss, sigma, t_max: 60 * th.escapeSlope });
      return { x: Math.log(1 / sigma), p: analyzeWangMa(simulate(spec).metrics, spec) };
    });
    const slope = fitLine(
      runs.map((r) => r.x),
      runs.map((r) => r.p.t_s!),
    )!.slope;
    assert.ok(Math.abs(slope / th.escapeSlope - 1) < 0.01, `${loss}: slope ${slope} vs ${th.escapeSlope}`);
    const tc = runs.map((r) => r.p.t_c!);
    assert.ok(Math.max(...tc) - Math.min(...tc) < 0.05, `${loss}: t_c ${tc}`);
  }
});

test('two-point flow (Dormand–Prince) agrees with an independent numpy Euler integration from the same weights', () => {
  const cases = (['exponential', 'logistic'] as const).map((loss) => {
    const spec = twoPointSpec({ loss, t_max: loss === 'exponential' ? 120 : 240 });
    const out = simulate(spec);
    const th = twoPointTheory(spec)!;
    const band = DEFAULT_WM_THRESHOLDS.wm_band;
    return {
      ours: analyzeWangMa(out.metrics, spec),
      ref: {
        angle: spec.angle,
        p: th.p,
        loss,
        W0: Array.from(out.W0),
        v0: Array.from(out.v0),
        dt: 5e-3,
        t_max: spec.t_max,
        saddle_level: (1 - DEFAULT_WM_THRESHOLDS.wm_saddle_tol) * th.saddle,
        band_levels: [(1 + band) * th.plateau, (1 - band) * th.plateau],
      },
    };
  });
  const r = spawnSync('python3', ['pipeline/testing/numpy_wangma.py'], { input: JSON.stringify({ cases: cases.map((c) => c.ref) }), encoding: 'utf8' });
  assert.equal(r.status, 0, `python3 with numpy is needed (CI installs python3-numpy): ${r.stderr}`);
  const ref = JSON.parse(r.stdout) as { t_s: number; t_p: number; t_e: number }[];
  cases.forEach(({ ours, ref: c }, i) => {
    for (const k of ['t_s', 't_p', 't_e'] as const) {
      const [a, b] = [ours[k]!, ref[i][k]];
      assert.ok(Math.abs(a - b) <= 0.01 * b, `${c.loss} ${k}: DP5 ${a} vs numpy Euler ${b}`);
    }
  });
});
