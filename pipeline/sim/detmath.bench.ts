// Nanoseconds per call of each detmath function against the engine's Math.* on 1e6 inputs.
//   node --import tsx pipeline/sim/detmath.bench.ts [n]
// Two input sets: "typical" (the ranges the simulator and figures use) and "mixed" (the accuracy
// test's inputs: wide magnitudes, subnormals, huge sin/cos arguments that need Payne-Hanek).
// Every timed loop is a separate function (new Function) so its call site stays monomorphic and
// both sides can be inlined; the sum of the finite results is printed so no loop is dead code.
import { FUNCS, Sampler, randomInputs, type FnSpec } from '../testing/detmath-samples.ts';

const N = Number(process.argv[2] ?? 1_000_000);

function typicalInputs(fn: string, n: number): Float64Array {
  const r = new Sampler(12345);
  const two = fn === 'atan2' || fn === 'hypot' || fn === 'pow';
  const out = new Float64Array(two ? 2 * n : n);
  for (let i = 0; i < n; i++) {
    switch (fn) {
      case 'exp':
      case 'expm1':
      case 'tanh':
        out[i] = r.range(-30, 30);
        break;
      case 'log':
      case 'log2':
      case 'log10':
        out[i] = r.range(0, 1000) || 1;
        break;
      case 'log1p':
        out[i] = r.range(-0.99, 100);
        break;
      case 'sin':
      case 'cos':
        out[i] = r.range(-10, 10);
        break;
      case 'atan':
        out[i] = r.range(-10, 10);
        break;
      case 'exp10':
        out[i] = r.range(-20, 20);
        break;
      case 'atan2':
      case 'hypot':
        out[2 * i] = r.range(-10, 10);
        out[2 * i + 1] = r.range(-10, 10);
        break;
      case 'pow':
        out[2 * i] = r.range(0, 1000);
        out[2 * i + 1] = r.range(-50, 50);
        break;
    }
  }
  return out;
}

type Loop = (f: unknown, a: Float64Array, n: number) => number;
function makeLoop(arity: number): Loop {
  const body =
    arity === 1
      ? 'let s = 0; for (let i = 0; i < n; i++) { const v = f(a[i]); if (v - v === 0) s += v; } return s;'
      : 'let s = 0; for (let i = 0; i < n; i++) { const v = f(a[2 * i], a[2 * i + 1]); if (v - v === 0) s += v; } return s;';
  return new Function('f', 'a', 'n', body) as Loop;
}

/** Best of 5 timed passes after 2 warm-up passes, in ns per call. */
function time(f: unknown, arity: number, args: Float64Array, n: number, sink: { s: number }): number {
  const loop = makeLoop(arity);
  sink.s += loop(f, args, n);
  sink.s += loop(f, args, n);
  let best = Infinity;
  for (let k = 0; k < 5; k++) {
    const t0 = process.hrtime.bigint();
    sink.s += loop(f, args, n);
    const dt = Number(process.hrtime.bigint() - t0) / n;
    if (dt < best) best = dt;
  }
  return best;
}

function row(spec: FnSpec, sink: { s: number }): string[] {
  const typ = typicalInputs(spec.name, N);
  const mix = randomInputs(spec.name, N);
  const dT = time(spec.det, spec.arity, typ, N, sink);
  const mT = time(spec.engine, spec.arity, typ, N, sink);
  const dM = time(spec.det, spec.arity, mix, N, sink);
  const mM = time(spec.engine, spec.arity, mix, N, sink);
  return [spec.name, dT.toFixed(1), mT.toFixed(1), (dT / mT).toFixed(2), dM.toFixed(1), mM.toFixed(1), (dM / mM).toFixed(2)];
}

const sink = { s: 0 };
const head = ['function', 'detmath ns', 'Math ns', 'ratio', 'detmath ns', 'Math ns', 'ratio'];
const rows = FUNCS.map((spec) => row(spec, sink));
const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  ');
console.log(`detmath vs Math.* — ${N} calls per cell, best of 5; node ${process.version} (V8 ${process.versions.v8})`);
console.log(`${''.padEnd(widths[0])}  ${'typical inputs'.padEnd(widths[1] + widths[2] + widths[3] + 4)}  mixed inputs (accuracy-test set)`);
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log(`(checksum ${sink.s})`);
