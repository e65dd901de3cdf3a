// detmath: accuracy against mpmath (correctly rounded), exact special cases, pinned output bits, and
// (diagnostic) bit agreement with the running engine's Math.*. Needs python3 with mpmath and numpy
// the first time (the reference values are then cached, see cachedReference).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as D from './detmath.ts';
import {
  FUNCS,
  SPECIALS,
  accuracy,
  cachedReference,
  edgeInputs,
  engineAgreement,
  fmt,
  nextUp,
  randomInputs,
  specialFailures,
  type Fn1,
  type Fn2,
  type FnSpec,
} from '../testing/detmath-samples.ts';

const N_RANDOM = 25_000; // random points per function checked against mpmath
// Random points per function compared bit for bit with Math.* (a diagnostic; scripts/detmath-vs-engine.ts
// measures 1e6 points under any Node).
const N_ENGINE = 100_000;

interface Sample {
  spec: FnSpec;
  random: Float64Array;
  edge: Float64Array;
}
interface Refs {
  random: Float64Array;
  edge: Float64Array;
}
const samples = new Map<string, Sample>(FUNCS.map((spec) => [spec.name, { spec, random: randomInputs(spec.name, N_RANDOM), edge: edgeInputs(spec.name) }]));

// The mpmath values, computed once by two python processes and cached; a missing python3/mpmath/numpy
// then fails the tests that need them (CI installs them), the others still run.
let refsPromise: Promise<Map<string, Refs>> | undefined;
function references(): Promise<Map<string, Refs>> {
  refsPromise ??= (async () => {
    const jobs = FUNCS.flatMap((spec) => {
      const s = samples.get(spec.name)!;
      return [
        { fn: spec.name, arity: spec.arity, args: s.random },
        { fn: spec.name, arity: spec.arity, args: s.edge },
      ];
    });
    const out = await cachedReference(jobs);
    return new Map(FUNCS.map((spec, k) => [spec.name, { random: out[2 * k], edge: out[2 * k + 1] }]));
  })();
  return refsPromise;
}

function apply(impl: Fn1 | Fn2, arity: number, args: Float64Array): Float64Array {
  const n = args.length / arity;
  const out = new Float64Array(n);
  if (arity === 1) for (let i = 0; i < n; i++) out[i] = (impl as Fn1)(args[i]);
  else for (let i = 0; i < n; i++) out[i] = (impl as Fn2)(args[2 * i], args[2 * i + 1]);
  return out;
}

/** sha256 of the output bits on the random, edge and special inputs (NaN canonicalized). */
function digest(s: Sample, impl: Fn1 | Fn2): string {
  const h = createHash('sha256');
  const specials = new Float64Array((SPECIALS[s.spec.name] ?? []).flatMap((row) => row.slice(0, s.spec.arity)));
  for (const args of [s.random, s.edge, specials]) {
    const out = apply(impl, s.spec.arity, args);
    for (let i = 0; i < out.length; i++) if (out[i] !== out[i]) out[i] = NaN;
    h.update(new Uint8Array(out.buffer));
  }
  return h.digest('hex').slice(0, 16);
}

function accuracyFailure(fn: string, impl: Fn1 | Fn2, s: Sample, ref: Refs): string | null {
  const parts = [accuracy(fn, impl, s.spec.arity, s.random, ref.random), accuracy(fn, impl, s.spec.arity, s.edge, ref.edge)];
  const bad = parts.filter((r) => r.maxUlp > 1);
  if (bad.length === 0) return null;
  return bad
    .map(
      (r) =>
        `${fn}: max error ${r.maxUlp} ulp on ${r.n} points; e.g. ${r.worst.map((w) => `${fn}(${w.args.map(fmt).join(', ')}) = ${fmt(w.got)}, correctly rounded ${fmt(w.want)} (${w.ulp} ulp)`).join('; ')}`,
    )
    .join('\n');
}

test('every detmath function is within 1 ulp of the correctly rounded value (mpmath, random and edge inputs)', async (t) => {
  const refs = await references();
  const lines: string[] = [];
  for (const spec of FUNCS) {
    const s = samples.get(spec.name)!;
    const ref = refs.get(spec.name)!;
    const failure = accuracyFailure(spec.name, spec.det, s, ref);
    const r = accuracy(spec.name, spec.det, spec.arity, s.random, ref.random);
    const e = accuracy(spec.name, spec.det, spec.arity, s.edge, ref.edge);
    lines.push(
      `${spec.name.padEnd(6)} random n=${r.n} max ${r.maxUlp} ulp, correctly rounded ${(100 * (1 - r.notCorrectlyRounded / r.n)).toFixed(2)}%; edge n=${e.n} max ${e.maxUlp} ulp`,
    );
    assert.equal(failure, null, failure ?? '');
  }
  for (const l of lines) t.diagnostic(l);
});

