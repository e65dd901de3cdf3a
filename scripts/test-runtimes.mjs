#!/usr/bin/env node
// `make test-runtimes`: the same bytes on every supported Node. For each version in RUNTIMES (one
// per major that package.json `engines` names): the quick profile (`repro run` and `repro
// figures`) into a scratch cache, lock and reports folder, its lock compared with the committed
// repro.lock.json byte for byte (runs and figures sections counted), then every test. Prints a
// table; exits 1 on any difference or failed test.
//
// The running node serves its own major; the others come from the npm registry's
// node-<platform>-<arch> packages (the Node binary itself), installed once into
// .repro/runtimes/<version>/ (a few seconds each; `rm -rf .repro` removes them with the cache).
// Every command of an installed runtime runs with it first on PATH, so what a test spawns runs on
// it too. Logs: .repro/runtimes/logs/.
//
//   node scripts/test-runtimes.mjs [--no-tests | --skip-current-tests] [MAJOR...]
// --skip-current-tests: not under the running node (.ci/run: `make test` has just run them).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The versions tested, one per supported major (the patch releases seen working; raise them here). */
const RUNTIMES = ['20.20.2', '22.23.5', '24.22.3', '26.12.1'];
const STORE = join(ROOT, '.repro', 'runtimes');
const LOCK = join(ROOT, 'repro.lock.json');
const major = (version) => version.split('.')[0];

/** The majors package.json `engines` supports ('^20.11 || ^22' -> ['20', '22']). */
function supportedMajors() {
  const range = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines?.node ?? '';
  return [...range.matchAll(/\^(\d+)/g)].map((m) => m[1]);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  return r;
}

