// SiteModel -> one plain context per page (pure). Every decision (links, number formats, which
// figure a claim points at, which lists collapse) is made here, so the templates only print
// strings with {{ }} (always HTML-escaped) and loop.
import { formatNumber, formatParam, formatValue } from './format.ts';
import { sortClaims } from '../analysis/claims/index.ts';
import { ASSETS, bundlePath, claimAnchor, experimentPage, figureAnchor, FIGURES, figureScript, rootOf, runAnchor, VEGA_BUNDLES } from './paths.ts';
import { methodsContext } from './methods.ts';
import { paramNames, runsTable } from './runs.ts';
import type { ClaimResult, Experiment, Figure, SiteModel, Verdict } from './types.ts';

/** Provenance run-key lists longer than this start collapsed. */
const COLLAPSE_KEYS = 6;

const VERDICT: Record<Verdict, { cls: string; mark: string; text: string }> = {
  PASS: { cls: 'pass', mark: '✓', text: 'PASS' },
  FAIL: { cls: 'fail', mark: '✗', text: 'FAIL' },
  INCONCLUSIVE: { cls: 'open', mark: '?', text: 'INCONCLUSIVE' },
  INCOMPLETE: { cls: 'incomplete', mark: '…', text: 'INCOMPLETE' },
  'N/A': { cls: 'na', mark: '–', text: 'N/A' },
};

const verdictView = (v: Verdict) => ({ verdict: VERDICT[v].text, verdictClass: VERDICT[v].cls, verdictMark: VERDICT[v].mark });

/** "0.93 [0.81, 0.98]": a value with its 95% interval (words when there is none). */
function withInterval(e: { value: number; ci_low: number | null; ci_high: number | null }): string {
  if (!Number.isFinite(e.value)) return 'no value';
  return e.ci_low === null || e.ci_high === null
    ? `${formatNumber(e.value)} (no interval)`
    : `${formatNumber(e.value)} [${formatNumber(e.ci_low)}, ${formatNumber(e.ci_high)}]`;
}

/** A control's outcome as a reader should take it. */
function controlView(c: ClaimResult['controls'][number]) {
  const asExpected = c.verdict === 'FAIL';
  const text = asExpected ? 'FAIL, as expected' : c.verdict === 'PASS' ? 'PASSED — the check has no teeth' : `${c.verdict} (expected FAIL)`;
  return { id: c.id, description: c.description, why: c.why, text, reason: c.reason, cls: asExpected ? 'pass' : c.verdict === 'PASS' ? 'fail' : 'open' };
}

export interface Page {
  /** Path in the site, e.g. experiments/three-phases.html. */
  path: string;
  template: 'index' | 'experiment' | 'methods';
  context: Record<string, unknown>;
}

function layout(model: SiteModel, path: string, pageTitle: string, scripts: string[]) {
  const root = rootOf(path);
  const link = (href: string, label: string) => ({ href: root + href, label, current: href === path ? 'page' : null });
  return {
    root,
    siteTitle: model.title,
    pageTitle: pageTitle === model.title ? model.title : `${pageTitle} — ${model.title}`,
    nav: [link('index.html', 'Overview'), link('methods.html', 'Methods')],
    experimentsNav: model.experiments.map((e) => link(experimentPage(e), e.title)),
    scripts: scripts.map((s) => root + s),
    generated: model.generated,
  };
}

/** The figure a claim points at: its exact name, else `<experiment>-<kind>` (the figures stage's naming). */
function claimFigure(claim: ClaimResult, exp: Experiment | undefined): Figure | null {
  if (!exp || claim.figure === null) return null;
  return exp.figures.find((f) => f.name === claim.figure) ?? exp.figures.find((f) => f.name === `${exp.id}-${claim.figure}`) ?? null;
}

