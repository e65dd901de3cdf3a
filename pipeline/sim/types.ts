// Types that flow out of the simulator stage: the run spec (input) and the run output.
// A run spec is flat, plain JSON and names everything its result depends on (docs/design.md).

export type Task = 'regression' | 'classification';
export type Loss = 'square' | 'exponential' | 'logistic';
export type Init = 'gaussian' | 'balanced' | 'signed';
export type Train = 'both' | 'first' | 'second';
export type Method = 'gd' | 'flow';
/** Classification inputs: Gaussian with labels sign(<beta, x>), or two unit points (x+ = e1, x- at `angle`). */
export type DataGeometry = 'gaussian' | 'two_points';

export interface RunSpec {
  task: Task;
  /** 'square' for regression; 'exponential' | 'logistic' for classification. */
  loss: Loss;
  /** Number of samples; null means population dynamics (n = infinity, regression only). */
  n: number | null;
  d: number;
  m: number;
  /** Seed of every random stream of the run (uint32). */
  seed: number;
  /** Initialization scale: w ~ N(0, sigma^2 I/d), v ~ N(0, sigma^2) (|v_j| = |w_j| when balanced; |v_j| = v_scale when signed). */
  sigma: number;
  init: Init;
  /** init 'signed' only: every |v_j| = v_scale, the sign random (e.g. a second layer held fixed at a chosen scale). */
  v_scale: number;
  /** Which layers are updated: both (the paper), first only (W) or second only (v). */
  train: Train;
  /** Full-batch gradient descent or gradient flow (Dormand–Prince 5(4)). */
  method: Method;
  /** GD step size; null for flow. */
  lr: number | null;
  /** GD: number of steps. Flow: cap on the number of accepted solver steps. */
  steps: number;
  /** Flow only (else null): time horizon and error tolerances. */
  t_max: number | null;
  rtol: number | null;
  atol: number | null;
  /** Norm of the planted direction beta. */
  beta_norm: number;
  /** Std of Gaussian label noise (regression). */
  noise: number;
  /** Classification: minimum |<beta, x>| / |beta| (rejection sampling); 0 = none. */
  margin: number;
  /** Classification: held-out samples for the test ("population") loss (gaussian data only). */
  n_test: number;
  /** Classification inputs. two_points: n rows, round(p_pos n) at x+ = e1 (label +1), the rest at x- (label -1). */
  data: DataGeometry;
  /** two_points only: the angle between x+ and x-, in degrees. */
  angle: number;
  /** two_points only: the share of rows at x+ (the weight p of x+ in the loss). */
  p_pos: number;
  /** Stop early once the train loss is <= this value (0 = never). */
  stop_loss: number;
  /** A run whose loss exceeds this (or turns NaN/Inf) stops with status 'diverged'. */
  diverge_loss: number;
  /** Metrics are logged at steps 0, 1, ... on a log-spaced grid with this many points per decade, plus the last step. */
  log_per_decade: number;
}

/**
 * Defaults (measured, see dynamics.test.ts): all three phases in a few seconds — alignment ends
 * near step 15, growth near step 35, then a linear rate (R^2 > 0.99), and the train loss reaches
 * 1e-10 of its start within 6,000 steps despite the slow tail of lagging neurons.
 */
export const DEFAULT_SPEC: RunSpec = {
  task: 'regression',
  loss: 'square',
  n: 1000,
  d: 10,
  m: 20,
  seed: 0,
  sigma: 1e-3,
  init: 'gaussian',
  v_scale: 1,
  train: 'both',
  method: 'gd',
  lr: 0.5,
  steps: 6000,
  t_max: null,
  rtol: null,
  atol: null,
  beta_norm: 1,
  noise: 0,
  margin: 0,
  n_test: 4096,
  data: 'gaussian',
  angle: 30,
  p_pos: 0.8,
  stop_loss: 0,
  diverge_loss: 1e6,
  log_per_decade: 40,
};

export type RunStatus = 'ok' | 'diverged' | 'failed';

/** Column-oriented table; every column has the same length. */
export interface Table {
  columns: string[];
  data: Record<string, Float64Array>;
}

export interface RunOutput {
  status: RunStatus;
  /** Why a run diverged or failed. */
  message: string | null;
  /** Number of steps actually taken (GD) or accepted solver steps (flow). */
  steps_taken: number;
  /** Final time (GD: lr * steps_taken). */
  t_final: number;
  /** One row per logged step; see METRIC_COLUMNS. */
  metrics: Table;
  /** Long format, one row per (logged step, neuron); see NEURON_COLUMNS. */
  neurons: Table;
  beta: Float64Array;
  W0: Float64Array;
  v0: Float64Array;
  W: Float64Array;
  v: Float64Array;
}

/** Columns of metrics.csv, in order. Rows are taken before the update of their step. */
export const METRIC_COLUMNS = [
  'step', // GD step index (flow: accepted solver step index)
  'time', // lr * step for GD, integration time for flow
  'train_loss',
  'population_loss', // exact closed form (regression) or held-out loss (classification)
  'align_min', // min_j cos(w_j, sign(v_j) beta)
  'align_mean',
  'align_weighted', // |v_j||w_j|-weighted mean of the above
  'norm_W', // Frobenius
  'norm_v',
  'pred_norm', // |u|, u = (1/2) sum_j v_j w_j, the effective linear predictor
  'pred_dist', // |u - beta|
  'even_mass', // E[g(x)^2], g = (1/2) sum_j v_j |<w_j, x>| the even part of f
  'balance_drift', // max_j |(v_j^2 - |w_j|^2) - (v_j0^2 - |w_j0|^2)|
  'sign_flips', // #j with sign(v_j) != sign(v_j0)
  'act_changes', // fraction of (i, j) activation entries changed since the previous logged row
  'grad_norm', // sqrt(|dL/dW|^2 + |dL/dv|^2) at this point
  'accuracy', // classification: train accuracy (regression: NaN)
  'condensation', // (|sum_{v_j>0} v_j w_j| + |sum_{v_j<0} v_j w_j|) / sum_j |v_j||w_j|: 1 when each sign group shares one direction
  'cross_pos', // classification: |v_j||w_j|-weighted share over v_j > 0 of the label -1 rows where neuron j is active (see ACTIVE_TOL)
  'cross_neg', // classification: the same over v_j < 0 and the label +1 rows
] as const;

/**
 * A neuron counts as active on x_i when <w_j, x_i> > ACTIVE_TOL |w_j||x_i|: one within ~3° of the
 * boundary is not. A neuron sliding along an activation boundary sits on it in the exact flow and
 * within the integrator's resolution here (Euler overshoots by ~lr·rate, DP5 resolves a small
 * neuron only to ~atol/|w_j|: up to ~1e-2 rad in the Wang–Ma runs).
 */
export const ACTIVE_TOL = 0.05;

/** Columns of neurons.csv: per logged step and neuron. proj_* are w_j/|w_j| on (beta_hat, e_perp). */
export const NEURON_COLUMNS = ['step', 'neuron', 'v', 'norm_w', 'align', 'proj_beta', 'proj_perp'] as const;
