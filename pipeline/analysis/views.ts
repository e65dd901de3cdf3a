// Cached run files -> RunView (the figures' input): parsed tables plus phase analyses with the
// manifest's thresholds. Pure: the files are the bytes the cache verified (store.ts openEntry).
import { parseCsv } from '../sim/encode.ts';
import { analyzePhases, phaseOptionsFor } from './phases.ts';
import { decodeNpy } from '../sim/npy.ts';
import { analyzeWangMa, wangMaOptions } from './wangma.ts';
import type { AnalysisThresholds, AnalyzedRun, RunArrays, RunInput, RunView } from './types.ts';
import type { RunStatus, Table } from '../sim/types.ts';

const EMPTY: Table = { columns: [], data: {} };

const decoder = new TextDecoder();

/** One cache entry's files, name -> bytes (null when the run has no sound entry). */
export type RunFiles = Record<string, Uint8Array> | null;

/** The view of one run from its entry's files (null when there is none, or no result.json). */
export function readRunView(run: RunInput, key: string, files: RunFiles, analysis: AnalysisThresholds): AnalyzedRun | null {
  const text = (name: string): string | null => (files?.[name] ? decoder.decode(files[name]) : null);
  const resultText = text('result.json');
  if (resultText === null) return null;
  const result = JSON.parse(resultText) as { status: RunStatus; message?: string | null };
  const table = (name: string): Table => {
    const csv = text(name);
    return csv === null ? EMPTY : parseCsv(csv);
  };
  const metrics = table('metrics.csv');
  const neurons = table('neurons.csv');
  const view = analyzeView(
    { key, experiment: run.experiment, params: run.params, spec: run.spec, status: result.status, message: result.message ?? null, metrics, neurons },
    analysis,
  );
  return { ...view, arrays: arraysLoader(ARRAYS.map((name) => files?.[`${name}.npy`])) };
}

const ARRAYS = ['beta', 'W0', 'v0', 'W', 'v'] as const;

/** Decodes the entry's .npy arrays on first call (null when one is absent, e.g. a failed run). */
function arraysLoader(npy: (Uint8Array | undefined)[]): () => RunArrays | null {
  let cached: RunArrays | null | undefined;
  return () => {
    if (cached === undefined) {
      cached = npy.every((b) => b !== undefined)
        ? (Object.fromEntries(ARRAYS.map((name, i) => [name, decodeNpy(npy[i]!).data])) as unknown as RunArrays)
        : null;
    }
    return cached;
  };
}

export function analyzeView(base: Omit<RunView, 'phases' | 'wm_phases'>, analysis: AnalysisThresholds): AnalyzedRun {
  const hasRows = base.metrics.columns.length > 0 && base.metrics.data[base.metrics.columns[0]].length > 0;
  const regression = base.spec.task === 'regression';
  const phases =
    hasRows && regression ? analyzePhases(base.metrics, phaseOptionsFor(base.spec, analysis), base.spec.method === 'flow' ? 'time' : 'step') : null;
  const wm = hasRows && !regression ? analyzeWangMa(base.metrics, base.spec, wangMaOptions(analysis)) : null;
  return { ...base, phases, wm_phases: wm ? { boundaries: wm.boundaries } : null, wm, truncated: hasRows ? truncation(base) : null };
}

/**
 * Why a gradient-flow run ended before its horizon t_max although it neither converged nor
 * diverged — the solver's step cap — or null. Such a run is incomplete, not a result.
 */
export function truncation(run: Pick<RunView, 'spec' | 'status' | 'metrics'>): string | null {
  const { spec, metrics } = run;
  if (run.status !== 'ok' || spec.method !== 'flow' || spec.t_max === null) return null;
  const t = metrics.data.time,
    L = metrics.data.train_loss;
  const last = t.length - 1;
  if (last < 0 || t[last] >= spec.t_max * (1 - 1e-9)) return null;
  if (spec.stop_loss > 0 && L[last] <= spec.stop_loss) return null;
  return `the solver's step cap (${spec.steps} steps) stopped it at t = ${+t[last].toPrecision(3)} < t_max = ${spec.t_max}`;
}

/** Last value of a metric column (NaN when absent). */
export function finalValue(run: RunView, column: string): number {
  const col = run.metrics.data[column];
  return col && col.length ? col[col.length - 1] : NaN;
}
