// numbers.tex and claims.csv: every number of the claims table in a form a manuscript and a
// spreadsheet read, so no number is ever copied by hand. Both are made from claims.json read
// generically (claim-records.ts), one statistic per row:
//   verdict    \Repro<Claim>Verdict                               every claim
//   estimate   \Repro<Claim>Estimate, ...Low, ...High             when the claim has an estimate
//   criterion  \Repro<Claim><Name>, ...Low, ...High, ...Verdict   per criterion
//   measured   \Repro<Claim>Measured<Index>                       per row of the measured table
// <Claim> is the claim id and <Name> the criterion's name, made of letters only (TeX macro names
// are letters): each run of letters is kept with its first letter capitalized, each digit
// becomes its English word and a decimal point Point (C2 -> CTwo, lr = 0.1 -> LrZeroPointOne),
// Greek letters their names (ρ -> Rho), anything else separates words. When two experiments
// check the same claim id, the experiment's name goes in front of the id
// (\ReproSampleComplexityCOne...). A name that is still taken gets Again appended. A missing
// value prints as the site prints it: no value. docs/design.md documents the scheme.
import { formatValue } from '../site/format.ts';
import { claimName, type ClaimRecord, type Value } from './claim-records.ts';

export type StatisticKind = 'verdict' | 'estimate' | 'criterion' | 'measured';

export interface Statistic {
  experiment: string;
  claim: string;
  kind: StatisticKind;
  /** The estimate's or criterion's name, the measured row's label, or 'verdict'. */
  name: string;
  value: Value | null;
  ci_low: Value | null;
  ci_high: Value | null;
  /** The claim's verdict (a criterion's own, for a criterion). */
  verdict: string | null;
  /** The TeX macro of the value (without the backslash). */
  macro: string;
}

