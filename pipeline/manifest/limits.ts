// What a run will cost, from its spec alone, before anything is allocated: the memory its arrays
// take and the time it runs. `repro validate` and `repro run` refuse a run past a limit (one line
// at the field to blame, with the estimate, the limit and how to raise it), so `n: 1e8` is not an
// out-of-memory kill after minutes and `steps: 1e15` is not a hang.
// Memory counts what the simulator allocates (sim/data.ts, sim/kernels/step.ts, sim/metrics.ts,
// sim/population.ts, sim/flow.ts) plus its logged rows three times over (the growing JS arrays,
// the finished columns and their CSV text); time is the cost model of cost.ts at its measured
// rate, plus the logged rows, drawing the data and building the log-spaced grids. Checked against
// measurements (peak RSS, wall time) from n = 2e6 to m = 2000: memory within 0.5-2x, time 0.3-8x
// (it errs long for population runs).
import { getHeapStatistics } from 'node:v8';
import { UserError } from '../errors.ts';
import { runCost } from './cost.ts';
import { ManifestError } from './errors.ts';
import { gridPoints } from './expand.ts';
import type { Blame } from './rules.ts';
import { DEFAULT_SPEC, METRIC_COLUMNS, NEURON_COLUMNS, type RunSpec } from '../sim/types.ts';
import type { Manifest, SpecKey } from './types.ts';

export interface Limits {
  /** Bytes one run may allocate. */
  memory: number;
  /** Seconds one run may take. */
  seconds: number;
}

/** A run of the paper profile takes under 10 s and 100 MiB: these leave ample room. */
export const DEFAULT_LIMITS: Limits = { memory: 4 * 2 ** 30, seconds: 300 };
/** The simulator's finite-n kernels live in one wasm32 memory: no flag raises this. */
export const WASM_MEMORY = 4 * 2 ** 30;
/** V8 aborts the process (a native fatal error, not an exception) when a JS array grows past ~1.1e8 elements. */
export const MAX_ARRAY = 1e8;

export interface Estimate {
  bytes: number;
  /** Of which in the wasm memory of the kernels (train and test workspaces). */
  wasmBytes: number;
  /** Of which on the JavaScript heap (logged rows, their CSV text, flow's output times). */
  heapBytes: number;
  /** The longest JavaScript array the run grows (a logged column, flow's output times). */
  longestArray: number;
  seconds: number;
}

// Measured on the paper profile (cost.ts): wall ms per cost unit.
const MS_PER_UNIT = 0.56e-6;
// Building a log-spaced grid (sim/schedule.ts): per candidate point; drawing the data: per normal.
const GRID_NS_PER_POINT = 150;
const DATA_NS_PER_VALUE = 200;
// A logged value: a double in a growing array, its Float64Array column, and ~24 bytes of CSV text.
const BYTES_PER_VALUE = 8 + 8 + 24;
const padded = (x: number): number => x + (x & 1);

/** Bytes of one finite-n kernel workspace (sim/kernels/step.ts: X, W^T, Z, f, r, Y, G, activation lists). */
function kernelBytes(n: number, d: number, m: number): number {
  const [np, dp, mp] = [padded(n), padded(d), padded(m)];
  return 8 * np * d + 8 * dp * mp + 8 * np * mp * (mp === m ? 1 : 2) + 16 * np + 8 * np * (dp + 8) + 8 * mp * (dp + 8) + 4 * mp * (np + 64);
}

/** Candidate points of a log grid with `perDecade` points per decade from `from` to `to` (what its loop visits). */
const gridPointsBetween = (from: number, to: number, perDecade: number): number => perDecade * Math.max(0, Math.log10(to) - Math.log10(from)) + 2;

export function estimateRun(s: RunSpec): Estimate {
  const { d, m } = s;
  const n = s.n ?? 0;
  const flow = s.method === 'flow';
  const test = s.task === 'classification' ? s.n_test : 0;
  // Log grids: gd's steps (deduplicated, so at most steps + 1 rows) or flow's times (one row each
  // reached, at most one per accepted solver step); the neurons' grid has at most 5 per decade.
  const candidates = flow ? gridPointsBetween(1e-2, s.t_max ?? 1, s.log_per_decade) : gridPointsBetween(1, Math.max(1, s.steps), s.log_per_decade);
  const rows = Math.min(candidates, s.steps + 2);
  const neuronPerDecade = Math.min(5, s.log_per_decade);
  const neuronRows = Math.min(flow ? gridPointsBetween(1e-2, s.t_max ?? 1, neuronPerDecade) : gridPointsBetween(1, s.steps, neuronPerDecade), s.steps + 2);

  const wasmBytes = (n ? kernelBytes(n, d, m) : 0) + (test ? kernelBytes(test, d, m) : 0);
  const data = 8 * (n + test) * (d + 1) + n * m; // X, y (train and test) and the activation pattern
  const weights = 8 * m * d * (flow ? 16 : 8) + 16 * m * m; // W, W0, gradients (flow: its stages), population workspace
  const grid = flow ? 8 * candidates : 0; // flow keeps its output times in an array
  const logged = BYTES_PER_VALUE * (rows * METRIC_COLUMNS.length + neuronRows * m * NEURON_COLUMNS.length);
  const heapBytes = grid + logged;
  const bytes = wasmBytes + data + weights + heapBytes;
  const longestArray = Math.max(flow ? candidates : rows, neuronRows * m);

  const perRow = 5 * m * m * d + m * d + test * m * d; // population loss, per-neuron values, test loss
  const units = runCost(s) + rows * perRow + neuronRows * m * NEURON_COLUMNS.length;
  const seconds = (units * MS_PER_UNIT) / 1000 + (candidates * GRID_NS_PER_POINT + (n + test) * d * DATA_NS_PER_VALUE) / 1e9;
  return { bytes, wasmBytes, heapBytes, longestArray, seconds };
}

