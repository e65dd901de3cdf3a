// Runs for the claim checks' tests: real simulations (small and fast) analyzed as the report
// would, with their arrays attached, so a check meets the same inputs as in the pipeline.
import { simulate } from '../sim/simulate.ts';
import { DEFAULT_SPEC, type RunSpec } from '../sim/types.ts';
import { analyzeView } from '../analysis/views.ts';
import { DEFAULT_ANALYSIS } from '../analysis/defaults.ts';
import type { AnalysisThresholds, AnalyzedRun } from '../analysis/types.ts';

let counter = 0;

export function simulatedRun(
  spec: Partial<RunSpec>,
  params: Record<string, string | number | null> = {},
  analysis: AnalysisThresholds = DEFAULT_ANALYSIS,
): AnalyzedRun {
  const full: RunSpec = { ...DEFAULT_SPEC, ...spec };
  const out = simulate(full);
  const view = analyzeView(
    {
      key: `test-${counter++}`,
      experiment: 'test',
      params: { ...params, seed: full.seed },
      spec: full,
      status: out.status,
      metrics: out.metrics,
      neurons: out.neurons,
    },
    analysis,
  );
  const arrays = { beta: out.beta, W0: out.W0, v0: out.v0, W: out.W, v: out.v };
  return { ...view, arrays: () => arrays };
}

/** The same run with its metrics columns transformed (a run that violates a prediction on purpose). */
export function withMetrics(
  run: AnalyzedRun,
  change: Record<string, (x: number, row: number) => number>,
  analysis: AnalysisThresholds = DEFAULT_ANALYSIS,
): AnalyzedRun {
  const data = { ...run.metrics.data };
  for (const [col, f] of Object.entries(change)) data[col] = Float64Array.from(data[col], (x, i) => f(x, i));
  const view = analyzeView({ ...run, metrics: { columns: run.metrics.columns, data } }, analysis);
  return { ...view, arrays: run.arrays };
}
