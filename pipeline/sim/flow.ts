// Gradient flow dtheta/dt = -grad L(theta) integrated by Dormand–Prince 5(4) (Hairer, Nørsett,
// Wanner, Solving ODEs I, §II.5) with FSAL, the mixed error norm
// sqrt(mean((err_i / (atol + rtol max(|y_i|, |y_new_i|)))^2)) and the standard step controller.
// Steps are shortened to land exactly on the log-spaced output times.
import { pow } from './detmath.ts';
import { maskGradient, type Objective } from './objective.ts';
import type { MetricsRecorder } from './metrics.ts';
import { divergedMessage, stopReason, type Termination } from './gd.ts';
import { logTimes, NEURON_PER_DECADE } from './schedule.ts';
import type { RunSpec } from './types.ts';

// The nodes c_i are not needed: the gradient-flow field does not depend on t.
const A = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
/** 5th-order weights minus embedded 4th-order weights. */
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];

export function runGradientFlow(spec: RunSpec, W: Float64Array, v: Float64Array, obj: Objective, rec: MetricsRecorder): Termination {
  const tMax = spec.t_max!,
    rtol = spec.rtol!,
    atol = spec.atol!;
  const nW = W.length,
    P = nW + v.length;
  const y = new Float64Array(P),
    yNew = new Float64Array(P),
    yStage = new Float64Array(P);
  y.set(W, 0);
  y.set(v, nW);
  const K = Array.from({ length: 7 }, () => new Float64Array(P));
  const Wv = yStage.subarray(0, nW),
    vv = yStage.subarray(nW);

  /** dy/dt = -grad L at yStage into out; returns the loss there. */
  const rhs = (out: Float64Array): number => {
    const L = obj.evaluate(Wv, vv);
    maskGradient(spec, obj);
    for (let p = 0; p < nW; p++) out[p] = -obj.GW[p];
    for (let j = 0; j < P - nW; j++) out[nW + j] = -obj.Gv[j];
    return L;
  };
  const syncOut = (src: Float64Array) => {
    W.set(src.subarray(0, nW));
    v.set(src.subarray(nW));
  };

  const outputs = logTimes(tMax, spec.log_per_decade);
  const neuronTimes = new Set(logTimes(tMax, Math.min(NEURON_PER_DECADE, spec.log_per_decade)));
  let nextOut = 1;
  yStage.set(y);
  let loss = rhs(K[0]);
  rec.record(0, 0, W, v, loss, obj, true);

  // Initial step (Hairer's heuristic, first part): 0.01 * |y|_sc / |f|_sc.
  let d0 = 0,
    d1 = 0;
  for (let p = 0; p < P; p++) {
    const sc = atol + rtol * Math.abs(y[p]);
    const a = y[p] / sc,
      b = K[0][p] / sc;
    d0 += a * a;
    d1 += b * b;
  }
  let h = d0 < 1e-10 || d1 < 1e-10 ? 1e-6 : 0.01 * Math.sqrt(d0 / d1);
  let t = 0,
    accepted = 0;
  for (;;) {
    const target = outputs[nextOut];
    const clamped = t + h >= target;
    const hStep = clamped ? target - t : h;
    for (let s = 1; s < 7; s++) {
      const a = A[s];
      for (let p = 0; p < P; p++) {
        let acc = 0;
        for (let q = 0; q < s; q++) acc += a[q] * K[q][p];
        yStage[p] = y[p] + hStep * acc;
      }
      loss = rhs(K[s]);
      if (s === 6) yNew.set(yStage);
    }
    let err = 0;
    for (let p = 0; p < P; p++) {
      let e = 0;
      for (let q = 0; q < 7; q++) e += E[q] * K[q][p];
      const sc = atol + rtol * Math.max(Math.abs(y[p]), Math.abs(yNew[p]));
      const q = (hStep * e) / sc;
      err += q * q;
    }
    err = Math.sqrt(err / P);
    const factor = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * pow(err, -0.2)));
    if (!(err <= 1)) {
      if (!Number.isFinite(err)) h = hStep * 0.2;
      else h = hStep * factor;
      if (h < 1e-14 * Math.max(1, t)) {
        syncOut(y);
        return { status: 'diverged', message: `step size underflow at t=${t}`, stepsTaken: accepted, tFinal: t };
      }
      continue;
    }
    accepted++;
    t = clamped ? target : t + hStep;
    y.set(yNew);
    K[0].set(K[6]); // FSAL: the last stage was evaluated at the new point
    if (!clamped) h = hStep * factor;
    else h = Math.max(h, hStep * factor);
    // The objective's state (gradients, pre-activations) is that of yNew = y after the last stage.
    const reason = stopReason(spec, loss);
    const capped = accepted >= spec.steps;
    const done = reason !== null || capped || (clamped && nextOut === outputs.length - 1);
    if (clamped || done) {
      syncOut(y);
      rec.record(accepted, t, W, v, loss, obj, neuronTimes.has(t) || done);
      if (clamped) nextOut++;
    }
    if (reason === 'diverged') return { status: 'diverged', message: divergedMessage(loss, `t=${t}`, spec.diverge_loss), stepsTaken: accepted, tFinal: t };
    if (done) {
      const message = reason === 'converged' ? `stop_loss reached at t=${t}` : capped && t < tMax ? `solver step cap ${spec.steps} reached at t=${t}` : null;
      return { status: 'ok', message, stepsTaken: accepted, tFinal: t };
    }
  }
}
