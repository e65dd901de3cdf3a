/**
 * detmath: deterministic elementary functions for the simulator.
 *
 * WHY. ECMAScript leaves Math.exp/log/sin/cos/pow/... "implementation-approximated", and V8 has
 * changed some of them between releases (Math.pow and `**` differ bit-wise between Node 22 and
 * Node 24). Results of this pipeline must be the same bytes on every supported Node. The
 * functions below use only operations whose results IEEE-754 / ECMAScript pin down exactly:
 * + - * / on doubles, Math.sqrt, Math.abs, Math.floor, comparisons, int32 bit operations, and
 * reading/writing the two 32-bit halves of a double through one shared typed-array scratch.
 * No fused multiply-add can occur (ECMAScript forbids contraction), so every engine and every
 * CPU computes the same bits.
 *
 * ALGORITHM AND LINEAGE. A line-by-line port of fdlibm 5.3 (Sun Microsystems, 1993) in the form
 * V8 carries it in src/base/ieee754.cc (which is what Node 20's Math.* runs; FreeBSD's msun is
 * the same lineage), so that on Node 20 detmath returns the very bits Math.* returns for the
 * functions V8 implements with fdlibm:
 *   exp (e_exp.c, with V8's exp(1) = E special case), expm1 (s_expm1.c), log (e_log.c),
 *   log1p (s_log1p.c), log2 (FreeBSD e_log2.c + k_log.h as in V8), log10 (FreeBSD e_log10.c:
 *   V8's fdlibm-5.3 log10 is up to 2 ulp off, see log10),
 *   sin/cos (s_sin.c, s_cos.c, k_sin.c, k_cos.c, e_rem_pio2.c with the Payne–Hanek
 *   multi-precision reduction k_rem_pio2.c for |x| > 2^19·π/2, 64-bit-extended precision
 *   variant as V8 calls it), atan (s_atan.c), atan2 (e_atan2.c), tanh (s_tanh.c's frame, with
 *   a polynomial for |x| < 0.55 where s_tanh.c is up to 2 ulp off, see tanh),
 *   pow (e_pow.c as V8's legacy::pow has it — the Math.pow and ** of Node 20 and 22 — with
 *   the ECMAScript rule that (±1) ** ±Infinity is NaN and one line that V8 changed, see pow),
 *   hypot (e_hypot.c; V8's own Math.hypot is a different algorithm, see below),
 *   exp10(x) = pow(10, x).
 * One defect of e_pow.c is fixed (x within 2^-20 of 1 and |y| > 2^31, see IVLN2_H).
 * Node 24+ evaluate Math.pow / ** with the C library's pow (V8 flag --use-std-math-pow, on by
 * default since V8 13), which is why ** changed bits between Node 22 and 24; detmath.pow keeps
 * the Node 20/22 bits on every version.
 * ACCURACY (measured in detmath.test.ts against mpmath, correctly rounded): at most 1 ulp for
 * every function on its random and edge sets. fdlibm documents < 1 ulp except where it is not:
 * fdlibm 5.3's log10 and s_tanh.c reach 2 ulp and e_pow.c hundreds of ulp for x near 1 with
 * |y| > 2^31; those are the three places where detmath departs from V8 (log10, tanh for
 * 2^-28 <= |x| < 0.55, and that pow branch). Everywhere else it returns V8's bits.
 * Changes against the C sources: C's (int)d truncations become `| 0` (all operands are in int32
 * range at those points); unsigned 32-bit words become `>>> 0` where their sign matters; the
 * "raise inexact" tests such as `if (huge + x > one) return x` are always true and so return
 * directly; `goto recompute` is a loop; the helper scalbn is the exact (single rounding)
 * ldexp; the five decimal literals C writes with more digits than a double holds are written in
 * their shortest form, which parses to the same double. Math.hypot in V8 is not fdlibm (it scales by the maximum and sums squares with Kahan
 * compensation), so hypot here follows fdlibm's e_hypot.c, which is < 1 ulp.
 *
 * STATE. Constant tables, and ONE scratch ArrayBuffer (viewed as Float64Array/Int32Array) for
 * the word access, for the two-double result of the argument reduction, for the
 * Payne–Hanek work arrays and for the three results of logSplit. No allocation happens in any call. The code is not re-entrant across
 * threads, which JavaScript never does inside one isolate (each worker loads its own module).
 *
 * LICENSE NOTICE (fdlibm, reproduced as its notice requires):
 *   ====================================================
 *   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 *   Developed at SunSoft, a Sun Microsystems, Inc. business.
 *   Permission to use, copy, modify, and distribute this
 *   software is freely granted, provided that this notice
 *   is preserved.
 *   ====================================================
 * The FreeBSD msun parts (log2/log10 with the k_log1p kernel, hypot's special cases) carry the
 * same Sun notice. The V8 parts (its changes to exp, pow and the others) carry V8's notice:
 *   Copyright 2016 the V8 project authors. All rights reserved.
 *   Redistribution and use in source and binary forms, with or without modification, are
 *   permitted provided that the following conditions are met:
 *     * Redistributions of source code must retain the above copyright notice, this list of
 *       conditions and the following disclaimer.
 *     * Redistributions in binary form must reproduce the above copyright notice, this list of
 *       conditions and the following disclaimer in the documentation and/or other materials
 *       provided with the distribution.
 *     * Neither the name of Google Inc. nor the names of its contributors may be used to
 *       endorse or promote products derived from this software without specific prior
 *       written permission.
 *   THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS
 *   OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
 *   MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE
 *   COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
 *   EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
 *   SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
 *   HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR
 *   TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
 *   SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 * The tanh polynomial and this TypeScript translation are part of this repository (MIT).
 */

// ---------------------------------------------------------------------------------------------
// Word access. One scratch buffer: [0..8) the double whose words are read/written, [8..24) the
// reduced argument y0, y1 of remPio2, then the Payne–Hanek arrays and the split of logSplit.
// ---------------------------------------------------------------------------------------------

const SCRATCH = new ArrayBuffer(8 * 72 + 4 * 20);
const F = new Float64Array(SCRATCH, 0, 1);
const W = new Int32Array(SCRATCH, 0, 2);
const RY = new Float64Array(SCRATCH, 8, 2); // remPio2 result y[0], y[1]
const TX = new Float64Array(SCRATCH, 24, 3); // Payne–Hanek input pieces x[0..2]
const PF = new Float64Array(SCRATCH, 48, 20); // f[]
const PQ = new Float64Array(SCRATCH, 48 + 160, 20); // q[]
const PFQ = new Float64Array(SCRATCH, 48 + 320, 20); // fq[]
const SPLIT = new Float64Array(SCRATCH, 48 + 480, 3); // k, hi, lo of logSplit
const PIQ = new Int32Array(SCRATCH, 8 * 72, 20); // iq[]
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

/** High (sign, exponent, top 20 mantissa bits) word of x as a signed int32. */
function hiWord(x: number): number {
  F[0] = x;
  return W[HI];
}
/** Low 32 mantissa bits of x as a signed int32 (use `>>> 0` for the unsigned value). */
function loWord(x: number): number {
  F[0] = x;
  return W[LO];
}
function fromWords(hi: number, lo: number): number {
  W[HI] = hi;
  W[LO] = lo;
  return F[0];
}
function withLo(x: number, lo: number): number {
  F[0] = x;
  W[LO] = lo;
  return F[0];
}
function withHi(x: number, hi: number): number {
  F[0] = x;
  W[HI] = hi;
  return F[0];
}

