// Test inputs, the mpmath reference and the ulp measure for pipeline/sim/detmath.ts, shared by its
// test, its benchmark and scripts/detmath-vs-engine.ts (which runs the engine comparison under any
// Node binary). Everything here is deterministic: the same seed gives the same inputs everywhere.
// engine-math: allow-file (FUNCS names the engine's Math.* on purpose: it is what detmath is compared with)
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as D from '../sim/detmath.ts';

export const PY_HELPER = fileURLToPath(new URL('./mpmath_detmath.py', import.meta.url));

export type Fn1 = (x: number) => number;
export type Fn2 = (x: number, y: number) => number;
export interface FnSpec {
  name: string;
  arity: 1 | 2;
  det: Fn1 | Fn2;
  /** The engine's own function (what the simulator used before detmath). */
  engine: Fn1 | Fn2;
}

// Math.pow and ** are the same operation in V8; exp10 is 10 ** x.
export const FUNCS: FnSpec[] = [
  { name: 'exp', arity: 1, det: D.exp, engine: Math.exp },
  { name: 'expm1', arity: 1, det: D.expm1, engine: Math.expm1 },
  { name: 'log', arity: 1, det: D.log, engine: Math.log },
  { name: 'log1p', arity: 1, det: D.log1p, engine: Math.log1p },
  { name: 'log2', arity: 1, det: D.log2, engine: Math.log2 },
  { name: 'log10', arity: 1, det: D.log10, engine: Math.log10 },
  { name: 'sin', arity: 1, det: D.sin, engine: Math.sin },
  { name: 'cos', arity: 1, det: D.cos, engine: Math.cos },
  { name: 'atan', arity: 1, det: D.atan, engine: Math.atan },
  { name: 'atan2', arity: 2, det: D.atan2, engine: Math.atan2 },
  { name: 'hypot', arity: 2, det: D.hypot, engine: Math.hypot },
  { name: 'tanh', arity: 1, det: D.tanh, engine: Math.tanh },
  { name: 'pow', arity: 2, det: D.pow, engine: Math.pow },
  { name: 'exp10', arity: 1, det: D.exp10, engine: (x: number) => Math.pow(10, x) },
];

// ---------------------------------------------------------------------------------------------
// Deterministic random numbers: xoshiro128** on 32-bit integers (only has to be reproducible and
// well spread, not cryptographic; independent of the simulator's Philox streams).
// ---------------------------------------------------------------------------------------------

export class Sampler {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private readonly f = new Float64Array(1);
  private readonly w = new Uint32Array(this.f.buffer);
  constructor(seed: number) {
    // xoshiro128** seeded through a small LCG
    let x = seed >>> 0 || 1;
    const next = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }
  u32(): number {
    const r = Math.imul(this.rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = this.rotl(this.s3, 11);
    return r;
  }
  private rotl(x: number, k: number): number {
    return (x << k) | (x >>> (32 - k));
  }
  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992;
  }
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }
  sign(): number {
    return this.u32() & 1 ? -1 : 1;
  }
  /** |value| log-uniform in [2^e0, 2^e1): random exponent and random 52-bit mantissa (exact). */
  logUniform(e0: number, e1: number): number {
    const e = e0 + Math.floor((e1 - e0) * this.uniform());
    this.w[1] = (this.u32() & 0x000fffff) | 0x3ff00000;
    this.w[0] = this.u32();
    return scale2(this.f[0], e); // mantissa in [1, 2) times 2^e, rounded once if subnormal
  }
  /** A random finite double with the given sign (+1/-1), uniform over bit patterns. */
  anyFinite(sign: number): number {
    for (;;) {
      this.w[1] = this.u32() & 0x7fffffff;
      this.w[0] = this.u32();
      if ((this.w[1] & 0x7ff00000) !== 0x7ff00000) return sign * this.f[0];
    }
  }
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}

