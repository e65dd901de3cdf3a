// Every figure of every experiment, rendered as the PNG renderer draws it: no text outside the
// canvas or cut short, no two texts on top of each other, no axis under an empty cell. The text
// boxes come from the SVG (testing/svg-layout.ts, widths measured with the bundled font). The
// check itself is shown to catch each fault in a figure built to have it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec, type FigureRequest } from './index.ts';
import { renderSvg } from './render.ts';
import { layoutProblems, svgLayout } from '../testing/svg-layout.ts';
import { syntheticStudy } from '../testing/study-fixture.ts';
import { PENDING } from '../testing/pending.ts';
import type { TopLevelSpec } from 'vega-lite';

const nameOf = (req: FigureRequest) => String((req.options as { name?: string } | undefined)?.name ?? req.figure);

for (const req of syntheticStudy({ troubles: true }).figures) {
  test(`${nameOf(req)}: no clipped, cut or overlapping text, no orphan axis`, { todo: PENDING[req.figure] }, async () => {
    const { svg } = await renderSvg(buildSpec(req).vl);
    const layout = svgLayout(svg);
    assert.ok(layout.texts.length > 5 && layout.frames.length > 0 && layout.axes.length > 0, 'the SVG was read');
    assert.deepEqual(layoutProblems(layout), []);
  });
}

const chart = (body: Record<string, unknown>): TopLevelSpec =>
  ({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: { font: 'DejaVu Sans' }, ...body }) as unknown as TopLevelSpec;
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ p: `panel ${i}`, x: i, y: i * i }));

test('planted: the check sees overlapping labels, text cut short or off the canvas, an orphan axis', async () => {
  const problems = async (vl: TopLevelSpec) => layoutProblems(svgLayout((await renderSvg(vl)).svg));
  const labels = chart({
    width: 300,
    height: 100,
    data: {
      values: [
        { x: 1, t: 'saddle-to-plateau' },
        { x: 1.2, t: 'plateau escape' },
      ],
    },
    mark: { type: 'text', align: 'left' },
    encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0, 10] } }, text: { field: 't' } },
  });
  assert.ok((await problems(labels)).some((p) => /^overlap: 'saddle-to-plateau'.*'plateau escape'/.test(p)));
  const cut = chart({
    width: 200,
    height: 100,
    data: { values: rows(3).map((r) => ({ ...r, p: `a very long category name number ${r.x}` })) },
    mark: 'point',
    encoding: { x: { field: 'x', type: 'quantitative' }, color: { field: 'p', legend: { labelLimit: 60 } } },
  });
  assert.ok((await problems(cut)).some((p) => /^cut short: 'a very/.test(p)));
  // With autosize 'none' the canvas does not grow to take in a mark: text beyond it is cut off.
  const off = chart({
    width: 200,
    height: 100,
    autosize: { type: 'none' },
    data: { values: [{ x: 0 }] },
    mark: { type: 'text', text: 'far off the left edge', dx: -200 },
    encoding: { x: { field: 'x', type: 'quantitative' } },
  });
  assert.ok((await problems(off)).some((p) => /^clipped: 'far off the left edge'/.test(p)));
  // Five panels in three columns: Vega-Lite draws the last row's missing cell an x axis of its own.
  const orphan = chart({
    data: { values: rows(5) },
    facet: { field: 'p', type: 'nominal' },
    columns: 3,
    spec: { width: 120, height: 80, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
  });
  assert.ok((await problems(orphan)).some((p) => /^orphan axis/.test(p)));
  // Independent x axes alone leave a gap between the shared y axis and the cells; both are clean.
  const resolved = (axis: Record<string, string>) => problems(chart({ ...(orphan as object), resolve: { axis } } as Record<string, unknown>));
  assert.ok((await resolved({ x: 'independent' })).some((p) => /^orphan axis/.test(p)));
  assert.deepEqual(await resolved({ x: 'independent', y: 'independent' }), []);
});
