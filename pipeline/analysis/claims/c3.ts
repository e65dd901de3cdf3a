// C3: three phases — alignment at the init scale, growth by orders of magnitude with the
// alignment kept, then local refinement — and the sign rule under Gaussian initialization.
import { bySeed, fmt, groupBy, proportion, seedProportion } from './common.ts';
import { median as med } from '../stats.ts';
import type { ClaimDef, ClaimRun, Criterion } from './types.ts';
import { atan, exp10 } from '../../sim/detmath.ts';

type T = { max_sigma: number; min_fraction: number; growth_decades: number; min_rule_match: number };

/** What keeps a balanced run from showing the three phases as stated (empty: it shows them). */
export function phaseFailures(r: ClaimRun, t: T, eps: { eps_align: number; align_floor: number }): string[] {
  const p = r.phases,
    M = r.metrics.data;
  if (!p || p.t1 === null || p.t_g === null || p.t2 === null) return [`${p?.t1 === null ? 't1' : p?.t_g === null ? 't_g' : 't2'} not reached`];
  const lastRow = M.step.length - 1;
  const row = (s: number) => M.step.findIndex((x) => x >= s);
  const i1 = row(p.t1);
  const out: string[] = [];
  if (!(p.t1 < p.t_g && p.t_g < p.t2)) out.push(`order t1 = ${p.t1}, t_g = ${p.t_g}, t2 = ${p.t2}`);
  const w0 = M.norm_W[0],
    w1 = M.norm_W[i1],
    wEnd = M.norm_W[lastRow];
  if (!(w1 <= Math.sqrt(w0 * wEnd))) out.push(`|W| at t1 (${fmt(w1)}) is past the geometric mean of its initial and final values`);
  if (!(wEnd >= exp10(t.growth_decades) * w1)) out.push(`|W| grew only ${fmt(wEnd / w1)}× after t1`);
  const floor = r.spec.n === null ? 0 : (eps.align_floor * (r.spec.d - 1)) / r.spec.n;
  let minAlign = Infinity;
  for (let i = i1; i <= lastRow; i++) minAlign = Math.min(minAlign, M.align_weighted[i]);
  if (minAlign < 1 - eps.eps_align - floor) out.push(`alignment fell to ${fmt(minAlign, 4)} after t1 (level ${fmt(1 - eps.eps_align - floor, 4)})`);
  const flips = M.sign_flips[lastRow];
  if (flips > 0) out.push(`${flips} v_j changed sign`);
  return out;
}

/** Per neuron of a Gaussian-init run: did v_j flip, and does its final sign follow sign(v_j(0) + <w_j(0), β̂>)? */
export function signRule(r: ClaimRun): { neurons: number; flipped: boolean[]; follows: boolean[] } {
  const N = r.neurons.data;
  const steps = N.step;
  if (!steps || steps.length === 0) return { neurons: 0, flipped: [], follows: [] };
  const first = steps[0],
    lastStep = steps[steps.length - 1];
  const v0 = new Map<number, number>(),
    a0 = new Map<number, number>(),
    vEnd = new Map<number, number>();
  for (let i = 0; i < steps.length; i++) {
    const j = N.neuron[i];
    if (steps[i] === first) {
      v0.set(j, N.v[i]);
      a0.set(j, N.norm_w[i] * N.proj_beta[i]);
    }
    if (steps[i] === lastStep) vEnd.set(j, N.v[i]);
  }
  const ids = [...v0.keys()].sort((a, b) => a - b);
  const end = (j: number) => vEnd.get(j) ?? NaN;
  return {
    neurons: ids.length,
    flipped: ids.map((j) => Math.sign(end(j)) !== Math.sign(v0.get(j)!)),
    follows: ids.map((j) => Math.sign(end(j)) === Math.sign(v0.get(j)! + a0.get(j)!)),
  };
}

/** P(flip) per neuron under Gaussian init: a_j/v_j is Cauchy with scale 1/√d, and v_j flips when a_j/v_j < −1. */
export const predictedFlipRate = (d: number): number => atan(1 / Math.sqrt(d)) / Math.PI;