/** 2^e exactly, for integer e in [-1074, 1023] (built from its bits: no engine pow). */
export function pow2(e: number): number {
  if (e >= -1022) {
    P2W[1] = (e + 1023) << 20;
    P2W[0] = 0;
  } else if (e >= -1042) {
    P2W[1] = 1 << (e + 1042);
    P2W[0] = 0;
  } else {
    P2W[1] = 0;
    P2W[0] = 1 << (e + 1074);
  }
  return P2F[0];
}
const P2F = new Float64Array(1);
const P2W = new Int32Array(P2F.buffer);

/** x * 2^e for x in [1, 2), rounded once when the result is subnormal. */
function scale2(x: number, e: number): number {
  if (e >= -1022) return x * pow2(e);
  return x * pow2(e + 100) * pow2(-100);
}

const F = new Float64Array(1);
const B = new BigInt64Array(F.buffer);
/** The next double above x (x finite). */
export function nextUp(x: number): number {
  if (x === 0) return 5e-324;
  F[0] = x;
  B[0] += x > 0 ? 1n : -1n;
  return F[0];
}
export function nextDown(x: number): number {
  return -nextUp(-x);
}
/** Position of x in the ordered set of doubles (+0 and -0 both 0). */
export function ordinal(x: number): bigint {
  F[0] = x;
  const b = B[0];
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}
/** Number of doubles between a and b (0 when equal or both NaN, Infinity when only one is NaN). */
export function ulpDistance(a: number, b: number): number {
  if (a !== a || b !== b) return a !== a && b !== b ? 0 : Infinity;
  if (a === b) return 0;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}
export function sameBits(a: number, b: number): boolean {
  return Object.is(a, b) || (a !== a && b !== b);
}

// ---------------------------------------------------------------------------------------------
// Input sets
// ---------------------------------------------------------------------------------------------

const PIO2 = Math.PI / 2;

/**
 * n random (finite, in-domain) inputs for fn, spread over the ranges that matter: wide log-uniform
 * magnitudes of both signs and the ranges the simulator and figures use. Two-argument functions
 * return interleaved pairs.
 */
