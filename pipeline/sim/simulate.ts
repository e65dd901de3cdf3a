// One run, start to end, as a pure function of its spec.
import { makeBeta, makeInit, makeTestData, makeTrainingData } from './data.ts';
import { makeObjective } from './objective.ts';
import { MetricsRecorder } from './metrics.ts';
import { runGradientDescent } from './gd.ts';
import { runGradientFlow } from './flow.ts';
import type { RunOutput, RunSpec } from './types.ts';

export function simulate(spec: RunSpec): RunOutput {
  const beta = makeBeta(spec);
  const data = makeTrainingData(spec, beta);
  const test = makeTestData(spec, beta);
  const { W, v } = makeInit(spec);
  const W0 = W.slice(),
    v0 = v.slice();
  const obj = makeObjective(spec, beta, data);
  const rec = new MetricsRecorder(spec, beta, data, test, W0, v0);
  const end = spec.method === 'flow' ? runGradientFlow(spec, W, v, obj, rec) : runGradientDescent(spec, W, v, obj, rec);
  return {
    status: end.status,
    message: end.message,
    steps_taken: end.stepsTaken,
    t_final: end.tFinal,
    metrics: rec.metrics.build(),
    neurons: rec.neurons.build(),
    beta,
    W0,
    v0,
    W,
    v,
  };
}
