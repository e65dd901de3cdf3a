// The manifest's JSON Schema (2020-12), built here from one table per concept so that nothing is
// written twice: run-spec defaults come from DEFAULT_SPEC, analysis defaults from ANALYSIS_DEFAULTS.
// experiments/schema/manifest.schema.json is this object written out by write-schema.ts
// (schema.test.ts fails when the file is stale).
import { DEFAULT_SPEC, type RunSpec } from '../sim/types.ts';
import { DEFAULT_ANALYSIS } from '../analysis/defaults.ts';
import { CLAIMS } from '../analysis/claims/registry.ts';
import { CLAIM_IDS } from '../analysis/claims/types.ts';
import { FIGURE_KINDS } from '../analysis/figure-kinds.ts';
import type { AnalysisThresholds, SpecKey } from './types.ts';

type Json = Record<string, unknown>;

export const MAX_RUNS = 10_000;
export const UINT32_MAX = 4294967295;
export const EXPERIMENT_PATTERN = '^[a-z0-9][a-z0-9-]*$';
/** Experiment ids name files (`<experiment>-<kind>.caption.txt`, ...): far below the 255 bytes a file name may have. */
export const EXPERIMENT_MAX_LENGTH = 64;

export const ANALYSIS_DEFAULTS: AnalysisThresholds = DEFAULT_ANALYSIS;

const positiveInt = { type: 'integer', minimum: 1 };
const positive = { type: 'number', exclusiveMinimum: 0 };
const positiveOrNull = { type: ['number', 'null'], exclusiveMinimum: 0 };
const nonNegative = { type: 'number', minimum: 0 };
const uint32 = { type: 'integer', minimum: 0, maximum: UINT32_MAX };

/** Allowed values of each RunSpec key (the type system keeps this table complete). */
const SPEC_FIELDS: { [K in keyof RunSpec]: Json } = {
  task: { enum: ['regression', 'classification'] },
  loss: { enum: ['square', 'exponential', 'logistic'], description: 'square for regression; exponential or logistic for classification' },
  n: { type: ['integer', 'null'], minimum: 1, description: 'samples; null = population dynamics (regression with gd only)' },
  d: positiveInt,
  m: positiveInt,
  seed: uint32,
  sigma: positive,
  init: {
    enum: ['gaussian', 'balanced', 'signed'],
    description: 'v_j ~ N(0, sigma^2) (gaussian), |v_j| = |w_j| (balanced) or |v_j| = v_scale (signed), random signs',
  },
  v_scale: { ...positive, description: 'init signed only: |v_j| = v_scale' },
  train: { enum: ['both', 'first', 'second'] },
  method: { enum: ['gd', 'flow'], description: 'gd needs lr; flow needs t_max, rtol and atol' },
  lr: { ...positiveOrNull, description: 'GD step size (set to null for flow)' },
  steps: positiveInt,
  t_max: { ...positiveOrNull, description: 'flow only (set to null for gd)' },
  rtol: { ...positiveOrNull, description: 'flow only (set to null for gd)' },
  atol: { ...positiveOrNull, description: 'flow only (set to null for gd)' },
  beta_norm: positive,
  noise: nonNegative,
  margin: nonNegative,
  n_test: { ...positiveInt, description: 'classification with data gaussian: held-out samples for the test loss' },
  data: {
    enum: ['gaussian', 'two_points'],
    description: 'classification inputs: gaussian (labels sign(<beta, x>), margin) or two_points (x+ = e1 with label +1, x- at angle degrees with label -1)',
  },
  angle: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 180, description: 'two_points only: angle between x+ and x- in degrees' },
  p_pos: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'two_points only: share of the n rows at x+ (p_pos n must be an integer)' },
  stop_loss: nonNegative,
  diverge_loss: positive,
  log_per_decade: positiveInt,
};

