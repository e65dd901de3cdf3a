// Source of pipeline/sim/kernels/step.wasm, run at build time only: the WebAssembly text of the
// finite-n step kernels, generated here because the register-blocked bodies repeat one pattern per
// accumulator (build-wasm.ts assembles it with the pinned `wabt`; pipeline/sim/kernels/
// kernels.test.ts checks the committed .wat/.wasm match this text).
//
// Every reduction keeps the reference order of model.ts's plain loops (pipeline/testing/
// reference-model.ts): SIMD lanes run over independent outputs (columns j of Z, coordinates k
// of dL/dW), never over a sum, and wasm has no fused multiply-add, so results are bit-identical.
// All addresses and strides are in bytes; row counts of the 2-row tiles are even.

const range = (n: number) => [...Array(n).keys()];
const lines = (xs: string[], indent = '') => xs.join(`\n${indent}`);
const spaced = (xs: string[]) => xs.join(' ');
const get = (x: string) => `(local.get $${x})`;
const set = (x: string, v: string) => `(local.set $${x} ${v})`;
const add = (a: string, b: string) => `(i32.add ${a} ${b})`;
const mul = (a: string, b: string) => `(i32.mul ${a} ${b})`;
const shl = (a: string, s: number) => `(i32.shl ${a} (i32.const ${s}))`;
const c32 = (x: number) => `(i32.const ${x})`;
const ZERO = '(v128.const f64x2 0 0)';
/** for (x = from; x < to; x += step) body */
const forUp = (x: string, from: string, to: string, step: string, body: string[], label = x) =>
  `${set(x, from)}
    (block $${label}_end (loop $${label}_loop
      (br_if $${label}_end (i32.ge_u ${get(x)} ${to}))
      ${lines(body, '      ')}
      ${set(x, add(get(x), step))}
      (br $${label}_loop)))`;

/**
 * One 2 x 2V tile of Z = X W^T at rows (i, i+1), columns j..j+2V-1, summed over k ascending; then
 * stored, folded into f_i = sum_j [z_ij > 0] v_j z_ij (ascending j) and appended to the activation
 * lists (list j gets row i, as its offset in Y, when z_ij > 0; branch-free: the slot is always
 * written, the count moves on activity).
 */
function forwardTile(V: number): string {
  const vs = range(V);
  const acc = (a: number, b: number) => `c${a}${b}`;
  const k = [
    ...vs.map((b) => set(`b${b}`, `(v128.load offset=${16 * b} ${get('pb')})`)),
    ...[0, 1].flatMap((a) => [
      set('a', `(v128.load64_splat ${get(`pa${a}`)})`),
      ...vs.map((b) => set(acc(a, b), `(f64x2.add ${get(acc(a, b))} (f64x2.mul ${get('a')} ${get(`b${b}`)}))`)),
    ]),
    set('pa0', add(get('pa0'), c32(8))),
    set('pa1', add(get('pa1'), c32(8))),
    set('pb', add(get('pb'), get('ldw'))),
    set('k', `(i32.sub ${get('k')} ${c32(1)})`),
  ];
  const epilogue = vs.flatMap((b) => [
    `(v128.store offset=${16 * b} ${get('pz')} ${get(acc(0, b))})`,
    `(v128.store offset=${16 * b} ${add(get('pz'), get('ldz'))} ${get(acc(1, b))})`,
    set('vv', `(v128.load offset=${16 * b} ${add(get('v'), shl(get('j'), 3))})`),
    ...[0, 1].flatMap((a) => [
      set('t', `(v128.and (f64x2.mul ${get('vv')} ${get(acc(a, b))}) (f64x2.gt ${get(acc(a, b))} ${ZERO}))`),
      set(`f${a}`, `(f64.add (f64.add ${get(`f${a}`)} (f64x2.extract_lane 0 ${get('t')})) (f64x2.extract_lane 1 ${get('t')}))`),
    ]),
    ...[0, 1].flatMap((lane) => {
      const col = add(get('j'), c32(2 * b + lane));
      const slot = add(get('idx'), shl(add(mul(col, get('cap')), get('q')), 2));
      return [
        set('pq', add(get('cnt'), shl(col, 2))),
        set('q', `(i32.load ${get('pq')})`),
        `(i32.store ${slot} ${get('yo')})`,
        set('q', add(get('q'), `(f64.gt (f64x2.extract_lane ${lane} ${get(acc(0, b))}) (f64.const 0))`)),
        `(i32.store ${slot} ${add(get('yo'), get('ldy'))})`,
        set('q', add(get('q'), `(f64.gt (f64x2.extract_lane ${lane} ${get(acc(1, b))}) (f64.const 0))`)),
        `(i32.store ${get('pq')} ${get('q')})`,
      ];
    }),
  ]);
  return `(if (i32.le_u ${add(get('j'), c32(2 * V))} ${get('mp')}) (then
        ${lines(
          range(2).flatMap((a) => vs.map((b) => set(acc(a, b), ZERO))),
          '        ',
        )}
        ${set('pa0', add(get('X'), mul(get('i'), get('ldx'))))}
        ${set('pa1', add(get('pa0'), get('ldx')))}
        ${set('pb', add(get('WT'), shl(get('j'), 3)))}
        ${set('k', get('d'))}
        (block $k${V}_end (loop $k${V}_loop
          (br_if $k${V}_end (i32.eqz ${get('k')}))
          ${lines(k, '          ')}
          (br $k${V}_loop)))
        ${set('pz', add(add(get('Z'), mul(get('i'), get('ldz'))), shl(get('j'), 3)))}
        ${lines(epilogue, '        ')}
        ${set('j', add(get('j'), c32(2 * V)))}))`;
}

