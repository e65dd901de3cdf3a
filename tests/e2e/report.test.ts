// `repro report` end to end: the site always shows every manifest of experiments/ (a report of
// one experiment keeps the others); --out moves every file of the report and writes only into
// a folder that is repro's; numbers.tex and claims.csv come with claims.json; the lock records
// the claims; --json describes what was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLockFile } from '../../pipeline/cache/lockfile.ts';
import { WITH_CLAIM, listTree, repro, scratch, writeManifest } from './run-helpers.ts';

/** A repository-like folder: experiments/{alpha,beta}.yaml, both with a claim (and a figure: slower), every run computed. */
async function study(name: string, extra = WITH_CLAIM.slice(1)): Promise<string> {
  const cwd = scratch(name);
  writeManifest(join(cwd, 'experiments'), 'alpha', { seeds: 1, extra });
  writeManifest(join(cwd, 'experiments'), 'beta', { seeds: 1, lrs: [0.3], extra });
  const run = await repro(cwd, 'run');
  assert.equal(run.code, 0, run.err);
  return cwd;
}

const claimIds = (path: string): string[] =>
  (JSON.parse(readFileSync(path, 'utf8')).claims as { experiment: string; id: string }[]).map((c) => `${c.experiment}/${c.id}`);

test('report FILE updates that experiment and keeps every other manifest of experiments/ on the site', async () => {
  const cwd = await study('report-keep', WITH_CLAIM);
  const all = await repro(cwd, 'report');
  assert.equal(all.code, 0, all.err);
  const pages = listTree(join(cwd, 'reports/site/experiments'));
  assert.deepEqual(pages, ['alpha.html', 'beta.html']);
  writeManifest(join(cwd, 'experiments'), 'alpha', { seeds: 1, steps: 60, extra: WITH_CLAIM });
  assert.equal((await repro(cwd, 'run', 'experiments/alpha.yaml')).code, 0);
  const one = await repro(cwd, 'report', 'experiments/alpha.yaml');
  assert.equal(one.code, 0, one.err);
  assert.match(one.out, /figure alpha-loss: rendered/, 'the changed experiment');
  assert.match(one.out, /figure beta-loss: unchanged/);
  assert.deepEqual(listTree(join(cwd, 'reports/site/experiments')), pages, 'no page disappears');
  assert.deepEqual(claimIds(join(cwd, 'reports/claims.json')), ['alpha/WIDTH', 'beta/WIDTH']);
  // A manifest outside experiments/ joins the others; one of the same experiment replaces it.
  writeManifest(join(cwd, 'variants'), 'alpha', { seeds: 1, lrs: [0.1], extra: WITH_CLAIM.slice(1) });
  writeManifest(join(cwd, 'variants'), 'gamma', { seeds: 1, extra: WITH_CLAIM.slice(1) });
  assert.equal((await repro(cwd, 'run', 'variants/alpha.yaml', 'variants/gamma.yaml')).code, 0);
  const variants = await repro(cwd, 'report', 'variants/alpha.yaml', 'variants/gamma.yaml');
  assert.equal(variants.code, 0, variants.err);
  assert.deepEqual(claimIds(join(cwd, 'reports/claims.json')), ['alpha/WIDTH', 'beta/WIDTH', 'gamma/WIDTH']);
  const alpha = readFileSync(join(cwd, 'reports/site/experiments/alpha.html'), 'utf8');
  assert.match(alpha, /variants\/alpha\.yaml/);
});

test('--out DIR: every file of the report under DIR, a marker naming it repro output; reports/ untouched', async () => {
  const cwd = await study('report-out', WITH_CLAIM);
  const r = await repro(cwd, 'report', '--out', 'out/report');
  assert.equal(r.code, 0, r.err);
  const files = listTree(join(cwd, 'out/report'));
  for (const f of ['.repro-report', 'claims.json', 'numbers.tex', 'claims.csv', 'figures/alpha-loss.svg', 'site/index.html']) assert.ok(files.includes(f), f);
  const runOnly = ['timings-quick.json', 'timings.json'];
  assert.deepEqual(listTree(join(cwd, 'reports')), runOnly, 'nothing of the report in reports/ (run wrote its timings)');
  // Again into the same folder: it is ours now.
  assert.equal((await repro(cwd, 'report', '--out', 'out/report')).code, 0);
  // figures --out moves claims.json and the numbers with the figures.
  assert.equal((await repro(cwd, 'figures', '--out', 'figs')).code, 0);
  assert.deepEqual(
    listTree(join(cwd, 'figs')).filter((f) => !f.startsWith('figures/')),
    ['.repro-report', 'claims.csv', 'claims.json', 'figures', 'numbers.tex'],
  );
});

