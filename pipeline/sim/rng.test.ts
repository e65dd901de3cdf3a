import { test } from 'node:test';
import assert from 'node:assert/strict';
import { philox4x32_10, Rng, Stream } from './rng.ts';

const hex = (a: Uint32Array) => [...a].map((x) => x.toString(16).padStart(8, '0')).join(' ');

test('Philox4x32-10 matches the Random123 known-answer vectors (kat_vectors)', () => {
  const out = new Uint32Array(4);
  philox4x32_10([0, 0, 0, 0], [0, 0], out);
  assert.equal(hex(out), '6627e8d5 e169c58d bc57ac4c 9b00dbd8');
  philox4x32_10([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], out);
  assert.equal(hex(out), '408f276d 41c83b0e a20bc7c6 6d5451fd');
  philox4x32_10([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], out);
  assert.equal(hex(out), 'd16cfe09 94fdcceb 5001e420 24126ea1');
});

test('a stream is the Philox sequence of counters 0, 1, ... under key (seed, stream)', () => {
  const rng = new Rng(7, Stream.data);
  const block = new Uint32Array(4);
  for (let c = 0; c < 3; c++) {
    philox4x32_10([c, 0, 0, 0], [7, Stream.data], block);
    for (let w = 0; w < 4; w++) assert.equal(rng.nextUint32(), block[w]);
  }
});

test('streams and seeds differ; the same (seed, stream) repeats exactly', () => {
  const draw = (seed: number, stream: number) =>
    Array.from(
      { length: 8 },
      (
        (r) => () =>
          r.normal()
      )(new Rng(seed, stream)),
    );
  assert.deepEqual(draw(3, Stream.init), draw(3, Stream.init));
  assert.notDeepEqual(draw(3, Stream.init), draw(3, Stream.data));
  assert.notDeepEqual(draw(3, Stream.init), draw(4, Stream.init));
  assert.throws(() => new Rng(-1, 0), /uint32/);
  assert.throws(() => new Rng(2 ** 32, 0), /uint32/);
});

test('uniforms lie in [0, 1) and normals have mean 0, variance 1, kurtosis 3 (within 4 standard errors)', () => {
  const rng = new Rng(1, 0);
  const N = 200_000;
  let s1 = 0,
    s2 = 0,
    s4 = 0,
    umin = 1,
    umax = 0;
  for (let i = 0; i < N; i++) {
    const u = rng.uniform();
    umin = Math.min(umin, u);
    umax = Math.max(umax, u);
    const z = rng.normal();
    s1 += z;
    s2 += z * z;
    s4 += z ** 4;
  }
  assert.ok(umin >= 0 && umax < 1);
  const mean = s1 / N,
    variance = s2 / N,
    kurt = s4 / N;
  assert.ok(Math.abs(mean) < 4 / Math.sqrt(N), `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 4 * Math.sqrt(2 / N), `variance ${variance}`);
  assert.ok(Math.abs(kurt - 3) < 4 * Math.sqrt(96 / N), `fourth moment ${kurt}`);
});
