// A claim's verdict from its experiment's runs and its controls'. Never PASS on partial data:
// missing or failed runs make it INCOMPLETE; a control that passes makes it FAIL; a PASS whose
// controls did not all fail as expected is at best INCONCLUSIVE.
import { combine, decide, regionText } from './verdict.ts';
import { CLAIMS } from './registry.ts';
import { fmt } from './common.ts';
import type { AnalysisThresholds, ClaimResult, ControlResult, CriterionResult, RunCounts, Verdict } from '../types.ts';
import type { ClaimDef, ClaimId, ClaimRun, Criterion } from './types.ts';

/** What the engine needs of one experiment: its runs as planned and as found. */
export interface ExperimentRuns {
  experiment: string;
  profile: string;
  analysis: AnalysisThresholds;
  /** Keys of every run the profile expands to. */
  expected: string[];
  /** The runs with a readable cache entry (any status). */
  runs: ClaimRun[];
}

/** Bootstrap seed of a claim: fixed, so its intervals are the same bytes every time. */
const seedOf = (id: string): number => [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);

/** Each criterion with its verdict; on partial data (`partial`) the values stand but no criterion is decided (INCOMPLETE). */
function criteriaResults(criteria: Criterion[], partial = false): CriterionResult[] {
  return criteria.map((c) => ({
    ...c.estimate,
    holds: c.exact ? `${regionText(c.holds, fmt)} (exact)` : regionText(c.holds, fmt),
    verdict: partial ? 'INCOMPLETE' : decide(c).verdict,
  }));
}

function counts(exp: ExperimentRuns, excluded = 0): RunCounts {
  const failed = exp.runs.filter((r) => r.status === 'failed').length;
  const truncated = exp.runs.filter((r) => r.status !== 'failed' && r.truncated).length;
  return { expected: exp.expected.length, present: exp.runs.length - failed - truncated, failed, truncated, excluded };
}