const DIGITS = ['Zero', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine'];
const GREEK: Record<string, string> = {
  α: 'alpha',
  β: 'beta',
  γ: 'gamma',
  δ: 'delta',
  ε: 'epsilon',
  η: 'eta',
  θ: 'theta',
  κ: 'kappa',
  λ: 'lambda',
  μ: 'mu',
  ν: 'nu',
  π: 'pi',
  ρ: 'rho',
  σ: 'sigma',
  τ: 'tau',
  φ: 'phi',
  χ: 'chi',
  ψ: 'psi',
  ω: 'omega',
};

/** Letters only: `C2` -> `CTwo`, `min_r2` -> `MinRTwo`, `lr = 0.1` -> `LrZeroPointOne`, `ρ` -> `Rho`, `sample-complexity` -> `SampleComplexity`. */
export function macroWord(text: string): string {
  const spelled = [...text.replace(/(\d)\.(?=\d)/g, '$1 point ')]
    .map((ch) => (GREEK[ch] ? ` ${GREEK[ch]} ` : /[0-9]/.test(ch) ? ` ${DIGITS[Number(ch)]} ` : ch))
    .join('');
  return (spelled.match(/[A-Za-z]+/g) ?? []).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** `1` -> `One`, `12` -> `OneTwo` (digit by digit). */
const indexWord = (i: number): string => macroWord(String(i));

/** One statistic per verdict, estimate, criterion and measured row, each with its macro name. */
export function claimStatistics(claims: ClaimRecord[]): Statistic[] {
  const experimentsOf = new Map<string, Set<string>>();
  for (const c of claims) experimentsOf.set(c.id, (experimentsOf.get(c.id) ?? new Set()).add(c.experiment));
  const taken = new Set<string>();
  const unique = (name: string): string => {
    let n = name;
    while (taken.has(n)) n += 'Again';
    taken.add(n);
    return n;
  };
  const out: Statistic[] = [];
  for (const c of claims) {
    const prefix = `Repro${(experimentsOf.get(c.id)!.size > 1 ? macroWord(c.experiment) : '') + macroWord(c.id)}`;
    const base = { experiment: c.experiment, claim: c.id };
    const add = (kind: StatisticKind, name: string, macro: string, value: Value | null, ci: [Value | null, Value | null], verdict: string | null) =>
      out.push({ ...base, kind, name, value, ci_low: ci[0], ci_high: ci[1], verdict, macro: unique(macro) });
    add('verdict', 'verdict', `${prefix}Verdict`, c.verdict, [null, null], c.verdict);
    if (c.estimate) add('estimate', c.estimate.name, `${prefix}Estimate`, c.estimate.value, [c.estimate.ci_low, c.estimate.ci_high], c.verdict);
    for (const k of c.criteria) add('criterion', k.name, prefix + macroWord(k.name), k.value, [k.ci_low, k.ci_high], k.verdict);
    c.measured.forEach((m, i) => add('measured', m.label, `${prefix}Measured${indexWord(i + 1)}`, m.value, [null, null], c.verdict));
  }
  return out;
}

// Characters TeX treats specially, and the non-ASCII ones the claims use, as LaTeX that
// compiles in text and in math mode with any engine (pdflatex included).
const TEX: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '%': '\\%',
  _: '\\_',
  '&': '\\&',
  '#': '\\#',
  $: '\\$',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  '<': '\\ensuremath{<}',
  '>': '\\ensuremath{>}',
  '|': '\\ensuremath{|}',
  '≥': '\\ensuremath{\\geq}',
  '≤': '\\ensuremath{\\leq}',
  '≠': '\\ensuremath{\\neq}',
  '≈': '\\ensuremath{\\approx}',
  '∝': '\\ensuremath{\\propto}',
  '∞': '\\ensuremath{\\infty}',
  '×': '\\ensuremath{\\times}',
  '·': '\\ensuremath{\\cdot}',
  '±': '\\ensuremath{\\pm}',
  '→': '\\ensuremath{\\to}',
  '−': '\\ensuremath{-}',
  '–': '--',
  '—': '---',
  '²': '\\ensuremath{^{2}}',
  '³': '\\ensuremath{^{3}}',
  '…': '\\ldots{}',
  '∅': '\\ensuremath{\\emptyset}',
  '✓': '\\ensuremath{\\checkmark}',
  Δ: '\\ensuremath{\\Delta}',
  Σ: '\\ensuremath{\\Sigma}',
  Ω: '\\ensuremath{\\Omega}',
  ...Object.fromEntries(Object.entries(GREEK).map(([ch, name]) => [ch, `\\ensuremath{\\${name === 'epsilon' ? 'varepsilon' : name}}`])),
};

/** A value as LaTeX text: specials escaped, known symbols as commands; other characters as they are. */
export function texEscape(s: string): string {
  return [...s].map((ch) => TEX[ch] ?? ch).join('');
}

const shown = (v: Value | null): string => (v === null ? 'no value' : formatValue(v));

/** The statistic's macros: the value as the site prints it, and the interval's ends and verdict where there are some. */
function macros(s: Statistic): [string, string][] {
  const out: [string, string][] = [[s.macro, shown(s.value)]];
  if (s.ci_low !== null) out.push([`${s.macro}Low`, shown(s.ci_low)]);
  if (s.ci_high !== null) out.push([`${s.macro}High`, shown(s.ci_high)]);
  if (s.kind === 'criterion' && s.verdict !== null) out.push([`${s.macro}Verdict`, s.verdict]);
  return out;
}

/** numbers.tex: `\newcommand{\ReproCTwoVerdict}{PASS}` etc., each after a comment naming its claim and statistic. */
export function numbersTex(stats: Statistic[], profile: string | null): string {
  const lines = [
    `% The measured numbers of the claims table${profile ? ` (${profile} profile)` : ''}, written by \`repro report\`: do not edit.`,
    '% \\input{numbers.tex} in the manuscript, then write \\ReproCTwoVerdict and the like (docs/design.md: the names).',
  ];
  let claim = '';
  for (const s of stats) {
    const name = claimName({ experiment: s.experiment, id: s.claim });
    if (name !== claim) lines.push('', `% ${name.replace(/[\r\n]/g, ' ')}`);
    claim = name;
    if (s.kind !== 'verdict') lines.push(`% ${s.kind}: ${s.name.replace(/[\r\n]/g, ' ')}`);
    for (const [name, value] of macros(s)) lines.push(`\\newcommand{\\${name}}{${texEscape(value)}}`);
  }
  return lines.join('\n') + '\n';
}

const CSV_COLUMNS = ['experiment', 'claim', 'kind', 'name', 'value', 'ci_low', 'ci_high', 'verdict', 'macro'] as const;

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
const csvField = (x: Value | null): string => {
  const s = x === null ? '' : String(x);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** claims.csv: a header, then one row per statistic (numbers in full precision, as claims.json has them). */
export function claimsCsv(stats: Statistic[]): string {
  const rows = stats.map((s) => CSV_COLUMNS.map((c) => csvField(c === 'macro' ? `\\${s.macro}` : s[c])).join(','));
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
