// Full-batch gradient descent with simultaneous updates of both layers.
import { maskGradient, type Objective } from './objective.ts';
import type { MetricsRecorder } from './metrics.ts';
import { logSteps, NEURON_PER_DECADE } from './schedule.ts';
import type { RunSpec, RunStatus } from './types.ts';

export interface Termination {
  status: RunStatus;
  message: string | null;
  stepsTaken: number;
  tFinal: number;
}

/** Why a run must stop at this loss, or null to go on. */
export function stopReason(spec: RunSpec, loss: number): Termination['status'] | 'converged' | null {
  if (!Number.isFinite(loss) || loss > spec.diverge_loss) return 'diverged';
  if (spec.stop_loss > 0 && loss <= spec.stop_loss) return 'converged';
  return null;
}

export function divergedMessage(loss: number, where: string, bound: number): string {
  return `loss ${loss} ${Number.isFinite(loss) ? `exceeds diverge_loss ${bound}` : 'is not finite'} at ${where}`;
}

/** Runs GD in place on (W, v); rows are recorded before the update of their step. */
export function runGradientDescent(spec: RunSpec, W: Float64Array, v: Float64Array, obj: Objective, rec: MetricsRecorder): Termination {
  const lr = spec.lr!;
  const logAt = logSteps(spec.steps, spec.log_per_decade);
  const neuronAt = new Set(logSteps(spec.steps, Math.min(NEURON_PER_DECADE, spec.log_per_decade)));
  let next = 0;
  for (let step = 0; ; step++) {
    const loss = obj.evaluate(W, v);
    maskGradient(spec, obj);
    const reason = stopReason(spec, loss);
    const last = step === spec.steps || reason !== null;
    if (step === logAt[next] || last) {
      rec.record(step, lr * step, W, v, loss, obj, neuronAt.has(step) || last);
      if (step === logAt[next]) next++;
    }
    if (reason === 'diverged')
      return { status: 'diverged', message: divergedMessage(loss, `step ${step}`, spec.diverge_loss), stepsTaken: step, tFinal: lr * step };
    if (last) return { status: 'ok', message: reason === 'converged' ? `stop_loss reached at step ${step}` : null, stepsTaken: step, tFinal: lr * step };
    const { GW, Gv } = obj;
    for (let p = 0; p < W.length; p++) W[p] -= lr * GW[p];
    for (let j = 0; j < v.length; j++) v[j] -= lr * Gv[j];
  }
}