const TWO54 = 1.8014398509481984e16; // 0x43500000 00000000
const TWOM1022x53 = 2.004168360008973e-292; // 2^-969 = 2^-1022 * 2^53
const TWO1023 = 8.98846567431158e307; // 2^1023

/** x * 2^n with a single rounding (exact when the result is normal): C99 scalbn. */
function scalbn(x: number, n: number): number {
  if (n > 1023) {
    x *= TWO1023;
    n -= 1023;
    if (n > 1023) {
      x *= TWO1023;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    x *= TWOM1022x53;
    n += 1022 - 53;
    if (n < -1022) {
      x *= TWOM1022x53;
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  return x * fromWords((0x3ff + n) << 20, 0);
}

// ---------------------------------------------------------------------------------------------
// exp  (e_exp.c)
// ---------------------------------------------------------------------------------------------

const EXP_O_THRESHOLD = 7.09782712893383973096e2; // 0x40862E42 FEFA39EF
const EXP_U_THRESHOLD = -7.4513321910194110842e2; // 0xc0874910 D52D3051
const LN2_HI = 6.9314718036912381649e-1; // 0x3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const INVLN2 = 1.442695040888963387; // 0x3ff71547 652b82fe
const P1 = 1.66666666666666019037e-1; // 0x3FC55555 5555553E
const P2 = -2.77777777770155933842e-3; // 0xBF66C16C 16BEBD93
const P3 = 6.61375632143793436117e-5; // 0x3F11566A AF25DE2C
const P4 = -1.6533902205465251539e-6; // 0xBEBBBD41 C5D26BF1
const P5 = 4.13813679705723846039e-8; // 0x3E663769 72BEA4D0
const E = 2.718281828459045; // 0x4005bf0a 8b145769
const HUGE = 1.0e300;
const TINY = 1.0e-300;
const TWOM1000 = 9.3326361850321887899e-302; // 2^-1000

/** e^x (fdlibm e_exp.c as in V8; < 1 ulp). */
export function exp(x: number): number {
  let hx = hiWord(x);
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  let hi = 0,
    lo = 0,
    k = 0;

  if (hx >= 0x40862e42) {
    // |x| >= 709.78...
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | loWord(x)) !== 0) return x + x; // NaN
      return xsb === 0 ? x : 0.0; // exp(+-inf) = {inf, 0}
    }
    if (x > EXP_O_THRESHOLD) return HUGE * HUGE; // overflow
    if (x < EXP_U_THRESHOLD) return TWOM1000 * TWOM1000; // underflow
  }

  // The reduction x = k ln2 + (hi - lo) is expm1's too, inline in both as in fdlibm: a shared
  // helper (results through the scratch buffer) measured 5-10% slower per call on this hot path.
  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2
      if (x === 1.0) return E; // V8: exp(1) special-cased to the correctly rounded E
      if (xsb === 0) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = (INVLN2 * x + (xsb === 0 ? 0.5 : -0.5)) | 0;
      const t = k;
      hi = x - t * LN2_HI; // t*ln2HI is exact here
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    return 1 + x;
  } else {
    k = 0;
  }

  const t = x * x;
  const twopk = k >= -1021 ? fromWords(0x3ff00000 + (k << 20), 0) : fromWords(0x3ff00000 + ((k + 1000) << 20), 0);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2.0 * TWO1023;
    return y * twopk;
  }
  return y * twopk * TWOM1000;
}

// ---------------------------------------------------------------------------------------------
// expm1  (s_expm1.c)
// ---------------------------------------------------------------------------------------------

const Q1 = -3.33333333333331316428e-2; // BFA11111 111110F4
const Q2 = 1.58730158725481460165e-3; // 3F5A01A0 19FE5585
const Q3 = -7.93650757867487942473e-5; // BF14CE19 9EAADBB7
const Q4 = 4.00821782732936239552e-6; // 3ED0CFCA 86E65239
const Q5 = -2.01099218183624371326e-7; // BE8AFDB7 6E09C32D

/** e^x - 1, accurate near 0 (fdlibm s_expm1.c; < 1 ulp). */
export function expm1(x: number): number {
  let hx = hiWord(x);
  const xsb = hx & 0x80000000; // sign bit of x (0 or nonzero)
  hx &= 0x7fffffff;
  let k = 0,
    c = 0;

  if (hx >= 0x4043687a) {
    // |x| >= 56 ln2
    if (hx >= 0x40862e42) {
      // |x| >= 709.78...
      if (hx >= 0x7ff00000) {
        if (((hx & 0xfffff) | loWord(x)) !== 0) return x + x; // NaN
        return xsb === 0 ? x : -1.0; // exp(+-inf) - 1 = {inf, -1}
      }
      if (x > EXP_O_THRESHOLD) return HUGE * HUGE; // overflow
    }
    if (xsb !== 0) {
      // x < -56 ln2: -1 with inexact
      if (x + TINY < 0.0) return TINY - 1;
    }
  }

  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2
    let hi: number, lo: number;
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2
      if (xsb === 0) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = (INVLN2 * x + (xsb === 0 ? 0.5 : -0.5)) | 0;
      const t = k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    // |x| < 2^-54: return x (with inexact when x != 0)
    const t = HUGE + x;
    return x - (t - (HUGE + x));
  } else {
    k = 0;
  }

  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  let t = 3.0 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k === 0) return x - (x * e - hxs); // c is 0
  const twopk = fromWords(0x3ff00000 + (k << 20), 0);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) {
    if (x < -0.25) return -2.0 * (e - (x + 0.5));
    return 1 + 2.0 * (x - e);
  }
  let y: number;
  if (k <= -2 || k > 56) {
    // suffices to return exp(x) - 1
    y = 1 - (e - x);
    if (k === 1024) y = y * 2.0 * TWO1023;
    else y = y * twopk;
    return y - 1;
  }
  if (k < 20) {
    t = fromWords(0x3ff00000 - (0x200000 >> k), 0); // 1 - 2^-k
    y = t - (e - x);
    y = y * twopk;
  } else {
    t = fromWords((0x3ff - k) << 20, 0); // 2^-k
    y = x - (e + t);
    y += 1;
    y = y * twopk;
  }
  return y;
}

// ---------------------------------------------------------------------------------------------
// log, log1p, log2, log10  (e_log.c, s_log1p.c, e_log2.c + k_log.h, e_log10.c)
// ---------------------------------------------------------------------------------------------

const Lg1 = 6.66666666666673513e-1; // 3FE55555 55555593
const Lg2 = 3.999999999940941908e-1; // 3FD99999 9997FA04
const Lg3 = 2.857142874366239149e-1; // 3FD24924 94229359
const Lg4 = 2.222219843214978396e-1; // 3FCC71C5 1D8E78AF
const Lg5 = 1.818357216161805012e-1; // 3FC74664 96CB03DE
const Lg6 = 1.531383769920937332e-1; // 3FC39A09 D078C69F
const Lg7 = 1.479819860511658591e-1; // 3FC2F112 DF3E5244

