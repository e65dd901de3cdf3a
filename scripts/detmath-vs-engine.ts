// How many results of pipeline/sim/detmath.ts differ bit-wise from the running engine's Math.* on
// the same random inputs (the accuracy test's generators, fixed seed). Run it under each Node:
//   node --import tsx scripts/detmath-vs-engine.ts [n]
//   /path/to/node-24/bin/node --import tsx scripts/detmath-vs-engine.ts 1000000
// detmath's own bits are the same under every Node (pinned in detmath.test.ts); what changes is
// the engine column. Extra rows give pow and 10**x on the ranges the simulator uses.
import * as D from '../pipeline/sim/detmath.ts';
import { FUNCS, Sampler, engineAgreement, sameBits } from '../pipeline/testing/detmath-samples.ts';

const n = Number(process.argv[2] ?? 1_000_000);
console.log(`node ${process.version}, V8 ${process.versions.v8}: identical results out of ${n} per function`);
for (const spec of FUNCS) {
  const a = engineAgreement(spec, n);
  console.log(`${spec.name.padEnd(28)} ${String(a.n - a.differ).padStart(8)}${a.differ ? `  (${a.differ} differ, e.g. ${a.example})` : ''}`);
}

function practical(name: string, gen: (r: Sampler) => [number, number]) {
  const r = new Sampler(77);
  let same = 0;
  for (let i = 0; i < n; i++) {
    const [x, y] = gen(r);
    if (sameBits(D.pow(x, y), Math.pow(x, y))) same++; // engine-math: allow (the comparison itself)
  }
  console.log(`${name.padEnd(28)} ${String(same).padStart(8)}${same < n ? `  (${n - same} differ)` : ''}`);
}
practical('pow, x<1e3, |y|<=50', (r) => [r.range(0, 1000), r.range(-50, 50)]);
practical('10**x, |x|<=20', (r) => [10, r.range(-20, 20)]);