const FORWARD = `
  ;; Rows [i0, i1) of Z (ldz) = X (ldx) W^T, with W^T given as WT (d x mp, row stride ldw), mp even;
  ;; f[i] = relu(Z[i]) v; activation lists idx (j-th list at j * cap elements: the byte offsets
  ;; i * ldy of the active rows i, ascending) with counts cnt,
  ;; and bounds[b] = a copy of cnt after the first b * chunk rows (b >= 1; bounds[0] is zeros).
  (func (export "forward")
    (param $Z i32) (param $ldz i32) (param $X i32) (param $ldx i32) (param $WT i32) (param $ldw i32)
    (param $v i32) (param $f i32) (param $i0 i32) (param $i1 i32) (param $mp i32) (param $d i32)
    (param $idx i32) (param $cap i32) (param $cnt i32) (param $bounds i32) (param $chunk i32) (param $ldy i32)
    (local $i i32) (local $yo i32) (local $j i32) (local $k i32) (local $q i32) (local $pq i32)
    (local $pa0 i32) (local $pa1 i32) (local $pb i32) (local $pz i32) (local $f0 f64) (local $f1 f64)
    (local $a v128) (local $t v128) (local $vv v128)
    ${spaced(range(4).map((b) => `(local $b${b} v128)`))}
    ${spaced(range(2).flatMap((a) => range(4).map((b) => `(local $c${a}${b} v128)`)))}
    ${forUp('i', get('i0'), get('i1'), c32(2), [
      set('f0', '(f64.const 0)'),
      set('f1', '(f64.const 0)'),
      set('yo', mul(get('i'), get('ldy'))),
      set('j', c32(0)),
      `(block $j_end (loop $j_loop
        (br_if $j_end (i32.gt_u ${add(get('j'), c32(8))} ${get('mp')}))
        ${forwardTile(4)}
        (br $j_loop)))`,
      forwardTile(2),
      forwardTile(1),
      `(f64.store ${add(get('f'), shl(get('i'), 3))} ${get('f0')})`,
      `(f64.store offset=8 ${add(get('f'), shl(get('i'), 3))} ${get('f1')})`,
      set('q', `(i32.sub ${add(get('i'), c32(2))} ${get('i0')})`),
      `(if (i32.or (i32.eqz (i32.rem_u ${get('q')} ${get('chunk')})) (i32.ge_u ${add(get('i'), c32(2))} ${get('i1')})) (then
        (memory.copy
          ${add(get('bounds'), shl(mul(`(i32.div_u ${add(get('q'), `(i32.sub ${get('chunk')} ${c32(1)})`)} ${get('chunk')})`, get('mp')), 2))}
          ${get('cnt')} ${shl(get('mp'), 2)})))`,
    ])}
  )`;