const ANALYSIS_FIELDS: { [K in keyof AnalysisThresholds]: Json } = {
  eps_align: {
    type: 'number',
    exclusiveMinimum: 0,
    exclusiveMaximum: 1,
    description: 't1: first step with align_weighted >= 1 - eps_align - align_floor (d - 1)/n',
  },
  align_floor: {
    ...nonNegative,
    description: 't1 allows align_floor times (d - 1)/n, the mean misalignment of the empirical direction at finite n (0 for n = infinity)',
  },
  onset_drop: {
    type: 'number',
    exclusiveMinimum: 0,
    exclusiveMaximum: 1,
    description: 't_g, onset of growth: first step with train_loss <= (1 - onset_drop) L(0)',
  },
  delta: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 't2: first step with train_loss <= delta * L(0) ...' },
  pred_frac: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: '... or pred_norm >= pred_frac * beta_norm' },
  tol: { ...positive, description: 'convergence: train_loss <= tol' },
  success_train: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'success: final train_loss <= success_train * L(0) (converged) ...' },
  success_pop: {
    type: 'number',
    exclusiveMinimum: 0,
    exclusiveMaximum: 1,
    description: '... and final population_loss <= success_pop * L_pop(0) (beta recovered)',
  },
  fit_delta: {
    type: 'number',
    exclusiveMinimum: 0,
    exclusiveMaximum: 1,
    description: 'the refinement-rate fit starts at the first step with train_loss <= fit_delta * L(0) (and >= t2)',
  },
  tail_ratio: {
    type: 'number',
    exclusiveMinimum: 0,
    exclusiveMaximum: 1,
    description: 'the rate fit ends where the local decay rate falls below tail_ratio x its mean since the fit start (slow tail)',
  },
  wm_cond: {
    type: 'number',
    exclusiveMinimum: 0,
    exclusiveMaximum: 1,
    description: 'Wang-Ma phase I (condensation) ends when the condensation metric reaches wm_cond',
  },
  wm_saddle_tol: {
    type: 'number',
    exclusiveMinimum: 0,
    exclusiveMaximum: 1,
    description: 'Wang-Ma: the run starts at the saddle when |L(0)/l(0) - 1| <= wm_saddle_tol; it leaves it when L <= (1 - wm_saddle_tol) l(0)',
  },
  wm_band: {
    type: 'number',
    exclusiveMinimum: 0,
    exclusiveMaximum: 1,
    description: 'Wang-Ma: the plateau is reached when L <= (1 + wm_band) P and escaped when L <= (1 - wm_band) P, P = (1 - p) l(0)',
  },
  wm_final: {
    type: 'number',
    exclusiveMinimum: 0,
    exclusiveMaximum: 1,
    description: 'Wang-Ma phase IV: the final loss is at most wm_final times the loss at the plateau escape',
  },
};

export const SPEC_KEYS = Object.keys(DEFAULT_SPEC).filter((k): k is SpecKey => k !== 'seed');

const specRef = (key: string) => ({ $ref: `#/$defs/spec/properties/${key}` });
const gridList = (items: Json) => ({ type: 'array', minItems: 1, uniqueItems: true, items });
const object = (properties: Json, extra: Json = {}) => ({ type: 'object', additionalProperties: false, properties, ...extra });
const withDefaults = <T extends object>(fields: { [K in keyof T]: Json }, defaults: T): Json =>
  Object.fromEntries(Object.entries(fields).map(([k, s]) => [k, { ...(s as Json), default: defaults[k as keyof T] }]));

/** One object per claim: its thresholds, each with its default, bounds and meaning (from the claim's module). */
function claimsSchema(): Json {
  return Object.fromEntries(
    CLAIM_IDS.map((id) => [
      id,
      object(
        Object.fromEntries(
          Object.entries(CLAIMS[id].thresholds).map(([name, t]) => [
            name,
            {
              type: t.integer ? 'integer' : 'number',
              ...(t.minimum !== undefined ? { minimum: t.minimum } : {}),
              ...(t.maximum !== undefined ? { maximum: t.maximum } : {}),
              default: t.default,
              description: t.meaning,
            },
          ]),
        ),
        { description: CLAIMS[id].title },
      ),
    ]),
  );
}