/** Natural logarithm (fdlibm e_log.c; < 1 ulp). */
export function log(x: number): number {
  let hx = hiWord(x);
  const lx = loWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity; // log(+-0) = -inf
    if (hx < 0) return NaN; // log(-#) = NaN
    k -= 54;
    x *= TWO54; // subnormal: scale up
    hx = hiWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = withHi(x, hx | (i ^ 0x3ff00000)); // normalize x or x/2
  k += i >> 20;
  const f = x - 1.0;
  let dk: number;
  if ((0x000fffff & (2 + hx)) < 3) {
    // -2^-20 <= f < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      dk = k;
      return dk * LN2_HI + dk * LN2_LO;
    }
    const R = f * f * (0.5 - 0.3333333333333333 * f);
    if (k === 0) return f - R;
    dk = k;
    return dk * LN2_HI - (R - dk * LN2_LO - f);
  }
  const s = f / (2.0 + f);
  dk = k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  if (k === 0) return f - s * (f - R);
  return dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

/** log(1 + x), accurate near 0 (fdlibm s_log1p.c; < 1 ulp). */
export function log1p(x: number): number {
  const hx = hiWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1,
    f = 0,
    hu = 0,
    c = 0;
  if (hx < 0x3fda827a) {
    // 1 + x < sqrt(2)+
    if (ax >= 0x3ff00000) {
      // x <= -1.0
      if (x === -1.0) return -Infinity; // log1p(-1) = -inf
      return NaN; // log1p(x < -1) = NaN
    }
    if (ax < 0x3e200000) {
      // |x| < 2^-29
      if (ax < 0x3c900000) return x; // |x| < 2^-54
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // sqrt(2)/2- <= 1 + x < sqrt(2)+
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = hiWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // correction term
      c /= u;
    } else {
      u = x;
      hu = hiWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      // u ~< sqrt(2)
      u = withHi(u, hu | 0x3ff00000); // normalize u
    } else {
      k += 1;
      u = withHi(u, hu | 0x3fe00000); // normalize u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const R = hfsq * (1.0 - 0.6666666666666666 * f);
    if (k === 0) return f - R;
    return k * LN2_HI - (R - (k * LN2_LO + c) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const R = z * (Lg1 + z * (Lg2 + z * (Lg3 + z * (Lg4 + z * (Lg5 + z * (Lg6 + z * Lg7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + R));
  return k * LN2_HI - (hfsq - (s * (hfsq + R) + (k * LN2_LO + c)) - f);
}

/** k_log1p(f) of FreeBSD k_log.h: log(1+f) - f + f*f/2 for 1+f in ~[sqrt(2)/2, sqrt(2)]. */
function kLog1p(f: number): number {
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const R = t2 + t1;
  const hfsq = 0.5 * f * f;
  return s * (hfsq + R);
}

const IVLN2HI = 1.44269504072144627571; // 0x3ff71547 65200000
const IVLN2LO = 1.67517131648865118353e-10; // 0x3de705fc 2eefa200

/**
 * The front that log2 and log10 share (FreeBSD e_log2.c, e_log10.c): the special cases' result,
 * or null after splitting x = 2^k (1 + f), f in [sqrt(2)/2 - 1, sqrt(2) - 1), with
 * log(1 + f) = hi + lo to extra precision (hi has a zero low word); k, hi, lo land in SPLIT.
 */
function logSplit(x: number): number | null {
  let hx = hiWord(x);
  const lx = loWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity; // log(+-0) = -inf
    if (hx < 0) return NaN; // log(-#) = NaN
    k -= 54;
    x *= TWO54; // subnormal: scale up
    hx = hiWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  if (hx === 0x3ff00000 && lx === 0) return 0; // log(1) = +0
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHi(x, hx | (i ^ 0x3ff00000)); // normalize x or x/2
  k += i >> 20;
  const f = x - 1.0;
  const hfsq = 0.5 * f * f;
  const r = kLog1p(f);
  const hi = withLo(f - hfsq, 0);
  SPLIT[0] = k;
  SPLIT[1] = hi;
  SPLIT[2] = f - hi - hfsq + r;
  return null;
}

/** Base-2 logarithm (FreeBSD e_log2.c as in V8; < 1 ulp, exact at powers of two). */
export function log2(x: number): number {
  const special = logSplit(x);
  if (special !== null) return special;
  const y = SPLIT[0],
    hi = SPLIT[1],
    lo = SPLIT[2];
  let valHi = hi * IVLN2HI;
  let valLo = (lo + hi) * IVLN2LO + lo * IVLN2HI;
  const w = y + valHi;
  valLo += y - w + valHi;
  valHi = w;
  return valLo + valHi;
}

const IVLN10HI = 4.34294481878168880939e-1; // 0x3fdbcb7b 15200000
const IVLN10LO = 2.50829467116452752298e-11; // 0x3dbb9438 ca9aadd5
const LOG10_2HI = 3.01029995663611771306e-1; // 0x3FD34413 509F6000
const LOG10_2LO = 3.69423907715893078616e-13; // 0x3D59FEF3 11F12B36

/**
 * Base-10 logarithm (FreeBSD e_log10.c, the k_log1p form of log2 above; < 1 ulp, and
 * log10(10^n) = n exactly for the decades). Not V8's: V8 keeps fdlibm 5.3's
 * `ivln10*log(x) + k*log10(2)`, which rounds twice and is up to 2 ulp off for x in [0.5, 2);
 * it agrees with this one wherever that one is within 1 ulp (see the test's engine report).
 */
export function log10(x: number): number {
  const special = logSplit(x);
  if (special !== null) return special;
  const y = SPLIT[0],
    hi = SPLIT[1],
    lo = SPLIT[2];
  let valHi = hi * IVLN10HI;
  const y2 = y * LOG10_2HI;
  let valLo = y * LOG10_2LO + (lo + hi) * IVLN10LO + lo * IVLN10HI;
  const w = y2 + valHi;
  valLo += y2 - w + valHi;
  valHi = w;
  return valLo + valHi;
}

// ---------------------------------------------------------------------------------------------
// sin, cos  (s_sin.c, s_cos.c, k_sin.c, k_cos.c, e_rem_pio2.c, k_rem_pio2.c)
// ---------------------------------------------------------------------------------------------

/** 2/pi in 24-bit chunks (396 hex digits). */
const TWO_OVER_PI = new Int32Array([
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb, 0xc561b7, 0x246e3a, 0x424dd2, 0xe00649, 0x2eea09,
  0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c, 0x7026b4, 0x5f7e41, 0x3991d6, 0x398353, 0x39f49c, 0x845f8b, 0xbdf928, 0x3b1ff8,
  0x97ffde, 0x05980f, 0xef2f11, 0x8b5a0a, 0x6d1f6d, 0x367ecf, 0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7, 0x8a5292,
  0xea6bfb, 0x5fb11f, 0x8d5d08, 0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3, 0x91615e, 0xe61b08, 0x659985, 0x5f14a0, 0x68408d, 0xffd880,
  0x4d7327, 0x310606, 0x1556ca, 0x73a8c9, 0x60e27b, 0xc08c6b,
]);

/** High words of n*pi/2, n = 1..32 (to detect cancellation in the medium-size reduction). */
const NPIO2_HW = new Int32Array([
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a, 0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c,
  0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c, 0x4043a28c, 0x40446b9c,
  0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
]);

/** pi/2 in 24-bit chunks, for the Payne–Hanek kernel. */
const PIO2 = new Float64Array([
  1.57079625129699707031, // 0x3FF921FB 40000000
  7.54978941586159635335e-8, // 0x3E74442D 00000000
  5.39030252995776476554e-15, // 0x3CF84698 80000000
  3.28200341580791294123e-22, // 0x3B78CC51 60000000
  1.27065575308067607349e-29, // 0x39F01B83 80000000
  1.22933308981111328932e-36, // 0x387A2520 40000000
  2.73370053816464559624e-44, // 0x36E38222 80000000
  2.16741683877804819444e-51, // 0x3569F31D 00000000
]);

const TWO24 = 1.6777216e7; // 0x41700000 00000000
const TWON24 = 5.9604644775390625e-8; // 0x3E700000 00000000

/**
 * __kernel_rem_pio2 with prec = 2 (jk = 4), as V8 calls it: reduces the number whose 24-bit
 * pieces are TX[0..nx) (scaled by 2^e0) modulo pi/2 and writes the result to RY[0] + RY[1].
 * Returns the last three bits of the quotient.
 */
function kernelRemPio2(e0: number, nx: number): number {
  const jk = 4;
  const jp = jk;
  const jx = nx - 1;
  let jv = ((e0 - 3) / 24) | 0;
  if (jv < 0) jv = 0;
  let q0 = e0 - 24 * (jv + 1);

  // set up f[0] to f[jx+jk] where f[jx+jk] = ipio2[jv+jk]
  let j = jv - jx;
  const m = jx + jk;
  for (let i = 0; i <= m; i++, j++) PF[i] = j < 0 ? 0 : TWO_OVER_PI[j];

  // compute q[0], q[1], ... q[jk]
  for (let i = 0; i <= jk; i++) {
    let fw = 0.0;
    for (j = 0; j <= jx; j++) fw += TX[j] * PF[jx + i - j];
    PQ[i] = fw;
  }

  let jz = jk;
  let z = 0,
    n = 0,
    ih = 0,
    fw = 0;
  for (;;) {
    // distill q[] into iq[] reversingly
    let i = 0;
    for (j = jz, z = PQ[jz]; j > 0; i++, j--) {
      fw = (TWON24 * z) | 0;
      PIQ[i] = (z - TWO24 * fw) | 0;
      z = PQ[j - 1] + fw;
    }

    // compute n
    z = scalbn(z, q0); // actual value of z
    z -= 8.0 * Math.floor(z * 0.125); // trim off integer >= 8
    n = z | 0;
    z -= n;
    ih = 0;
    if (q0 > 0) {
      // need iq[jz-1] to determine n
      i = PIQ[jz - 1] >> (24 - q0);
      n += i;
      PIQ[jz - 1] -= i << (24 - q0);
      ih = PIQ[jz - 1] >> (23 - q0);
    } else if (q0 === 0) {
      ih = PIQ[jz - 1] >> 23;
    } else if (z >= 0.5) {
      ih = 2;
    }

    if (ih > 0) {
      // q > 0.5
      n += 1;
      let carry = 0;
      for (i = 0; i < jz; i++) {
        // compute 1 - q
        j = PIQ[i];
        if (carry === 0) {
          if (j !== 0) {
            carry = 1;
            PIQ[i] = 0x1000000 - j;
          }
        } else {
          PIQ[i] = 0xffffff - j;
        }
      }
      if (q0 > 0) {
        // rare case: chance is 1 in 12
        if (q0 === 1) PIQ[jz - 1] &= 0x7fffff;
        else if (q0 === 2) PIQ[jz - 1] &= 0x3fffff;
      }
      if (ih === 2) {
        z = 1.0 - z;
        if (carry !== 0) z -= scalbn(1.0, q0);
      }
    }

    // check if recomputation is needed
    if (z === 0) {
      j = 0;
      for (i = jz - 1; i >= jk; i--) j |= PIQ[i];
      if (j === 0) {
        // need recomputation
        let k = 1;
        while (jk >= k && PIQ[jk - k] === 0) k++; // k = no. of terms needed
        for (i = jz + 1; i <= jz + k; i++) {
          // add q[jz+1] to q[jz+k]
          PF[jx + i] = TWO_OVER_PI[jv + i];
          fw = 0.0;
          for (j = 0; j <= jx; j++) fw += TX[j] * PF[jx + i - j];
          PQ[i] = fw;
        }
        jz += k;
        continue; // recompute
      }
    }
    break;
  }

  // chop off zero terms
  if (z === 0.0) {
    jz -= 1;
    q0 -= 24;
    while (PIQ[jz] === 0) {
      jz--;
      q0 -= 24;
    }
  } else {
    // break z into 24-bit if necessary
    z = scalbn(z, -q0);
    if (z >= TWO24) {
      fw = (TWON24 * z) | 0;
      PIQ[jz] = (z - TWO24 * fw) | 0;
      jz += 1;
      q0 += 24;
      PIQ[jz] = fw;
    } else {
      PIQ[jz] = z | 0;
    }
  }

  // convert integer "bit" chunk to floating-point value
  fw = scalbn(1.0, q0);
  for (let i = jz; i >= 0; i--) {
    PQ[i] = fw * PIQ[i];
    fw *= TWON24;
  }

  // compute PIo2[0,...,jp]*q[jz,...,0]
  for (let i = jz; i >= 0; i--) {
    fw = 0.0;
    for (let k = 0; k <= jp && k <= jz - i; k++) fw += PIO2[k] * PQ[i + k];
    PFQ[jz - i] = fw;
  }

  // compress fq[] into y[] (prec 1 and 2)
  fw = 0.0;
  for (let i = jz; i >= 0; i--) fw += PFQ[i];
  RY[0] = ih === 0 ? fw : -fw;
  fw = PFQ[0] - fw;
  for (let i = 1; i <= jz; i++) fw += PFQ[i];
  RY[1] = ih === 0 ? fw : -fw;
  return n & 7;
}

const INVPIO2 = 6.36619772367581382433e-1; // 0x3FE45F30 6DC9C883
const PIO2_1 = 1.57079632673412561417; // 0x3FF921FB 54400000  first 33 bits of pi/2
const PIO2_1T = 6.07710050650619224932e-11; // 0x3DD0B461 1A626331  pi/2 - PIO2_1
const PIO2_2 = 6.0771005063039659766e-11; // 0x3DD0B461 1A600000  second 33 bits
const PIO2_2T = 2.02226624879595063154e-21; // 0x3BA3198A 2E037073
const PIO2_3 = 2.0222662487111664558e-21; // 0x3BA3198A 2E000000  third 33 bits
const PIO2_3T = 8.47842766036889956997e-32; // 0x397B839A 252049C1

/** __ieee754_rem_pio2: x - n*pi/2 in RY[0] + RY[1] (|RY[0]| <= pi/4), returns n. */
function remPio2(x: number): number {
  const hx = hiWord(x);
  const ix = hx & 0x7fffffff;
  let z: number, y0: number, y1: number;
  if (ix <= 0x3fe921fb) {
    // |x| ~<= pi/4: no reduction
    RY[0] = x;
    RY[1] = 0;
    return 0;
  }
  if (ix < 0x4002d97c) {
    // |x| < 3pi/4: n = +-1
    if (hx > 0) {
      z = x - PIO2_1;
      if (ix !== 0x3ff921fb) {
        // 33+53 bit pi is good enough
        y0 = z - PIO2_1T;
        RY[0] = y0;
        RY[1] = z - y0 - PIO2_1T;
      } else {
        // near pi/2: use 33+33+53 bit pi
        z -= PIO2_2;
        y0 = z - PIO2_2T;
        RY[0] = y0;
        RY[1] = z - y0 - PIO2_2T;
      }
      return 1;
    }
    z = x + PIO2_1;
    if (ix !== 0x3ff921fb) {
      y0 = z + PIO2_1T;
      RY[0] = y0;
      RY[1] = z - y0 + PIO2_1T;
    } else {
      z += PIO2_2;
      y0 = z + PIO2_2T;
      RY[0] = y0;
      RY[1] = z - y0 + PIO2_2T;
    }
    return -1;
  }
  if (ix <= 0x413921fb) {
    // |x| ~<= 2^19 * (pi/2): medium size
    let t = Math.abs(x);
    const n = (t * INVPIO2 + 0.5) | 0;
    const fn = n;
    let r = t - fn * PIO2_1;
    let w = fn * PIO2_1T; // 1st round good to 85 bits
    if (n < 32 && ix !== NPIO2_HW[n - 1]) {
      y0 = r - w; // quick check: no cancellation
    } else {
      const j = ix >> 20;
      y0 = r - w;
      let i = j - ((hiWord(y0) >> 20) & 0x7ff);
      if (i > 16) {
        // 2nd iteration needed, good to 118 bits
        t = r;
        w = fn * PIO2_2;
        r = t - w;
        w = fn * PIO2_2T - (t - r - w);
        y0 = r - w;
        i = j - ((hiWord(y0) >> 20) & 0x7ff);
        if (i > 49) {
          // 3rd iteration, 151 bits: covers all possible cases
          t = r;
          w = fn * PIO2_3;
          r = t - w;
          w = fn * PIO2_3T - (t - r - w);
          y0 = r - w;
        }
      }
    }
    y1 = r - y0 - w;
    if (hx < 0) {
      RY[0] = -y0;
      RY[1] = -y1;
      return -n;
    }
    RY[0] = y0;
    RY[1] = y1;
    return n;
  }
  // all other (large) arguments
  if (ix >= 0x7ff00000) {
    // inf or NaN
    RY[0] = RY[1] = x - x;
    return 0;
  }
  // z = scalbn(|x|, ilogb(x) - 23), split into three 24-bit pieces
  const e0 = (ix >> 20) - 1046;
  z = fromWords(ix - (e0 << 20), loWord(x));
  for (let i = 0; i < 2; i++) {
    const ti = z | 0;
    TX[i] = ti;
    z = (z - ti) * TWO24;
  }
  TX[2] = z;
  let nx = 3;
  while (TX[nx - 1] === 0) nx--; // skip zero terms
  const n = kernelRemPio2(e0, nx);
  if (hx < 0) {
    RY[0] = -RY[0];
    RY[1] = -RY[1];
    return -n;
  }
  return n;
}

const S1 = -1.66666666666666324348e-1; // 0xBFC55555 55555549
const S2 = 8.33333333332248946124e-3; // 0x3F811111 1110F8A6
const S3 = -1.98412698298579493134e-4; // 0xBF2A01A0 19C161D5
const S4 = 2.75573137070700676789e-6; // 0x3EC71DE3 57B1FE7D
const S5 = -2.50507602534068634195e-8; // 0xBE5AE5E6 8A2B9CEB
const S6 = 1.58969099521155010221e-10; // 0x3DE5D93A 5ACFD57C

/** __kernel_sin(x, y, iy) on [-pi/4, pi/4]; y is the tail of x, iy = 0 when y is 0. */
function kernelSin(x: number, y: number, iy: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return x; // |x| < 2^-27
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (iy === 0) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

const C1 = 4.16666666666666019037e-2; // 0x3FA55555 5555554C
const C2 = -1.38888888888741095749e-3; // 0xBF56C16C 16C15177
const C3 = 2.48015872894767294178e-5; // 0x3EFA01A0 19CB1590
const C4 = -2.75573143513906633035e-7; // 0xBE927E4F 809C52AD
const C5 = 2.0875723212981748279e-9; // 0x3E21EE9E BDB4B1C4
const C6 = -1.13596475577881948265e-11; // 0xBDA8FAE9 BE8838D4

/** __kernel_cos(x, y) on [-pi/4, pi/4]; y is the tail of x. */
function kernelCos(x: number, y: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0); // x/4
  const iz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (iz - (z * r - x * y));
}

/** Sine (fdlibm s_sin.c with exact Payne–Hanek reduction of large arguments; < 1 ulp). */
export function sin(x: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, 0); // |x| ~< pi/4
  if (ix >= 0x7ff00000) return x - x; // sin(Inf or NaN) is NaN
  const n = remPio2(x);
  switch (n & 3) {
    case 0:
      return kernelSin(RY[0], RY[1], 1);
    case 1:
      return kernelCos(RY[0], RY[1]);
    case 2:
      return -kernelSin(RY[0], RY[1], 1);
    default:
      return -kernelCos(RY[0], RY[1]);
  }
}

/** Cosine (fdlibm s_cos.c with exact Payne–Hanek reduction of large arguments; < 1 ulp). */
export function cos(x: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0); // |x| ~< pi/4
  if (ix >= 0x7ff00000) return x - x; // cos(Inf or NaN) is NaN
  const n = remPio2(x);
  switch (n & 3) {
    case 0:
      return kernelCos(RY[0], RY[1]);
    case 1:
      return -kernelSin(RY[0], RY[1], 1);
    case 2:
      return -kernelCos(RY[0], RY[1]);
    default:
      return kernelSin(RY[0], RY[1], 1);
  }
}

// ---------------------------------------------------------------------------------------------
// atan, atan2  (s_atan.c, e_atan2.c)
// ---------------------------------------------------------------------------------------------

const ATANHI = new Float64Array([
  4.63647609000806093515e-1, // atan(0.5)hi 0x3FDDAC67 0561BB4F
  7.85398163397448278999e-1, // atan(1.0)hi 0x3FE921FB 54442D18
  9.82793723247329054082e-1, // atan(1.5)hi 0x3FEF730B D281F69B
  1.570796326794896558, // atan(inf)hi 0x3FF921FB 54442D18
]);
const ATANLO = new Float64Array([
  2.26987774529616870924e-17, // atan(0.5)lo 0x3C7A2B7F 222F65E2
  3.06161699786838301793e-17, // atan(1.0)lo 0x3C81A626 33145C07
  1.39033110312309984516e-17, // atan(1.5)lo 0x3C700788 7AF0CBBD
  6.12323399573676603587e-17, // atan(inf)lo 0x3C91A626 33145C07
]);
const AT0 = 3.33333333333329318027e-1; // 0x3FD55555 5555550D
const AT1 = -1.99999999998764832476e-1; // 0xBFC99999 9998EBC4
const AT2 = 1.42857142725034663711e-1; // 0x3FC24924 920083FF
const AT3 = -1.1111110405462355788e-1; // 0xBFBC71C6 FE231671
const AT4 = 9.09088713343650656196e-2; // 0x3FB745CD C54C206E
const AT5 = -7.69187620504482999495e-2; // 0xBFB3B0F2 AF749A6D
const AT6 = 6.66107313738753120669e-2; // 0x3FB10D66 A0D03D51
const AT7 = -5.83357013379057348645e-2; // 0xBFADDE2D 52DEFD9A
const AT8 = 4.97687799461593236017e-2; // 0x3FA97B4B 24760DEB
const AT9 = -3.6531572744216915527e-2; // 0xBFA2B444 2C6A6C2F
const AT10 = 1.62858201153657823623e-2; // 0x3F90AD3A E322DA11

/** Arc tangent (fdlibm s_atan.c; < 1 ulp). */
export function atan(x: number): number {
  const hx = hiWord(x);
  const ix = hx & 0x7fffffff;
  let id: number;
  if (ix >= 0x44100000) {
    // |x| >= 2^66
    if (x !== x) return x + x; // NaN
    if (hx > 0) return ATANHI[3] + ATANLO[3];
    return -ATANHI[3] - ATANLO[3];
  }
  if (ix < 0x3fdc0000) {
    // |x| < 0.4375
    if (ix < 0x3e400000) return x; // |x| < 2^-27
    id = -1;
  } else {
    x = Math.abs(x);
    if (ix < 0x3ff30000) {
      // |x| < 1.1875
      if (ix < 0x3fe60000) {
        // 7/16 <= |x| < 11/16
        id = 0;
        x = (2.0 * x - 1.0) / (2.0 + x);
      } else {
        // 11/16 <= |x| < 19/16
        id = 1;
        x = (x - 1.0) / (x + 1.0);
      }
    } else if (ix < 0x40038000) {
      // |x| < 2.4375
      id = 2;
      x = (x - 1.5) / (1.0 + 1.5 * x);
    } else {
      // 2.4375 <= |x| < 2^66
      id = 3;
      x = -1.0 / x;
    }
  }
  const z = x * x;
  const w = z * z;
  // break sum from i=0 to 10 aT[i]z**(i+1) into odd and even poly
  const s1 = z * (AT0 + w * (AT2 + w * (AT4 + w * (AT6 + w * (AT8 + w * AT10)))));
  const s2 = w * (AT1 + w * (AT3 + w * (AT5 + w * (AT7 + w * AT9))));
  if (id < 0) return x - x * (s1 + s2);
  const zz = ATANHI[id] - (x * (s1 + s2) - ATANLO[id] - x);
  return hx < 0 ? -zz : zz;
}

const PI_O_4 = 7.85398163397448279e-1; // 0x3FE921FB 54442D18
const PI_O_2 = 1.570796326794896558; // 0x3FF921FB 54442D18
const PI = 3.141592653589793116; // 0x400921FB 54442D18
const PI_LO = 1.2246467991473532e-16; // 0x3CA1A626 33145C07 (C: 1.2246467991473531772e-16)

/** atan2(y, x): the angle of the point (x, y) in (-pi, pi] (fdlibm e_atan2.c; < 2 ulp per fdlibm, measured <= 1). */
export function atan2(y: number, x: number): number {
  if (x !== x || y !== y) return x + y; // x or y is NaN
  F[0] = x;
  const hx = W[HI];
  const lx = W[LO];
  const ix = hx & 0x7fffffff;
  F[0] = y;
  const hy = W[HI];
  const ly = W[LO];
  const iy = hy & 0x7fffffff;
  if (x === 1.0) return atan(y);
  let m = ((hy >> 31) & 1) | ((hx >> 30) & 2); // 2*sign(x) + sign(y)

  // when y = 0
  if ((iy | ly) === 0) {
    switch (m) {
      case 0:
      case 1:
        return y; // atan(+-0, +anything) = +-0
      case 2:
        return PI + TINY; // atan(+0, -anything) = pi
      default:
        return -PI - TINY; // atan(-0, -anything) = -pi
    }
  }
  // when x = 0
  if ((ix | lx) === 0) return hy < 0 ? -PI_O_2 - TINY : PI_O_2 + TINY;

  // when x is INF
  if (ix === 0x7ff00000) {
    if (iy === 0x7ff00000) {
      switch (m) {
        case 0:
          return PI_O_4 + TINY; // atan(+INF, +INF)
        case 1:
          return -PI_O_4 - TINY; // atan(-INF, +INF)
        case 2:
          return 3.0 * PI_O_4 + TINY; // atan(+INF, -INF)
        default:
          return -3.0 * PI_O_4 - TINY; // atan(-INF, -INF)
      }
    }
    switch (m) {
      case 0:
        return 0.0; // atan(+..., +INF)
      case 1:
        return -0.0; // atan(-..., +INF)
      case 2:
        return PI + TINY; // atan(+..., -INF)
      default:
        return -PI - TINY; // atan(-..., -INF)
    }
  }
  // when y is INF
  if (iy === 0x7ff00000) return hy < 0 ? -PI_O_2 - TINY : PI_O_2 + TINY;

  // compute y/x
  const k = (iy - ix) >> 20;
  let z: number;
  if (k > 60) {
    // |y/x| > 2^60
    z = PI_O_2 + 0.5 * PI_LO;
    m &= 1;
  } else if (hx < 0 && k < -60) {
    z = 0.0; // 0 > |y|/x > -2^-60
  } else {
    z = atan(Math.abs(y / x)); // safe to do y/x
  }
  switch (m) {
    case 0:
      return z; // atan(+, +)
    case 1:
      return -z; // atan(-, +)
    case 2:
      return PI - (z - PI_LO); // atan(+, -)
    default:
      return z - PI_LO - PI; // atan(-, -)
  }
}

// ---------------------------------------------------------------------------------------------
// tanh  (s_tanh.c)
// ---------------------------------------------------------------------------------------------

// (tanh(a)/a - 1)/a^2 as a polynomial in s = a^2 on [0, 0.55^2]: the Chebyshev fit of degree 11
// from mpmath (mp.dps = 50; chebyfit(q, [0, 0.3025], 12) with q(s) = (tanh(sqrt s)/sqrt s - 1)/s),
// rounded to doubles; relative error of the fit 7.5e-19. Highest degree first.
const TH0 = 7.874274345344419e-6;
const TH1 = -3.372080112046316e-5;
const TH2 = 9.455133052924858e-5;
const TH3 = -2.384727248015252e-4;
const TH4 = 5.899052969492733e-4;
const TH5 = -1.455819097151351e-3;
const TH6 = 3.5921267699626346e-3;
const TH7 = -8.8632354631468e-3;
const TH8 = 2.1869488534073906e-2;
const TH9 = -5.396825396822037e-2;
const TH10 = 1.333333333333331e-1;
const TH11 = -3.333333333333333e-1;

/**
 * Hyperbolic tangent. NOT fdlibm's s_tanh.c for |x| < 1: its `-t/(t+2)`, t = expm1(-2|x|), is up
 * to 2 ulp off (so are V8's and glibc's, which use it). Here:
 *   |x| < 2^-28: x;  |x| < 0.55: a + a*(s*P(s)), s = a^2, P the polynomial above (error
 *   < 0.6 ulp: the polynomial term is below a tenth of the result);  0.55 <= |x| < 22:
 *   1 - 2/(expm1(2|x|) + 2) (musl's form, measured <= 1 ulp);  |x| >= 22: +-1.
 */
export function tanh(x: number): number {
  const jx = hiWord(x);
  const ix = jx & 0x7fffffff;
  let z: number;
  if (ix >= 0x7ff00000) {
    // x is INF or NaN
    if (jx >= 0) return 1 / x + 1; // tanh(+inf) = 1, tanh(NaN) = NaN
    return 1 / x - 1; // tanh(-inf) = -1
  }
  if (ix < 0x40360000) {
    // |x| < 22
    if (ix < 0x3e300000) return x; // |x| < 2^-28: tanh(tiny) = tiny
    const a = Math.abs(x);
    if (a < 0.55) {
      const s = a * a;
      const p = TH0 * s + TH1;
      const q = ((((p * s + TH2) * s + TH3) * s + TH4) * s + TH5) * s + TH6;
      const r = (((((q * s + TH7) * s + TH8) * s + TH9) * s + TH10) * s + TH11) * s;
      z = a + a * r;
    } else {
      const t = expm1(2.0 * a);
      z = 1 - 2.0 / (t + 2.0);
    }
  } else {
    z = 1 - TINY; // |x| >= 22: +-1
  }
  return jx >= 0 ? z : -z;
}

// ---------------------------------------------------------------------------------------------
// hypot  (e_hypot.c, FreeBSD special-case handling)
// ---------------------------------------------------------------------------------------------

/** sqrt(x*x + y*y) without undue overflow/underflow (fdlibm e_hypot.c; < 1 ulp). */
export function hypot(x: number, y: number): number {
  let ha = hiWord(x) & 0x7fffffff;
  let hb = hiWord(y) & 0x7fffffff;
  let a: number, b: number;
  if (hb > ha) {
    a = y;
    b = x;
    const j = ha;
    ha = hb;
    hb = j;
  } else {
    a = x;
    b = y;
  }
  a = Math.abs(a);
  b = Math.abs(b);
  if (ha - hb > 0x3c00000) return a + b; // a/b > 2^60
  let k = 0;
  if (ha > 0x5f300000) {
    // a > 2^500
    if (ha >= 0x7ff00000) {
      // Inf or NaN: ECMAScript (and C99) make any infinity win over NaN
      let w = Math.abs(x + 0.0) - Math.abs(y + 0.0);
      if (((ha & 0xfffff) | loWord(a)) === 0) w = a;
      if (((hb ^ 0x7ff00000) | loWord(b)) === 0) w = b;
      return w;
    }
    // scale a and b by 2^-600
    ha -= 0x25800000;
    hb -= 0x25800000;
    k += 600;
    a = withHi(a, ha);
    b = withHi(b, hb);
  }
  if (hb < 0x20b00000) {
    // b < 2^-500
    if (hb <= 0x000fffff) {
      // subnormal b or 0
      if ((hb | loWord(b)) === 0) return a;
      const t1 = fromWords(0x7fd00000, 0); // 2^1022
      b *= t1;
      a *= t1;
      k -= 1022;
    } else {
      // scale a and b by 2^600
      ha += 0x25800000;
      hb += 0x25800000;
      k -= 600;
      a = withHi(a, ha);
      b = withHi(b, hb);
    }
  }
  // medium size a and b
  let w = a - b;
  if (w > b) {
    const t1 = fromWords(ha, 0);
    const t2 = a - t1;
    w = Math.sqrt(t1 * t1 - (b * -b - t2 * (a + t1)));
  } else {
    a = a + a;
    const y1 = fromWords(hb, 0);
    const y2 = b - y1;
    const t1 = fromWords(ha + 0x00100000, 0);
    const t2 = a - t1;
    w = Math.sqrt(t1 * y1 - (w * -w - (t1 * y2 + t2 * b)));
  }
  if (k !== 0) return fromWords(0x3ff00000 + (k << 20), 0) * w;
  return w;
}

// ---------------------------------------------------------------------------------------------
// pow  (e_pow.c)
// ---------------------------------------------------------------------------------------------

const BP1 = 1.5;
const DP_H1 = 5.84962487220764160156e-1; // 0x3FE2B803 40000000
const DP_L1 = 1.35003920212974897128e-8; // 0x3E4CFDEB 43CFD006
const TWO53 = 9007199254740992.0; // 0x43400000 00000000
// poly coefs for (3/2)*(log(x)-2s-2/3*s**3)
const L1 = 5.99999999999994648725e-1; // 0x3FE33333 33333303
const L2 = 4.28571428578550184252e-1; // 0x3FDB6DB6 DB6FABFF
const L3 = 3.33333329818377432918e-1; // 0x3FD55555 518F264D
const L4 = 2.72728123808534006489e-1; // 0x3FD17460 A91D4101
const L5 = 2.30660745775561754067e-1; // 0x3FCD864A 93C9DB65
const L6 = 2.06975017800338417784e-1; // 0x3FCA7E28 4A454EEF
const LG2 = 6.93147180559945286227e-1; // 0x3FE62E42 FEFA39EF
const LG2_H = 6.93147182464599609375e-1; // 0x3FE62E43 00000000
const LG2_L = -1.90465429995776804525e-9; // 0xBE205C61 0CA86C39
const OVT = 8.008566259537294e-17; // -(1024-log2(ovfl+.5ulp)); C: 8.0085662595372944372e-17
const CP = 9.61796693925975554329e-1; // 0x3FEEC709 DC3A03FD = 2/(3ln2)
const CP_H = 9.61796700954437255859e-1; // 0x3FEEC709 E0000000 = (float)cp
const CP_L = -7.02846165095275826516e-9; // 0xBE3E2FE0 145B01F5 = tail of cp_h
const IVLN2 = 1.442695040888963387; // 0x3FF71547 652B82FE = 1/ln2
// fdlibm uses ivln2_h = 0x3FF71547 60000000 (24 significant bits, although its comment says 21)
// and ivln2_l = 0x3E54AE0B F85DDF44 in the |y| > 2^31 branch below, so ivln2_h * t is not exact
// for t = x - 1 with 33 significant bits and pow loses up to hundreds of ulps there (e.g.
// pow(0.9999998730800698, 4367472600.187182): 220 ulp in fdlibm, V8 and Node <= 22). detmath uses a
// 20-bit head, which makes the product exact as the algorithm intends:
const IVLN2_H = 1.4426937103271484; // 0x3FF71546 00000000 = 20b 1/ln2
const IVLN2_L = 1.33056181496986e-6; // 0x3EB652B8 2FE1777D = 1/ln2 - IVLN2_H

/**
 * x ** y with ECMAScript semantics (fdlibm e_pow.c as in V8 before it moved to another
 * implementation; "nearly rounded", < 1 ulp measured). pow(x, ±0) = 1 even for NaN x;
 * pow(NaN, y != 0) = NaN; pow(±1, ±Infinity) = NaN (ECMAScript, unlike C99); negative x with
 * a non-integer finite y gives NaN.
 */
export function pow(x: number, y: number): number {
  F[0] = x;
  const hx = W[HI];
  const lx = W[LO] >>> 0;
  F[0] = y;
  const hy = W[HI];
  const ly = W[LO] >>> 0;
  let ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;

  // y == zero: x**0 = 1
  if ((iy | ly) === 0) return 1;

  // +-NaN return x+y
  if (x !== x || y !== y) return x + y;

  // determine if y is an odd int when x < 0
  // yisint = 0 ... y is not an integer, 1 ... y is an odd int, 2 ... y is an even int
  let yisint = 0;
  let j: number, k: number;
  if (hx < 0) {
    if (iy >= 0x43400000) {
      yisint = 2; // even integer y
    } else if (iy >= 0x3ff00000) {
      k = (iy >> 20) - 0x3ff; // exponent
      if (k > 20) {
        j = ly >>> (52 - k);
        if (j << (52 - k) === (ly | 0)) yisint = 2 - (j & 1);
      } else if (ly === 0) {
        j = iy >> (20 - k);
        if (j << (20 - k) === iy) yisint = 2 - (j & 1);
      }
    }
  }

  // special value of y
  if (ly === 0) {
    if (iy === 0x7ff00000) {
      // y is +-inf
      if (((ix - 0x3ff00000) | lx) === 0) return y - y; // (+-1)**+-inf is NaN (ECMAScript)
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0.0; // (|x|>1)**+-inf = inf, 0
      return hy < 0 ? -y : 0.0; // (|x|<1)**-,+inf = inf, 0
    }
    if (iy === 0x3ff00000) {
      // y is +-1
      if (hy < 0) return 1 / x;
      return x;
    }
    if (hy === 0x40000000) return x * x; // y is 2
    if (hy === 0x3fe00000) {
      // y is 0.5
      if (hx >= 0) return Math.sqrt(x); // x >= +0
    }
  }

  let ax = Math.abs(x);
  let z: number;
  // special value of x
  if (lx === 0) {
    if (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000) {
      z = ax; // x is +-0, +-inf, +-1
      if (hy < 0) z = 1 / z; // z = (1/|x|)
      if (hx < 0) {
        if (((ix - 0x3ff00000) | yisint) === 0) {
          z = (z - z) / (z - z); // (-1)**non-int is NaN
        } else if (yisint === 1) {
          z = -z; // (x<0)**odd = -(|x|**odd)
        }
      }
      return z;
    }
  }

  let n = (hx >> 31) + 1;

  // (x<0)**(non-int) is NaN
  if ((n | yisint) === 0) return (x - x) / (x - x);

  let s = 1.0; // s (sign of result -ve**odd) = -1 else = 1
  if ((n | (yisint - 1)) === 0) s = -1.0; // (-ve)**(odd int)

  let t1: number, t2: number, t: number, u: number, v: number, w: number;
  if (iy > 0x41e00000) {
    // |y| > 2^31
    if (iy > 0x43f00000) {
      // |y| > 2^64: must o/uflow
      if (ix <= 0x3fefffff) return hy < 0 ? HUGE * HUGE : TINY * TINY;
      if (ix >= 0x3ff00000) return hy > 0 ? HUGE * HUGE : TINY * TINY;
    }
    // over/underflow if x is not close to one
    if (ix < 0x3fefffff) return hy < 0 ? s * HUGE * HUGE : s * TINY * TINY;
    if (ix > 0x3ff00000) return hy > 0 ? s * HUGE * HUGE : s * TINY * TINY;
    // now |1-x| is tiny <= 2^-20: log(x) by x - x^2/2 + x^3/3 - x^4/4
    t = ax - 1; // t has 20 trailing zeros
    w = t * t * (0.5 - t * (0.3333333333333333 - t * 0.25));
    u = IVLN2_H * t; // exact: 20 x 33 significant bits
    v = t * IVLN2_L - w * IVLN2;
    t1 = withLo(u + v, 0);
    t2 = v - (t1 - u);
  } else {
    n = 0;
    // take care of subnormal numbers
    if (ix < 0x00100000) {
      ax *= TWO53;
      n -= 53;
      ix = hiWord(ax);
    }
    n += (ix >> 20) - 0x3ff;
    j = ix & 0x000fffff;
    // determine interval
    ix = j | 0x3ff00000; // normalize ix
    if (j <= 0x3988e) {
      k = 0; // |x| < sqrt(3/2)
    } else if (j < 0xbb67a) {
      k = 1; // |x| < sqrt(3)
    } else {
      k = 0;
      n += 1;
      ix -= 0x00100000;
    }
    ax = withHi(ax, ix);

    // compute ss = s_h + s_l = (x-1)/(x+1) or (x-1.5)/(x+1.5)
    const bp = k === 0 ? 1.0 : BP1;
    u = ax - bp;
    v = 1 / (ax + bp);
    const ss = u * v;
    const sH = withLo(ss, 0);
    // t_h = ax + bp[k] High
    let tH = fromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0);
    let tL = ax - (tH - bp);
    const sL = v * (u - sH * tH - sH * tL);
    // compute log(ax)
    let s2 = ss * ss;
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += sL * (sH + ss);
    s2 = sH * sH;
    tH = withLo(3.0 + s2 + r, 0);
    tL = r - (tH - 3.0 - s2);
    // u + v = ss*(1+...)
    u = sH * tH;
    v = sL * tH + tL * ss;
    // 2/(3log2)*(ss+...)
    const pH = withLo(u + v, 0);
    const pL = v - (pH - u);
    const zH = CP_H * pH; // cp_h + cp_l = 2/(3*log2)
    const dpH = k === 0 ? 0.0 : DP_H1;
    const zL = CP_L * pH + pL * CP + (k === 0 ? 0.0 : DP_L1);
    // log2(ax) = (ss+..)*2/(3*log2) = n + dp_h + z_h + z_l
    t = n;
    t1 = withLo(zH + zL + dpH + t, 0);
    t2 = zL - (t1 - t - dpH - zH);
  }

  // split up y into y1 + y2 and compute (y1+y2)*(t1+t2)
  const y1 = withLo(y, 0);
  const pL = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  z = pL + pH;
  j = hiWord(z);
  let i = loWord(z);
  if (j >= 0x40900000) {
    // z >= 1024
    if (((j - 0x40900000) | i) !== 0) return s * HUGE * HUGE; // z > 1024: overflow
    if (pL + OVT > z - pH) return s * HUGE * HUGE; // overflow
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    // z <= -1075
    if (((j - (0xc090cc00 | 0)) | i) !== 0) return s * TINY * TINY; // z < -1075: underflow
    if (pL <= z - pH) return s * TINY * TINY; // underflow
  }
  // compute 2**(p_h+p_l)
  i = j & 0x7fffffff;
  k = (i >> 20) - 0x3ff;
  n = 0;
  if (i > 0x3fe00000) {
    // |z| > 0.5: n = [z + 0.5]
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff; // new k for n
    t = fromWords(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pH -= t;
  }
  t = withLo(pL + pH, 0);
  u = t * LG2_H;
  v = (pL - (t - pH)) * LG2 + t * LG2_L;
  z = u + v;
  w = v - (z - u);
  t = z * z;
  t1 = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  // V8's legacy::pow (Node <= 22 Math.pow and **) divides by the corrected denominator where
  // fdlibm e_pow.c has `r = (z*t1)/(t1-two) - (w+z*w)`. Kept as V8 has it so that detmath.pow is
  // bit-identical to Node 20/22 Math.pow; both variants measure <= 1 ulp (see detmath.test.ts).
  const r = (z * t1) / (t1 - 2.0 - (w + z * w));
  z = 1 - (r - z);
  j = hiWord(z);
  j += n << 20;
  if (j >> 20 <= 0)
    z = scalbn(z, n); // subnormal output
  else z = withHi(z, hiWord(z) + (n << 20));
  return s * z;
}

/** 10 ** x, as pow(10, x). */
export function exp10(x: number): number {
  return pow(10, x);
}
