// Issue acceptance: a report over a partially computed profile never shows PASS for the claims
// that lack runs — they read INCOMPLETE (with the count) in claims.json, in the command's output
// and in a banner on the pages they affect — and a complete profile gives a verdict again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entries, repro, scratch } from './run-helpers.ts';

/** POP on tiny runs: five seeds, finite n from 50·d to 400·d and the population run. */
function writePopulation(dir: string): string {
  writeFileSync(
    join(dir, 'pop.yaml'),
    [
      'experiment: pop',
      'title: Finite n vs population',
      'base: { d: 4, m: 4, sigma: 1.0e-3, lr: 0.5, steps: 120, log_per_decade: 10 }',
      'grid:',
      '  n: [200, 400, 800, 1600, null]',
      'seeds: [0, 1, 2, 3, 4]',
      'claims:',
      '  POP: {}',
      '',
    ].join('\n'),
  );
  return 'pop.yaml';
}

test('deleting three cache entries of an experiment makes its claim INCOMPLETE (not PASS), said everywhere; recomputing restores a verdict', async () => {
  const cwd = scratch('claims-incomplete');
  const file = writePopulation(cwd);
  const run = await repro(cwd, 'run', file, '--jobs', '2');
  assert.equal(run.code, 0, run.err);
  const full = await repro(cwd, 'report', file);
  assert.equal(full.code, 0, full.err);
  const before = JSON.parse(readFileSync(join(cwd, 'reports/claims.json'), 'utf8'));
  assert.notEqual(before.claims[0].verdict, 'INCOMPLETE');
  assert.equal(before.complete, true);

  const cache = join(cwd, '.repro/cache');
  for (const key of entries(cache).slice(0, 3)) rmSync(join(cache, 'runs', key), { recursive: true });
  const partial = await repro(cwd, 'report', file);
  assert.equal(partial.code, 0, partial.err);
  assert.match(partial.out, /INCOMPLETE POP \(pop\): 3 of 25 runs missing: no verdict on partial data/);
  const after = JSON.parse(readFileSync(join(cwd, 'reports/claims.json'), 'utf8'));
  assert.equal(after.complete, false);
  assert.equal(after.claims[0].verdict, 'INCOMPLETE');
  assert.deepEqual(after.claims[0].runs, { expected: 25, present: 22, failed: 0, truncated: 0, excluded: 0 });
  // Nothing under it is decided either: each criterion (a PASS beside the INCOMPLETE, and a
  // \Repro...Verdict macro saying PASS) and each control that re-reads the claim's runs.
  assert.deepEqual(new Set(after.claims[0].criteria.map((c: { verdict: string }) => c.verdict)), new Set(['INCOMPLETE']));
  assert.deepEqual(new Set(after.claims[0].controls.map((c: { verdict: string }) => c.verdict)), new Set(['INCOMPLETE']));
  assert.doesNotMatch(readFileSync(join(cwd, 'reports/numbers.tex'), 'utf8'), /\{(PASS|FAIL|INCONCLUSIVE)\}/);
  for (const page of ['index.html', 'experiments/pop.html']) {
    const html = readFileSync(join(cwd, 'reports/site', page), 'utf8');
    assert.match(html, /class="banner" role="alert">Partially computed: 1 claim \(POP\)/, page);
    assert.doesNotMatch(html, /verdict-pass/, page);
  }

  assert.equal((await repro(cwd, 'run', file)).code, 0);
  assert.equal((await repro(cwd, 'report', file)).code, 0);
  const again = JSON.parse(readFileSync(join(cwd, 'reports/claims.json'), 'utf8'));
  assert.equal(again.claims[0].verdict, before.claims[0].verdict);
  assert.deepEqual(again.claims[0].estimate, before.claims[0].estimate);
});
