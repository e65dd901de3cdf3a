// Malformed manifests and the exact one-line error each must produce (file:line:col: field: message).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.ts';
import { ManifestError, loadManifest, type Profile } from './index.ts';

const FIXTURES = relative(process.cwd(), fileURLToPath(new URL('../testing/manifests', import.meta.url)));
const H = 'experiment: x\ntitle: T\n';

interface Case {
  file: string;
  src: string;
  /** The full message, after the temp dir prefix. */
  error: string;
  profile?: Profile;
}

const CASES: Case[] = [
  // YAML and JSON syntax
  {
    file: 'syntax.yaml',
    src: `${H}grid: [1, 2\nbase: {}\n`,
    error: 'syntax.yaml:4:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
  },
  { file: 'tab.yaml', src: 'experiment: x\n\ttitle: T\n', error: 'tab.yaml:2:1: invalid YAML: Tabs are not allowed as indentation' },
  { file: 'multi.yaml', src: `${H}---\nfoo: 1\n`, error: 'multi.yaml:3:1: invalid YAML: a manifest is one YAML document (found a second one)' },
  { file: 'alias.yaml', src: `${H}base: *nope\n`, error: 'alias.yaml:3:7: invalid YAML: Unresolved alias (the anchor must be set before the alias): nope' },
  { file: 'dup.yaml', src: `${H}grid:\n  sigma: [0.1]\n  sigma: [0.2]\n`, error: "dup.yaml:5:3: grid.sigma: duplicate key 'sigma' (first at line 4)" },
  { file: 'dup-top.yaml', src: `${H}title: U\n`, error: "dup-top.yaml:3:1: title: duplicate key 'title' (first at line 2)" },
  { file: 'empty.yaml', src: '# nothing here\n', error: 'empty.yaml:1:1: (root): the file is empty (expected a mapping with experiment and title)' },
  { file: 'list.yaml', src: '- 1\n- 2\n', error: 'list.yaml:1:1: (root): must be a mapping (got a list)' },
  {
    file: 'json-comma.json',
    src: '{\n  "experiment": "x",\n  "title": "T",\n  "grid": { "sigma": [0.1, 0.01,] }\n}\n',
    error: "json-comma.json:4:32: invalid JSON: trailing comma before ']'",
  },
  {
    file: 'json-missing-comma.json',
    src: '{\n  "experiment": "x"\n  "title": "T"\n}\n',
    error: `json-missing-comma.json:3:3: invalid JSON: expected ',' or '}', found '"'`,
  },
  {
    file: 'json-comment.json',
    src: '{\n  // why\n  "experiment": "x"\n}\n',
    error: "json-comment.json:2:3: invalid JSON: expected a double-quoted key, found '/'",
  },
  {
    file: 'json-dup.json',
    src: '{\n  "experiment": "x",\n  "title": "T",\n  "title": "U"\n}\n',
    error: "json-dup.json:4:3: title: duplicate key 'title' (first at line 3)",
  },
  {
    file: 'json-type.json',
    src: '{\n  "experiment": "x",\n  "title": "T",\n  "base": { "d": "20" }\n}\n',
    error: "json-type.json:4:18: base.d: must be a positive integer (got '20')",
  },
  {
    file: 'json-unknown.json',
    src: '{ "experiment": "x", "title": "T",\n  "grid": { "sigma": [1], "lr": [0.1], "mm": [2] } }\n',
    error: "json-unknown.json:2:40: grid.mm: unknown key 'mm' (did you mean 'm'?)",
  },
  // types and ranges
  { file: 'lr-type.yaml', src: `${H}base:\n  lr: fast\n`, error: "lr-type.yaml:4:7: base.lr: must be a number > 0 or null (got 'fast')" },
  { file: 'lr-negative.yaml', src: `${H}grid:\n  lr: [0.1, -0.1]\n`, error: 'lr-negative.yaml:4:13: grid.lr[1]: must be > 0 (got -0.1)' },
  { file: 'sigma-zero.yaml', src: `${H}base:\n  sigma: 0\n`, error: 'sigma-zero.yaml:4:10: base.sigma: must be > 0 (got 0)' },
  { file: 'sigma-nan.yaml', src: `${H}base:\n  sigma: .nan\n`, error: 'sigma-nan.yaml:4:10: base.sigma: must be a number > 0 (got NaN)' },
  { file: 'n-float.yaml', src: `${H}base:\n  n: 2.5\n`, error: 'n-float.yaml:4:6: base.n: must be a positive integer or null (got 2.5)' },
  { file: 'noise.yaml', src: `${H}grid:\n  noise: [0, -1.0e-3]\n`, error: 'noise.yaml:4:14: grid.noise[1]: must be >= 0 (got -0.001)' },
  { file: 'eps.yaml', src: `${H}analysis:\n  eps_align: 1\n`, error: 'eps.yaml:4:14: analysis.eps_align: must be < 1 (got 1)' },
  {
    file: 'task.yaml',
    src: `${H}base:\n  task: regresion\n`,
    error: "task.yaml:4:9: base.task: must be regression or classification (got 'regresion'; did you mean 'regression'?)",
  },
  {
    file: 'loss.yaml',
    src: `${H}grid:\n  loss: [square, hinge]\n`,
    error: "loss.yaml:4:18: grid.loss[1]: must be square, exponential or logistic (got 'hinge')",
  },
  { file: 'grid-scalar.yaml', src: `${H}grid:\n  sigma: 0.1\n`, error: 'grid-scalar.yaml:4:10: grid.sigma: must be a list (got 0.1)' },
  { file: 'grid-dup.yaml', src: `${H}grid:\n  m: [10, 20, 10]\n`, error: 'grid-dup.yaml:4:15: grid.m[2]: duplicate value 10 (same as [0])' },
  {
    file: 'claim-value.yaml',
    src: `${H}claims:\n  C3: { min_fraction: [1] }\n`,
    error: 'claim-value.yaml:4:23: claims.C3.min_fraction: must be a number >= 0 <= 1 (got a list)',
  },
  {
    file: 'claim-threshold-typo.yaml',
    src: `${H}claims:\n  C1: { min_ration: 32 }\n`,
    error: "claim-threshold-typo.yaml:4:9: claims.C1.min_ration: unknown key 'min_ration' (did you mean 'min_ratio'?)",
  },
  {
    file: 'claim-threshold-unknown.yaml',
    src: `${H}claims:\n  C2: { min_r2: 0.99999 }\n`,
    error: "claim-threshold-unknown.yaml:4:9: claims.C2.min_r2: unknown key 'min_r2' (allowed: max_sigma, min_decades, rate_tol)",
  },
  {
    file: 'claim-threshold-range.yaml',
    src: `${H}claims:\n  C3: { min_fraction: 1.5 }\n`,
    error: 'claim-threshold-range.yaml:4:23: claims.C3.min_fraction: must be <= 1 (got 1.5)',
  },
  {
    file: 'control-of.yaml',
    src: `${H}control_of: C9\n`,
    error: "control-of.yaml:3:13: control_of: must be C1, C2, C3, C4, C5, POP, ABL, WM or WIDTH (got 'C9'; did you mean 'C1'?)",
  },
  // control_of must agree with the claim registry (it was never read: a wrong one checked nothing, silently).
  {
    file: 'control-of-wrong-claim.yaml',
    src: 'experiment: linear-rate-control\ntitle: T\ncontrol_of: C3\n',
    error:
      "control-of-wrong-claim.yaml:3:13: control_of: claim C3 reads no control from experiment 'linear-rate-control' (its control experiments: three-phases-control; 'linear-rate-control' is a control of C2); a claim's controls are declared in pipeline/analysis/claims/",
  },
  {
    file: 'control-of-unlisted.yaml',
    src: `${H}control_of: C2\n`,
    error:
      "control-of-unlisted.yaml:3:13: control_of: claim C2 reads no control from experiment 'x' (its control experiments: linear-rate-control); a claim's controls are declared in pipeline/analysis/claims/",
  },
  {
    file: 'control-of-missing.yaml',
    src: 'experiment: three-phases-control\ntitle: T\n',
    error: "control-of-missing.yaml:1:13: experiment: 'three-phases-control' holds the negative controls of claim C3: add control_of: C3",
  },
  // Two grid points with one run spec: each run would be counted twice by the claims.
  {
    file: 'case-same-runs.yaml',
    src: `${H}cases:\n  - { name: a, lr: 0.1 }\n  - { name: b, lr: 0.1 }\n`,
    error: 'case-same-runs.yaml:5:13: cases[1].name: case=b makes the same runs as case=a (the same run spec: each would be counted twice)',
  },
  {
    file: 'grid-same-n.yaml',
    src: `${H}base: { d: 4 }\ngrid: { n_per_d: [1.01, 1.02] }\n`,
    error: 'grid-same-n.yaml:4:25: grid.n_per_d[1]: n_per_d=1.02 makes the same runs as n_per_d=1.01 (the same run spec: each would be counted twice)',
  },
  {
    file: 'grid-ignored-key.yaml',
    src: `${H}grid: { angle: [10, 20] }\n`,
    error: 'grid-ignored-key.yaml:3:21: grid.angle[1]: angle=20 makes the same runs as angle=10 (the same run spec: each would be counted twice)',
  },
  {
    file: 'case-key-in-grid.yaml',
    src: `${H}cases:\n  - { name: a, lr: 0.1 }\n  - { name: b, lr: 0.2 }\ngrid: { lr: [0.3, 0.4] }\n`,
    error:
      "case-key-in-grid.yaml:4:20: cases[0].lr: lr is also swept by grid.lr, whose values would replace this case's (set it in the cases or sweep it in the grid)",
  },
  {
    file: 'case-dup.yaml',
    src: `${H}cases:\n  - { name: a, lr: 0.1 }\n  - { name: a, lr: 0.2 }\n`,
    error: "case-dup.yaml:5:13: cases[1].name: case name 'a' is used twice",
  },
  {
    file: 'case-unknown.yaml',
    src: `${H}cases:\n  - { name: a, lrr: 0.1 }\n`,
    error: "case-unknown.yaml:4:16: cases[0].lrr: unknown key 'lrr' (did you mean 'lr'?)",
  },
  {
    file: 'claim-id.yaml',
    src: `${H}claims:\n  C 3: { min: 1 }\n`,
    error: `claim-id.yaml:4:3: claims["C 3"]: unknown key 'C 3' (did you mean 'C3'?)`,
  },
  { file: 'title-empty.yaml', src: "experiment: x\ntitle: ''\n", error: 'title-empty.yaml:2:8: title: must not be empty' },
  // unknown and missing keys
  { file: 'top-unknown.yaml', src: `${H}foo: 1\n`, error: "top-unknown.yaml:3:1: foo: unknown key 'foo'" },
  { file: 'top-typo.yaml', src: `${H}gird:\n  sigma: [1]\n`, error: "top-typo.yaml:3:1: gird: unknown key 'gird' (did you mean 'grid'?)" },
  { file: 'base-unknown.yaml', src: `${H}base:\n  sigmaa: 0.1\n`, error: "base-unknown.yaml:4:3: base.sigmaa: unknown key 'sigmaa' (did you mean 'sigma'?)" },
  {
    file: 'base-seed.yaml',
    src: `${H}base:\n  seed: 3\n`,
    error: "base-seed.yaml:4:3: base.seed: unknown key 'seed' (seeds are set by the top-level key seeds)",
  },
  {
    file: 'profile-unknown.yaml',
    src: `${H}profiles:\n  quick:\n    steps: 10\n`,
    error: "profile-unknown.yaml:5:5: profiles.quick.steps: unknown key 'steps' (allowed: base, grid, seeds, cases)",
  },
  {
    file: 'profile-base-unknown.yaml',
    src: `${H}profiles:\n  paper: { base: { stepz: 10 } }\n`,
    error: "profile-base-unknown.yaml:4:20: profiles.paper.base.stepz: unknown key 'stepz' (did you mean 'steps'?)",
  },
  { file: 'profile-name.yaml', src: `${H}profiles:\n  fast: {}\n`, error: "profile-name.yaml:4:3: profiles.fast: unknown key 'fast' (allowed: quick, paper)" },
  {
    file: 'analysis-unknown.yaml',
    src: `${H}analysis:\n  eps: 0.1\n`,
    error: "analysis-unknown.yaml:4:3: analysis.eps: unknown key 'eps'",
  },
  { file: 'no-experiment.yaml', src: 'title: T\n', error: "no-experiment.yaml:1:1: (root): missing required key 'experiment'" },
  {
    file: 'typo-before-missing.yaml',
    src: 'experiment: x\ntitel: T\n',
    error: "typo-before-missing.yaml:2:1: titel: unknown key 'titel' (did you mean 'title'?)",
  },
  {
    file: 'experiment-id.yaml',
    src: 'experiment: Three_Phases\ntitle: T\n',
    error: "experiment-id.yaml:1:13: experiment: must match ^[a-z0-9][a-z0-9-]*$ (got 'Three_Phases')",
  },
  // seeds and sweeps
  { file: 'grid-empty.yaml', src: `${H}grid:\n  sigma: []\n`, error: 'grid-empty.yaml:4:10: grid.sigma: must not be empty' },
  { file: 'seeds-empty.yaml', src: `${H}seeds: []\n`, error: 'seeds-empty.yaml:3:8: seeds: must not be empty' },
  { file: 'seeds-count0.yaml', src: `${H}seeds: { from: 0, count: 0 }\n`, error: 'seeds-count0.yaml:3:26: seeds.count: must be >= 1 (got 0)' },
  { file: 'seeds-scalar.yaml', src: `${H}seeds: 5\n`, error: 'seeds-scalar.yaml:3:8: seeds: must be a list or a mapping (got 5)' },
  { file: 'seeds-negative.yaml', src: `${H}seeds: [0, -1]\n`, error: 'seeds-negative.yaml:3:12: seeds[1]: must be >= 0 (got -1)' },
  { file: 'seeds-no-count.yaml', src: `${H}seeds: { from: 0 }\n`, error: "seeds-no-count.yaml:3:1: seeds: missing required key 'count'" },
  {
    file: 'seeds-overflow.yaml',
    src: `${H}seeds: { from: 4294967295, count: 2 }\n`,
    error: 'seeds-overflow.yaml:3:35: seeds.count: range ends at seed 4294967296, above 4294967295',
  },
  {
    file: 'profile-seeds-empty.yaml',
    src: `${H}profiles:\n  quick:\n    seeds: []\n`,
    error: 'profile-seeds-empty.yaml:5:12: profiles.quick.seeds: must not be empty',
  },
  {
    file: 'too-large.yaml',
    src: `${H}grid:\n  m: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nseeds: { from: 0, count: 1001 }\n`,
    error: 'too-large.yaml:3:1: grid: profile quick expands to 10010 runs (10 grid points x 1001 seeds), more than the limit of 10000',
  },
  {
    file: 'too-large-paper.yaml',
    src: `${H}grid:\n  m: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nprofiles:\n  paper:\n    seeds: { from: 0, count: 1001 }\n`,
    error: 'too-large-paper.yaml:6:3: profiles.paper: profile paper expands to 10010 runs (10 grid points x 1001 seeds), more than the limit of 10000',
    profile: 'paper',
  },
  { file: 'n-twice.yaml', src: `${H}grid:\n  n: [10]\n  n_per_d: [1]\n`, error: 'n-twice.yaml:5:3: grid.n_per_d: n is also set by grid.n; keep one' },
  {
    file: 'n-per-d-zero.yaml',
    src: `${H}base: { d: 10 }\ngrid:\n  n_per_d: [1, 0.01]\n`,
    error: 'n-per-d-zero.yaml:5:16: grid.n_per_d[1]: n = round(n_per_d * d) = round(0.01 * 10) is 0; n must be >= 1',
  },
  // cross-field rules, checked on every expanded run
  {
    file: 'cls-square.yaml',
    src: `${H}base:\n  task: classification\n  loss: square\n`,
    error: 'cls-square.yaml:5:9: base.loss: must be exponential or logistic for task classification (got square)',
  },
  {
    file: 'cls-default-loss.yaml',
    src: `${H}grid:\n  task: [regression, classification]\n`,
    error: 'cls-default-loss.yaml:4:22: grid.task[1]: classification needs loss exponential or logistic (loss is square by default)',
  },
  {
    file: 'reg-logistic.yaml',
    src: `${H}grid:\n  loss: [square, logistic]\n`,
    error: 'reg-logistic.yaml:4:18: grid.loss[1]: must be square for task regression (got logistic)',
  },
  {
    file: 'flow-no-rtol.yaml',
    src: `${H}base:\n  method: flow\n  t_max: 10\n  atol: 1.0e-9\n`,
    error: 'flow-no-rtol.yaml:4:11: base.method: flow needs t_max, rtol and atol (not set: rtol)',
  },
  {
    file: 'flow-null-rtol.yaml',
    src: `${H}base:\n  method: flow\n  t_max: 10\n  atol: 1.0e-9\n  rtol: null\n`,
    error: 'flow-null-rtol.yaml:7:9: base.rtol: must be > 0 for method flow (got null)',
  },
  { file: 'gd-no-lr.yaml', src: `${H}base:\n  lr: null\n`, error: 'gd-no-lr.yaml:4:7: base.lr: must be > 0 for method gd (got null)' },
  {
    file: 'pop-cls.yaml',
    src: `${H}base:\n  n: null\n  task: classification\n  loss: logistic\n`,
    error: 'pop-cls.yaml:4:6: base.n: null (population) needs task regression (got task classification)',
  },
  {
    file: 'pop-flow.yaml',
    src: `${H}grid:\n  method: [gd, flow]\nbase: { n: null, t_max: 1, rtol: 1.0e-6, atol: 1.0e-9 }\n`,
    error: 'pop-flow.yaml:5:12: base.n: null (population) needs method gd (got method flow)',
  },
  {
    file: 'profile-cross.yaml',
    src: `${H}base: { task: classification, loss: logistic }\nprofiles:\n  paper:\n    grid: { loss: [exponential, square] }\n`,
    error: 'profile-cross.yaml:6:33: profiles.paper.grid.loss[1]: must be exponential or logistic for task classification (got square)',
    profile: 'paper',
  },
];

