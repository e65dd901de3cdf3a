// The function being minimized: the finite-sample loss (model.ts) or the exact population loss
// (population.ts). evaluate() returns the loss and leaves both gradients in GW and Gv.
import { lossAndGradient, makeWorkspace, type Workspace } from './model.ts';
import { makePopulationWorkspace, populationLossAndGradient, type PopulationWorkspace } from './population.ts';
import type { Dataset } from './data.ts';
import type { RunSpec } from './types.ts';

export interface Objective {
  readonly GW: Float64Array;
  readonly Gv: Float64Array;
  /** Finite-n workspace (pre-activations, outputs) after evaluate(); null for population runs. */
  readonly ws: Workspace | null;
  evaluate(W: Float64Array, v: Float64Array): number;
}

export function makeObjective(spec: RunSpec, beta: Float64Array, data: Dataset | null): Objective {
  const { m, d } = spec;
  if (data === null) {
    if (spec.task !== 'regression') throw new Error('population dynamics exist for regression only');
    const pws: PopulationWorkspace = makePopulationWorkspace(m, d);
    const GW = new Float64Array(m * d),
      Gv = new Float64Array(m);
    return {
      GW,
      Gv,
      ws: null,
      evaluate: (W, v) => populationLossAndGradient(W, v, beta, spec.noise, pws, GW, Gv).loss,
    };
  }
  const ws = makeWorkspace(data.n, d, m);
  return {
    GW: ws.GW,
    Gv: ws.Gv,
    ws,
    evaluate: (W, v) => lossAndGradient(spec.loss, data.X, data.y, W, v, ws),
  };
}

/** Zero the gradient of layers that do not train, so GD and flow leave them fixed. */
export function maskGradient(spec: RunSpec, obj: Objective): void {
  if (spec.train === 'first') obj.Gv.fill(0);
  else if (spec.train === 'second') obj.GW.fill(0);
}
