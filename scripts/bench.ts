// `make bench`: the finite-n GD step against numpy at three sizes, the population step, memory,
// sweep throughput (--jobs 1 vs 2) and the warm path (`make`, `repro status` with everything
// cached). Prints one table, writes reports/bench/bench.json.
// Timings alternate ours and numpy round by round (same machine load for both) and keep each
// side's best round; GFLOP/s counts 4 n m d flops per step (the two n x m x d products).
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchInputs, timeSteps } from '../pipeline/sim/model.bench.ts';
import { timePopulationSteps } from '../pipeline/sim/population.bench.ts';
import { lossAndGradient, makeWorkspace } from '../pipeline/sim/model.ts';
import { relErr } from '../pipeline/testing/numeric.ts';

const ROOT = new URL('..', import.meta.url);
const SIZES: [number, number, number][] = [
  [1024, 32, 32],
  [4096, 64, 128],
  [16384, 128, 256],
];
const ROUNDS = 9;
const QUIESCE_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Flops per timed round of each variant (sets the steps per round). */
const ROUND_FLOPS = 4e8;
const flops = (n: number, d: number, m: number) => 4 * n * m * d;
const gf = (n: number, d: number, m: number, ms: number) => flops(n, d, m) / ms / 1e6;

type Json = Record<string, unknown>;

/** scripts/bench_numpy.py as a JSON-lines server. */
function numpyServer() {
  const child = spawn('python3', [new URL('bench_numpy.py', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    async ask(req: Json): Promise<Json> {
      child.stdin!.write(JSON.stringify(req) + '\n');
      const { value, done } = await lines.next();
      if (done) throw new Error('bench_numpy.py exited');
      return JSON.parse(value);
    },
    close() {
      child.stdin!.end(JSON.stringify({ cmd: 'quit' }) + '\n');
    },
  };
}
type Numpy = ReturnType<typeof numpyServer>;

function machine(): Json {
  const lscpu = spawnSync('lscpu', { encoding: 'utf8' }).stdout ?? '';
  const field = (name: string) => lscpu.match(new RegExp(`^${name}:\\s*(.+)$`, 'm'))?.[1].trim() ?? null;
  return {
    cpu: field('Model name'),
    cores: cpus().length,
    threads_per_core: field('Thread\\(s\\) per core'),
    l2: field('L2 cache'),
    l3: field('L3 cache'),
    node: process.version,
    loadavg_start: loadavg()[0],
  };
}

/** Same inputs on both sides: loss and gradients must agree to rounding. */
async function agreement(np: Numpy, n: number, d: number, m: number): Promise<Json> {
  const ref = await np.ask({ cmd: 'check', n, d, m });
  const inp = benchInputs(n, d, m);
  const ws = makeWorkspace(n, d, m);
  const L = lossAndGradient('square', inp.X, inp.y, inp.W, inp.v, ws);
  return {
    loss: Math.abs(L - (ref.loss as number)) / Math.abs(ref.loss as number),
    gW: relErr(ws.GW, ref.gW as number[]),
    gv: relErr(ws.Gv, ref.gv as number[]),
  };
}

async function stepRow(np: Numpy, n: number, d: number, m: number): Promise<Json> {
  const steps = Math.max(2, Math.round(ROUND_FLOPS / flops(n, d, m)));
  const ours = [1, 2].map((threads) => ({ threads, inp: benchInputs(n, d, m), ws: makeWorkspace(n, d, m, { threads }), ms: [] as number[] }));
  const numpy = [2, 1].map((threads) => ({ threads, ms: [] as number[] }));
  for (const o of ours) timeSteps(o.inp, o.ws, 3); // tier-up and first-touch outside the rounds
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of numpy) p.ms.push((await np.ask({ cmd: 'steps', n, d, m, steps, threads: p.threads })).ms as number);
    // OpenBLAS's idle threads spin for a while after a call; let them park before our 2-thread round.
    await sleep(QUIESCE_MS);
    for (const o of ours) o.ms.push(timeSteps(o.inp, o.ws, steps));
  }
  const best = (xs: number[]) => Math.min(...xs);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const side = (ms: number[]) => ({ ms: best(ms), median_ms: median(ms), gflops: gf(n, d, m, best(ms)) });
  return {
    n,
    d,
    m,
    steps_per_round: steps,
    rounds: ROUNDS,
    ours_1t: side(ours[0].ms),
    ours_2t: side(ours[1].ms),
    numpy_2t: side(numpy[0].ms),
    numpy_1t: side(numpy[1].ms),
    ratio_2t: best(ours[1].ms) / best(numpy[0].ms),
    ratio_1t: best(ours[0].ms) / best(numpy[1].ms),
    agreement: await agreement(np, n, d, m),
  };
}