const dir = mkdtempSync(join(tmpdir(), 'repro-manifest-errors-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('at least 30 malformed manifests, with distinct names', () => {
  assert.ok(CASES.length >= 30, `${CASES.length} cases`);
  assert.equal(new Set(CASES.map((c) => c.file)).size, CASES.length);
});

for (const c of CASES) {
  test(`malformed: ${c.file}`, () => {
    const file = join(dir, c.file);
    writeFileSync(file, c.src);
    assert.throws(
      () => loadManifest(file, c.profile ?? 'quick'),
      (err: unknown) => {
        assert.ok(err instanceof ManifestError && err instanceof UserError, `not a ManifestError: ${err}`);
        assert.equal(err.message, `${dir}/${c.error}`);
        return true;
      },
    );
  });
}

test('a missing file and a directory are one-line errors without a position', () => {
  assert.throws(() => loadManifest(join(dir, 'nope.yaml'), 'quick'), { message: `${dir}/nope.yaml: cannot read file (ENOENT)` });
  mkdirSync(join(dir, 'adir.yaml'));
  assert.throws(() => loadManifest(join(dir, 'adir.yaml'), 'quick'), { message: `${dir}/adir.yaml: cannot read file (EISDIR)` });
});

test('the path is reported as given (relative stays relative)', () => {
  assert.throws(() => loadManifest(`${FIXTURES}/bad-lr.yaml`, 'quick'), {
    message: `${FIXTURES}/bad-lr.yaml:5:13: grid.lr[1]: must be > 0 (got -0.1)`,
  });
  assert.ok(!FIXTURES.startsWith('/'));
});

