// The figure store renders a figure only when its hash changed or a file is missing/altered,
// writes every file atomically, and records each file's sha256 in NAME.meta.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSpec, type FigureRequest } from './index.ts';
import { storeFigures } from './store.ts';
import { syntheticRun } from '../testing/figure-fixtures.ts';
import { sha256 } from '../cache/key.ts';

/** What `repro figures` does with the requests: build each spec, then store them all. */
const buildFigures = (reqs: FigureRequest[], dir: string) => storeFigures(reqs.map(buildSpec), dir);

const requests = (scale: number): FigureRequest[] => [
  { figure: 'loss', runs: [0, 1].map((seed) => syntheticRun({ seed, lossScale: scale })) },
  { figure: 'alignment', runs: [0, 1].map((seed) => syntheticRun({ seed })) },
];

test('store: render once, skip when unchanged, re-render only the changed or damaged figure', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'figstore-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  const first = await buildFigures(requests(1), dir);
  assert.deepEqual(
    first.map((f) => [f.name, f.rendered]),
    [
      ['loss', true],
      ['alignment', true],
    ],
  );
  const files = readdirSync(dir).sort();
  for (const name of ['loss', 'alignment']) {
    for (const ext of ['vl.json', 'svg', 'png', 'data.csv', 'caption.txt', 'meta.json']) assert.ok(files.includes(`${name}.${ext}`), `${name}.${ext}`);
    const meta = JSON.parse(readFileSync(join(dir, `${name}.meta.json`), 'utf8'));
    const stored = first.find((f) => f.name === name)!;
    assert.deepEqual(meta, { name, hash: stored.hash, files: stored.files });
    for (const [file, digest] of Object.entries(meta.files)) assert.equal(sha256(readFileSync(join(dir, file))), digest, file);
  }
  assert.ok(!files.some((f) => f.endsWith('.tmp')), 'no temporary files left');
  const csv = readFileSync(join(dir, 'loss.data.csv'), 'utf8');
  assert.match(csv, /^dataset,/);
  assert.match(readFileSync(join(dir, 'loss.caption.txt'), 'utf8'), /t₁ = \d/);

  const again = await buildFigures(requests(1), dir);
  assert.deepEqual(
    again.map((f) => f.rendered),
    [false, false],
  );
  assert.deepEqual(
    again.map((f) => f.hash),
    first.map((f) => f.hash),
  );

  const changed = await buildFigures(requests(2), dir);
  assert.deepEqual(
    changed.map((f) => [f.name, f.rendered]),
    [
      ['loss', true],
      ['alignment', false],
    ],
  );
  assert.notEqual(changed[0].hash, first[0].hash);
  assert.equal(changed[1].hash, first[1].hash);
  assert.notEqual(readFileSync(join(dir, 'loss.data.csv'), 'utf8'), csv);

  rmSync(join(dir, 'alignment.png'));
  writeFileSync(join(dir, 'loss.svg'), '<svg/>');
  const repaired = await buildFigures(requests(2), dir);
  assert.deepEqual(
    repaired.map((f) => f.rendered),
    [true, true],
  );
  assert.deepEqual(
    repaired.map((f) => f.files),
    changed.map((f) => f.files),
    'the same bytes come back',
  );
});

test('store: two requests with one name are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'figstore-'));
  try {
    const reqs: FigureRequest[] = [
      { figure: 'loss', runs: [] },
      { figure: 'loss', runs: [] },
    ];
    await assert.rejects(buildFigures(reqs, dir), /two figures are named 'loss'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
