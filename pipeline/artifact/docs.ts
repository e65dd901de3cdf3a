// ARTIFACT.md: what an artifact evaluator needs on one page — contents, requirements, install,
// the one command that reproduces everything (with its measured duration), claim -> figure ->
// experiment -> command, how to check the hashes, and which ACM badge each part supports.
// Pure: every number and name comes from the inputs, none is typed here.
import { PAPER } from '../report/paper.ts';
import type { Timing } from '../report/timings.ts';
import type { BundledRun, ClaimEntry, Software } from './meta.ts';
import { SUMS_FILE } from './sums.ts';
import { CITATION_FILE } from './citation.ts';
import { CRATE_FILE } from './crate.ts';

export const ARTIFACT_FILE = 'ARTIFACT.md';

export interface ArtifactInputs {
  software: Software;
  fingerprint: string;
  runs: BundledRun[];
  claims: ClaimEntry[] | null;
  /** The profile claims.json was computed with (the commands below use it); default paper. */
  profile: string | null;
  timing: Timing | null;
  /** experiment id -> manifest path in source/ (null when no manifest file has that name). */
  manifests: Record<string, string>;
  /** Keys in the lock file whose results are not in the bundle (only with --allow-dirty). */
  missingRuns: string[];
  hasSite: boolean;
}

/** The command that reproduces everything when reports/timings.json does not name one (Makefile targets). */
export const defaultCommand = (profile: string | null): string => (profile === 'quick' ? 'make' : 'make paper');

/** Markdown table cell: pipes and newlines would break the row. */
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const row = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const min = Math.round(seconds / 60);
  return min < 90 ? `${min} min` : `${(seconds / 3600).toFixed(1)} h`;
}

