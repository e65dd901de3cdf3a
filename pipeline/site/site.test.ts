// The site builder on a real (tiny, simulated) model: hostile manifest text stays text, the link
// checker passes on the site and catches planted breakage, and a rebuild is byte-identical.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { UserError } from '../errors.ts';
import { formatNumber } from './format.ts';
import { buildFixtureModel } from '../testing/site-fixture.ts';
import { buildSite, checkLinks, readFigureFiles, readVegaBundles, renderSite } from './index.ts';
import { scriptSafeJson } from './embed.ts';
import { sortClaims } from '../analysis/claims/index.ts';
import { loadTemplates } from './templates.ts';
import type { SiteModel } from './types.ts';

const XSS = '<script>alert(1)</script>';
const text = (b: string | Uint8Array | undefined): string => (typeof b === 'string' ? b : Buffer.from(b ?? '').toString('utf8'));

function listAll(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listAll(dir, join(base, e.name)) : [join(base, e.name)]))
    .sort();
}

describe('site', () => {
  let work: string, model: SiteModel, figuresDir: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'repro-site-'));
    ({ model, figuresDir } = await buildFixtureModel(work));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('the fixture is real: runs simulated, claims checked, figures drawn', () => {
    assert.equal(model.experiments.length, 2);
    for (const e of model.experiments) {
      assert.ok(e.runs.length > 0 && e.runs.every((r) => r.status === 'ok' && /^[0-9a-f]{64}$/.test(r.key)), e.id);
      assert.ok(e.figures.length > 0, e.id);
    }
    assert.ok(model.claims.length >= 2 && model.claims.every((c) => c.criteria.length + c.measured.length > 0 || c.reason !== null));
  });

  test('manifest text is HTML-escaped everywhere and embedded specs cannot close a script', () => {
    const m = structuredClone(model);
    const exp = m.experiments[0];
    exp.title = XSS;
    exp.description = '"><img src=x onerror=alert(2)>';
    exp.runs[0].params = { ...exp.runs[0].params, init: '<b>bold</b>' };
    exp.figures[0].caption = '</figcaption><script>alert(3)</script>';
    exp.figures[0].vl = { ...(exp.figures[0].vl as object), title: '</script><script>alert(4)</script>\u2028' };
    m.claims[0].notes = ['<iframe src=javascript:alert(5)>'];
    m.claims[0].reason = '<iframe src=javascript:alert(5)>';
    const files = renderSite(m, readFigureFiles(m, figuresDir), new Map());
    const pages = [...files.keys()].filter((p) => p.endsWith('.html'));
    for (const p of pages) {
      const html = text(files.get(p));
      assert.doesNotMatch(html, /<script>alert|<img src=x|<iframe|<b>bold/, p);
      // The only scripts are external files of the site.
      for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) assert.match(tag, /^<script src="[^"]+"><\/script>$|^<script src="[^"]+">$/, `${p}: ${tag}`);
    }
    const index = text(files.get('index.html'));
    assert.ok(index.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the hostile title is shown as text');
    assert.ok(index.includes('&lt;iframe src&#x3D;javascript:alert(5)&gt;'), 'the hostile note is shown as text');
    const js = text(files.get(`figures/${exp.figures[0].name}.spec.js`));
    assert.doesNotMatch(js, /<|\u2028/);
    const sandbox = { window: {} as Record<string, Record<string, unknown>> };
    runInNewContext(js, sandbox);
    // Compared as JSON: objects from another vm context have other prototypes.
    assert.equal(JSON.stringify(sandbox.window.REPRO_FIGURES[exp.figures[0].name]), JSON.stringify(exp.figures[0].vl));
  });

  test('scriptSafeJson escapes only what HTML or JS could misread', () => {
    assert.equal(scriptSafeJson({ a: '</script>&' }), '{"a":"\\u003c/script\\u003e\\u0026"}');
    assert.deepEqual(JSON.parse(scriptSafeJson({ a: '</script>&\u2028' })), { a: '</script>&\u2028' });
  });

  test('templates may not print raw HTML', () => {
    const dir = join(work, 'bad-templates');
    mkdirSync(join(dir, 'partials'), { recursive: true });
    mkdirSync(join(dir, 'pages'), { recursive: true });
    writeFileSync(join(dir, 'pages', 'index.hbs'), '<h1>{{{title}}}</h1>');
    assert.throws(() => loadTemplates(dir), /raw \(unescaped\) output/);
  });

  test('the built site has no broken link; planted breakage is found', () => {
    const out = join(work, 'links');
    buildSite(model, { outDir: out, figuresDir });
    assert.deepEqual(checkLinks(out), []);
    assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /href="https:\/\/arxiv\.org\//, 'an outbound <a> link is allowed');
    appendFileSync(
      join(out, 'index.html'),
      [
        '<a href="experiments/nope.html">x</a>',
        '<a href="methods.html#no-such-id">x</a>',
        '<a href="#nowhere">x</a>',
        '<script src="https://cdn.example.org/vega.js"></script>',
        '<img src="/abs.png" alt="">',
        '<a href="../outside.html">x</a>',
      ].join('\n'),
    );
    const figure = model.experiments[0].figures[0];
    unlinkSync(join(out, 'figures', figure.files.png));
    const problems = checkLinks(out).map((p) => `${p.file} ${p.ref}`);
    assert.deepEqual(problems.sort(), [
      `experiments/${model.experiments[0].id}.html ../figures/${figure.files.png}`,
      'index.html #nowhere',
      'index.html ../outside.html',
      'index.html /abs.png',
      'index.html experiments/nope.html',
      'index.html https://cdn.example.org/vega.js',
      'index.html methods.html#no-such-id',
    ]);
  });

  test('a rebuild from the same inputs is byte-identical, and replaces the old site', () => {
    const a = join(work, 'a'),
      b = join(work, 'b');
    const files = buildSite(model, { outDir: a, figuresDir });
    writeFileSync(join(a, 'stale.html'), 'left over');
    buildSite(model, { outDir: a, figuresDir });
    buildSite(model, { outDir: b, figuresDir });
    assert.deepEqual(listAll(a), [...files].sort());
    assert.deepEqual(listAll(b), listAll(a));
    for (const f of listAll(a)) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f);
    assert.ok(files.includes('assets/vega.min.js') && files.includes('assets/vega-lite.min.js') && files.includes('assets/vega-embed.min.js'));
    const page = readFileSync(join(a, `experiments/${model.experiments[0].id}.html`), 'utf8');
    const order = ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js', '.spec.js', 'site.js'].map((s) => page.indexOf(s));
    assert.deepEqual(
      order,
      [...order].sort((x, y) => x - y),
      'bundles load in order, before the specs and the renderer',
    );
  });

  test('the runs table: grid point, status with the reason of a failure, boundaries and final losses in words when missing, export command; the same rows as CSV', () => {
    const m = structuredClone(model);
    const exp = m.experiments[0];
    const [failed, unreached] = exp.runs;
    Object.assign(failed, { status: 'failed', reason: 'RangeError: planted', boundaries: {}, final: { train_loss: null, population_loss: null } });
    unreached.boundaries = { ...unreached.boundaries, 't₁': null };
    const files = renderSite(m, readFigureFiles(m, figuresDir), new Map());
    const html = text(files.get(`experiments/${exp.id}.html`));
    const row = (key: string) => new RegExp(`<tr id="run-${key}">([\\s\\S]*?)</tr>`).exec(html)![1];
    assert.match(row(failed.key), /class="status status-bad">failed<span class="reason">RangeError: planted<\/span>/);
    assert.match(row(failed.key), /<td class="num">no data<\/td>/);
    assert.match(row(unreached.key), /<td class="num">not reached<\/td>/);
    assert.match(row(unreached.key), new RegExp(`npx repro export ${unreached.key} --out run-${unreached.key.slice(0, 12)}`));
    for (const name of ['t₁', 't_g', 't₂', 'final train loss', 'final population loss'])
      assert.ok(html.includes(`<th scope="col" class="num">${name}</th>`), name);
    assert.doesNotMatch(html, /\bNaN\b/);
    const csv = text(files.get(`data/${exp.id}-runs.csv`))
      .trim()
      .split('\n');
    assert.equal(csv.length, exp.runs.length + 1);
    assert.match(csv[0], /^key,.*,seed,status,reason,t₁,t_g,t₂,final_train_loss,final_population_loss$/);
    assert.match(
      csv.find((l) => l.startsWith(failed.key))!,
      /,failed,RangeError: planted,,,,,$/,
    );
  });

  test('claims keep the registry order on the overview, every experiment page and the methods page; each figure links the claims it supports', () => {
    const files = renderSite(model, readFigureFiles(model, figuresDir), new Map());
    const order = sortClaims(model.claims).map((c) => `${c.experiment}-${c.id}`);
    const seen = (html: string, re: RegExp) => [...html.matchAll(re)].map((mm) => mm[1]);
    const inOrder = (ids: string[], where: string) => {
      const at = ids.map((id) => order.indexOf(id));
      assert.ok(
        at.every((i) => i >= 0),
        `${where}: ${ids}`,
      );
      assert.deepEqual(
        at,
        [...at].sort((a, b) => a - b),
        `${where}: claims out of order: ${ids.join(', ')}`,
      );
    };
    inOrder(seen(text(files.get('index.html')), /<tr id="claim-([^"]+)">/g), 'index.html');
    inOrder(seen(text(files.get('methods.html')), /<h3 id="methods-([^"]+)">/g), 'methods.html');
    assert.equal(seen(text(files.get('index.html')), /<tr id="claim-([^"]+)">/g).length, order.length);
    for (const e of model.experiments) {
      const html = text(files.get(`experiments/${e.id}.html`));
      inOrder(seen(html, /<tr id="claim-([^"]+)">/g), e.id);
      for (const f of e.figures) {
        const block = new RegExp(`<figure class="figure" id="fig-${f.name}"[\\s\\S]*?</figure>`).exec(html)![0];
        const supports = seen(block, /<a href="#claim-([^"]+)">/g);
        const own = model.claims.filter((c) => c.figure === f.name).map((c) => `${c.experiment}-${c.id}`);
        for (const id of own) assert.ok(supports.includes(id), `${f.name} does not link ${id}`);
        inOrder(supports, f.name);
      }
    }
  });

  test('long run-key lists in provenance are collapsed', () => {
    const m = structuredClone(model);
    m.experiments[0].figures[0].provenance.run_keys = Array.from({ length: 9 }, (_, i) => `${i}`.repeat(64));
    const html = text(renderSite(m, readFigureFiles(m, figuresDir), new Map()).get(`experiments/${m.experiments[0].id}.html`));
    assert.match(html, /<details><summary>9 run keys<\/summary>/);
  });

  test('a claim INCOMPLETE for its control experiment: the banner is on the control page too, and counts its missing runs', () => {
    const m = structuredClone(model);
    const [own, other] = m.experiments;
    const claim = m.claims.find((c) => c.experiment === own.id)!;
    claim.verdict = 'INCOMPLETE';
    claim.controls = [
      {
        id: 'X-control',
        description: 'a planted control',
        why: 'test',
        experiment: other.id,
        expected: 'FAIL',
        verdict: 'INCOMPLETE',
        reason: '2 of 6 runs missing',
        criteria: [],
        runs: { expected: 6, present: 4, failed: 0, truncated: 0, excluded: 0 },
      },
    ];
    const files = renderSite(m, readFigureFiles(m, figuresDir), new Map());
    // Was: no banner on the control's page (it listed the claim as INCOMPLETE without a word), and
    // "1 claim (...) lack runs (0 missing ...)" on the others.
    for (const page of ['index.html', `experiments/${own.id}.html`, `experiments/${other.id}.html`])
      assert.match(
        text(files.get(page)),
        new RegExp(`class="banner" role="alert">Partially computed: 1 claim \\(${claim.id}\\) lacks runs \\(2 missing`),
        page,
      );
  });

  test('a missing figure file is a user error that says what to run', () => {
    const m = structuredClone(model);
    m.experiments[0].figures[0].files.svg = 'no-such-figure.svg';
    assert.throws(
      () => readFigureFiles(m, figuresDir),
      (e: unknown) => e instanceof UserError && /repro figures/.test(e.message),
    );
  });

  test('vega bundles are found in node_modules with their licenses', () => {
    assert.deepEqual([...readVegaBundles().keys()].sort(), [
      'assets/vega-embed.LICENSE.txt',
      'assets/vega-embed.min.js',
      'assets/vega-lite.LICENSE.txt',
      'assets/vega-lite.min.js',
      'assets/vega.LICENSE.txt',
      'assets/vega.min.js',
    ]);
  });
});

test('numbers print with 4 significant digits, exponents outside [1e-3, 1e4)', () => {
  assert.deepEqual([0, 12, 0.123456, 1.5e-9, 123456.7, -2.5e-4, NaN, Infinity].map(formatNumber), [
    '0',
    '12',
    '0.1235',
    '1.5e-9',
    '1.235e+5',
    '-2.5e-4',
    'no value',
    '∞',
  ]);
});

test('claims appear in the registry order (C1..C5, then POP, ABL, WM, WIDTH), then by experiment', () => {
  const claim = (id: string, experiment: string) => ({ id, experiment });
  const ids = sortClaims([
    claim('WM', 'a'),
    claim('WIDTH', 'b'),
    claim('C2', 'c'),
    claim('ABL', 'd'),
    claim('C1', 'e'),
    claim('C2', 'a'),
    claim('POP', 'z'),
  ]).map((c) => `${c.id}/${c.experiment}`);
  assert.deepEqual(ids, ['C1/e', 'C2/a', 'C2/c', 'POP/z', 'ABL/d', 'WM/a', 'WIDTH/b']);
});
