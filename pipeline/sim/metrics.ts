// The metrics of a run (METRIC_COLUMNS, NEURON_COLUMNS) at logged points, collected into column
// tables (no I/O).
import { forward, lossAndResidual, makeWorkspace, type Workspace } from './model.ts';
import { makePopulationWorkspace, populationLoss, type PopulationWorkspace } from './population.ts';
import type { Objective } from './objective.ts';
import type { Dataset } from './data.ts';
import { ACTIVE_TOL, METRIC_COLUMNS, NEURON_COLUMNS, type RunSpec, type Table } from './types.ts';

export type MetricRow = Record<(typeof METRIC_COLUMNS)[number], number>;

/** Growable column table with fixed column names. */
export class TableBuilder {
  private readonly cols: Record<string, number[]> = {};
  constructor(readonly columns: readonly string[]) {
    for (const c of columns) this.cols[c] = [];
  }
  push(row: Record<string, number>): void {
    for (const c of this.columns) this.cols[c].push(row[c]);
  }
  get length(): number {
    return this.cols[this.columns[0]].length;
  }
  last(column: string): number {
    const col = this.cols[column];
    return col[col.length - 1];
  }
  build(): Table {
    const data: Record<string, Float64Array> = {};
    for (const c of this.columns) data[c] = Float64Array.from(this.cols[c]);
    return { columns: [...this.columns], data };
  }
}

/** Unit vector orthogonal to beta: e_1 minus its beta component (e_2 if e_1 is parallel), normalized. */
export function perpendicularDirection(beta: Float64Array): Float64Array {
  const d = beta.length;
  const out = new Float64Array(d);
  if (d < 2) return out;
  let bb = 0;
  for (let k = 0; k < d; k++) bb += beta[k] * beta[k];
  for (const axis of [0, 1]) {
    out.fill(0);
    out[axis] = 1;
    const c = beta[axis] / bb;
    for (let k = 0; k < d; k++) out[k] -= c * beta[k];
    let s = 0;
    for (let k = 0; k < d; k++) s += out[k] * out[k];
    if (s > 1e-12) {
      const inv = 1 / Math.sqrt(s);
      for (let k = 0; k < d; k++) out[k] *= inv;
      return out;
    }
  }
  return out;
}

export class MetricsRecorder {
  readonly metrics = new TableBuilder(METRIC_COLUMNS);
  readonly neurons = new TableBuilder(NEURON_COLUMNS);
  private readonly pws: PopulationWorkspace;
  private readonly testWs: Workspace | null;
  private readonly prevPattern: Uint8Array | null;
  private havePattern = false;
  private readonly betaNorm: number;
  private readonly perp: Float64Array;
  private readonly balance0: Float64Array;
  /** sum_j v_j w_j over the neurons with v_j > 0 (first d) and v_j < 0 (last d). */
  private readonly groupSum: Float64Array;
  private readonly xNorms: Float64Array | null;

  constructor(
    private readonly spec: RunSpec,
    private readonly beta: Float64Array,
    private readonly data: Dataset | null,
    private readonly test: Dataset | null,
    W0: Float64Array,
    private readonly v0: Float64Array,
  ) {
    const { m, d } = spec;
    this.pws = makePopulationWorkspace(m, d);
    this.testWs = test ? makeWorkspace(test.n, d, m) : null;
    this.prevPattern = data ? new Uint8Array(data.n * m) : null;
    let bb = 0;
    for (let k = 0; k < d; k++) bb += beta[k] * beta[k];
    this.betaNorm = Math.sqrt(bb);
    this.perp = perpendicularDirection(beta);
    this.balance0 = new Float64Array(m);
    for (let j = 0; j < m; j++) this.balance0[j] = v0[j] * v0[j] - rowNormSq(W0, j, d);
    this.groupSum = new Float64Array(2 * d);
    this.xNorms = data ? Float64Array.from({ length: data.n }, (_, i) => Math.sqrt(rowNormSq(data.X, i, d))) : null;
  }

