// The built site in a real headless chromium, opened from file:// as a reader would double-click
// it: no console error, no request outside the site folder, every figure drawn with marks, its
// title shown once and its chart within the content column (1280 px window),
// no horizontal page scroll at phone width, hostile manifest text never executed. Screenshots go
// to reports/screenshots/ for a human to look at.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { buildFixtureModel } from '../../pipeline/testing/site-fixture.ts';
import { buildSite } from '../../pipeline/site/index.ts';
import type { SiteModel } from '../../pipeline/site/types.ts';
import { ensureChromium, launch } from './browser.ts';

const SCREENSHOTS = 'reports/screenshots';
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
  const exp = m.experiments[0];
  exp.title = XSS;
  exp.description = '"><img src=x onerror=alert(2)>';
  exp.runs[0].params = { ...exp.runs[0].params, init: '<b onmouseover=alert(3)>x</b>' };
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
      { timeout: 20_000 },
    )
    .catch(() => v.errors.push(`${path}: not every figure turned live within 20 s`));
  return { page, ...v };
}

describe('the site in headless chromium (file://)', { skip: skip ?? false }, () => {
  let work: string, siteDir: string, hostileDir: string, pages: string[];
  let browser: Awaited<ReturnType<typeof launch>>;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'repro-site-browser-'));
    const { model, figuresDir } = await buildFixtureModel(work);
    siteDir = join(work, 'site');
    hostileDir = join(work, 'hostile');
    pages = buildSite(model, { outDir: siteDir, figuresDir }).filter((f) => f.endsWith('.html'));
    buildSite(hostile(model), { outDir: hostileDir, figuresDir });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('every page: no console error, nothing loaded from outside the site, each figure has marks', async () => {
    assert.ok(pages.includes('index.html') && pages.includes('methods.html') && pages.some((p) => p.startsWith('experiments/')));
    let figures = 0;
    for (const path of pages) {
      const { page, errors, outside } = await visit(browser.context, siteDir, path);
      const marks = await page.$$eval(
        '[data-figure]',
        (els, sel) =>
          els.map((el) => {
            const view = el.querySelector('.figure-view')!;
            return {
              name: el.getAttribute('data-figure'),
              marks: el.querySelectorAll(`.figure-live svg :is(${sel})`).length,
              heading: el.querySelector('h3')!.textContent!.trim(),
              chartTitles: [...el.querySelectorAll('.figure-live svg .role-title-text text')].map((t) => t.textContent!.trim()),
              overflow: view.scrollWidth - view.clientWidth,
            };
          }),
        MARKS,
      );
      await page.close();
      assert.deepEqual(outside, [], `${path}: requests outside the site`);
      assert.deepEqual(errors, [], `${path}: console errors`);
      for (const f of marks) {
        assert.ok(f.marks > 0, `${path}: figure ${f.name} rendered no marks`);
        assert.ok(!f.chartTitles.includes(f.heading), `${path}: figure ${f.name} shows its title twice`);
        assert.ok(f.overflow <= 0, `${path}: figure ${f.name} is ${f.overflow} px wider than the content column`);
      }
      figures += marks.length;
    }
    assert.ok(figures >= 2, `${figures} figures seen`);
  });

  test('full-page screenshots of the overview and an experiment page', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [path, file] of [
      ['index.html', 'index.png'],
      [pages.find((p) => p.endsWith('/three-phases.html')) ?? pages.find((p) => p.startsWith('experiments/'))!, 'experiment.png'],
    ]) {
      const { page, errors } = await visit(browser.context, siteDir, path);
      await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
      await page.close();
      assert.deepEqual(errors, []);
    }
  });

  test('at phone width (390 px) no page scrolls horizontally', async () => {
    for (const path of pages) {
      const { page } = await visit(browser.context, siteDir, path, 390);
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      if (path === 'index.html') await page.screenshot({ path: join(SCREENSHOTS, 'index-phone.png'), fullPage: true });
      await page.close();
      assert.ok(scroll <= client, `${path}: document is ${scroll} px wide in a ${client} px viewport`);
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