test('special values follow ECMAScript exactly (NaN, infinities, signed zeros, pow table incl. (±1) ** ±Infinity = NaN)', () => {
  const failures = FUNCS.flatMap((spec) => specialFailures(spec.name, spec.det, spec.arity));
  assert.deepEqual(failures, []);
  // the table itself is ECMAScript: the engine agrees on every row (special values are specified, not approximated)
  const engineDisagrees = FUNCS.flatMap((spec) => specialFailures(spec.name, spec.engine, spec.arity));
  assert.deepEqual(engineDisagrees, []);
  assert.ok(SPECIALS.pow.length >= 80);
});

test('sin/cos: huge arguments use the exact (Payne-Hanek) reduction; known values', () => {
  // sin(1e22) and friends: classic tests of the argument reduction, values from the literature
  assert.equal(D.sin(1e22), -0.8522008497671888);
  assert.equal(D.cos(1e22), 0.523214785395139);
  assert.equal(D.sin(1.7976931348623157e308), 0.004961954789184062);
  assert.equal(D.cos(1.7976931348623157e308), -0.9999876894265599);
  assert.equal(D.sin(Math.PI), 1.2246467991473532e-16);
  assert.equal(D.cos(Math.PI / 2), 6.123233995736766e-17);
  assert.equal(D.sin(-0), -0);
});

// Bits of every output on the fixed inputs above. Any change to detmath.ts that changes one bit of one
// result fails here, on every Node version: results stay the same bytes, not merely "accurate".
const PINNED: Record<string, string> = {
  exp: '6969be80ea086a38',
  expm1: 'a444e871a5f75781',
  log: 'f992db1a5c48a53f',
  log1p: 'a762ced4962a6c5a',
  log2: '715da450e54f2d3b',
  log10: '66b24c94fc560f2c',
  sin: '81a5bb1a8f3a1f93',
  cos: 'a84c6e8be4cd685f',
  atan: '1b8d9dee68a525e6',
  atan2: 'd98cbe918a125b5e',
  hypot: 'd945b056a4804e3d',
  tanh: '90d3d3e7e2127082',
  pow: '3f6dce409f5a098e',
  exp10: '670a13727278a934',
};

test('output bits are pinned (sha256 of all outputs per function)', () => {
  const got = Object.fromEntries(FUNCS.map((spec) => [spec.name, digest(samples.get(spec.name)!, spec.det)]));
  assert.deepEqual(got, PINNED);
});

test('the checks catch planted defects (2 ulp on a subrange, 1 ulp on one input, a C99 special case, a naive reduction)', async () => {
  const refs = await references();
  const exp = samples.get('exp')!;
  // 1. two ulps too large on a subrange: the accuracy check fails
  const twoUlp = (x: number) => (x > 0.5 && x < 2 ? nextUp(nextUp(D.exp(x))) : D.exp(x));
  assert.match(accuracyFailure('exp', twoUlp, exp, refs.get('exp')!) ?? 'not caught', /max error [2-9]\d* ulp/);
  // 2. one ulp off on a single input: within accuracy, but the pinned bits catch it
  const x0 = exp.random[17];
  const oneUlp = (x: number) => (x === x0 ? nextUp(D.exp(x)) : D.exp(x));
  assert.notEqual(digest(exp, oneUlp), PINNED.exp);
  // 3. C99's pow(1, ±Infinity) = 1 instead of ECMAScript's NaN
  const c99pow = (x: number, y: number) => (Math.abs(x) === 1 && Math.abs(y) === Infinity ? 1 : D.pow(x, y));
  assert.ok(specialFailures('pow', c99pow, 2).some((f) => f.startsWith('pow(1, Infinity) = 1')));
  // 4. sin with a one-double-pi reduction: far off for large arguments
  const TWO_PI = 2 * Math.PI;
  const naiveSin = (x: number) => D.sin(x - Math.round(x / TWO_PI) * TWO_PI);
  assert.match(accuracyFailure('sin', naiveSin, samples.get('sin')!, refs.get('sin')!) ?? 'not caught', /sin: max error \d+ ulp/);
});

test(`bit agreement with this engine's Math.* on ${N_ENGINE} random inputs per function (diagnostic)`, (t) => {
  t.diagnostic(`node ${process.version}, V8 ${process.versions.v8}`);
  for (const spec of FUNCS) {
    const a = engineAgreement(spec, N_ENGINE);
    t.diagnostic(`${spec.name.padEnd(6)} ${a.n - a.differ}/${a.n} identical${a.differ ? `, ${a.differ} differ, e.g. ${a.example}` : ''}`);
  }
});
