// The fault suite's helpers: the CLI as a child process, a small study (one tiny manifest run and
// reported) copied per case, and the checks every case makes — the exit code, one line on stderr
// naming the path and the problem, no stack trace, and no temporary left behind. Only interfaces
// that predate the fixes are used, so the suite runs unchanged against older code too.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../../pipeline/testing/scratch.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/repro.js');
export const INJECT = fileURLToPath(new URL('./inject.mjs', import.meta.url));

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** `repro ARGS` in `cwd`; killed (SIGKILL) after `timeoutMs` when given. */
export function cli(cwd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Result> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, REPRO_CACHE: '', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '',
    err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : null;
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, out, err });
    }),
  );
}

/** The exit code is one of `codes`; stderr is at most `lines` lines, the last matching `line`; no stack trace anywhere. */
export function assertHandled(r: Result, codes: number[], line: RegExp | null, lines = 1): void {
  const all = `${r.out}${r.err}`;
  assert.ok(r.code !== null && codes.includes(r.code), `exit ${r.code ?? r.signal}, expected ${codes.join(' or ')}:\n${all}`);
  assert.doesNotMatch(all, /^\s+at /m, `a stack trace:\n${all}`);
  assert.doesNotMatch(all, /^\w*Error( \[\w+\])?:/m, `an uncaught error:\n${all}`);
  const errLines = r.err.split('\n').filter(Boolean);
  assert.ok(errLines.length <= lines, `${errLines.length} lines on stderr, expected at most ${lines}:\n${r.err}`);
  if (line) assert.match(errLines.join('\n'), line);
}

/** Temporaries under `dir` (recursively): *.tmp files or folders, site.tmp-*, and entries of a cache's tmp/. */
export function leftovers(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (/\.tmp$|\.tmp-|^tmp$/.test(e.name) && !(e.name === 'tmp' && readdirSync(p).length === 0)) out.push(p);
      else if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'quarantine') walk(p);
    }
  };
  walk(dir);
  return out;
}

export const MANIFEST = `experiment: tiny
title: Tiny runs
base: { n: 64, d: 4, m: 4, steps: 300, sigma: 0.01, log_per_decade: 10, stop_loss: 1.0e-13 }
grid: { lr: [0.2, 0.5] }
figures: [loss]
claims:
  C2: {}
`;

let study: Promise<string> | null = null;

/** A folder with tiny.yaml run (2 runs in .repro/cache, repro.lock.json) and reported (reports/), built once per process. */
function baseStudy(): Promise<string> {
  study ??= (async () => {
    const dir = scratchDir('faults-study');
    writeFileSync(join(dir, 'tiny.yaml'), MANIFEST);
    for (const args of [
      ['run', 'tiny.yaml'],
      ['report', 'tiny.yaml'],
    ]) {
      const r = await cli(dir, args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    }
    return dir;
  })();
  return study;
}

/** A fresh copy of the small study for one case. */
export async function freshStudy(name: string): Promise<string> {
  const dir = scratchDir(`fault-${name}`);
  cpSync(await baseStudy(), dir, { recursive: true });
  return dir;
}

export const cacheOf = (dir: string): string => join(dir, '.repro/cache');
export const entryOf = (dir: string, key: string): string => join(cacheOf(dir), 'runs', key);
/** The lock as JSON (loosely typed: the cases break its shape on purpose). */
export type LooseLock = Record<string, unknown> & { runs: Record<string, Record<string, unknown>> };
export const lockOf = (dir: string): LooseLock => JSON.parse(readFileSync(join(dir, 'repro.lock.json'), 'utf8'));
/** The run keys of the study's lock, sorted. */
export const keysOf = (dir: string): string[] => Object.keys(lockOf(dir).runs).sort();
export const quarantined = (dir: string): string[] => (existsSync(join(cacheOf(dir), 'quarantine')) ? readdirSync(join(cacheOf(dir), 'quarantine')) : []);

/** Rewrites the lock with `edit` applied to its parsed JSON. */
export function editLock(dir: string, edit: (lock: LooseLock) => unknown): void {
  writeFileSync(join(dir, 'repro.lock.json'), JSON.stringify(edit(lockOf(dir)), null, 2));
}

/** Flips one byte of a file (a digit stays a digit, so the file still parses). */
export function flipDigit(path: string, nth = 40): void {
  const text = readFileSync(path, 'utf8');
  let seen = 0;
  writeFileSync(
    path,
    text.replace(/\d/g, (d) => (seen++ === nth ? String((Number(d) + 1) % 10) : d)),
  );
}
