// The built site in a real headless chromium, opened from file:// as a reader would double-click
// it, on a laptop (1280 px) and on a phone (390 px). The site is every experiment of experiments/
// with synthetic runs (a failed run and an unreached t₁ in each), so every page and figure kind is
// seen. On every page at both widths: no console error, no request outside the site folder, no
// horizontal scroll of the page or inside a figure's box, every figure drawn with marks, its title
// shown once, its legends inside its box, no two of its texts on top of each other, no "NaN".
// Hostile manifest text never runs. Screenshots go to reports/screenshots/ for a human to look at.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { buildSyntheticModel } from '../../pipeline/testing/site-fixture.ts';
import { PENDING } from '../../pipeline/testing/pending.ts';
import { buildSite } from '../../pipeline/site/index.ts';
import type { SiteModel } from '../../pipeline/site/types.ts';
import { ensureChromium, launch } from './browser.ts';

const SCREENSHOTS = 'reports/screenshots';
const WIDTHS = [1280, 390];
const MARKS = ['line', 'area', 'symbol', 'rect', 'trail', 'arc']
  .map((m) => `.mark-${m} path`)
  .concat('.mark-rule line')
  .join(', ');
const XSS = '<script>alert(1)</script>';

const skip = ensureChromium();
if (skip) console.log(`# site browser tests skipped: ${skip}`);

/** The fixture with manifest-derived strings replaced by markup that must stay inert text. */
function hostile(model: SiteModel): SiteModel {
  const m = structuredClone(model) as SiteModel;
  const exp = m.experiments.find((e) => e.id === 'three-phases')!;
  exp.title = XSS;
  exp.description = '"><img src=x onerror=alert(2)>';
  exp.runs[0].params = { ...exp.runs[0].params, init: '<b onmouseover=alert(3)>x</b>' };
  exp.runs[0].reason = '<b onmouseover=alert(7)>y</b>';
  const fig = exp.figures[0];
  fig.caption = '</figcaption><script>alert(4)</script>';
  fig.vl = { ...(fig.vl as object), title: '</script><script>alert(5)</script>' };
  m.claims[0].notes = ['<iframe src=javascript:alert(6)>'];
  m.claims[0].reason = '<iframe src=javascript:alert(6)>';
  return m;
}

interface Visit {
  errors: string[];
  outside: string[];
  dialogs: string[];
}

/** Opens a page and waits until every figure's live chart has drawn (or one failed). */
async function visit(context: BrowserContext, siteDir: string, path: string, width = 1280): Promise<{ page: Page } & Visit> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const v: Visit = { errors: [], outside: [], dialogs: [] };
  const inside = pathToFileURL(siteDir).href + '/';
  page.on('console', (m) => {
    if (m.type() === 'error') v.errors.push(m.text());
  });
  page.on('pageerror', (e) => v.errors.push(e.message));
  page.on('dialog', (d) => {
    v.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(inside) || url.startsWith('data:')) return route.continue();
    v.outside.push(url);
    return route.abort();
  });
  await page.goto(inside + path);
  await page
    .waitForFunction(
      () => {
        const all = document.querySelectorAll('[data-figure]').length;
        return document.querySelectorAll('[data-figure].is-live').length === all;
      },
      null,
      { timeout: 30_000 },
    )
    .catch(() => v.errors.push(`${path}: not every figure turned live within 30 s`));
  return { page, ...v };
}

/** What the browser drew of each figure, measured in the page. */
interface Drawn {
  name: string;
  marks: number;
  heading: string;
  chartTitles: string[];
  /** Pixels the box scrolls sideways, and the chart's right edge beyond the box. */
  overflow: number;
  beyond: number;
  /** Legends (Vega's role-legend groups) outside the box or the window. */
  legends: number;
  legendsOutside: number;
  overlaps: string[];
}

// No named functions inside: tsx would wrap them in a helper the page does not have.
function measure(page: Page): Promise<Drawn[]> {
  return page.$$eval(
    '[data-figure]',
    (els, sel) =>
      els.map((el) => {
        const view = el.querySelector('.figure-view')!;
        const box = view.getBoundingClientRect();
        const svg = el.querySelector('.figure-live svg');
        const right = svg ? svg.getBoundingClientRect().right : box.right;
        const legends = [...el.querySelectorAll('.figure-live svg g.role-legend')].map((g) => g.getBoundingClientRect());
        // Every visible text line's box; two that share more than a pixel each way overlap.
        const texts = [...el.querySelectorAll('.figure-live svg text')]
          .filter((t) => Number(getComputedStyle(t).opacity) > 0 && (t.textContent ?? '').trim() !== '')
          .flatMap((t) => {
            const spans = t.querySelectorAll('tspan');
            return (spans.length ? [...spans] : [t]).map((n) => ({ text: n.textContent!.trim(), r: n.getBoundingClientRect() }));
          })
          .filter((t) => t.text !== '' && t.r.width > 0);
        const overlaps: string[] = [];
        for (let i = 0; i < texts.length; i++)
          for (let j = i + 1; j < texts.length; j++) {
            const a = texts[i].r,
              b = texts[j].r;
            if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1)
              overlaps.push(`'${texts[i].text}' and '${texts[j].text}'`);
          }
        return {
          name: el.getAttribute('data-figure')!,
          marks: el.querySelectorAll(`.figure-live svg :is(${sel})`).length,
          heading: el.querySelector('h3')!.textContent!.trim(),
          chartTitles: [...el.querySelectorAll('.figure-live svg .role-title-text text')].map((t) => t.textContent!.trim()),
          overflow: view.scrollWidth - view.clientWidth,
          beyond: Math.round(right - box.right),
          legends: legends.length,
          legendsOutside: legends.filter((r) => r.left < box.left - 1 || r.right > box.right + 1 || r.right > window.innerWidth).length,
          overlaps,
        };
      }),
    MARKS,
  );
}