/** A child node process running one of model.bench.ts's memory modes. */
function childRss(args: (string | number)[]): Json {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'pipeline/sim/model.bench.ts', 'rss', ...args.map(String)], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memory child failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function memory(): Json {
  const big = childRss([16384, 128, 256, 20, 2]);
  const long = childRss([1024, 32, 32, 10_000, 1]);
  return { peak_rss_16384x128x256_20_steps: big.max_rss, long_run_1024x32x32: { steps: 10_000, rss_before: long.rss_before, rss_after: long.rss_after } };
}

const repro = (args: string[], what: string): void => {
  const r = spawnSync(process.execPath, ['bin/repro.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`);
};

/** Wall seconds of fn, best of `times` calls. */
function bestOf(times: number, fn: () => void): number {
  const s: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    fn();
    s.push((performance.now() - t0) / 1000);
  }
  return Math.min(...s);
}

function writeSweep(dir: string, name: string, base: string, count: number): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `experiment: ${name}`,
      `title: ${name}`,
      'description: Runs for the throughput benchmark.',
      `base: ${base}`,
      `seeds: { from: 0, count: ${count} }`,
      'profiles:',
      '  quick: {}',
      'figures: []',
      '',
    ].join('\n'),
  );
  return file;
}

/** 200 small runs through the CLI with --jobs 1 and 2 (cold cache, best of 2 each), then again warm. */
function sweep(dir: string): Json {
  const file = writeSweep(dir, 'bench-sweep', '{ n: 1000, d: 10, m: 20, sigma: 1.0e-3, lr: 0.5, steps: 500 }', 200);
  const timeRun = (jobs: number, cache: string) =>
    bestOf(1, () =>
      repro(
        ['run', file, '--profile', 'quick', '--jobs', String(jobs), '--cache', join(dir, cache), '--lock', join(dir, `${cache}.lock.json`)],
        `sweep --jobs ${jobs}`,
      ),
    );
  const out: Json = { runs: 200, shape: 'n=1000 d=10 m=20, 500 GD steps each' };
  // Alternate 1 and 2 jobs (same machine load for both), each with a fresh cache; keep the best.
  const cold: Record<number, number[]> = { 1: [], 2: [] };
  for (let round = 0; round < 2; round++) {
    for (const jobs of [1, 2]) {
      rmSync(join(dir, `cold${jobs}`), { recursive: true, force: true });
      cold[jobs].push(timeRun(jobs, `cold${jobs}`));
    }
  }
  out.jobs1_cold_s = Math.min(...cold[1]);
  out.jobs2_cold_s = Math.min(...cold[2]);
  out.speedup = (out.jobs1_cold_s as number) / (out.jobs2_cold_s as number);
  out.jobs2_warm_s = timeRun(2, 'cold2');
  return out;
}