function claimRow(claim: ClaimResult, model: SiteModel, root: string) {
  const exp = model.experiments.find((e) => e.id === claim.experiment);
  const fig = claimFigure(claim, exp);
  const { truncated } = claim.runs;
  const missing = claim.runs.expected - claim.runs.present - claim.runs.failed - truncated;
  return {
    anchor: claimAnchor(claim.experiment, claim.id),
    id: claim.id,
    title: claim.title,
    statement: claim.statement,
    prediction: claim.prediction,
    regime: claim.regime,
    criteria: claim.criteria.map((c) => ({ name: c.name, value: withInterval(c), holds: c.holds, ...verdictView(c.verdict) })),
    measured: claim.measured.map((m) => ({ label: m.label, value: formatValue(m.value) })),
    ...verdictView(claim.verdict),
    reason: claim.reason,
    basis: `${claim.profile} profile · ${claim.seeds} seed${claim.seeds === 1 ? '' : 's'} · ${claim.runs.present} of ${claim.runs.expected} runs${claim.runs.excluded ? ` (${claim.runs.excluded} outside the regime)` : ''}${missing > 0 ? ` · ${missing} missing` : ''}${claim.runs.failed ? ` · ${claim.runs.failed} failed` : ''}${truncated ? ` · ${truncated} stopped by the step cap` : ''}`,
    quick: claim.profile === 'quick',
    controls: claim.controls.map(controlView),
    notes: claim.notes,
    experiment: exp ? { title: exp.title, href: root + experimentPage(exp) } : null,
    figure: exp && fig ? { title: fig.title, href: `${root}${experimentPage(exp)}#${figureAnchor(fig)}` } : null,
    runs: exp ? { href: `${root}${experimentPage(exp)}#runs`, count: claim.run_keys.length } : null,
    indexHref: `${root}index.html#${claimAnchor(claim.experiment, claim.id)}`,
  };
}

/** Each swept parameter with its distinct values, in first-seen order. */
function sweptParams(exp: Experiment) {
  return paramNames(exp).map((name) => {
    const values: string[] = [];
    for (const r of exp.runs) {
      const s = name in r.params ? formatParam(name, r.params[name]) : '—';
      if (!values.includes(s)) values.push(s);
    }
    return { name, value: values.join(', ') };
  });
}

/** The fixed values a reader needs first, for the overview's cards (the experiment page lists all). */
const HEADLINE = ['task', 'method', 'n', 'd', 'm', 'sigma', 'init', 'train', 'lr', 'steps'];

function fixedParams(exp: Experiment, only?: string[]) {
  const fixed = exp.fixed ?? {};
  return Object.keys(fixed)
    .filter((k) => !only || only.includes(k))
    .map((name) => ({ name, value: formatParam(name, fixed[name]) }));
}