  /**
   * One metrics row at (W, v). `trainLoss` and the gradients in obj are those of the point
   * itself (obj.evaluate was called at (W, v) and obj.ws holds its pre-activations).
   */
  record(step: number, time: number, W: Float64Array, v: Float64Array, trainLoss: number, obj: Objective, withNeurons: boolean): MetricRow {
    const { spec, beta, betaNorm } = this;
    const { m, d } = spec;
    const pop = populationLoss(W, v, beta, spec.noise, this.pws);
    let alignMin = Infinity,
      alignSum = 0,
      weighted = 0,
      weight = 0,
      nW2 = 0,
      nv2 = 0,
      drift = 0,
      flips = 0;
    for (let j = 0; j < m; j++) {
      const o = j * d;
      let wb = 0,
        wp = 0;
      for (let k = 0; k < d; k++) {
        wb += W[o + k] * beta[k];
        wp += W[o + k] * this.perp[k];
      }
      const nw = this.pws.norms[j];
      const sgn = v[j] >= 0 ? 1 : -1;
      const align = nw > 0 ? (sgn * wb) / (nw * betaNorm) : 0;
      alignMin = Math.min(alignMin, align);
      alignSum += align;
      const wgt = Math.abs(v[j]) * nw;
      weighted += wgt * align;
      weight += wgt;
      nW2 += nw * nw;
      nv2 += v[j] * v[j];
      drift = Math.max(drift, Math.abs(v[j] * v[j] - nw * nw - this.balance0[j]));
      if (v[j] >= 0 !== this.v0[j] >= 0) flips++;
      if (withNeurons) {
        this.neurons.push({
          step,
          neuron: j,
          v: v[j],
          norm_w: nw,
          align,
          proj_beta: nw > 0 ? wb / (nw * betaNorm) : 0,
          proj_perp: nw > 0 ? wp / nw : 0,
        });
      }
    }
    let g2 = 0;
    if (spec.train !== 'second') for (let i = 0; i < obj.GW.length; i++) g2 += obj.GW[i] * obj.GW[i];
    if (spec.train !== 'first') for (let j = 0; j < m; j++) g2 += obj.Gv[j] * obj.Gv[j];
    let uNorm2 = 0;
    for (let k = 0; k < d; k++) {
      const u = this.pws.resid[k] + beta[k];
      uNorm2 += u * u;
    }
    const row: MetricRow = {
      step,
      time,
      train_loss: trainLoss,
      population_loss: this.test ? this.testLoss(W, v) : pop.loss,
      align_min: alignMin,
      align_mean: alignSum / m,
      align_weighted: weight > 0 ? weighted / weight : 0,
      norm_W: Math.sqrt(nW2),
      norm_v: Math.sqrt(nv2),
      pred_norm: Math.sqrt(uNorm2),
      pred_dist: pop.predDist,
      even_mass: pop.even,
      balance_drift: drift,
      sign_flips: flips,
      act_changes: obj.ws ? this.activationChanges(obj.ws) : NaN,
      grad_norm: Math.sqrt(g2),
      accuracy: spec.task === 'classification' && obj.ws && this.data ? accuracy(obj.ws.f, this.data.y) : NaN,
      condensation: this.condensation(W, v, weight),
      cross_pos: NaN,
      cross_neg: NaN,
    };
    if (spec.task === 'classification' && obj.ws && this.data) {
      row.cross_pos = this.crossActivation(obj.ws.Z, v, 1);
      row.cross_neg = this.crossActivation(obj.ws.Z, v, -1);
    }
    this.metrics.push(row);
    return row;
  }

  /**
   * Direction concentration per output-sign group, independent of beta: the |v_j||w_j|-weighted
   * mean resultant length of the directions w_j/|w_j| of each group, summed over the two groups
   * (`weight` = sum_j |v_j||w_j|).
   */
  private condensation(W: Float64Array, v: Float64Array, weight: number): number {
    const { m, d } = this.spec;
    const s = this.groupSum.fill(0);
    for (let j = 0; j < m; j++) {
      const o = v[j] >= 0 ? 0 : d;
      for (let k = 0; k < d; k++) s[o + k] += v[j] * W[j * d + k];
    }
    let pos = 0,
      neg = 0;
    for (let k = 0; k < d; k++) {
      pos += s[k] * s[k];
      neg += s[d + k] * s[d + k];
    }
    return weight > 0 ? (Math.sqrt(pos) + Math.sqrt(neg)) / weight : 0;
  }

  /**
   * Neurons with output sign `sign` active on the rows of the other label: per neuron the share
   * of those rows where <w_j, x_i> > ACTIVE_TOL |w_j||x_i|, averaged with weights |v_j||w_j|.
   */
  private crossActivation(Z: Float64Array, v: Float64Array, sign: 1 | -1): number {
    const { m } = this.spec;
    const { y } = this.data!;
    const norms = this.pws.norms,
      xNorms = this.xNorms!;
    let weight = 0,
      active = 0;
    for (let j = 0; j < m; j++) {
      if ((v[j] >= 0 ? 1 : -1) !== sign) continue;
      let rows = 0,
        on = 0;
      for (let i = 0; i < y.length; i++) {
        if (y[i] * sign > 0) continue;
        rows++;
        if (Z[i * m + j] > ACTIVE_TOL * norms[j] * xNorms[i]) on++;
      }
      const wgt = Math.abs(v[j]) * norms[j];
      weight += wgt;
      if (rows > 0) active += (wgt * on) / rows;
    }
    return weight > 0 ? active / weight : NaN;
  }

  /** Fraction of (i, j) activation entries that changed since the previous logged row (0 at the first). */
  private activationChanges(ws: Workspace): number {
    const prev = this.prevPattern!;
    let changed = 0;
    for (let p = 0; p < prev.length; p++) {
      const a = ws.Z[p] > 0 ? 1 : 0;
      if (this.havePattern && a !== prev[p]) changed++;
      prev[p] = a;
    }
    this.havePattern = true;
    return changed / prev.length;
  }

  private testLoss(W: Float64Array, v: Float64Array): number {
    const ws = this.testWs!,
      test = this.test!;
    forward(test.X, W, v, ws);
    return lossAndResidual(this.spec.loss, test.y, ws);
  }
}

function rowNormSq(W: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += W[j * d + k] * W[j * d + k];
  return s;
}

function accuracy(f: Float64Array, y: Float64Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (f[i] * y[i] > 0) ok++;
  return ok / y.length;
}