describe('the site in headless chromium (file://)', { skip: skip ?? false }, () => {
  let work: string, siteDir: string, hostileDir: string, pages: string[], model: SiteModel;
  let browser: Awaited<ReturnType<typeof launch>>;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'repro-site-browser-'));
    const built = await buildSyntheticModel(work);
    model = built.model;
    siteDir = join(work, 'site');
    hostileDir = join(work, 'hostile');
    pages = buildSite(model, { outDir: siteDir, figuresDir: built.figuresDir }).filter((f) => f.endsWith('.html'));
    buildSite(hostile(model), { outDir: hostileDir, figuresDir: built.figuresDir });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Legends of a figure's static SVG (the live chart must show as many). */
  const staticLegends = (name: string) => readFileSync(join(siteDir, 'figures', `${name}.svg`), 'utf8').split('class="mark-group role-legend"').length - 1;

  /** Figure name -> its kind (the figure name is <experiment>-<kind>). */
  const kindOf = (name: string) =>
    model.experiments.flatMap((e) => e.figures.map((f) => [f.name, f.name.slice(e.id.length + 1)])).find(([n]) => n === name)?.[1];

  for (const width of WIDTHS) {
    test(`every page at ${width} px: no error, no outside request, no sideways scroll, every figure whole with marks, legends and unoverlapped text`, async (t) => {
      assert.ok(pages.includes('index.html') && pages.includes('methods.html') && pages.filter((p) => p.startsWith('experiments/')).length >= 10);
      let figures = 0;
      const pending: string[] = [];
      for (const path of pages) {
        const { page, errors, outside } = await visit(browser.context, siteDir, path, width);
        const drawn = await measure(page);
        const { scroll, client, text } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
          text: document.body.innerText,
        }));
        await page.close();
        assert.deepEqual(outside, [], `${path}: requests outside the site`);
        assert.deepEqual(errors, [], `${path}: console errors`);
        assert.ok(scroll <= client, `${path}: the page is ${scroll} px wide in a ${client} px window`);
        assert.doesNotMatch(text, /\bNaN\b|\bundefined\b/, `${path}: a missing value reads as NaN or undefined`);
        for (const f of drawn) {
          assert.ok(f.marks > 0, `${path}: figure ${f.name} rendered no marks`);
          assert.ok(!f.chartTitles.includes(f.heading), `${path}: figure ${f.name} shows its title twice`);
          assert.ok(f.overflow <= 0 && f.beyond <= 1, `${path}: figure ${f.name} is ${Math.max(f.overflow, f.beyond)} px wider than its box`);
          assert.equal(f.legends, staticLegends(f.name), `${path}: figure ${f.name} shows ${f.legends} legends, its static SVG ${staticLegends(f.name)}`);
          assert.equal(f.legendsOutside, 0, `${path}: ${f.legendsOutside} legend(s) of ${f.name} outside its box`);
          if (f.overlaps.length && PENDING[kindOf(f.name) ?? '']) pending.push(`${f.name}: ${f.overlaps.join('; ')}`);
          else assert.deepEqual(f.overlaps, [], `${path}: figure ${f.name} has overlapping text`);
        }
        figures += drawn.length;
      }
      assert.ok(figures >= 16, `${figures} figures seen`);
      if (pending.length) t.todo(`overlapping text in figures whose rewrite is pending: ${pending.join(' | ')}`);
    });
  }

  test('full-page screenshots of the overview and the three-phases page, laptop and phone', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const width of WIDTHS)
      for (const [path, file] of [
        ['index.html', 'index'],
        ['experiments/three-phases.html', 'experiment'],
      ]) {
        const { page, errors } = await visit(browser.context, siteDir, path, width);
        await page.screenshot({ path: join(SCREENSHOTS, `${file}-${width}.png`), fullPage: true });
        await page.close();
        assert.deepEqual(errors, []);
      }
  });

  test('hostile manifest text shows as text and never runs', async () => {
    for (const path of ['index.html', 'experiments/three-phases.html']) {
      const { page, dialogs, outside, errors } = await visit(browser.context, hostileDir, path);
      const text = await page.evaluate(() => document.body.innerText);
      const injected = await page.evaluate(() => document.querySelectorAll('main script, main iframe, main img[src="x"], main b').length);
      await page.close();
      assert.deepEqual(dialogs, [], `${path}: a dialog fired`);
      assert.deepEqual(errors, [], `${path}: console errors`);
      assert.deepEqual(outside, [], `${path}: requests outside the site`);
      assert.equal(injected, 0, `${path}: injected elements in the DOM`);
      assert.ok(text.includes(XSS), `${path}: the hostile title is not shown as text`);
    }
  });
});