/** `make` with everything cached, and `repro status` over 1,000 cached runs (best of 3 each). */
function warmPath(dir: string): Json {
  repro(['run', '--profile', 'quick'], 'make run (to warm the cache)');
  const make = bestOf(3, () => {
    const r = spawnSync('make', ['--no-print-directory'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`make failed: ${r.stderr}`);
  });
  const file = writeSweep(dir, 'bench-status', '{ n: 64, d: 4, m: 4, sigma: 1.0e-2, lr: 0.2, steps: 20 }', 1000);
  const cache = join(dir, 'status-cache');
  repro(['run', file, '--profile', 'quick', '--cache', cache, '--lock', join(dir, 'status.lock.json')], 'status runs');
  const status = bestOf(3, () => repro(['status', file, '--profile', 'quick', '--cache', cache], 'repro status'));
  return { make_warm_s: make, status_1000_s: status, status_runs: 1000 };
}

const fmt = (x: number, digits = 2) => x.toFixed(digits);
const mb = (bytes: unknown) => `${((bytes as number) / 2 ** 20).toFixed(0)} MiB`;

function sweepLines(sw: Json, warm: Json): string[] {
  return [
    `sweep: ${sw.runs} runs (${sw.shape}), cold cache: --jobs 1 ${fmt(sw.jobs1_cold_s as number)} s, --jobs 2 ${fmt(sw.jobs2_cold_s as number)} s: speed-up ${fmt(sw.speedup as number)}x (target >= 1.8); warm ${fmt(sw.jobs2_warm_s as number)} s`,
    `warm path: make with everything cached ${fmt(warm.make_warm_s as number)} s (target <= 2); repro status over ${warm.status_runs} cached runs ${fmt(warm.status_1000_s as number)} s (target <= 0.5)`,
  ];
}

function table(res: Json): string {
  const peak = res.dgemm_peak as Json;
  const rows = (res.step as Json[]).map((r) => {
    const s = (k: string) => r[k] as { ms: number; gflops: number };
    return (
      `${`${r.n}x${r.d}x${r.m}`.padEnd(15)} ${fmt(s('ours_1t').ms).padStart(8)} ${fmt(s('ours_1t').gflops, 1).padStart(6)}` +
      ` ${fmt(s('ours_2t').ms).padStart(8)} ${fmt(s('ours_2t').gflops, 1).padStart(6)}` +
      ` ${fmt(s('numpy_2t').ms).padStart(8)} ${fmt(s('numpy_2t').gflops, 1).padStart(6)} ${fmt(s('numpy_1t').ms).padStart(8)}` +
      ` ${fmt(r.ratio_2t as number).padStart(6)} ${fmt(r.ratio_1t as number).padStart(6)}`
    );
  });
  const pop = res.population as Json;
  const mem = res.memory as Json;
  const long = mem.long_run_1024x32x32 as Json;
  const agree = (res.step as Json[]).map((r) => r.agreement as Json);
  const worst = (k: string) => Math.max(...agree.map((a) => a[k] as number)).toExponential(1);
  return [
    `machine: ${(res.machine as Json).cpu}, ${(res.machine as Json).cores} cores, node ${(res.machine as Json).node}; load average ${fmt((res.machine as Json).loadavg_start as number)} at start, ${fmt(res.loadavg_end as number)} at end`,
    `numpy ${(res.numpy as Json).numpy} / ${(res.numpy as Json).openblas_config} (core ${(res.numpy as Json).openblas_core}, ${(res.numpy as Json).threads} threads by default)`,
    ...((res.loadavg_end as number) > 1.5 || ((res.machine as Json).loadavg_start as number) > 1.5
      ? ['WARNING: the machine was busy (load average > 1.5): two-thread timings on 2 cores are not reliable; rerun when idle']
      : []),
    `DGEMM 2048^2 peak (numpy): 1 thread ${fmt(peak.t1 as number, 1)} GFLOP/s, 2 threads ${fmt(peak.t2 as number, 1)} GFLOP/s`,
    'GD step (forward, loss, both gradients, update); best of rounds; GFLOP/s = 4 n m d / time',
    'n x d x m         ours 1T        ours 2T       numpy 2T     numpy 1T  ratio  ratio',
    '                    ms  GF/s       ms  GF/s       ms  GF/s       ms   2T/2T  1T/1T',
    ...rows,
    `ours vs numpy on the same inputs: max relative difference loss ${worst('loss')}, dL/dW ${worst('gW')}, dL/dv ${worst('gv')}`,
    `population step (m=${pop.m}, d=${pop.d}): ${fmt(pop.ms as number, 3)} ms (finite n at 4096x64x128, 1 thread: ${fmt(((res.step as Json[])[1].ours_1t as Json).ms as number, 3)} ms)`,
    `memory: peak RSS ${mb(mem.peak_rss_16384x128x256_20_steps)} (16384x128x256, 2 threads); 10,000 steps at 1024x32x32: RSS ${mb(long.rss_before)} -> ${mb(long.rss_after)}`,
    ...sweepLines(res.sweep as Json, res.warm as Json),
  ].join('\n');
}

async function main(): Promise<void> {
  const t0 = performance.now();
  if (spawnSync('python3', ['-c', 'import numpy']).status !== 0) throw new Error('make bench compares against numpy: it needs python3 with numpy installed');
  const np = numpyServer();
  try {
    const res: Json = { machine: machine(), numpy: await np.ask({ cmd: 'info' }), flop_formula: '4 n m d per step' };
    res.dgemm_peak = { size: 2048, t1: (await np.ask({ cmd: 'dgemm', threads: 1 })).gflops, t2: (await np.ask({ cmd: 'dgemm', threads: 2 })).gflops };
    const rows: Json[] = [];
    for (const [n, d, m] of SIZES) rows.push(await stepRow(np, n, d, m));
    res.step = rows;
    res.population = { m: 128, d: 64, ms: Math.min(...[0, 1, 2].map(() => timePopulationSteps(128, 64, 50))) };
    res.memory = memory();
    const scratch = mkdtempSync(join(tmpdir(), 'repro-bench-'));
    try {
      res.sweep = sweep(scratch);
      res.warm = warmPath(scratch);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    res.bench_seconds = (performance.now() - t0) / 1000;
    res.loadavg_end = loadavg()[0];
    console.log(table(res));
    const dir = new URL('reports/bench/', ROOT);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL('bench.json', dir), JSON.stringify(res, null, 2) + '\n');
    console.log(`wrote reports/bench/bench.json (${fmt(res.bench_seconds as number, 0)} s)`);
  } finally {
    np.close();
  }
}

await main();