/** "512 MiB", "8.0 GiB", "3.2 TiB". */
export function formatSize(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let i = 0;
  while (bytes >= 1024 && i < units.length - 1) [bytes, i] = [bytes / 1024, i + 1];
  return i === 0 ? `${bytes} bytes` : `${bytes < 10 ? bytes.toFixed(1) : Math.round(bytes)} ${units[i]}`;
}

/** "45 s", "12 min", "3.5 h", "2e+9 years". */
export function formatSeconds(s: number): string {
  if (s < 90) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 86400 * 3) return `${(s / 3600).toFixed(1)} h`;
  const days = s / 86400;
  return days < 730 ? `${Math.round(days)} days` : `${(days / 365).toPrecision(2)} years`;
}

/** The keys an estimate depends on, most likely culprit first when two weigh the same. */
const SIZE_KEYS: SpecKey[] = ['n', 'm', 'd', 'steps', 'log_per_decade', 't_max', 'n_test'];

/** The written key whose default would shrink `measure` the most: the field a message points at. */
function culprit(spec: RunSpec, blame: Blame, measure: (s: RunSpec) => number): SpecKey | null {
  let best: SpecKey | null = null;
  let smallest = measure(spec);
  for (const key of SIZE_KEYS) {
    if (!blame(key) || spec[key] === null) continue;
    const value = measure({ ...spec, [key]: DEFAULT_SPEC[key] ?? 1 });
    if (value < smallest) [best, smallest] = [key, value];
  }
  return best;
}

/** Throws a ManifestError at the field to blame for the first run of `m` past a limit (`heapLimit`: V8's, in bytes). */
export function checkLimits(m: Manifest, limits: Limits, heapLimit = getHeapStatistics().heap_size_limit): void {
  for (const { spec, blame } of gridPoints(m)) {
    const e = estimateRun(spec);
    const fail = (measure: (s: RunSpec) => number, detail: string): never => {
      const key = culprit(spec, blame, measure);
      throw ManifestError.at(m.file, (key && blame(key)) || m.origins.root, detail);
    };
    if (e.wasmBytes > WASM_MEMORY)
      fail(
        (s) => estimateRun(s).wasmBytes,
        `a run needs about ${formatSize(e.wasmBytes)} of kernel memory (n, d and m), over the ${formatSize(WASM_MEMORY)} a wasm32 memory holds; no flag raises this`,
      );
    if (e.longestArray > MAX_ARRAY)
      fail(
        (s) => estimateRun(s).longestArray,
        `a run would log about ${e.longestArray.toPrecision(2)} values in one array, over the ~${MAX_ARRAY.toPrecision(1)} a JavaScript array holds; no flag raises this (fewer logged points: log_per_decade, steps, t_max)`,
      );
    if (e.heapBytes > heapLimit)
      fail(
        (s) => estimateRun(s).heapBytes,
        `a run logs about ${formatSize(e.heapBytes)}, over the ${formatSize(heapLimit)} JavaScript heap (raise it with NODE_OPTIONS=--max-old-space-size=MB)`,
      );
    if (e.bytes > limits.memory)
      fail(
        (s) => estimateRun(s).bytes,
        `a run needs about ${formatSize(e.bytes)} of memory, over the limit of ${formatSize(limits.memory)} (raise it with --max-memory SIZE or REPRO_MAX_MEMORY)`,
      );
    if (e.seconds > limits.seconds)
      fail(
        (s) => estimateRun(s).seconds,
        `a run takes about ${formatSeconds(e.seconds)}, over the limit of ${formatSeconds(limits.seconds)} per run (raise it with --max-time DURATION or REPRO_MAX_TIME)`,
      );
  }
}

const SIZE_UNITS: Record<string, number> = { '': 1, B: 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** "4G", "500MiB", "1.5 GB", "123456": bytes (binary units). */
export function parseSize(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(?:([KMGT])(?:i?B)?|(B))?$/i.exec(value.trim());
  const bytes = m ? Number(m[1]) * SIZE_UNITS[(m[2] ?? m[3] ?? '').toUpperCase()] : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) throw new UserError(`${flag}: expected a size such as 500M or 8G, got '${value}'`);
  return Math.floor(bytes);
}

const TIME_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, min: 60, h: 3600, d: 86400 };

/** "90", "90s", "10m", "2h", "1d": seconds. */
export function parseDuration(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d)?$/i.exec(value.trim());
  const seconds = m ? Number(m[1]) * TIME_UNITS[(m[2] ?? '').toLowerCase()] : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UserError(`${flag}: expected a duration such as 90s, 10m or 2h, got '${value}'`);
  return seconds;
}

/** The limits from the flags, else $REPRO_MAX_MEMORY and $REPRO_MAX_TIME, else the defaults. */
export function resolveLimits(flags: { memory?: string; time?: string }, env: NodeJS.ProcessEnv = process.env): Limits {
  const memory = flags.memory ?? (env.REPRO_MAX_MEMORY || undefined);
  const time = flags.time ?? (env.REPRO_MAX_TIME || undefined);
  return {
    memory: memory === undefined ? DEFAULT_LIMITS.memory : parseSize(flags.memory ? '--max-memory' : 'REPRO_MAX_MEMORY', memory),
    seconds: time === undefined ? DEFAULT_LIMITS.seconds : parseDuration(flags.time ? '--max-time' : 'REPRO_MAX_TIME', time),
  };
}