test('an unknown profile is a usage error', () => {
  assert.throws(
    () => loadManifest(`${FIXTURES}/valid-minimal.yaml`, 'fast' as Profile),
    (err: unknown) => {
      assert.ok(err instanceof UserError && !(err instanceof ManifestError));
      assert.equal(err.message, "unknown profile 'fast' (expected quick or paper)");
      return true;
    },
  );
});

test('a profile-only error does not affect the other profile', () => {
  const file = join(dir, 'paper-only.yaml');
  writeFileSync(file, `${H}profiles:\n  paper:\n    grid: { lr: [0.1, null] }\n`);
  assert.equal(loadManifest(file, 'quick').profile, 'quick');
  assert.throws(() => loadManifest(file, 'paper'), { message: `${file}:5:23: profiles.paper.grid.lr[1]: must be > 0 for method gd (got null)` });
});

test('the fixtures: every valid-* loads for both profiles, every bad-* fails as expected', () => {
  const expected: Record<string, string> = {
    'bad-cross.yaml': '5:22: grid.task[1]: classification needs loss exponential or logistic (loss is square by default)',
    'bad-lr.yaml': '5:13: grid.lr[1]: must be > 0 (got -0.1)',
    'bad-syntax.json': "4:32: invalid JSON: trailing comma before ']'",
  };
  const names = readdirSync(FIXTURES).sort();
  assert.deepEqual(
    names.filter((n) => n.startsWith('bad-')),
    Object.keys(expected),
  );
  for (const name of names.filter((n) => n.startsWith('valid-'))) {
    for (const profile of ['quick', 'paper'] as const) assert.equal(loadManifest(`${FIXTURES}/${name}`, profile).profile, profile);
  }
  for (const [name, error] of Object.entries(expected)) {
    assert.throws(() => loadManifest(`${FIXTURES}/${name}`, 'paper'), { message: `${FIXTURES}/${name}:${error}` });
  }
});