/** "3 of 12 runs missing, 1 failed, 2 truncated by the solver's step cap", or null when every run is there. */
export function incompleteReason(c: RunCounts): string | null {
  const missing = c.expected - c.present - c.failed - c.truncated;
  if (missing <= 0 && c.failed === 0 && c.truncated === 0) return null;
  return [
    missing > 0 ? `${missing} of ${c.expected} runs missing` : '',
    c.failed ? `${c.failed} failed` : '',
    c.truncated ? `${c.truncated} of ${c.expected} truncated by the solver's step cap` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** The runs a check sees: neither failed nor truncated. */
const usable = (runs: ClaimRun[]): ClaimRun[] => runs.filter((r) => r.status !== 'failed' && !r.truncated);

export interface Applied {
  verdict: Verdict;
  reason: string | null;
  criteria: Criterion[];
  measured: ClaimResult['measured'];
  notes: string[];
}

/** One check on a set of runs: its criteria decided and combined (no control logic). */
export function applyCheck(def: ClaimDef, runs: ClaimRun[], thresholds: Record<string, number>, analysis: AnalysisThresholds): Applied {
  const out = def.check(usable(runs), thresholds, { seed: seedOf(def.id), analysis });
  const base = { criteria: out.criteria, measured: out.measured, notes: out.notes };
  if (def.descriptive) return { ...base, verdict: 'N/A', reason: 'descriptive: no prediction to test' };
  if (out.notApplicable) return { ...base, verdict: 'N/A', reason: out.notApplicable };
  const d = combine(out.criteria.map(decide));
  return { ...base, verdict: d.verdict, reason: d.why };
}

function control(
  def: ClaimDef,
  c: ClaimDef['controls'][number],
  exp: ExperimentRuns,
  thresholds: Record<string, number>,
  others: Map<string, ExperimentRuns>,
  ownPartial: string | null,
): ControlResult {
  const head = {
    id: c.id,
    description: c.description,
    why: c.why,
    experiment: 'experiment' in c.source ? c.source.experiment : null,
    expected: 'FAIL' as const,
  };
  let runs: ClaimRun[];
  let runCounts: RunCounts | null = null;
  if ('experiment' in c.source) {
    const other = others.get(c.source.experiment);
    if (!other) return { ...head, verdict: 'INCOMPLETE', reason: `experiment ${c.source.experiment} is not part of this report`, criteria: [], runs: null };
    runCounts = counts(other);
    const partial = incompleteReason(runCounts);
    if (partial) return { ...head, verdict: 'INCOMPLETE', reason: partial, criteria: [], runs: runCounts };
    runs = other.runs;
  } else if ('variant' in c.source) {
    // A variant re-reads the claim's own runs: on partial data it decides nothing either.
    if (ownPartial) return { ...head, verdict: 'INCOMPLETE', reason: `${ownPartial} (the claim's own runs)`, criteria: [], runs: null };
    runs = c.source.variant(exp.runs);
  } else runs = c.source.synthetic();
  // A control is outside the regime on purpose: no regime filter.
  const r = applyCheck(def, runs, thresholds, exp.analysis);
  return { ...head, verdict: r.verdict, reason: r.reason, criteria: criteriaResults(r.criteria), runs: runCounts };
}

/** The final verdict: the check's, overridden by missing runs and by controls that did not fail. */
function overall(main: Applied, runs: RunCounts, controls: ControlResult[]): [Verdict, string | null] {
  const partial = incompleteReason(runs);
  if (partial) return ['INCOMPLETE', `${partial}: no verdict on partial data`];
  const passed = controls.filter((c) => c.verdict === 'PASS');
  if (passed.length) return ['FAIL', `control ${passed.map((c) => c.id).join(', ')} PASSED — the check has no teeth`];
  // A control that cannot run could still PASS, which would make the claim FAIL: only a FAIL (the
  // data contradict the prediction) or an N/A stands without it (an INCONCLUSIVE claim whose
  // control lacked runs said INCONCLUSIVE, with claims.json "complete": true and no banner).
  if (main.verdict === 'FAIL' || main.verdict === 'N/A') return [main.verdict, main.reason];
  const incomplete = controls.filter((c) => c.verdict === 'INCOMPLETE');
  if (incomplete.length) return ['INCOMPLETE', `control ${incomplete.map((c) => `${c.id} (${c.reason})`).join(', ')}: no verdict on partial data`];
  if (main.verdict !== 'PASS') return [main.verdict, main.reason];
  const open = controls.filter((c) => c.verdict !== 'FAIL');
  if (open.length)
    return ['INCONCLUSIVE', `control ${open.map((c) => `${c.id} is ${c.verdict} (${c.reason})`).join('; ')}: the check's ability to fail is not shown`];
  return ['PASS', null];
}

export function evaluateClaim(
  id: ClaimId,
  exp: ExperimentRuns,
  thresholds: Record<string, number>,
  others: Map<string, ExperimentRuns>,
  figure: string | null,
): ClaimResult {
  const def = CLAIMS[id] as ClaimDef;
  const t = { ...defaultThresholdsOf(def), ...thresholds };
  const inRegime = exp.runs.filter((r) => !def.regime.excludes?.(r, t));
  const runs = counts(exp, exp.runs.length - inRegime.length);
  const main = applyCheck(def, inRegime, t, exp.analysis);
  const partial = incompleteReason(runs);
  const controls = def.descriptive ? [] : def.controls.map((c) => control(def, c, exp, t, others, partial));
  const [verdict, reason] = def.descriptive ? (['N/A', main.reason] as [Verdict, string]) : overall(main, runs, controls);
  const seeds = new Set(inRegime.map((r) => r.spec.seed)).size;
  const notes = !def.descriptive && seeds < 3 ? [`${seeds} seed(s): intervals over seeds are wide or absent`, ...main.notes] : main.notes;
  return {
    id,
    experiment: exp.experiment,
    title: def.title,
    statement: def.statement,
    prediction: def.prediction,
    regime: def.regime.text,
    profile: exp.profile,
    verdict,
    reason,
    estimate: main.criteria[0]?.estimate ?? null,
    criteria: criteriaResults(main.criteria, partial !== null && !def.descriptive),
    measured: main.measured,
    notes,
    runs,
    seeds,
    controls,
    thresholds: Object.fromEntries(
      Object.entries(def.thresholds).map(([k, d]) => [k, { value: t[k], default: d.default, meaning: d.meaning, reason: d.reason }]),
    ),
    revisions: def.revisions,
    figure,
    run_keys: exp.runs.map((r) => r.key),
  };
}

export function defaultThresholdsOf(def: ClaimDef): Record<string, number> {
  return Object.fromEntries(Object.entries(def.thresholds).map(([k, v]) => [k, v.default]));
}
