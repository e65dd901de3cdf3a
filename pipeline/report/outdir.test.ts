import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { MARKER, claimOutDir, refusal } from './outdir.ts';
import { scratchDir } from '../testing/scratch.ts';

test('a report folder is ours when new, empty, marked, or the repository reports/; anything else is refused', () => {
  const cwd = scratchDir('outdir');
  const at = (p: string) => join(cwd, p);
  claimOutDir(at('new/deep'), cwd);
  assert.deepEqual(readdirSync(at('new/deep')), [MARKER], 'made, marker first');
  mkdirSync(at('empty'));
  assert.equal(refusal(at('empty'), cwd), null);
  mkdirSync(at('reports'));
  writeFileSync(at('reports/artifact.tar.gz'), '');
  assert.equal(refusal(at('reports'), cwd), null);
  claimOutDir(at('reports'), cwd);
  assert.deepEqual(readdirSync(at('reports')), ['artifact.tar.gz'], 'no marker needed in reports/');
  mkdirSync(at('docs'));
  writeFileSync(at('docs/thesis.tex'), '');
  assert.throws(
    () => claimOutDir(at('docs'), cwd),
    (e: Error) => e instanceof UserError && /is not empty and was not made by repro/.test(e.message),
  );
  assert.deepEqual(readdirSync(at('docs')), ['thesis.tex']);
  writeFileSync(at('file'), '');
  assert.match(refusal(at('file'), cwd)!, /is not a folder/);
});
