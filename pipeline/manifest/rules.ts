// Cross-field rules of a run spec, checked on every expanded run after the schema: which losses
// go with which task, when n may be null (population), what gd and flow need. Irrelevant fields
// are nulled first so that they never change a run's key.
import { DEFAULT_SPEC, type RunSpec } from '../sim/types.ts';
import { ManifestError, formatList } from './errors.ts';
import type { Origin, SpecKey } from './types.ts';

/** Where a key of this run was set (undefined: a default), for pointing at the culprit. */
export type Blame = (key: SpecKey) => Origin | undefined;

const FLOW_ONLY = ['t_max', 'rtol', 'atol'] as const;

const GAUSSIAN_ONLY = { margin: DEFAULT_SPEC.margin, n_test: DEFAULT_SPEC.n_test };
const TWO_POINTS_ONLY = { angle: DEFAULT_SPEC.angle, p_pos: DEFAULT_SPEC.p_pos };

/**
 * Clears the fields the run ignores: by method, lr for flow and t_max, rtol, atol for gd (null);
 * by task, margin, n_test and the data geometry for regression and noise for classification; by
 * data, margin and n_test for two_points and angle, p_pos for gaussian; and v_scale unless init
 * is signed (their defaults, so the keys of runs that never set them stay what they were).
 */
export function normalizeSpec(spec: RunSpec): RunSpec {
  const byMethod = spec.method === 'flow' ? { ...spec, lr: null } : { ...spec, t_max: null, rtol: null, atol: null };
  const byInit = spec.init === 'signed' ? byMethod : { ...byMethod, v_scale: DEFAULT_SPEC.v_scale };
  if (spec.task === 'regression') return { ...byInit, ...GAUSSIAN_ONLY, ...TWO_POINTS_ONLY, data: DEFAULT_SPEC.data };
  const byData = spec.data === 'two_points' ? { ...byInit, ...GAUSSIAN_ONLY } : { ...byInit, ...TWO_POINTS_ONLY };
  return { ...byData, noise: DEFAULT_SPEC.noise };
}

/** Throws a ManifestError at the most likely culprit of the first rule the spec breaks. */
export function checkSpec(spec: RunSpec, blame: Blame, file: string, root: Origin): void {
  const fail = (key: SpecKey, detail: string): never => {
    throw ManifestError.at(file, blame(key) ?? { ...root, field: key }, detail);
  };
  if (spec.task === 'regression' && spec.loss !== 'square') fail('loss', `must be square for task regression (got ${spec.loss})`);
  if (spec.task === 'classification' && spec.loss === 'square') {
    if (blame('loss')) fail('loss', 'must be exponential or logistic for task classification (got square)');
    fail('task', 'classification needs loss exponential or logistic (loss is square by default)');
  }
  if (spec.task === 'classification' && spec.data === 'two_points') {
    if (spec.d < 2) fail('d', `must be >= 2 for data two_points (got ${spec.d})`);
    if (spec.n !== null && Math.abs(spec.p_pos * spec.n - Math.round(spec.p_pos * spec.n)) > 1e-9)
      fail('p_pos', `p_pos * n must be an integer for data two_points (got ${spec.p_pos} * ${spec.n})`);
  }
  if (spec.n === null && spec.task !== 'regression') fail('n', `null (population) needs task regression (got task ${spec.task})`);
  if (spec.n === null && spec.method !== 'gd') fail('n', `null (population) needs method gd (got method ${spec.method})`);
  if (spec.method === 'gd' && spec.lr === null) fail('lr', 'must be > 0 for method gd (got null)');
  if (spec.method === 'flow') {
    const unset = FLOW_ONLY.filter((k) => spec[k] === null);
    const written = unset.find((k) => blame(k));
    if (written) fail(written, 'must be > 0 for method flow (got null)');
    if (unset.length > 0) fail('method', `flow needs ${formatList(FLOW_ONLY, 'and')} (not set: ${unset.join(', ')})`);
  }
}