export function randomInputs(fn: string, n: number, seed = 1): Float64Array {
  const r = new Sampler(seed * 7919 + fn.length * 104729 + fn.charCodeAt(0));
  const arity = fn === 'atan2' || fn === 'hypot' || fn === 'pow' ? 2 : 1;
  const out = new Float64Array(n * arity);
  for (let i = 0; i < n; i++) {
    const k = r.int(8);
    switch (fn) {
      case 'exp':
        out[i] = k < 4 ? r.range(-745.2, 709.8) : k < 6 ? r.sign() * r.logUniform(-60, 9) : r.range(-40, 40);
        break;
      case 'expm1':
        out[i] = k < 3 ? r.range(-40, 709.78) : k < 6 ? r.sign() * r.logUniform(-60, 3) : r.sign() * r.logUniform(-20, 9) * (r.sign() > 0 ? 1 : 0.1);
        if (out[i] > 709.78) out[i] = 709.78;
        break;
      case 'log':
      case 'log2':
      case 'log10':
        out[i] = k < 5 ? r.anyFinite(1) || 1 : k < 7 ? r.logUniform(-30, 30) : 1 + r.sign() * r.logUniform(-52, -3);
        break;
      case 'log1p':
        out[i] = k < 3 ? r.anyFinite(1) : k < 6 ? r.sign() * r.logUniform(-60, -1) : k < 7 ? -1 + r.logUniform(-50, -1) : r.logUniform(-1, 20);
        break;
      case 'sin':
      case 'cos':
        if (k < 3) out[i] = r.range(-10, 10);
        else if (k < 6)
          out[i] = r.sign() * r.logUniform(-30, 73); // up to ~1e22
        else if (k < 7)
          out[i] = (r.int(2000) - 1000) * PIO2 * (1 + r.sign() * r.int(4) * Number.EPSILON); // near n*pi/2
        else out[i] = r.int(64) === 0 ? r.anyFinite(r.sign()) : r.sign() * r.logUniform(19, 40); // medium and huge
        break;
      case 'atan':
        out[i] = k < 4 ? r.sign() * r.logUniform(-60, 70) : k < 5 ? r.anyFinite(r.sign()) : r.range(-4, 4);
        break;
      case 'tanh':
        out[i] = k < 6 ? r.sign() * r.logUniform(-60, 5) : r.range(-3, 3);
        break;
      case 'exp10':
        out[i] = k < 6 ? r.range(-20, 20) : r.range(-323, 308);
        break;
      case 'atan2': {
        const y = r.sign() * (k < 6 ? r.logUniform(-60, 60) : r.logUniform(-1074, 1024));
        const x = r.sign() * (k < 6 ? r.logUniform(-60, 60) : r.logUniform(-1074, 1024));
        out[2 * i] = y;
        out[2 * i + 1] = x;
        break;
      }
      case 'hypot': {
        const e = r.int(2000) - 1000;
        out[2 * i] = r.sign() * (k < 6 ? r.logUniform(e - 30, e + 30) : r.logUniform(-1074, 1024));
        out[2 * i + 1] = r.sign() * (k < 6 ? r.logUniform(e - 30, e + 30) : r.logUniform(-1074, 1024));
        break;
      }
      case 'pow': {
        let x: number, y: number;
        if (k < 4) {
          // the range used in practice
          x = r.range(0, 1000) || 1;
          y = r.range(-50, 50);
        } else if (k < 5) {
          x = 10;
          y = r.range(-20, 20);
        } else if (k < 6) {
          // wide: any positive x, y chosen so the result stays near the double range
          x = r.logUniform(-1074, 1024);
          const l2 = D.log2(x);
          y = Math.abs(l2) < 1e-300 ? r.range(-1, 1) : r.range(-1100, 1100) / l2;
        } else if (k < 7) {
          // negative x with an integer y
          x = -r.logUniform(-20, 20);
          y = r.int(121) - 60;
        } else {
          // x near 1 with large |y| (the |y| > 2^31 branch and the extended-precision log)
          x = 1 + r.sign() * r.logUniform(-52, -20);
          y = r.sign() * r.logUniform(10, 45);
        }
        out[2 * i] = x;
        out[2 * i + 1] = y;
        break;
      }
      default:
        throw new Error(`randomInputs: unknown function ${fn}`);
    }
  }
  return out;
}

