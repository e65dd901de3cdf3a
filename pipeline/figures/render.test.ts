// Same input, same bytes: SVG and PNG are identical across renders in one process (whatever was
// rendered before) and across processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildSpec } from './index.ts';
import { sampleRequests } from '../testing/figure-fixtures.ts';
import { renderFigure, renumberIds } from './render.ts';
import { sha256 } from '../cache/key.ts';

const pick = (kind: string) => buildSpec(sampleRequests().find((r) => r.figure === kind)!);

async function digests(kinds: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const k of kinds) {
    const r = await renderFigure(pick(k).vl);
    out[k] = `${sha256(r.svg)} ${sha256(r.png)}`;
  }
  return out;
}

test('renumberIds: per-document numbering, references follow', () => {
  const svg =
    '<defs><clipPath id="clip7"/><clipPath id="clip9"/><linearGradient id="gradient_3"/></defs>' +
    '<g clip-path="url(#clip9)"/><g clip-path="url(#clip7)"/><rect fill="url(#gradient_3)"/><use href="#clip7"/>';
  assert.equal(
    renumberIds(svg),
    '<defs><clipPath id="clip1"/><clipPath id="clip2"/><linearGradient id="gradient_1"/></defs>' +
      '<g clip-path="url(#clip2)"/><g clip-path="url(#clip1)"/><rect fill="url(#gradient_1)"/><use href="#clip1"/>',
  );
});

test('two figures rendered in sequence, then again in reverse order: identical bytes', async () => {
  const forward = await digests(['loss', 'wang-ma']);
  const reverse = await digests(['wang-ma', 'loss']);
  assert.deepEqual(reverse, forward);
  assert.notEqual(forward.loss, forward['wang-ma']);
});

test('a fresh process renders the same bytes', async () => {
  const here = await digests(['directions', 'loss']);
  const script = `
    const { digestsFor } = await import(${JSON.stringify(fileURLToPath(new URL('./render.test-child.ts', import.meta.url)))});
    console.log(JSON.stringify(await digestsFor(['loss', 'directions'])));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const there = JSON.parse(child.stdout.trim().split('\n').pop()!);
  assert.deepEqual(there, here);
});