export const C3: ClaimDef<T> = {
  id: 'C3',
  title: 'Three phases',
  statement:
    'Training passes through three phases: (i) alignment — each w_j turns toward sign(v_j)·β while the norms stay small (at the initialization scale, on a log axis); (ii) growth — ‖W‖ and ‖v‖ grow by orders of magnitude while the alignment is kept; (iii) local refinement — the aligned neurons converge fast.',
  prediction:
    'With balanced initialization (|v_j| = ‖w_j‖) and small σ: t1 < t_g < t2; ‖W(t1)‖ below the geometric mean of ‖W(0)‖ and ‖W(end)‖ (the aligned mode has outgrown the others by only ~1/√(2·eps_align) ≈ 7 when alignment ends, against a total growth of ~√2/(σ√m)); growth ‖W(end)‖/‖W(t1)‖ of ~√2/(σ√m); alignment kept above 1 − eps_align − c(d − 1)/n after t1 (with finite n the neurons align with the empirical direction, whose misalignment is (d − 1)/n on average); no v_j changes sign (v_j² − ‖w_j‖² = 0 is conserved by the flow). Under Gaussian initialization v_j ends with the sign of v_j(0) + ⟨w_j(0), β̂⟩, so a neuron flips with probability arctan(1/√d)/π.',
  regime: {
    text: 'σ ≤ max_sigma and n = ∞ or n/d ≥ 100 (the sampling floor (d − 1)/n of the alignment is then ≤ 1%, and t1 is read at 1 − eps_align − align_floor·(d − 1)/n with align_floor = 2, ≤ 2% below 1 − eps_align); the phase test uses balanced runs, the sign rule Gaussian ones',
    excludes: (r, t) =>
      r.spec.sigma > t.max_sigma
        ? `σ = ${r.spec.sigma} > max_sigma`
        : r.spec.n !== null && r.spec.n / r.spec.d < 100
          ? `n/d = ${r.spec.n / r.spec.d} < 100`
          : null,
  },
  thresholds: {
    max_sigma: {
      default: 1e-4,
      meaning: 'largest σ in the regime',
      reason:
        'the theorem assumes a moderately small initialization; at σ = 1e-4 the growth from the init scale to ‖β‖ spans ~3 decades, so the three phases are well separated',
      minimum: 0,
    },
    min_fraction: {
      default: 0.8,
      meaning: 'the share of seeds whose balanced runs all show the three phases must be at least this (the whole 95% interval)',
      reason:
        'the theorem holds with high probability over data and initialization; 80% leaves room for rare initializations (e.g. a neuron whose growing mode starts near zero) without accepting a coin flip',
      minimum: 0,
      maximum: 1,
    },
    growth_decades: {
      default: 2,
      meaning: '‖W(end)‖/‖W(t1)‖ must be at least 10^growth_decades',
      reason: '"orders of magnitude": the predicted factor √2/(σ√m·(growth before t1)) is ~50 at σ = 1e-3, m = 20 and ~500 at σ = 1e-4',
      minimum: 0,
    },
    min_rule_match: {
      default: 0.95,
      meaning: 'the share of Gaussian-init neurons whose final sign follows sign(v_j(0) + ⟨w_j(0), β̂⟩) must be at least this (its 95% interval)',
      reason: 'the rule is exact for the linearized dynamics; neurons with |v_j(0) + ⟨w_j(0), β̂⟩| tiny can go either way',
      minimum: 0,
      maximum: 1,
    },
  },
  figure: 'loss',
  check(runs, t, ctx) {
    const criteria: Criterion[] = [];
    const measured: { label: string; value: string }[] = [];
    const notes: string[] = [];
    const groups = groupBy(runs, (r) => r.spec.init);
    const balanced = groups.get('balanced') ?? [];
    const gaussian = groups.get('gaussian') ?? [];
    if (!balanced.length && !gaussian.length) return { criteria, measured, notes, notApplicable: 'no runs in the regime' };
    if (balanced.length) {
      const failures = new Map(balanced.map((r) => [r, phaseFailures(r, t, ctx.analysis)]));
      for (const [r, f] of failures) if (f.length) notes.push(`balanced, n = ${r.spec.n ?? '∞'}, seed ${r.spec.seed}: ${f.join('; ')}`);
      const ok = [...failures.values()].filter((f) => f.length === 0).length;
      const c = seedProportion('share of seeds whose balanced runs all show the three phases as stated', balanced, (r) => failures.get(r)!.length === 0, {
        min: t.min_fraction,
      });
      criteria.push(c);
      measured.push({
        label: 'balanced runs with t1 < t_g < t2, small norm at t1, growth, alignment kept, no flip (seeds with all of theirs)',
        value: `${ok} / ${balanced.length} runs (${c.k} / ${c.n} seeds)`,
      });
      const w = balanced.map((r) => r.metrics.data.norm_W);
      const atT1 = balanced.map(
        (r, i) =>
          w[i][
            Math.max(
              0,
              r.metrics.data.step.findIndex((s) => s >= (r.phases?.t1 ?? Infinity)),
            )
          ] / w[i][0],
      );
      measured.push({ label: '‖W(t1)‖ / ‖W(0)‖ (median; the aligned mode has outgrown the others by 1/√(2 eps_align) ≈ 7)', value: fmt(med(atT1)) });
      for (const [n, g] of groupBy(balanced, (r) => r.spec.n)) {
        const q = (pick: (r: ClaimRun) => number | null) => g.map(pick).filter((x): x is number => x !== null);
        measured.push({
          label: `balanced, n = ${n ?? '∞'}: median t1, t_g, t2 (steps)`,
          value: `${fmt(med(q((r) => r.phases?.t1 ?? null)))}, ${fmt(med(q((r) => r.phases?.t_g ?? null)))}, ${fmt(med(q((r) => r.phases?.t2 ?? null)))}`,
        });
      }
    }
    if (gaussian.length) {
      // Each initial neuron once: the runs of a seed (n = 2000 and n = ∞) share their initialization,
      // so a neuron counts as following the rule (or flipping) only if it does in every run of its seed.
      let neurons = 0,
        flips = 0,
        matches = 0;
      for (const group of bySeed(gaussian)) {
        const per = group.map(signRule);
        const count = Math.min(...per.map((s) => s.neurons));
        neurons += count;
        for (let j = 0; j < count; j++) {
          if (per.every((s) => s.follows[j])) matches++;
          if (per.every((s) => s.flipped[j])) flips++;
        }
      }
      const rule = proportion(
        'share of Gaussian-init neurons (each initial neuron once) whose final sign follows sign(v_j(0) + ⟨w_j(0), β̂⟩)',
        matches,
        neurons,
        {
          min: t.min_rule_match,
        },
      );
      criteria.push(rule);
      const d = gaussian[0].spec.d;
      const pred = predictedFlipRate(d);
      const rate = proportion(`share of Gaussian-init neurons that flip (predicted arctan(1/√d)/π = ${fmt(pred)} at d = ${d})`, flips, neurons, {});
      const [lo, hi] = [rate.estimate.ci_low ?? NaN, rate.estimate.ci_high ?? NaN];
      measured.push({ label: 'Gaussian init: neurons whose sign follows the rule', value: `${matches} / ${neurons}` });
      measured.push({
        label: `Gaussian init: neurons that flip (predicted ${fmt(100 * pred)}%)`,
        value: `${flips} / ${neurons} (${fmt(100 * (neurons ? flips / neurons : NaN))}%, 95% interval ${fmt(100 * lo)}–${fmt(100 * hi)}%)`,
      });
    }
    return { criteria, measured, notes };
  },
  controls: [
    {
      id: 'C3-large-init',
      description: 'balanced runs at σ = 1e-2 and σ = 0.3, lr = 0.5 (experiment three-phases-control)',
      why: 'the output is no longer small when alignment would end (mσ²/(2 eps_align) ≳ 0.01), so growth starts before the directions have turned: t1 < t_g fails',
      source: { experiment: 'three-phases-control' },
    },
  ],
  revisions: [
    {
      date: '2026-11-30',
      before:
        'Gaussian and balanced σ = 1e-3 runs at n/d = 100 (paper d = 20); per run: t1 < t2 < end, ‖W(t1)‖ ≤ 0.1 ‖W(end)‖, growth ≥ 10×, alignment ≥ 1 − eps_align after t1 (no sampling floor), no sign flip before t1; PASS in 100% of runs',
      verdict_before:
        'FAIL (paper profile): balanced 0 / 5, Gaussian 0 / 5 — alignment plateaued at 0.989 below the 0.99 level (the sampling floor), and Gaussian neurons flipped sign',
      after:
        'balanced σ = 1e-4 runs at n = 2000 (n/d = 100 in the paper profile) and n = ∞: t1 < t_g < t2 with t1 read at 1 − eps_align − align_floor·(d − 1)/n (align_floor = 2, an analysis setting chosen after the old check failed at 0.989: the theory gives the mean floor (d − 1)/n, not its spread over seeds, so the factor 2 is a judgement, not a derivation), ‖W(t1)‖ below the geometric mean of start and end, growth ≥ 100×, alignment kept above the floored level, no flip; the share of seeds with all of this ≥ 0.8 (Wilson); Gaussian runs checked against the sign rule instead',
      why: 'the old thresholds sat on the finite-n sampling floor and demanded of Gaussian initialization what the theory only says of balanced initialization',
    },
    {
      date: '2026-11-30',
      before:
        'the share of balanced runs with the three phases (Wilson interval over runs), 12 paper seeds; the sign rule counted each neuron once per run (so twice: its n = 2000 and its n = ∞ run)',
      verdict_before: 'PASS (paper profile): 48 / 48 runs, 1 [0.862, 1]; sign rule PASS',
      after:
        'the share of seeds whose balanced runs all show the phases (Wilson over seeds), 20 paper seeds (16 quick); each initial neuron counted once for the sign rule',
      why: "a reviewer pointed out that a seed's runs share their initialization, so the runs are not independent draws and the old interval overstated the evidence; 16 seeds are the fewest whose interval can clear 0.8 (16 / 16 gives a lower bound of 0.806); the paper profile runs 20",
    },
  ],
};