const SCALE_ROWS = `
  ;; Y[i, k] = r[i] X[i, k] for rows [i0, i1), k < d (Y row stride ldy, X row stride ldx).
  (func (export "scaleRows")
    (param $Y i32) (param $ldy i32) (param $X i32) (param $ldx i32) (param $r i32) (param $i0 i32) (param $i1 i32) (param $d i32)
    (local $i i32) (local $k i32) (local $ri v128) (local $px i32) (local $py i32)
    ${forUp('i', get('i0'), get('i1'), c32(1), [
      set('ri', `(v128.load64_splat ${add(get('r'), shl(get('i'), 3))})`),
      set('px', add(get('X'), mul(get('i'), get('ldx')))),
      set('py', add(get('Y'), mul(get('i'), get('ldy')))),
      `${forUp('k', c32(0), `(i32.and ${get('d')} ${c32(-2)})`, c32(2), [
        `(v128.store ${add(get('py'), shl(get('k'), 3))} (f64x2.mul ${get('ri')} (v128.load ${add(get('px'), shl(get('k'), 3))})))`,
      ])}`,
      `(if (i32.and ${get('d')} ${c32(1)}) (then
        (f64.store ${add(get('py'), shl(get('k'), 3))} (f64.mul (f64x2.extract_lane 0 ${get('ri')}) (f64.load ${add(get('px'), shl(get('k'), 3))})))))`,
    ])}
  )`;

/** Gv[j] = sum_i [z_ij > 0] r_i z_ij over rows ascending, for 2V columns at once. */
function gvBlock(V: number): string {
  const vs = range(V);
  return `(block $gv${V}_end (loop $gv${V}_loop
      (br_if $gv${V}_end (i32.gt_u ${add(get('j'), c32(2 * V))} ${get('j1')}))
      ${spaced(vs.map((b) => set(`s${b}`, ZERO)))}
      ${set('p', add(get('Z'), shl(get('j'), 3)))}
      ${set('pr', get('r'))}
      ${set('i', get('n'))}
      (block $gvi${V}_end (loop $gvi${V}_loop
        (br_if $gvi${V}_end (i32.eqz ${get('i')}))
        ${set('ri', `(v128.load64_splat ${get('pr')})`)}
        ${lines(
          vs.flatMap((b) => [
            set('z', `(v128.load offset=${16 * b} ${get('p')})`),
            set(`s${b}`, `(f64x2.add ${get(`s${b}`)} (v128.and (f64x2.mul ${get('ri')} ${get('z')}) (f64x2.gt ${get('z')} ${ZERO})))`),
          ]),
          '        ',
        )}
        ${set('p', add(get('p'), get('ldz')))}
        ${set('pr', add(get('pr'), c32(8)))}
        ${set('i', `(i32.sub ${get('i')} ${c32(1)})`)}
        (br $gvi${V}_loop)))
      ${spaced(vs.map((b) => `(v128.store offset=${16 * b} ${add(get('Gv'), shl(get('j'), 3))} ${get(`s${b}`)})`))}
      ${set('j', add(get('j'), c32(2 * V)))}
      (br $gv${V}_loop)))`;
}

const GV = `
  ;; Gv[j] for columns [j0, j1) (j1 - j0 even) over rows [0, n) of Z (row stride ldz).
  (func (export "gv")
    (param $Gv i32) (param $Z i32) (param $ldz i32) (param $r i32) (param $n i32) (param $j0 i32) (param $j1 i32)
    (local $i i32) (local $j i32) (local $p i32) (local $pr i32) (local $ri v128) (local $z v128)
    ${spaced(range(8).map((b) => `(local $s${b} v128)`))}
    ${set('j', get('j0'))}
    ${gvBlock(8)}
    ${gvBlock(1)}
  )`;

