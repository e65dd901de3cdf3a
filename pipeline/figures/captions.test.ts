// Every figure of every experiment says what it shows: its words are read back (testing/
// caption-check.ts) and held against the runs it was given — the real grids, cases and controls
// of experiments/, with synthetic curves, with and without a failed run and an unreached t₁.
// Then the check itself is shown to fail on each kind of contradiction, planted in a real caption.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec, type FigureRequest, type FigureSpec } from './index.ts';
import { captionProblems, firstSentence } from '../testing/caption-check.ts';
import { PLANTED_FAILURE, syntheticStudy } from '../testing/study-fixture.ts';
import { sampleRequests } from '../testing/figure-fixtures.ts';
import { PENDING } from '../testing/pending.ts';

const nameOf = (req: FigureRequest) => String((req.options as { name?: string } | undefined)?.name ?? req.figure);
const clean = syntheticStudy();
const troubled = syntheticStudy({ troubles: true });

for (const [label, requests] of [
  ['experiments/', clean.figures],
  ['experiments/ with a failed run and an unreached t₁', troubled.figures],
  ['sample requests', sampleRequests()],
] as const) {
  for (const req of requests) {
    test(`${nameOf(req)} (${label}): its words agree with its runs`, { todo: PENDING[req.figure] }, () => {
      assert.deepEqual(captionProblems(buildSpec(req), req.runs), []);
    });
  }
}

test('a failed run is counted, named as not drawn, and never drawn', () => {
  for (const req of troubled.figures) {
    const failed = req.runs.filter((r) => r.status === 'failed');
    if (failed.length === 0 || PENDING[req.figure]) continue;
    const fig = buildSpec(req);
    assert.match(firstSentence(fig.caption), /1 failed/, nameOf(req));
    assert.ok(!JSON.stringify(fig.vl).includes(failed[0].key.slice(0, 12)), `${nameOf(req)} draws the failed run`);
    assert.ok(!fig.caption.includes(PLANTED_FAILURE));
  }
});

/** A figure of the study by name, and its runs. */
function pick(name: string): { fig: FigureSpec; runs: FigureRequest['runs'] } {
  const req = clean.figures.find((r) => nameOf(r) === name);
  assert.ok(req, `no figure ${name}`);
  return { fig: buildSpec(req), runs: req.runs };
}

/** The figure with its subtitle and caption edited. */
function planted(fig: FigureSpec, edit: (s: string) => string): FigureSpec {
  const vl = structuredClone(fig.vl) as { title: { text: string; subtitle: string | string[] } };
  const sub = vl.title.subtitle;
  vl.title.subtitle = Array.isArray(sub) ? sub.map(edit) : edit(sub);
  return { ...fig, vl: vl as unknown as FigureSpec['vl'], caption: edit(fig.caption) };
}

const expectProblem = (fig: FigureSpec, runs: FigureRequest['runs'], pattern: RegExp) => {
  const problems = captionProblems(fig, runs);
  assert.ok(
    problems.some((p) => pattern.test(p)),
    `expected a problem matching ${pattern}, got:\n${problems.join('\n') || '(none)'}`,
  );
};

test('planted: a varied parameter named as fixed (the width figure says m = 2)', () => {
  const { fig, runs } = pick('width-ablation');
  assert.deepEqual(captionProblems(fig, runs), []);
  const bad = planted(fig, (s) => s.replace(/m ∈ \{[^}]*\} \(colour\)/, 'm = 2'));
  expectProblem(bad, runs, /names m = 2 as fixed, but m takes 5 values/);
  expectProblem(bad, runs, /differ in m .* pooled silently/);
});

test('planted: a fixed parameter with the wrong value, and a value no run has', () => {
  const { fig, runs } = pick('linear-rate-loss');
  expectProblem(
    planted(fig, (s) => s.replace('σ = 1e-6', 'σ = 1e-4')),
    runs,
    /says σ = 1e-4, but every run has σ = 0.000001/,
  );
  expectProblem({ ...fig, caption: fig.caption.replace('lr = 0.2:', 'lr = 0.3:') }, runs, /mentions lr = 0.3, a value no run has/);
});

test('planted: a run count or a breakdown that differs from the runs', () => {
  const { fig, runs } = pick('three-phases-loss');
  // The quick profile's three-phases grid: 2 inits × 2 n × 16 seeds.
  assert.match(fig.caption, /^2 inits × 2 n × 16 seeds = 64 runs/);
  expectProblem({ ...fig, caption: fig.caption.replace('= 64 runs', '= 4 runs') }, runs, /counts 4 runs, but the figure was given 64/);
  expectProblem({ ...fig, caption: fig.caption.replace('16 seeds', '4 seeds') }, runs, /makes 16 runs, not 64/);
  expectProblem(
    { ...fig, caption: fig.caption.replace('2 inits × 2 n × 16 seeds = 64', '4 inits × 16 seeds = 64') },
    runs,
    /counts 4 inits, but the runs have 2/,
  );
});

test('planted: runs pooled silently (a varied parameter left out of the subtitle)', () => {
  const { fig, runs } = pick('three-phases-loss');
  expectProblem(
    planted(fig, (s) => s.replace(/init ∈ \{balanced, gaussian\} \(panels\), /, '')),
    runs,
    /differ in init \(balanced, gaussian\) .* pooled silently/,
  );
  expectProblem(
    planted(fig, (s) => s.replace('init ∈ {balanced, gaussian} (panels)', 'init ∈ {balanced, gaussian}')),
    runs,
    /names init as varied but not how it is shown/,
  );
  expectProblem(
    planted(fig, (s) => s.replace('{balanced, gaussian}', '{balanced}')),
    runs,
    /says init ∈ \{balanced\}, but the runs have init ∈ \{balanced, gaussian\}/,
  );
});

test('planted: drawn runs that differ from what the caption says, a silent failure, a NaN', () => {
  const { fig, runs } = pick('three-phases-directions');
  expectProblem({ ...fig, caption: fig.caption.replace('4 of them drawn', '8 of them drawn') }, runs, /implies 8 runs drawn, but the data draw 4/);
  const t = pick('three-phases-norms');
  const failed = t.runs.map((r, i) => (i === 0 ? { ...r, status: 'failed' as const } : r));
  expectProblem(t.fig, failed, /1 of the runs failed, and the caption does not say so/);
  expectProblem({ ...t.fig, caption: t.fig.caption.replace(/t₁ ‖W‖_F is [^ ]+/, 't₁ ‖W‖_F is NaN') }, t.runs, /reads a missing value as a raw word/);
});