function statusSummary(exp: Experiment): string {
  const counts = new Map<string, number>();
  for (const r of exp.runs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return (
    [...counts.keys()]
      .sort()
      .map((s) => `${counts.get(s)} ${s}`)
      .join(', ') || 'no runs'
  );
}

/** The claims one of its experiment's claims tables on this page lists: checked on its runs, or with a control among them. */
const claimsOfPage = (claims: ClaimResult[], exp: Experiment) =>
  sortClaims(claims.filter((c) => c.experiment === exp.id || c.controls.some((k) => k.experiment === exp.id)));

/** The claims a figure supports, in registry order: the one it is the figure of, others checked on its runs, those its runs are a negative control of. */
function figureClaims(fig: Figure, exp: Experiment, claims: ClaimResult[]) {
  return claimsOfPage(claims, exp).map((c) => ({
    id: c.id,
    title: c.title,
    href: `#${claimAnchor(c.experiment, c.id)}`,
    role: c.figure === fig.name ? 'its figure' : c.experiment === exp.id ? 'from its runs' : 'negative control',
    ...verdictView(c.verdict),
  }));
}

function figureView(fig: Figure, exp: Experiment, root: string, claims: ClaimResult[]) {
  const inExp = new Set(exp.runs.map((r) => r.key));
  const file = (name: string) => `${root}${FIGURES}/${name}`;
  const keys = fig.provenance.run_keys.map((key) => ({ key, href: inExp.has(key) ? `#${runAnchor(key)}` : null }));
  return {
    anchor: figureAnchor(fig),
    name: fig.name,
    title: fig.title,
    caption: fig.caption,
    supports: figureClaims(fig, exp, claims),
    alt: fig.alt,
    svg: file(fig.files.svg),
    downloads: [
      { href: file(fig.files.svg), label: 'SVG', what: 'vector image' },
      { href: file(fig.files.png), label: 'PNG', what: 'raster image' },
      { href: file(fig.files.vl), label: 'Vega-Lite spec', what: 'JSON, data inlined' },
      { href: file(fig.files.csv), label: 'Data', what: 'CSV' },
    ],
    provenance: {
      manifest: fig.provenance.manifest,
      keys,
      count: keys.length,
      collapsed: keys.length > COLLAPSE_KEYS,
      fingerprint: fig.provenance.fingerprint,
      git_commit: fig.provenance.git_commit,
      command: fig.provenance.command,
    },
  };
}

/** Pages with figures load vega, vega-lite, vega-embed (in that order), each figure's spec, then the renderer. */
function figureScripts(exp: Experiment): string[] {
  if (exp.figures.length === 0) return [];
  return [...VEGA_BUNDLES.map((b) => bundlePath(b.pkg)), ...exp.figures.map(figureScript), `${ASSETS}/site.js`];
}

/** The banner of a page whose claims rest on a partially computed profile (null when complete). */
export function partialBanner(claims: ClaimResult[]): string | null {
  const incomplete = claims.filter((c) => c.verdict === 'INCOMPLETE');
  if (incomplete.length === 0) return null;
  // The runs each experiment lacks, counted once: the claim's own and its controls' (a claim is
  // INCOMPLETE also when only a control experiment lacks runs).
  const short = new Map<string, number>();
  for (const c of incomplete) {
    short.set(c.experiment, c.runs.expected - c.runs.present);
    for (const k of c.controls) if (k.experiment !== null && k.runs) short.set(k.experiment, k.runs.expected - k.runs.present);
  }
  const missing = [...short.values()].reduce((s, n) => s + n, 0);
  return `Partially computed: ${incomplete.length} claim${incomplete.length === 1 ? '' : 's'} (${incomplete.map((c) => c.id).join(', ')}) ${incomplete.length === 1 ? 'lacks' : 'lack'} runs (${missing} missing, failed or stopped by the solver's step cap) and ${incomplete.length === 1 ? 'shows' : 'show'} INCOMPLETE instead of a verdict. Run the profile to completion (npx repro run --profile ${incomplete[0].profile}) and rebuild the report.`;
}

function indexPage(model: SiteModel): Page {
  const path = 'index.html';
  const claims = sortClaims(model.claims).map((c) => claimRow(c, model, ''));
  const count = (v: Verdict) => model.claims.filter((c) => c.verdict === v).length;
  const arxivUrl = /^\d{4}\.\d{4,5}(v\d+)?$/.test(model.paper.arxiv) ? `https://arxiv.org/abs/${model.paper.arxiv}` : null;
  return {
    path,
    template: 'index',
    context: {
      layout: layout(model, path, model.title, []),
      paper: { ...model.paper, arxivUrl },
      summary: {
        total: model.claims.length,
        counts: (Object.keys(VERDICT) as Verdict[]).filter((v) => count(v) > 0).map((v) => ({ n: count(v), ...verdictView(v) })),
        profile: model.claims[0]?.profile ?? null,
        quick: model.claims.some((c) => c.profile === 'quick'),
      },
      banner: partialBanner(model.claims),
      claims,
      experiments: model.experiments.map((e) => ({
        href: experimentPage(e),
        title: e.title,
        description: e.description,
        runCount: e.runs.length,
        figureCount: e.figures.length,
        status: statusSummary(e),
        swept: sweptParams(e),
        fixed: fixedParams(e, HEADLINE),
      })),
      generated: model.generated,
    },
  };
}

function experimentPageView(model: SiteModel, exp: Experiment): Page {
  const path = experimentPage(exp);
  const root = rootOf(path);
  return {
    path,
    template: 'experiment',
    context: {
      layout: layout(model, path, exp.title, figureScripts(exp)),
      id: exp.id,
      title: exp.title,
      description: exp.description,
      manifest: exp.manifest,
      swept: sweptParams(exp),
      fixed: fixedParams(exp),
      claims: claimsOfPage(model.claims, exp).map((c) => claimRow(c, model, root)),
      // Every claim the page lists, those whose controls ran here too (their INCOMPLETE showed without it).
      banner: partialBanner(claimsOfPage(model.claims, exp)),
      figures: exp.figures.map((f) => figureView(f, exp, root, model.claims)),
      runs: runsTable(exp, root),
      runCount: exp.runs.length,
      status: statusSummary(exp),
    },
  };
}

function methodsPage(model: SiteModel): Page {
  const path = 'methods.html';
  return { path, template: 'methods', context: { layout: layout(model, path, 'Methods', []), ...methodsContext(model) } };
}

export function sitePages(model: SiteModel): Page[] {
  return [indexPage(model), ...model.experiments.map((e) => experimentPageView(model, e)), methodsPage(model)];
}
