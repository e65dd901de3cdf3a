// `repro validate` end to end: exit codes, one line per bad file on stderr, no stack trace,
// nothing written in the working directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/repro.js');
const FIXTURES = join(ROOT, 'pipeline/testing/manifests');

const cwd = mkdtempSync(join(tmpdir(), 'repro-validate-e2e-'));
test.after(() => rmSync(cwd, { recursive: true, force: true }));
copyFileSync(join(FIXTURES, 'valid-full.yaml'), join(cwd, 'good.yaml'));
writeFileSync(join(cwd, 'bad.yaml'), 'experiment: bad\ntitle: Bad\ngrid:\n  lr: [0.1, -0.1]\n');
writeFileSync(join(cwd, 'bad.json'), '{\n  "experiment": "bad-json",\n  "title": "B",\n  "base": { "taks": "regression" }\n}\n');

function validate(...args: string[]) {
  const before = readdirSync(cwd).sort();
  const r = spawnSync(process.execPath, [BIN, 'validate', ...args], { cwd, encoding: 'utf8' });
  assert.deepEqual(readdirSync(cwd).sort(), before, 'validate wrote a file');
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('a bad manifest: exit 2, one line on stderr, no stack trace', () => {
  const r = validate('bad.yaml');
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.equal(r.err, 'bad.yaml:4:13: grid.lr[1]: must be > 0 (got -0.1)\n');
});

test('a valid manifest: exit 0 and its run counts per profile', () => {
  const r = validate('good.yaml');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'ok  good.yaml  (6 runs quick, 120 runs paper)\n');
  assert.equal(r.err, '');
});

test('every file is checked before exiting 2; a missing file is one line too', () => {
  const r = validate('bad.json', 'good.yaml', 'missing.yaml');
  assert.equal(r.code, 2);
  assert.equal(r.out, 'ok  good.yaml  (6 runs quick, 120 runs paper)\n');
  assert.equal(r.err, "bad.json:4:13: base.taks: unknown key 'taks' (did you mean 'task'?)\nmissing.yaml: cannot read file (ENOENT)\n");
});

test('usage errors exit 2 with one line', () => {
  const flag = validate('--fast', 'good.yaml');
  assert.equal(flag.code, 2);
  assert.match(flag.err, /^repro validate: unknown option '--fast' \(known: --max-memory, --max-time, --set, --json\)\n$/);
  const none = validate();
  assert.equal(none.code, 2);
  assert.equal(none.err, 'repro validate: no manifests given and none found in experiments/\n');
});

test('--set overrides a value for one invocation, checked by the schema, an error naming the argument', () => {
  // seeds, base and grid set on the command line win over the profile's; a profile's own path sets only it.
  const ok = validate('good.yaml', '--set', 'seeds=[0, 1, 2, 3]');
  assert.equal(ok.code, 0, ok.err);
  assert.equal(ok.out, 'ok  good.yaml  (24 runs quick, 24 runs paper)\n');
  const paper = validate('good.yaml', '--set', 'profiles.paper.seeds={from: 5, count: 2}');
  assert.equal(paper.out, 'ok  good.yaml  (6 runs quick, 12 runs paper)\n');
  for (const [set, message] of [
    ['base.m=abc', "--set base.m=abc: base.m: must be a positive integer (got 'abc')"],
    ['base.mm=3', "--set base.mm=3: base.mm: unknown key 'mm' (did you mean 'm'?)"],
    ['grid.lr=[0.1,-1]', '--set grid.lr=[0.1,-1]: grid.lr[1]: must be > 0 (got -1)'],
  ]) {
    const r = validate('good.yaml', '--set', set);
    assert.equal(r.code, 2, set);
    assert.equal(r.err, `${message}\n`);
  }
  const malformed = validate('good.yaml', '--set', 'base.m');
  assert.equal(malformed.code, 2);
  assert.equal(malformed.err, 'repro validate: --set base.m: expected PATH=VALUE, e.g. --set base.m=5 or --set grid.lr=[0.1,0.2]\n');
});

test('--json: one row per manifest with its run counts or its error', () => {
  const r = validate('good.yaml', 'bad.yaml', '--json');
  assert.equal(r.code, 2);
  assert.equal(r.err, '');
  assert.deepEqual(JSON.parse(r.out), [
    { file: 'good.yaml', ok: true, runs: { quick: 6, paper: 120 }, error: null },
    { file: 'bad.yaml', ok: false, runs: null, error: 'bad.yaml:4:13: grid.lr[1]: must be > 0 (got -0.1)' },
  ]);
});
