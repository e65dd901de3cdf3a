// The generated documents match their sources: docs/claims.md the claim registry, the README's
// results block the committed reports/claims-paper.json. A hand edit to either fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { claimsReference, readmeResults, replaceResults, RESULTS_BEGIN, RESULTS_END } from '../pipeline/report/markdown.ts';

test('docs/claims.md is the registry as generated (make docs)', () => {
  assert.equal(readFileSync('docs/claims.md', 'utf8'), claimsReference(), 'docs/claims.md is stale: run make docs');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/write-docs.ts', '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test("the README's results block is generated from reports/claims-paper.json, and a hand edit is caught", () => {
  const readme = readFileSync('README.md', 'utf8');
  assert.ok(readme.includes(RESULTS_BEGIN) && readme.includes(RESULTS_END), 'README.md lacks the results markers');
  if (!existsSync('reports/claims-paper.json')) return; // nothing generated yet
  const claims = JSON.parse(readFileSync('reports/claims-paper.json', 'utf8'));
  assert.equal(replaceResults(readme, readmeResults(claims)), readme);
  const edited = readme.replace(/\*\*(PASS|FAIL|INCONCLUSIVE)\*\*/, '**EDITED**');
  assert.notEqual(replaceResults(edited, readmeResults(claims)), edited);
});