/**
 * G[j, kb..kb+2V) (+)= sum over the list entries i of neuron j in chunk c of Y[i, kb..kb+2V):
 * ascending i, one accumulator per coordinate, so the order is the reference's.
 */
function gwBlock(V: number): string {
  const vs = range(V);
  const bound = (c: string) => `(i32.load ${add(get('bounds'), shl(add(mul(c, get('mp')), get('j')), 2))})`;
  return `(block $kb${V}_end (loop $kb${V}_loop
        (br_if $kb${V}_end (i32.gt_u ${add(get('kb'), c32(2 * V))} ${get('dp')}))
        ${forUp(
          'j',
          get('j0'),
          get('j1'),
          c32(1),
          [
            set('pg', add(add(get('G'), mul(get('j'), get('ldg'))), shl(get('kb'), 3))),
            `(if ${get('fresh')} (then
          ${spaced(vs.map((b) => set(`a${b}`, ZERO)))}) (else
          ${spaced(vs.map((b) => set(`a${b}`, `(v128.load offset=${16 * b} ${get('pg')})`)))}))`,
            set('pl', add(get('idx'), shl(mul(get('j'), get('cap')), 2))),
            set('p', add(get('pl'), shl(bound(get('c')), 2))),
            set('e', add(get('pl'), shl(bound(add(get('c'), c32(1))), 2))),
            `(block $l${V}_end (loop $l${V}_loop
            (br_if $l${V}_end (i32.ge_u ${get('p')} ${get('e')}))
            ${set('py', add(get('Yk'), `(i32.load ${get('p')})`))}
            ${lines(
              vs.map((b) => set(`a${b}`, `(f64x2.add ${get(`a${b}`)} (v128.load offset=${16 * b} ${get('py')}))`)),
              '            ',
            )}
            ${set('p', add(get('p'), c32(4)))}
            (br $l${V}_loop)))`,
            spaced(vs.map((b) => `(v128.store offset=${16 * b} ${get('pg')} ${get(`a${b}`)})`)),
          ],
          `j${V}`,
        )}
        ${set('kb', add(get('kb'), c32(2 * V)))}
        ${set('Yk', add(get('Yk'), c32(16 * V)))}
        (br $kb${V}_loop)))`;
}

const GW = `
  ;; G (m x dp, row stride ldg) for neurons [j0, j1): the lists of one row segment (idx, cap,
  ;; entries are byte offsets of rows in Y,
  ;; bounds with nchunks chunks) folded into G chunk by chunk (Y kept in cache); fresh != 0 means
  ;; this segment is the first (G starts at zero), else it adds to the segments before it.
  (func (export "gw")
    (param $G i32) (param $ldg i32) (param $Y i32) (param $ldy i32) (param $dp i32)
    (param $idx i32) (param $cap i32) (param $bounds i32) (param $mp i32) (param $nchunks i32)
    (param $j0 i32) (param $j1 i32) (param $first i32)
    (local $c i32) (local $j i32) (local $kb i32) (local $p i32) (local $e i32) (local $pl i32)
    (local $py i32) (local $pg i32) (local $Yk i32) (local $fresh i32)
    ${spaced(range(8).map((b) => `(local $a${b} v128)`))}
    ${forUp('c', c32(0), get('nchunks'), c32(1), [
      set('fresh', `(i32.and ${get('first')} (i32.eqz ${get('c')}))`),
      set('kb', c32(0)),
      set('Yk', get('Y')),
      gwBlock(8),
      gwBlock(4),
      gwBlock(2),
      gwBlock(1),
    ])}
  )`;

/** The module: four kernels over one imported shared memory (so helper threads can share it). */
export function stepWat(): string {
  return `;; Generated by scripts/step-wat.ts (scripts/build-wasm.ts); do not edit by hand.
(module
  (import "env" "memory" (memory 1 65536 shared))
${FORWARD}
${SCALE_ROWS}
${GV}
${GW}
)
`;
}
