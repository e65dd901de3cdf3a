// Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011), the counter-based generator of Random123. A stream is a key: (seed, stream id), so
// streams are independent by construction and need no seeding state. Pure 32-bit integer
// arithmetic: bit-identical on every platform and every JS engine.
//
// Uniforms: 53-bit doubles from two 32-bit words (as genrand_res53). Standard normals:
// Box–Muller, both outputs used in order (cos, then sin), with detmath's log, sin and cos, so
// normals are bit-identical on every engine.
import { cos, log, sin } from './detmath.ts';

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** Named random streams of a run: each draws from its own Philox key (seed, id). */
export const Stream = { beta: 1, data: 2, init: 3, noise: 4, test: 5 } as const;

/** High 32 bits of the 64-bit product of two uint32 (exact, via 16-bit halves). */
function mulhi32(a: number, b: number): number {
  const al = a & 0xffff,
    ah = a >>> 16,
    bl = b & 0xffff,
    bh = b >>> 16;
  const t = al * bl,
    m1 = ah * bl,
    m2 = al * bh;
  const carry = ((t >>> 16) + (m1 & 0xffff) + (m2 & 0xffff)) >>> 16;
  return (ah * bh + (m1 >>> 16) + (m2 >>> 16) + carry) >>> 0;
}

/** One Philox4x32-10 block: 10 rounds on counter c with key k. Writes 4 uint32 into out. */
export function philox4x32_10(c: ArrayLike<number>, k: ArrayLike<number>, out: Uint32Array): void {
  let c0 = c[0] >>> 0,
    c1 = c[1] >>> 0,
    c2 = c[2] >>> 0,
    c3 = c[3] >>> 0;
  let k0 = k[0] >>> 0,
    k1 = k[1] >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulhi32(M0, c0),
      lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi32(M1, c2),
      lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

const TWO_PI = 2 * Math.PI;
const INV_2_53 = 1 / 9007199254740992;

/** A sequential stream over Philox blocks with counter 0, 1, 2, ... and key (seed, stream). */
export class Rng {
  private readonly key: Uint32Array;
  private readonly ctr = new Uint32Array(4);
  private readonly block = new Uint32Array(4);
  private pos = 4;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number, stream: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be a uint32 (got ${seed})`);
    this.key = Uint32Array.of(seed, stream);
  }

  nextUint32(): number {
    if (this.pos === 4) {
      philox4x32_10(this.ctr, this.key, this.block);
      // 128-bit counter increment; 2^32 blocks per word before carrying.
      for (let i = 0; i < 4; i++) {
        this.ctr[i] = (this.ctr[i] + 1) >>> 0;
        if (this.ctr[i] !== 0) break;
      }
      this.pos = 0;
    }
    return this.block[this.pos++];
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5,
      b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) * INV_2_53;
  }

  /** Standard normal by Box–Muller (u1 in (0, 1] so log is finite). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u1 = 1 - this.uniform(),
      u2 = this.uniform();
    const r = Math.sqrt(-2 * log(u1)),
      theta = TWO_PI * u2;
    this.spare = r * sin(theta);
    this.hasSpare = true;
    return r * cos(theta);
  }

  /** Fills out with independent N(0, scale^2) draws, in index order. */
  fillNormal(out: Float64Array, scale = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = scale * this.normal();
    return out;
  }
}
