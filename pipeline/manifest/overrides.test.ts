// `--set PATH=VALUE`: values parsed as YAML, applied after the profile for base/grid/seeds,
// validated by the same schema and rules, errors naming the argument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { ManifestError, expandRuns, loadManifest, loadRuns, parseOverrides } from './index.ts';
import { scratchDir } from '../testing/scratch.ts';

const dir = scratchDir('overrides');
const file = join(dir, 'm.yaml');
writeFileSync(
  file,
  [
    'experiment: m',
    'title: M',
    'base: { n: 100, d: 4, m: 3, steps: 20 }',
    'grid: { lr: [0.1, 0.2] }',
    'seeds: [0, 1]',
    'profiles:',
    '  quick: { base: { n: 50 }, seeds: [0] }',
    'claims: { C1: { min_ratio: 4 } }',
    '',
  ].join('\n'),
);

const load = (...set: string[]) => loadManifest(file, 'quick', parseOverrides(set));

test('values are YAML; base, grid and seeds win over the profile; other paths set the data', () => {
  const m = load('base.n=80', 'grid.lr=[0.3, 0.4, 0.5]', 'claims.C1.min_ratio=8', 'base.sigma=1e-2');
  assert.equal(m.base.n, 80, 'the override beats profiles.quick.base.n');
  assert.equal(m.base.sigma, 0.01);
  assert.deepEqual(m.grid.lr, [0.3, 0.4, 0.5]);
  assert.deepEqual(m.seeds, [0], "the profile's seeds stay when seeds is not set");
  assert.deepEqual(m.claims.C1, { min_ratio: 8 });
  assert.deepEqual(load('seeds={from: 3, count: 2}').seeds, [3, 4]);
  assert.deepEqual(load('grid.lr[1]=0.7').grid.lr, [0.1, 0.7]);
  // base.lr replaces the lr sweep, as a profile's base would.
  assert.deepEqual(
    expandRuns(load('base.lr=0.05')).map((r) => [r.spec.lr, r.params]),
    [[0.05, { seed: 0 }]],
  );
  assert.equal(loadManifest(file, 'quick', parseOverrides(['profiles.quick.base.n=60'])).base.n, 60);
});

test('errors name the --set argument in the usual field: message form', () => {
  const error = (...set: string[]): string => {
    try {
      load(...set);
    } catch (err) {
      assert.ok(err instanceof ManifestError, String(err));
      return err.message;
    }
    assert.fail(`no error for ${set.join(' ')}`);
  };
  assert.equal(error('base.m=abc'), "--set base.m=abc: base.m: must be a positive integer (got 'abc')");
  assert.equal(error('base.nn=5'), "--set base.nn=5: base.nn: unknown key 'nn' (did you mean 'n'?)");
  assert.equal(error('grid.lr=[0.1, -1]'), '--set grid.lr=[0.1, -1]: grid.lr[1]: must be > 0 (got -1)');
  // The item set is the duplicate, whichever comes first (was m.yaml:4:21: grid.lr[1], the file's own).
  assert.equal(error('grid.lr[0]=0.2'), '--set grid.lr[0]=0.2: grid.lr[0]: duplicate value 0.2 (same as [1])');
  assert.equal(error('grid.lr[1]=0.1'), '--set grid.lr[1]=0.1: grid.lr[1]: duplicate value 0.1 (same as [0])');
  // A cross-field rule blames the overridden value too.
  assert.equal(error('base.method=flow'), '--set base.method=flow: base.method: flow needs t_max, rtol and atol (not set: t_max, rtol, atol)');
  assert.match(error('seeds=[0, 0]'), /^--set seeds=\[0, 0\]: seeds\[1\]: duplicate value 0/);
});

test('malformed arguments are one-line user errors', () => {
  for (const [arg, message] of [
    ['base.m', /expected PATH=VALUE/],
    ['=5', /expected PATH=VALUE/],
    ['base..m=5', /is not a field path/],
    ['base.m=[1', /not valid YAML/],
    ['grid.lr[5]=1', /grid\.lr has no item \[5\]/],
    ['title.x=1', /title is not a mapping/],
  ] as const) {
    assert.throws(
      () => load(arg),
      (err: Error) => err instanceof UserError && message.test(err.message) && err.message.startsWith(`--set ${arg}`),
      arg,
    );
  }
});

test('hostile --set: an unknown key it makes is its own, a tag YAML cannot resolve, a path set twice, __proto__', () => {
  const error = (...set: string[]): string => {
    try {
      load(...set);
    } catch (err) {
      assert.ok(err instanceof UserError, String(err));
      return err.message;
    }
    assert.fail(`no error for ${set.join(' ')}`);
  };
  // Was located at the file's first line (m.yaml:1:1), as if the file had the key.
  assert.equal(error('nope.x=1'), "--set nope.x=1: nope: unknown key 'nope'");
  // Was a warning on stderr (several lines, from the yaml package) and the value ''.
  assert.equal(error('base.m=!!js/function x'), '--set base.m=!!js/function x: the value is not valid YAML (Unresolved tag: tag:yaml.org,2002:js/function)');
  // The second silently won.
  assert.equal(error('base.m=5', 'base.m=6'), '--set base.m=6: base.m is already set by --set base.m=5: set it once');
  // Was "... unknown key '__proto__' ([object Object])": a hint looked up on Object.prototype.
  assert.equal(error('base.__proto__.x=1'), "--set base.__proto__.x=1: base.__proto__: unknown key '__proto__'");
});

test('--set claims.ID... changes the claim where a manifest declares it, and adds it to no other manifest', () => {
  const other = join(dir, 'other.yaml');
  writeFileSync(other, ['experiment: other', 'title: O', 'base: { n: 100, d: 4, m: 3, steps: 20 }', 'seeds: [0]', ''].join('\n'));
  const set = parseOverrides(['claims.C1.min_ratio=6']);
  // Was { C1: { min_ratio: 6 } }: with no FILE, `report --set claims.C2.rate_tol=...` made C2 a claim
  // of all 15 manifests (14 extra N/A verdicts in claims.json, the lock and numbers.tex).
  assert.deepEqual(loadManifest(other, 'quick', set).claims, {});
  assert.deepEqual(loadManifest(file, 'quick', set).claims.C1, { min_ratio: 6 });
  assert.equal(loadRuns([file, other], 'quick', { overrides: set }).length, 3);
  // Taken by no manifest: refused, naming the argument (not silently ignored).
  assert.throws(
    () => loadRuns([other], 'quick', { overrides: set }),
    (err: Error) =>
      err instanceof UserError &&
      err.message === `--set claims.C1.min_ratio=6: ${other} does not check claim C1 (--set changes a claim only where a manifest's claims declare it)`,
  );
  // An unknown claim id is still the schema's error, with its hint.
  assert.throws(() => loadManifest(other, 'quick', parseOverrides(['claims.CC1.x=1'])), /claims\.CC1: unknown key 'CC1' \(did you mean 'C1'\?\)/);
});