function countBy<T>(items: T[], key: (t: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const it of items) counts.set(key(it), (counts.get(key(it)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function experimentCommand(exp: string, x: ArtifactInputs): string {
  const file = x.manifests[exp];
  const profile = x.profile ?? 'paper';
  return file ? `npx repro run ${file} --profile ${profile} && npx repro report --profile ${profile}` : `(no manifest of experiment ${exp} in source/)`;
}

function header(x: ArtifactInputs): string[] {
  const sw = x.software;
  const warn: string[] = [];
  if (sw.dirty)
    warn.push('> **Built from a working tree with uncommitted changes** (`repro bundle --allow-dirty`): the source below is not exactly the commit named.');
  if (x.missingRuns.length)
    warn.push(`> **Incomplete:** ${x.missingRuns.length} run(s) of the lock file have no results in this bundle; \`repro verify\` reports them.`);
  if (!x.hasSite) warn.push('> **Incomplete:** the built site was missing when this bundle was made.');
  return [
    `# Artifact: ${sw.name} ${sw.version}`,
    '',
    `Executable companion of *${PAPER.title}* (${PAPER.families.join(', ')}, ${PAPER.venue}, arXiv:${PAPER.arxiv}).`,
    '',
    `- commit: \`${sw.commit}\` (${sw.date})`,
    `- simulator fingerprint: \`${x.fingerprint}\``,
    `- runs: ${x.runs.length} (${
      countBy(x.runs, (r) => r.experiment)
        .map(([e, n]) => `${e}: ${n}`)
        .join(', ') || 'none'
    })`,
    ...(warn.length ? ['', ...warn] : []),
  ];
}

function contents(): string[] {
  return [
    '## Contents',
    '',
    row(['path', 'what']),
    row(['---', '---']),
    row([`\`${ARTIFACT_FILE}\``, 'this page']),
    row([
      '`source/`',
      'the source at the commit (every file `git ls-files` lists), with `package-lock.json`, the manifests in `experiments/` and the lock file `repro.lock.json`',
    ]),
    row([
      '`results/<key>/`',
      'each run of the lock file: `metrics.csv`, `neurons.csv`, `result.json`, the weights (`W0.npy`, `v0.npy`, `W.npy`, `v.npy`), `beta.npy`, and `entry.json` (the run spec and the hash of each file). The data `X`, `y` are regenerated from the seed by `repro export`.',
    ]),
    row([
      '`figures/`',
      'every figure the lock file lists: SVG, PNG, its Vega-Lite spec with the data inlined (`.vl.json`), the data as CSV and the caption; figures are data, re-plot them elsewhere',
    ]),
    row(['`reports/`', "the pipeline's claims table (`claims.json`) and measured timings (`timings.json`), when they were produced"]),
    row(['`site/`', 'the built companion site; open `site/index.html` (static, works offline)']),
    row([`\`${CITATION_FILE}\``, 'how to cite the software and the paper (Citation File Format 1.2.0)']),
    row([`\`${CRATE_FILE}\``, 'RO-Crate 1.1 metadata: every file, the software, each run']),
    row([`\`${SUMS_FILE}\``, 'SHA-256 of every other file']),
  ];
}

function install(x: ArtifactInputs, cmd: string): string[] {
  const t = x.timing;
  const measured = t
    ? `Measured: ${duration(t.seconds)}${t.machine ? ` on ${t.machine}` : ''}${t.date ? ` (${t.date})` : ''}.`
    : 'Duration: not measured (no reports/timings.json when this bundle was made).';
  return [
    '## Requirements',
    '',
    `- Linux or macOS with Node.js ${x.software.node} (the results are the same bytes on each: the simulator uses no engine-approximated math, and run keys do not depend on the Node version), npm, GNU make.`,
    "- For the test suite only: Python 3 with numpy and mpmath (independent numerical checks); Chromium for the site's browser tests.",
    '- No network access is needed after `npm ci`; no GPU.',
    '',
    '## Install',
    '',
    '```sh',
    'cd source',
    'npm ci',
    'make test        # optional: typecheck and every test',
    '```',
    '',
    '## Reproduce everything',
    '',
    '```sh',
    `cd source && ${cmd}`,
    '```',
    '',
    measured,
    'It re-runs every simulation of the lock file, re-renders every figure and rebuilds the site in `source/reports/site/`.',
    'To start from the bundled results instead (a warm cache), copy them into the cache first:',
    '',
    '```sh',
    'mkdir -p source/.repro/cache/runs && cp -R results/. source/.repro/cache/runs/',
    '```',
  ];
}

function claimsTable(x: ArtifactInputs): string[] {
  const head = ['## Claims, figures, experiments', ''];
  if (!x.claims) return [...head, 'No claims table (reports/claims.json) was produced when this bundle was made; see `site/index.html`.'];
  return [
    ...head,
    'Each claim of the paper, the figure that shows it, the experiment (manifest) that produces it, and the command that re-runs that experiment alone.',
    '',
    row(['claim', 'statement', 'verdict', 'figure', 'experiment', 'command']),
    row(['---', '---', '---', '---', '---', '---']),
    ...x.claims.map((c) =>
      row([c.id, c.statement, c.verdict, c.figure === null ? '—' : `\`${c.figure}\``, `\`${c.experiment}\``, `\`${experimentCommand(c.experiment, x)}\``]),
    ),
  ];
}

function checks(): string[] {
  return [
    '## Check the hashes',
    '',
    'In this folder (GNU coreutils; on macOS `shasum -a 256 -c`):',
    '',
    '```sh',
    `sha256sum -c ${SUMS_FILE}`,
    '```',
    '',
    'With the tool itself, from `source/` after `npm ci`:',
    '',
    '```sh',
    'npx repro verify PATH/TO/THIS-BUNDLE.tar.gz   # every checksum, plus results/ against repro.lock.json, in a fresh temp folder',
    'npx repro audit --sample 3                    # with the warm cache above: re-hash every run, re-execute 3 of them byte for byte',
    '```',
    '',
    "The archive is deterministic: built twice from the same commit and cache it has the same SHA-256 (sorted entries, every file's mtime the commit time or `$SOURCE_DATE_EPOCH`, uid/gid 0, no user names, modes 0644/0755, gzip without a time stamp). `wall_ms` in each `entry.json` is the measured run time, informative only; it is in no comparison.",
  ];
}

function badges(command: string): string[] {
  return [
    '## ACM badges',
    '',
    row(['badge', 'supported by']),
    row(['---', '---']),
    row([
      'Artifacts Available',
      `this archive (source, results, site) with ${CITATION_FILE} and ${CRATE_FILE}, ready to deposit in a permanent archive (e.g. Zenodo) that issues a DOI`,
    ]),
    row([
      'Artifacts Evaluated – Functional',
      '`source/` installs with `npm ci`; `make test` runs every test; `sha256sum -c`, `repro verify` and `repro audit` check the results; every run is documented by its spec in `results/<key>/entry.json`',
    ]),
    row([
      'Results Reproduced',
      `the claims table above: \`${command}\` regenerates every run, figure and verdict from the manifests, and \`repro audit\` shows re-executed runs match the recorded bytes`,
    ]),
  ];
}

export function artifactMarkdown(x: ArtifactInputs): string {
  const command = x.timing?.command ?? defaultCommand(x.profile);
  return [header(x), contents(), install(x, command), claimsTable(x), checks(), badges(command)].map((s) => s.join('\n')).join('\n\n') + '\n';
}