/** Finite edge inputs (thresholds, subnormals, neighbourhoods of 1 and of n*pi/2); checked against mpmath too. */
// A table of inputs, one family a line: not reflowed by prettier.
// prettier-ignore
export function edgeInputs(fn: string): Float64Array {
  const v: number[] = [];
  const around = (x: number, k = 3) => {
    let a = x, b = x;
    v.push(x);
    for (let i = 0; i < k; i++) {
      a = nextUp(a);
      b = nextDown(b);
      v.push(a, b);
    }
  };
  const tiny = [5e-324, 1e-323, 2.2250738585072014e-308, 2.225073858507201e-308, 1e-310, pow2(-1000), pow2(-60), pow2(-54), pow2(-28), pow2(-27)];
  switch (fn) {
    case 'exp':
      for (const x of [709.782712893384, 709.7827128933840, -745.1332191019411, -745.1332191019412, -708.3964185322641, -708.4, 0.34657359027997264, 1.0397207708399179, 1, -1, 0.5, pow2(-28), -(pow2(-28)), 5e-324, -5e-324, 1e-300]) around(x);
      break;
    case 'expm1':
      for (const x of [709.782712893384, 38.816242111356935, -38.816242111356935, 0.34657359027997264, -0.34657359027997264, 1.0397207708399179, -1.0397207708399179, pow2(-54), -(pow2(-54)), 1e-300, -1e-300, 5e-324, -5e-324, 56 * Math.LN2, -56 * Math.LN2, 20 * Math.LN2, 0.5, -0.25]) around(x);
      break;
    case 'log':
    case 'log2':
    case 'log10':
      for (const x of [...tiny, 1, 2, 0.5, Math.SQRT2, Math.SQRT1_2, 10, 1e22, 1e-22, 1.7976931348623157e308, 1 + pow2(-20), 1 - pow2(-21)]) around(x);
      for (let p = -20; p <= 22; p++) v.push(Number(`1e${p}`));
      for (let p = -1074; p <= 1023; p += 37) v.push(pow2(p));
      break;
    case 'log1p':
      for (const x of [...tiny, -0.2928932188134524, 0.41421356237309503, -1 + pow2(-53), -0.5, 1, pow2(-29), -(pow2(-29)), pow2(53), 1.7976931348623157e308, 1e-300, -1e-300]) around(x);
      for (const x of tiny) around(-x);
      break;
    case 'sin':
    case 'cos':
      for (const x of [Math.PI / 4, (3 * Math.PI) / 4, pow2(-27), pow2(19) * PIO2, pow2(20), 1e22, 1e100, 1e300, 1.7976931348623157e308, 5e-324, pow2(-1022)]) {
        around(x);
        around(-x);
      }
      for (let n = 1; n <= 64; n++) around(n * PIO2, 2);
      for (const n of [1e3, 1e5, 333333, 823549, 823550, 1e6, 6381956970095103, pow2(60), pow2(90)]) around(n * PIO2, 2);
      // doubles closest to multiples of pi/2 known to need the extra reduction precision
      around(5.319372648326541e255, 1); // 6381956970095103 * 2^797
      break;
    case 'atan':
      for (const x of [0.4375, 0.6875, 1.1875, 2.4375, pow2(66), pow2(-27), 1, 1e300, 5e-324]) {
        around(x);
        around(-x);
      }
      break;
    case 'tanh':
      for (const x of [22, 1, pow2(-28), 0.5, 5e-324, 19.06154746539849, 1e-300]) {
        around(x);
        around(-x);
      }
      break;
    case 'exp10':
      for (let p = -22; p <= 22; p++) v.push(p);
      for (const x of [308.25471555991675, 308.2547155599167, -323.3062153431158, -307.6526555685888, 0.5, -0.5]) around(x);
      break;
    case 'atan2':
      for (const [y, x] of [[1, 1], [1, -1], [-1, -1], [-1, 1], [1e300, 1e-300], [1e-300, 1e300], [1e-300, -1e300], [-1e-300, -1e300], [5e-324, 1], [1, 5e-324], [3, pow2(60) * 3], [pow2(61), 1], [1, -(pow2(61))], [0.5, pow2(-1022)]])
        v.push(y, x);
      break;
    case 'hypot':
      for (const [x, y] of [[3, 4], [5e-324, 5e-324], [1e308, 1e308], [1.7976931348623157e308, 1], [1e-310, 1e-310], [pow2(500), pow2(500)], [pow2(-500), pow2(-500)], [1, pow2(-60)], [1, pow2(-61)], [pow2(600), pow2(540)], [2.2250738585072014e-308, 2.2250738585072014e-308], [1e200, 1e-200]])
        v.push(x, y);
      break;
    case 'pow':
      for (const [x, y] of [
        [2, 0.5], [2, 1023], [2, -1074], [2, -1075], [2, 1024], [10, 308], [10, -323], [0.5, 1074], [3, 0.5], [7, 1 / 3], [1e300, 1.02], [1 + pow2(-52), pow2(52)],
        [1 - pow2(-53), pow2(53)], [1 + pow2(-30), pow2(40)], [-8, 3], [-2, -1074], [-2, 1023], [-0.5, 1075], [5e-324, 0.5], [5e-324, 1 / 1074], [2.2250738585072014e-308, -1],
        [1.7976931348623157e308, -1], [0.999, 1e6], [1.001, 7e5], [10, -5], [10, -23], [10, 22], [9, 0.5], [27, 1 / 3], [1.5, 2], [Math.SQRT2, 2]])
        v.push(x, y);
      break;
    default:
      throw new Error(`edgeInputs: unknown function ${fn}`);
  }
  // keep finite points inside the domain (the special values are checked exactly, see SPECIALS)
  const arity = fn === 'atan2' || fn === 'hypot' || fn === 'pow' ? 2 : 1;
  const keep: number[] = [];
  for (let i = 0; i < v.length; i += arity) {
    const p = v.slice(i, i + arity);
    if (!p.every(Number.isFinite)) continue;
    if ((fn === 'log' || fn === 'log2' || fn === 'log10') && !(p[0] > 0)) continue;
    if (fn === 'log1p' && !(p[0] > -1)) continue;
    if (fn === 'pow' && (p[0] === 0 || (p[0] < 0 && p[1] !== Math.floor(p[1])))) continue;
    keep.push(...p);
  }
  return new Float64Array(keep);
}

