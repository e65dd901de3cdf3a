// Every figure: valid Vega-Lite, renders the expected marks with no warnings, PNG at 2x and not
// blank, text drawn with real glyphs; empty inputs give the explicit no-data figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Resvg } from '@resvg/resvg-js';
import { buildSpec, FIGURES, type FigureKind } from './index.ts';
import { failedRun, sampleRequests, syntheticRun } from '../testing/figure-fixtures.ts';
import { renderFigure, FONT_FILES } from './render.ts';
import { vegaLiteErrors } from './validate.ts';
import { decodePng, greyVariance, darkPixels } from './png.ts';
import { MAX_POINTS, thinIndices } from './rows.ts';
import { FONT_FAMILY } from './palette.ts';
import { wilson } from '../analysis/stats.ts';
import { lossFigure } from './loss.ts';
import { svgLayout } from '../testing/svg-layout.ts';

/** Items drawn by each data mark type (`role-mark` groups; axes and legends excluded). */
function markItems(svg: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of svg.matchAll(/<g class="mark-(\w+) role-mark[^>]*>([\s\S]*?)<\/g>/g)) {
    counts[m[1]] = (counts[m[1]] ?? 0) + (m[2].match(/<(path|line|text)\b/g)?.length ?? 0);
  }
  return counts;
}

const svgSize = (svg: string) => {
  const m = /<svg[^>]*\bwidth="(\d+(?:\.\d+)?)"[^>]*\bheight="(\d+(?:\.\d+)?)"/.exec(svg);
  assert.ok(m, 'svg has width and height');
  return { width: Number(m[1]), height: Number(m[2]) };
};

// Derived from the fixtures: e.g. loss = 3 seeds x 2 curves + 3 fits, 3 phase bands (the phases'
// names are in a legend); directions = 3 moments of one run (t1/2 falls on the same logged step as 0).
const EXPECTED: Record<FigureKind, Record<string, number>> = {
  loss: { line: 9, rect: 3 },
  alignment: { line: 9, rule: 1 },
  norms: { line: 12 },
  directions: { line: 3, symbol: 18 },
  'init-scale': { line: 3, symbol: 16 },
  'sample-complexity': { line: 6, rule: 25, symbol: 24 },
  population: { line: 4 },
  // wang-ma: 2 losses × (1 loss line + 3 activity lines at the smallest σ, 4 phase bands, 2 predicted slopes) + 2 reference levels with their names, 4 runs × 2 times.
  'wang-ma': { line: 12, rect: 8, rule: 2, symbol: 8, text: 2 },
  ablation: { line: 6 },
};

const rendered = new Map<string, string>();

test('every figure kind has a sample request', () => {
  assert.deepEqual(
    sampleRequests()
      .map((r) => r.figure)
      .sort(),
    Object.keys(FIGURES).sort(),
  );
});

for (const req of sampleRequests()) {
  test(`figure ${req.figure}: valid spec, expected marks, PNG 2x and not blank`, async () => {
    const fig = buildSpec(req);
    assert.equal(fig.name, req.figure);
    assert.deepEqual(vegaLiteErrors(fig.vl), []);
    assert.match(fig.caption, /\d/, 'caption carries measured numbers');
    assert.ok(fig.alt.length > 40, 'alt text describes the figure');
    const r = await renderFigure(fig.vl);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(markItems(r.svg), EXPECTED[req.figure]);
    assert.match(r.svg, new RegExp(`font-family="${FONT_FAMILY}`));
    const png = decodePng(r.png);
    const size = svgSize(r.svg);
    assert.equal(png.width, Math.round(size.width * 2));
    assert.equal(png.height, Math.round(size.height * 2));
    assert.ok(greyVariance(png) > 0, 'PNG is not blank');
    rendered.set(req.figure, r.svg);
  });
}

test('the schema check catches a broken spec', () => {
  const fig = buildSpec(sampleRequests()[0]);
  const broken = { ...fig.vl, mark: 'no-such-mark' } as unknown as typeof fig.vl;
  assert.ok(vegaLiteErrors(broken).length > 0);
});

test('no data: no runs, or every run failed, renders an explicit message', async () => {
  for (const kind of Object.keys(FIGURES) as FigureKind[]) {
    for (const runs of [[], [failedRun(0), failedRun(1)]]) {
      const fig = buildSpec({ figure: kind, runs } as Parameters<typeof buildSpec>[0]);
      assert.match(fig.caption, /^No data: /, `${kind}: ${fig.caption}`);
      assert.deepEqual(vegaLiteErrors(fig.vl), []);
    }
  }
  const r = await renderFigure(lossFigure([failedRun(0)]).vl);
  assert.deepEqual(markItems(r.svg), { text: 1 });
  assert.match(r.svg, /No data: all 1 runs failed/);
  // The message is the only dark ink: dark pixels prove the text was drawn.
  assert.ok(darkPixels(decodePng(r.png)) > 200);
});

test('every character the figures write has a glyph in the bundled font (no tofu, no blanks)', async () => {
  if (rendered.size === 0) for (const req of sampleRequests()) rendered.set(req.figure, (await renderFigure(buildSpec(req).vl)).svg);
  const chars = new Set<string>();
  for (const svg of rendered.values()) for (const t of svgLayout(svg).texts) for (const c of t.text) chars.add(c);
  assert.ok(chars.has('β') && chars.has('‖'), 'the sample figures use Greek and math symbols');
  const draw = (c: string) => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><text x="4" y="18" font-size="16" font-family="${FONT_FAMILY}">${c.replace('&', '&amp;').replace('<', '&lt;')}</text></svg>`;
    return Buffer.from(new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY } }).render().pixels);
  };
  const missing = draw('\u{10FFFD}'),
    blank = draw(' ');
  const bad = [...chars].filter((c) => c.trim() !== '' && (draw(c).equals(missing) || draw(c).equals(blank)));
  assert.deepEqual(bad, []);
});

/** The loss figure's curve rows. */
const curves = (fig: ReturnType<typeof lossFigure>) =>
  (fig.vl as { datasets: Record<string, { kind: string; value: number }[]> }).datasets.rows.filter((r) => r.kind === 'curve');

test('long series are thinned deterministically to the per-figure budget', () => {
  assert.deepEqual(thinIndices(5, 10), [0, 1, 2, 3, 4]);
  assert.deepEqual(thinIndices(10, 4), [0, 3, 6, 9]);
  const long = [0, 1, 2].map((seed) => syntheticRun({ seed, rows: 20_001, spec: { steps: 20_000 } }));
  const a = lossFigure(long),
    b = lossFigure(long);
  const lines = curves(a);
  assert.ok(lines.length <= MAX_POINTS && lines.length > MAX_POINTS / 2, `${lines.length} points`);
  assert.deepEqual(a.vl, b.vl);
});

test('non-positive and NaN values are dropped before a log scale', () => {
  const run = syntheticRun();
  run.metrics.data.train_loss[3] = 0;
  run.metrics.data.train_loss[4] = NaN;
  run.metrics.data.population_loss[5] = -1;
  const rows = curves(lossFigure([run]));
  assert.equal(rows.length, 2 * 101 - 3);
  assert.ok(rows.every((r) => Number.isFinite(r.value) && r.value > 0));
});

test('Wilson interval: known values', () => {
  const w = wilson(5, 10);
  assert.ok(Math.abs(w.lo - 0.2366) < 1e-4 && Math.abs(w.hi - 0.7634) < 1e-4, JSON.stringify(w));
  assert.deepEqual(wilson(0, 0), { lo: NaN, hi: NaN });
  assert.equal(wilson(10, 10).hi, 1);
});