test('--out refuses a non-empty folder repro did not make, with one line, and touches nothing in it', async () => {
  const cwd = await study('report-refuse');
  mkdirSync(join(cwd, 'docs'));
  writeFileSync(join(cwd, 'docs/thesis.tex'), '\\documentclass{book}\n');
  const r = await repro(cwd, 'report', '--out', 'docs');
  assert.equal(r.code, 2);
  assert.equal(r.err, 'repro report: --out docs: docs is not empty and was not made by repro (no .repro-report in it); choose an empty or new folder\n');
  assert.deepEqual(listTree(join(cwd, 'docs')), ['thesis.tex']);
  assert.deepEqual(listTree(join(cwd, 'reports')), ['timings-quick.json', 'timings.json'], 'nothing else written either');
  assert.equal(readLockFile(join(cwd, 'repro.lock.json')).figures && Object.keys(readLockFile(join(cwd, 'repro.lock.json')).figures).length, 0);
  // The repository's reports/ is repro's: its other files (bundles, timings) stay.
  writeFileSync(join(cwd, 'reports/artifact-0123456789ab.tar.gz'), 'a bundle');
  assert.equal((await repro(cwd, 'report', '--out', 'reports')).code, 0);
  assert.equal(readFileSync(join(cwd, 'reports/artifact-0123456789ab.tar.gz'), 'utf8'), 'a bundle');
  assert.ok(existsSync(join(cwd, 'reports/site/index.html')));
});

test('numbers.tex and claims.csv beside claims.json; the lock records the claims; --json says what was written', async () => {
  const cwd = await study('report-numbers');
  const r = await repro(cwd, 'report', '--json');
  assert.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  assert.deepEqual(Object.keys(out).sort(), ['claims', 'experiments', 'figures', 'out', 'profile', 'seconds', 'site_files', 'verdicts']);
  assert.equal(out.out.numbers, 'reports/numbers.tex');
  assert.deepEqual(
    out.claims.map((c: { id: string }) => c.id),
    ['WIDTH', 'WIDTH'],
  );
  assert.match(r.err, /^report: claims \(quick profile\): /m, 'the log goes to stderr with --json');
  const tex = readFileSync(join(cwd, 'reports/numbers.tex'), 'utf8');
  // WIDTH is checked by two experiments here, so the experiment's name is part of each macro.
  assert.match(tex, /^\\newcommand\{\\ReproAlphaWIDTHVerdict\}\{N\/A\}$/m);
  assert.match(tex, /^\\newcommand\{\\ReproBetaWIDTHMeasuredOne\}\{.+\}$/m);
  for (const line of tex.split('\n').filter((l) => l.startsWith('\\newcommand'))) assert.match(line, /^[\x20-\x7e]+$/, `ASCII only: ${line}`);
  const csv = readFileSync(join(cwd, 'reports/claims.csv'), 'utf8').split('\r\n');
  assert.equal(csv[0], 'experiment,claim,kind,name,value,ci_low,ci_high,verdict,macro');
  assert.match(csv[1], /^alpha,WIDTH,verdict,verdict,/);
  const lock = readLockFile(join(cwd, 'repro.lock.json'));
  assert.deepEqual(Object.keys(lock.claims as object), ['alpha/WIDTH', 'beta/WIDTH']);
  // --set with a manifest named overrides that manifest only: beta's runs are the cached ones.
  assert.equal((await repro(cwd, 'run', 'experiments/alpha.yaml', '--set', 'base.steps=60')).code, 0);
  const set = JSON.parse((await repro(cwd, 'report', 'experiments/alpha.yaml', '--set', 'base.steps=60', '--json')).out);
  assert.deepEqual(
    set.experiments.map((e: { experiment: string; missing: number }) => [e.experiment, e.missing]),
    [
      ['alpha', 0],
      ['beta', 0],
    ],
  );
  if (spawnSync('pdflatex', ['--version']).status === 0) {
    writeFileSync(
      join(cwd, 'reports/paper.tex'),
      '\\documentclass{article}\n\\input{numbers.tex}\n\\begin{document}\n\\ReproAlphaWIDTHMeasuredOne\n\\end{document}\n',
    );
    const tex2pdf = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'paper.tex'], { cwd: join(cwd, 'reports'), encoding: 'utf8' });
    assert.equal(tex2pdf.status, 0, tex2pdf.stdout.slice(-1500));
  }
});
