// Cached run files -> RunView (the figures' input): parsed tables plus phase analyses with the
// manifest's thresholds. Pure except for reading the entry's files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../sim/encode.ts';
import { analyzePhases, phaseOptionsFor } from './phases.ts';
import { decodeNpy } from '../sim/npy.ts';
import { analyzeWangMa, wangMaOptions } from './wangma.ts';
import type { AnalysisThresholds, AnalyzedRun, RunArrays, RunInput, RunView } from './types.ts';
import type { RunStatus, Table } from '../sim/types.ts';

const EMPTY: Table = { columns: [], data: {} };

/** Reads one cache entry directory (null when it is absent). */
export function readRunView(run: RunInput, key: string, entryDir: string, analysis: AnalysisThresholds): AnalyzedRun | null {
  const resultPath = join(entryDir, 'result.json');
  if (!existsSync(resultPath)) return null;
  const result = JSON.parse(readFileSync(resultPath, 'utf8')) as { status: RunStatus; message?: string | null };
  const metricsPath = join(entryDir, 'metrics.csv');
  const metrics = existsSync(metricsPath) ? parseCsv(readFileSync(metricsPath, 'utf8')) : EMPTY;
  const neuronsPath = join(entryDir, 'neurons.csv');
  const neurons = existsSync(neuronsPath) ? parseCsv(readFileSync(neuronsPath, 'utf8')) : EMPTY;
  const view = analyzeView(
    { key, experiment: run.experiment, params: run.params, spec: run.spec, status: result.status, message: result.message ?? null, metrics, neurons },
    analysis,
  );
  return { ...view, arrays: arraysLoader(entryDir) };
}

const ARRAYS = ['beta', 'W0', 'v0', 'W', 'v'] as const;

/** Reads the entry's .npy arrays on first call (null when one is absent, e.g. a failed run). */
function arraysLoader(entryDir: string): () => RunArrays | null {
  let cached: RunArrays | null | undefined;
  return () => {
    if (cached === undefined) {
      const paths = ARRAYS.map((name) => join(entryDir, `${name}.npy`));
      cached = paths.every(existsSync)
        ? (Object.fromEntries(ARRAYS.map((name, i) => [name, decodeNpy(new Uint8Array(readFileSync(paths[i]))).data])) as unknown as RunArrays)
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
  const wm = hasRows && !regression ? analyzeWangMa(base.metrics, wangMaOptions(analysis)) : null;
  return { ...base, phases, wm_phases: wm ? { boundaries: wm.boundaries } : null, wm };
}

/** Last value of a metric column (NaN when absent). */
export function finalValue(run: RunView, column: string): number {
  const col = run.metrics.data[column];
  return col && col.length ? col[col.length - 1] : NaN;
}
