// Runs built from formulas instead of the simulator: the synthetic negative controls (a curve
// the theory says a check must reject) and the checks' unit tests.
import { analyzeView } from '../views.ts';
import { DEFAULT_ANALYSIS } from '../defaults.ts';
import { DEFAULT_SPEC, METRIC_COLUMNS, type RunSpec, type Table } from '../../sim/types.ts';
import type { AnalysisThresholds, AnalyzedRun } from '../types.ts';

export type Column = (typeof METRIC_COLUMNS)[number];

/** A metrics table from per-column functions of the step (unset columns are 0; time = lr · step). */
export function syntheticTable(steps: number[], cols: Partial<Record<Column, (s: number) => number>>, lr = 1): Table {
  const data: Record<string, Float64Array> = {};
  for (const c of METRIC_COLUMNS) data[c] = Float64Array.from(steps, (s) => (cols[c] ? cols[c]!(s) : c === 'step' ? s : c === 'time' ? lr * s : 0));
  return { columns: [...METRIC_COLUMNS], data };
}

let counter = 0;

export function syntheticRun(
  spec: Partial<RunSpec>,
  steps: number[],
  cols: Partial<Record<Column, (s: number) => number>>,
  opts: { analysis?: AnalysisThresholds; neurons?: Table; key?: string } = {},
): AnalyzedRun {
  const full: RunSpec = { ...DEFAULT_SPEC, ...spec };
  return analyzeView(
    {
      key: opts.key ?? `synthetic-${counter++}`,
      experiment: 'synthetic',
      params: { seed: full.seed },
      spec: full,
      status: 'ok',
      metrics: syntheticTable(steps, cols, full.lr ?? 1),
      neurons: opts.neurons ?? { columns: [], data: {} },
    },
    opts.analysis ?? DEFAULT_ANALYSIS,
  );
}