function buildManifestSchema(): Json {
  const seeds = {
    type: ['array', 'object'],
    description: 'a list of uint32 seeds, or a range { from, count }',
    if: { type: 'array' },
    then: { minItems: 1, uniqueItems: true, items: uint32 },
    else: { additionalProperties: false, required: ['from', 'count'], properties: { from: uint32, count: positiveInt } },
    default: [0],
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'repro experiment manifest (one experiment family per file)',
    ...object(
      {
        experiment: { type: 'string', pattern: EXPERIMENT_PATTERN, maxLength: EXPERIMENT_MAX_LENGTH },
        title: { type: 'string', minLength: 1 },
        description: { type: 'string' },
        base: { $ref: '#/$defs/base' },
        grid: { $ref: '#/$defs/grid' },
        seeds: { $ref: '#/$defs/seeds' },
        profiles: object({ quick: { $ref: '#/$defs/profile' }, paper: { $ref: '#/$defs/profile' } }),
        analysis: object(withDefaults(ANALYSIS_FIELDS, ANALYSIS_DEFAULTS)),
        figures: {
          type: 'array',
          uniqueItems: true,
          items: { enum: [...FIGURE_KINDS] },
          default: [],
          description: "figure kinds to draw from this experiment's runs (files named <experiment>-<kind>)",
        },
        figure_options: {
          type: 'object',
          description: 'figure kind -> options of its builder (see pipeline/figures/<kind>.ts)',
          propertyNames: { enum: [...FIGURE_KINDS] },
          additionalProperties: { type: 'object', additionalProperties: { type: ['number', 'string', 'boolean', 'array'] } },
        },
        claims: object(claimsSchema(), { description: 'claim id -> thresholds of its check (defaults, meanings and reasons: docs/claims.md)' }),
        control_of: {
          enum: [...CLAIM_IDS],
          description: "this experiment is a negative control of the claim: its runs are expected to fail the claim's check",
        },
        cases: { $ref: '#/$defs/cases' },
      },
      { required: ['experiment', 'title'] },
    ),
    $defs: {
      spec: object(withDefaults(SPEC_FIELDS, DEFAULT_SPEC), { description: 'RunSpec (pipeline/sim/types.ts); defaults = DEFAULT_SPEC' }),
      base: object(Object.fromEntries(SPEC_KEYS.map((k) => [k, specRef(k)]))),
      grid: object({
        ...Object.fromEntries(SPEC_KEYS.map((k) => [k, gridList(specRef(k))])),
        n_per_d: { ...gridList(positive), description: 'derived: n = round(n_per_d * d)' },
      }),
      seeds,
      cases: {
        type: 'array',
        minItems: 1,
        description: 'settings run side by side, each crossed with the grid: { name, ...base keys } (e.g. one per training mode, each at its own scale)',
        items: object(
          { name: { type: 'string', pattern: EXPERIMENT_PATTERN }, ...Object.fromEntries(SPEC_KEYS.map((k) => [k, specRef(k)])) },
          { required: ['name'] },
        ),
      },
      profile: object({
        base: { $ref: '#/$defs/base' },
        grid: { $ref: '#/$defs/grid' },
        seeds: { $ref: '#/$defs/seeds' },
        cases: { $ref: '#/$defs/cases' },
      }),
    },
  };
}

export const MANIFEST_SCHEMA: Json = buildManifestSchema();

/** The schema file's bytes: what write-schema.ts writes and schema.test.ts compares. */
export function manifestSchemaText(): string {
  return JSON.stringify(MANIFEST_SCHEMA, null, 2) + '\n';
}
