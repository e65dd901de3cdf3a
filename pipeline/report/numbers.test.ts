import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { claimRecords } from './claim-records.ts';
import { claimStatistics, claimsCsv, macroWord, numbersTex, texEscape } from './numbers.ts';
import { scratchDir } from '../testing/scratch.ts';

// Today's claims.json shape (measured rows) and the richer one (estimate with interval, criteria).
const CLAIMS = {
  profile: 'quick',
  claims: [
    {
      id: 'C2',
      experiment: 'linear-rate',
      verdict: 'PASS',
      measured: [
        { label: 'runs whose fit has R² ≥ 0.99', value: '4 / 4 (100%)' },
        { label: 'lr = 0.1: rate ρ', value: 0.080812345 },
      ],
      estimate: { name: 'rho', value: 0.0808, ci_low: 0.07, ci_high: 0.09 },
      criteria: [
        { name: 'min_r2', value: 0.9924, ci_low: null, ci_high: null, holds: true, verdict: 'PASS' },
        { name: 'rho', value: null, ci_low: null, ci_high: null, holds: 'within [0.9, 1.1]', verdict: 'INCONCLUSIVE' },
      ],
    },
    { id: 'C1', experiment: 'a', verdict: 'FAIL', measured: [{ label: 'x', value: 'a%b_c&d#e$f^g~h{i}j\\k' }] },
    { id: 'C1', experiment: 'b-two', verdict: 'N/A', measured: [] },
    { id: 'WM', experiment: 'wang-ma', verdict: 'INCONCLUSIVE', note: 'no estimate, no measured rows' },
    { statement: 'an entry without an id is skipped' },
  ],
};

test('macro names are letters only: digits as words, Greek by name, words capitalized', () => {
  assert.equal(macroWord('C2'), 'CTwo');
  assert.equal(macroWord('C12'), 'COneTwo');
  assert.equal(macroWord('lr = 0.1: measured / predicted rate'), 'LrZeroPointOneMeasuredPredictedRate');
  assert.equal(macroWord('min_r2'), 'MinRTwo');
  assert.equal(macroWord('ρ'), 'Rho');
  assert.equal(macroWord('sample-complexity'), 'SampleComplexity');
  const stats = claimStatistics(claimRecords(CLAIMS));
  const names = stats.map((s) => s.macro);
  assert.ok(
    names.every((n) => /^[A-Za-z]+$/.test(n)),
    names.join(' '),
  );
  assert.equal(new Set(names).size, names.length, 'unique');
  assert.deepEqual(names, [
    'ReproCTwoVerdict',
    'ReproCTwoEstimate',
    'ReproCTwoMinRTwo',
    'ReproCTwoRho',
    'ReproCTwoMeasuredOne',
    'ReproCTwoMeasuredTwo',
    // C1 is checked by two experiments: the experiment's name tells them apart.
    'ReproACOneVerdict',
    'ReproACOneMeasuredOne',
    'ReproBTwoCOneVerdict',
    'ReproWMVerdict',
  ]);
});

test('numbers.tex: one \\newcommand per number, values as the site prints them, TeX specials escaped', () => {
  const tex = numbersTex(claimStatistics(claimRecords(CLAIMS)), 'quick');
  const defs = Object.fromEntries([...tex.matchAll(/^\\newcommand\{\\([A-Za-z]+)\}\{(.*)\}$/gm)].map((m) => [m[1], m[2]]));
  assert.equal(defs.ReproCTwoVerdict, 'PASS');
  assert.equal(defs.ReproCTwoEstimate, '0.0808');
  assert.equal(defs.ReproCTwoEstimateLow, '0.07');
  assert.equal(defs.ReproCTwoEstimateHigh, '0.09');
  assert.equal(defs.ReproCTwoRho, 'no value', 'a criterion without a value, as the site prints it');
  assert.equal(defs.ReproCTwoRhoVerdict, 'INCONCLUSIVE');
  assert.equal(defs.ReproCTwoMinRTwo, '0.9924');
  assert.equal(defs.ReproCTwoMinRTwoVerdict, 'PASS');
  assert.equal(defs.ReproCTwoMeasuredOne, '4 / 4 (100\\%)');
  assert.equal(defs.ReproCTwoMeasuredTwo, '0.08081', 'a number as the site formats it (4 significant digits)');
  assert.equal(defs.ReproACOneMeasuredOne, 'a\\%b\\_c\\&d\\#e\\$f\\textasciicircum{}g\\textasciitilde{}h\\{i\\}j\\textbackslash{}k');
  assert.equal(defs.ReproWMVerdict, 'INCONCLUSIVE');
  assert.equal(texEscape('R² ≥ 0.99, σ'), 'R\\ensuremath{^{2}} \\ensuremath{\\geq} 0.99, \\ensuremath{\\sigma}');
  // Every line is a comment, blank, or a definition: nothing else reaches TeX.
  for (const line of tex.split('\n')) assert.match(line, /^(%.*|\\newcommand\{\\[A-Za-z]+\}\{.*\}|)$/);
});

test('claims.csv: a header and one row per statistic, quoted where needed, numbers in full', () => {
  const csv = claimsCsv(claimStatistics(claimRecords(CLAIMS)));
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'experiment,claim,kind,name,value,ci_low,ci_high,verdict,macro');
  assert.equal(lines[2], 'linear-rate,C2,estimate,rho,0.0808,0.07,0.09,PASS,\\ReproCTwoEstimate');
  assert.equal(lines[4], 'linear-rate,C2,criterion,rho,,,,INCONCLUSIVE,\\ReproCTwoRho');
  assert.equal(lines[5], 'linear-rate,C2,measured,runs whose fit has R² ≥ 0.99,4 / 4 (100%),,,PASS,\\ReproCTwoMeasuredOne');
  assert.equal(lines[6], 'linear-rate,C2,measured,lr = 0.1: rate ρ,0.080812345,,,PASS,\\ReproCTwoMeasuredTwo');
  assert.equal(lines.length, 2 + 10);
});

test('numbers.tex compiles with pdflatex and prints the values (skipped without a TeX)', (t) => {
  if (spawnSync('pdflatex', ['--version']).status !== 0) {
    t.skip('pdflatex not installed (apt-get install texlive-latex-base)');
    return;
  }
  const dir = scratchDir('numbers-tex');
  writeFileSync(join(dir, 'numbers.tex'), numbersTex(claimStatistics(claimRecords(CLAIMS)), 'quick'));
  const body =
    '\\ReproCTwoVerdict; \\ReproACOneMeasuredOne; \\ReproCTwoMeasuredOne; $\\rho = \\ReproCTwoEstimate$; \\ReproCTwoEstimateLow--\\ReproCTwoEstimateHigh; \\ReproCTwoRho';
  writeFileSync(join(dir, 'paper.tex'), `\\documentclass{article}\n\\input{numbers.tex}\n\\begin{document}\n${body}\n\\end{document}\n`);
  const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'paper.tex'], { cwd: dir, encoding: 'utf8' });
  assert.equal(
    r.status,
    0,
    r.stdout
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .join('\n') || r.stdout.slice(-2000),
  );
  assert.ok(readFileSync(join(dir, 'paper.pdf')).length > 0);
});