// ---------------------------------------------------------------------------------------------
// Special values: exact ECMAScript results (checked bit-for-bit, with the sign of zero)
// ---------------------------------------------------------------------------------------------

const I = Infinity;
/** [args..., expected] rows; expected NaN matches any NaN. */
// One row a case, grouped by rule: not reflowed by prettier.
// prettier-ignore
export const SPECIALS: Record<string, number[][]> = {
  exp: [[NaN, NaN], [I, I], [-I, 0], [0, 1], [-0, 1], [710, I], [-746, 0], [1, Math.E]],
  expm1: [[NaN, NaN], [I, I], [-I, -1], [0, 0], [-0, -0], [710, I], [-800, -1], [5e-324, 5e-324], [-5e-324, -5e-324]],
  log: [[NaN, NaN], [I, I], [-I, NaN], [0, -I], [-0, -I], [-1, NaN], [1, 0], [-5e-324, NaN]],
  log1p: [[NaN, NaN], [I, I], [-I, NaN], [0, 0], [-0, -0], [-1, -I], [-2, NaN], [5e-324, 5e-324], [-5e-324, -5e-324]],
  log2: [[NaN, NaN], [I, I], [-I, NaN], [0, -I], [-0, -I], [-1, NaN], [1, 0], [2, 1], [8, 3], [5e-324, -1074], [pow2(1023), 1023]],
  log10: [[NaN, NaN], [I, I], [-I, NaN], [0, -I], [-0, -I], [-1, NaN], [1, 0], [10, 1], [1e22, 22], [1e-5, -5]],
  sin: [[NaN, NaN], [I, NaN], [-I, NaN], [0, 0], [-0, -0], [5e-324, 5e-324], [-5e-324, -5e-324]],
  cos: [[NaN, NaN], [I, NaN], [-I, NaN], [0, 1], [-0, 1], [5e-324, 1]],
  atan: [[NaN, NaN], [I, Math.PI / 2], [-I, -Math.PI / 2], [0, 0], [-0, -0], [1, Math.PI / 4], [-1, -Math.PI / 4]],
  tanh: [[NaN, NaN], [I, 1], [-I, -1], [0, 0], [-0, -0], [30, 1], [-30, -1]],
  atan2: [
    [NaN, 1, NaN], [1, NaN, NaN], [NaN, NaN, NaN],
    [0, 1, 0], [-0, 1, -0], [0, 0, 0], [-0, 0, -0], [0, -0, Math.PI], [-0, -0, -Math.PI], [0, -1, Math.PI], [-0, -1, -Math.PI],
    [1, 0, Math.PI / 2], [1, -0, Math.PI / 2], [-1, 0, -Math.PI / 2], [-1, -0, -Math.PI / 2],
    [1, I, 0], [-1, I, -0], [1, -I, Math.PI], [-1, -I, -Math.PI],
    [I, 1, Math.PI / 2], [-I, 1, -Math.PI / 2], [I, -1, Math.PI / 2], [-I, -1, -Math.PI / 2],
    [I, I, Math.PI / 4], [-I, I, -Math.PI / 4], [I, -I, (3 * Math.PI) / 4], [-I, -I, (-3 * Math.PI) / 4],
    [1, 1, Math.PI / 4],
  ],
  hypot: [[I, NaN, I], [NaN, I, I], [-I, NaN, I], [NaN, -I, I], [NaN, 1, NaN], [1, NaN, NaN], [I, 1, I], [1, -I, I], [0, 0, 0], [-0, -0, 0], [-0, 0, 0], [-3, 0, 3], [0, -4, 4], [3, 4, 5], [-5e-324, 0, 5e-324], [1e308, 1e308, 1.4142135623730951e308]],
  pow: [
    // (anything) ** ±0 = 1, even NaN
    [NaN, 0, 1], [NaN, -0, 1], [I, 0, 1], [-I, -0, 1], [0, 0, 1], [-0, -0, 1], [-3, 0, 1], [1, 0, 1],
    // NaN exponent, NaN base
    [1, NaN, NaN], [0, NaN, NaN], [NaN, 1, NaN], [NaN, -I, NaN],
    // ±1 ** ±Infinity is NaN in ECMAScript (1 in C99)
    [1, I, NaN], [1, -I, NaN], [-1, I, NaN], [-1, -I, NaN],
    // 1 ** finite = 1; -1 ** integers
    [1, 12345.678, 1], [1, -1e308, 1], [-1, 3, -1], [-1, 4, 1], [-1, 0.5, NaN], [-1, pow2(53), 1], [-1, 1e308, 1],
    // |x| > 1 / < 1 with ±Infinity
    [2, I, I], [2, -I, 0], [-2, I, I], [-2, -I, 0], [0.5, I, 0], [0.5, -I, I], [-0.5, I, 0], [-0.5, -I, I],
    // +0 and -0 bases
    [0, 3, 0], [0, 2, 0], [0, 0.5, 0], [0, I, 0], [0, -3, I], [0, -0.5, I], [0, -I, I],
    [-0, 3, -0], [-0, 2, 0], [-0, 0.5, 0], [-0, I, 0], [-0, -3, -I], [-0, -2, I], [-0, -0.5, I], [-0, -I, I],
    // infinite bases
    [I, 3, I], [I, 0.5, I], [I, -3, 0], [I, -0.5, 0], [-I, 3, -I], [-I, 2, I], [-I, 0.5, I], [-I, -3, -0], [-I, -2, 0], [-I, -0.5, 0],
    // negative finite base, non-integer finite exponent
    [-8, 1 / 3, NaN], [-2, 0.5, NaN], [-2, -1.5, NaN], [-1e-300, 2.5, NaN],
    // negative base, integer exponent
    [-2, 3, -8], [-2, 2, 4], [-2, -1, -0.5], [-3, 5, -243], [-2, 1024, I], [-2, 1025, -I], [-2, -1075, -0], [-2, -1076, 0], [-0.5, pow2(53) + 2, 0],
    // y = 1, y = -1, y = 2, y = 0.5
    [7.25, 1, 7.25], [-7.25, 1, -7.25], [4, -1, 0.25], [3, 2, 9], [-3, 2, 9], [9, 0.5, 3], [2, 0.5, Math.SQRT2],
    // overflow and underflow
    [10, 309, I], [10, -324, 0], [2, 1024, I], [2, -1075, 0], [1.0000001, pow2(64) + 1e5, I], [0.9999999, pow2(64) + 1e5, 0], [1.5, 1e10, I], [1.5, -1e10, 0],
    // exact powers
    [2, 10, 1024], [10, 22, 1e22], [3, 3, 27], [2, -1074, 5e-324], [0.5, 3, 0.125],
  ],
  exp10: [[NaN, NaN], [I, I], [-I, 0], [0, 1], [-0, 1], [1, 10], [2, 100], [22, 1e22], [-1, 0.1], [309, I], [-324, 0]],
};