/** A node binary of `version`: this one when it is of that major, else installed from the registry. */
function nodeBinary(version) {
  if (major(process.versions.node) === major(version)) return process.execPath;
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = join(STORE, version);
  const bin = join(dir, 'node_modules', pkg, 'bin', 'node');
  if (existsSync(bin) && run(bin, ['--version']).stdout.trim() === `v${version}`) return bin;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  const r = run('npm', ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', `${pkg}@${version}`]);
  if (r.status !== 0 || !existsSync(bin)) throw new Error(`could not install ${pkg}@${version}:\n${r.stderr.trim()}`);
  console.log(`test-runtimes: installed ${pkg}@${version} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return bin;
}

/** How many entries of `section` in the committed lock the produced lock has with the same value. */
function sameEntries(committed, produced, section) {
  const a = committed[section] ?? {},
    b = produced[section] ?? {};
  const keys = Object.keys(a);
  const differ = keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  const extra = Object.keys(b).filter((k) => !(k in a)).length;
  return { same: keys.length - differ.length, total: keys.length, extra, differ, ok: differ.length === 0 && extra === 0 };
}

/** The quick profile under `node` into `scratch`: the lock it writes, compared with the committed one. */
function quickProfile(node, env, scratch, log) {
  const lock = join(scratch, 'repro.lock.json');
  // Manifests named, so that `repro run` records no timing in reports/ (a cold run of every manifest would).
  const manifests = readdirSync(join(ROOT, 'experiments'))
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join('experiments', f));
  const common = ['--profile', 'quick', '--cache', join(scratch, 'cache'), '--lock', lock];
  const out = [];
  for (const args of [
    ['run', ...manifests, ...common],
    ['figures', ...manifests, ...common, '--out', join(scratch, 'reports')],
  ]) {
    const r = run(node, [join(ROOT, 'bin', 'repro.js'), ...args], { env });
    out.push(`$ repro ${args.join(' ')}\n${r.stdout}${r.stderr}`);
    if (r.status !== 0) {
      writeFileSync(log, out.join('\n'));
      return { error: `repro ${args[0]} exited ${r.status} (log ${log})` };
    }
  }
  writeFileSync(log, out.join('\n'));
  const text = readFileSync(lock, 'utf8'),
    committedText = readFileSync(LOCK, 'utf8');
  const produced = JSON.parse(text),
    committed = JSON.parse(committedText);
  return { bytes: text === committedText, runs: sameEntries(committed, produced, 'runs'), figures: sameEntries(committed, produced, 'figures') };
}

/** Every test under `node` (scripts/run-tests.mjs): passed / total from the spec reporter's summary. */
function tests(node, env, log) {
  const r = run(node, [join(ROOT, 'scripts', 'run-tests.mjs')], { env });
  writeFileSync(log, r.stdout + r.stderr);
  const count = (name) => Number(new RegExp(`^ℹ ${name} (\\d+)$`, 'm').exec(r.stdout)?.[1] ?? NaN);
  return { pass: count('pass'), skipped: count('skipped'), total: count('tests'), ok: r.status === 0 };
}

const fmt = (c) => `${c.same}/${c.total}${c.extra ? ` (+${c.extra} extra)` : ''}`;

/** One runtime: its table row, notes on what differs, and whether everything held. */
function testRuntime(version, which, logs) {
  const t0 = Date.now();
  const node = nodeBinary(version);
  const current = node === process.execPath;
  const actual = run(node, ['--version']).stdout.trim();
  // An installed runtime's bin/ holds only `node`; the running one's may shadow other tools (python3).
  const env = current ? process.env : { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` };
  const testHere = which === 'all' || (which === 'others' && !current);
  const log = (what) => join(logs, `node${major(version)}-${what}.log`);
  const scratch = mkdtempSync(join(tmpdir(), `repro-runtime-${major(version)}-`));
  try {
    console.log(`test-runtimes: node ${actual}: quick profile${testHere ? ', then every test' : ''}`);
    const q = quickProfile(node, env, scratch, log('quick'));
    const t = testHere ? tests(node, env, log('tests')) : null;
    const sections = q.error
      ? []
      : [
          ['runs', q.runs],
          ['figures', q.figures],
        ];
    const notes = sections
      .filter(([, c]) => c.differ.length)
      .map(
        ([name, c]) => `node ${actual}: ${name} that differ from the committed lock: ${c.differ.slice(0, 5).join(', ')}${c.differ.length > 5 ? ', ...' : ''}`,
      );
    const testsText =
      t === null
        ? which === 'others'
          ? 'make test'
          : 'not run'
        : `${t.pass}/${t.total}${t.skipped ? ` (${t.skipped} skipped)` : ''}${t.ok ? '' : ` FAILED (log ${log('tests')})`}`;
    return {
      ok: !q.error && q.bytes && q.runs.ok && q.figures.ok && (t === null || t.ok),
      notes,
      row: [
        actual,
        q.error ?? fmt(q.runs),
        q.error ? '-' : fmt(q.figures),
        q.error ? '-' : q.bytes ? 'yes' : 'NO',
        testsText,
        `${Math.round((Date.now() - t0) / 1000)} s`,
      ],
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function main() {
  const args = process.argv.slice(2);
  const which = args.includes('--no-tests') ? 'none' : args.includes('--skip-current-tests') ? 'others' : 'all';
  const only = args.filter((a) => /^\d+$/.test(a));
  const majors = supportedMajors();
  const tested = RUNTIMES.map(major);
  if (majors.join() !== tested.join()) {
    console.error(`test-runtimes: package.json engines supports Node ${majors.join(', ')}, RUNTIMES tests ${tested.join(', ')}: make them agree`);
    return 2;
  }
  const unknown = only.filter((m) => !tested.includes(m));
  if (unknown.length) {
    console.error(`test-runtimes: Node ${unknown.join(', ')} is not supported (RUNTIMES: ${tested.join(', ')})`);
    return 2;
  }
  const logs = join(STORE, 'logs');
  mkdirSync(logs, { recursive: true });
  const results = RUNTIMES.filter((v) => only.length === 0 || only.includes(major(v))).map((v) => testRuntime(v, which, logs));
  const head = ['node', 'runs identical', 'figures identical', 'lock bytes identical', 'tests passed', 'time'];
  const rows = results.map((r) => r.row);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r) => r.map((x, c) => x.padEnd(widths[c])).join('  ');
  console.log(['', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...results.flatMap((r) => r.notes)].join('\n'));
  const ok = results.every((r) => r.ok);
  console.log(ok ? 'test-runtimes: every runtime gives the committed lock' : 'test-runtimes: FAILED (see the table)');
  return ok ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`test-runtimes: ${err.message}`);
  process.exitCode = 2;
}