// ---------------------------------------------------------------------------------------------
// The reference and the checks
// ---------------------------------------------------------------------------------------------

export interface RefJob {
  fn: string;
  arity: number;
  args: Float64Array;
}

function encodeJobs(jobs: RefJob[]): Buffer {
  const header = Buffer.from(JSON.stringify({ jobs: jobs.map((j) => ({ fn: j.fn, n: j.args.length / j.arity, arity: j.arity })) }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  return Buffer.concat([len, header, ...jobs.map((j) => Buffer.from(j.args.buffer, j.args.byteOffset, j.args.byteLength))]);
}

function decode(jobs: RefJob[], out: Buffer): Float64Array[] {
  const total = jobs.reduce((s, j) => s + j.args.length / j.arity, 0);
  if (out.length !== 8 * total) throw new Error(`mpmath_detmath.py returned ${out.length} bytes, expected ${8 * total}`);
  const all = new Float64Array(total);
  new Uint8Array(all.buffer).set(out);
  const res: Float64Array[] = [];
  let o = 0;
  for (const j of jobs) {
    const n = j.args.length / j.arity;
    res.push(all.subarray(o, o + n));
    o += n;
  }
  return res;
}

/** Throws a clear error when python3 with mpmath and numpy cannot run (the accuracy tests need them). */
export function requirePython(): void {
  const r = spawnSync('python3', ['-c', 'import mpmath, numpy; print(mpmath.__version__)'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || '').trim().split('\n').pop();
    throw new Error(
      `detmath accuracy tests need python3 with mpmath and numpy (CI installs python3-mpmath and python3-numpy; locally: apt-get install python3-mpmath python3-numpy): ${why}`,
    );
  }
}

/** Correctly rounded values from mpmath, computed by `procs` python processes in parallel. */
export async function reference(jobs: RefJob[], procs = 2): Promise<Float64Array[]> {
  // split the jobs into groups of about equal work
  const groups: RefJob[][] = Array.from({ length: procs }, () => []);
  const load = new Array(procs).fill(0);
  const order = jobs.map((j, i) => ({ j, i, w: j.args.length / j.arity })).sort((a, b) => b.w - a.w);
  const where = new Array<[number, number]>(jobs.length);
  for (const { j, i, w } of order) {
    const g = load.indexOf(Math.min(...load));
    where[i] = [g, groups[g].length];
    groups[g].push(j);
    load[g] += w;
  }
  const outs = await Promise.all(
    groups.map(
      (g) =>
        new Promise<Float64Array[]>((resolve, reject) => {
          if (g.length === 0) return resolve([]);
          const p = spawn('python3', [PY_HELPER], { stdio: ['pipe', 'pipe', 'pipe'] });
          const chunks: Buffer[] = [];
          let err = '';
          p.stdout.on('data', (c: Buffer) => chunks.push(c));
          p.stderr.on('data', (c: Buffer) => (err += c));
          p.on('error', reject);
          p.on('close', (code) => {
            if (code !== 0) return reject(new Error(`mpmath_detmath.py failed (${code}): ${err.trim()}`));
            try {
              resolve(decode(g, Buffer.concat(chunks)));
            } catch (e) {
              reject(e);
            }
          });
          p.stdin.end(encodeJobs(g));
        }),
    ),
  );
  return where.map(([g, k]) => outs[g][k]);
}

/** Where cachedReference keeps its values (npm ci empties node_modules, and so this cache). */
export const REFERENCE_CACHE = fileURLToPath(new URL('../../node_modules/.cache/repro-mpmath/', import.meta.url));

/**
 * reference(), kept in `dir` under the sha256 of the python helper and the encoded jobs: the values
 * are a pure function of both, so only the first run pays for mpmath (~3 s on two cores) and later
 * ones, under any Node, read ~3 MB. A new set of jobs replaces the old file.
 */
export async function cachedReference(jobs: RefJob[], dir = REFERENCE_CACHE): Promise<Float64Array[]> {
  const hash = createHash('sha256').update(readFileSync(PY_HELPER)).update(encodeJobs(jobs)).digest('hex');
  const name = `${hash.slice(0, 32)}.f64`;
  try {
    return decode(jobs, readFileSync(join(dir, name)));
  } catch {
    // absent (or cut short): compute it
  }
  requirePython();
  const out = await reference(jobs);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `${name}.${process.pid}.tmp`);
  writeFileSync(tmp, Buffer.concat(out.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
  renameSync(tmp, join(dir, name));
  for (const old of readdirSync(dir)) if (old !== name && old.endsWith('.f64')) rmSync(join(dir, old), { force: true });
  return out;
}

export interface AccuracyReport {
  fn: string;
  n: number;
  maxUlp: number;
  /** Points whose result is not the correctly rounded double. */
  notCorrectlyRounded: number;
  /** The worst points, for the failure message. */
  worst: { args: number[]; got: number; want: number; ulp: number }[];
}

/** Compares impl on args with the reference values: ulp distances, worst cases. */
export function accuracy(fn: string, impl: Fn1 | Fn2, arity: number, args: Float64Array, ref: Float64Array): AccuracyReport {
  const n = args.length / arity;
  let maxUlp = 0;
  let notCR = 0;
  const worst: AccuracyReport['worst'] = [];
  for (let i = 0; i < n; i++) {
    const got = arity === 1 ? (impl as Fn1)(args[i]) : (impl as Fn2)(args[2 * i], args[2 * i + 1]);
    const want = ref[i];
    const u = ulpDistance(got, want);
    if (u > 0) notCR++;
    if (u > maxUlp) maxUlp = u;
    if (u > 1 && worst.length < 5) worst.push({ args: arity === 1 ? [args[i]] : [args[2 * i], args[2 * i + 1]], got, want, ulp: u });
  }
  return { fn, n, maxUlp, notCorrectlyRounded: notCR, worst };
}

/** Rows of SPECIALS whose result is not bit-identical (NaN matches NaN). */
export function specialFailures(fn: string, impl: Fn1 | Fn2, arity: number): string[] {
  const bad: string[] = [];
  for (const row of SPECIALS[fn] ?? []) {
    const args = row.slice(0, arity);
    const want = row[arity];
    const got = arity === 1 ? (impl as Fn1)(args[0]) : (impl as Fn2)(args[0], args[1]);
    if (!sameBits(got, want)) bad.push(`${fn}(${args.map(fmt).join(', ')}) = ${fmt(got)}, expected ${fmt(want)}`);
  }
  return bad;
}

export function fmt(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

export interface EngineAgreement {
  fn: string;
  n: number;
  differ: number;
  example?: string;
}

/** How many of n random inputs give different bits from the running engine's Math.* (diagnostic). */
export function engineAgreement(spec: FnSpec, n: number, seed = 2): EngineAgreement {
  const args = randomInputs(spec.name, n, seed);
  let differ = 0;
  let example: string | undefined;
  if (spec.arity === 1) {
    const det = spec.det as Fn1;
    const eng = spec.engine as Fn1;
    for (let i = 0; i < n; i++) {
      const a = det(args[i]);
      const b = eng(args[i]);
      if (!sameBits(a, b)) {
        differ++;
        example ??= `${spec.name}(${fmt(args[i])}): detmath ${fmt(a)}, engine ${fmt(b)}`;
      }
    }
  } else {
    const det = spec.det as Fn2;
    const eng = spec.engine as Fn2;
    for (let i = 0; i < n; i++) {
      const a = det(args[2 * i], args[2 * i + 1]);
      const b = eng(args[2 * i], args[2 * i + 1]);
      if (!sameBits(a, b)) {
        differ++;
        example ??= `${spec.name}(${fmt(args[2 * i])}, ${fmt(args[2 * i + 1])}): detmath ${fmt(a)}, engine ${fmt(b)}`;
      }
    }
  }
  return { fn: spec.name, n, differ, example };
}
