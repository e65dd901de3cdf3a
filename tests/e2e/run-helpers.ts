// Helpers for the end-to-end tests of `repro run | status | export`: a scratch directory with
// tiny manifests, the CLI as a child process, and a check of every cache entry.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listKeys, verifyEntry } from '../../pipeline/cache/store.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/repro.js');

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

export { scratchDir as scratch } from '../../pipeline/testing/scratch.ts';

/** A manifest of tiny regression runs: one lr sweep times `seeds` seeds. */
export function writeManifest(
  dir: string,
  name: string,
  opts: { lrs?: number[]; seeds?: number; steps?: number; sigma?: number; base?: string; extra?: string[] } = {},
): string {
  const { lrs = [0.1, 0.2], seeds = 3, steps = 50, sigma = 0.01, base = 'n: 64, d: 4, m: 4', extra = [] } = opts;
  const text = [
    `experiment: ${name}`,
    `title: ${name}`,
    `base: { ${base}, steps: ${steps}, sigma: ${sigma}, log_per_decade: 10 }`,
    'grid:',
    `  lr: [${lrs.join(', ')}]`,
    `seeds: [${Array.from({ length: seeds }, (_, i) => i).join(', ')}]`,
    ...extra,
    '',
  ].join('\n');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.yaml`), text);
  return `${name}.yaml`;
}

export function start(cwd: string, args: string[]): ChildProcess {
  // REPRO_CACHE is cleared so only --cache or the cwd's .repro/cache is used.
  return spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, REPRO_CACHE: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function finish(child: ChildProcess): Promise<Result> {
  let out = '',
    err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, err })));
}

export const repro = (cwd: string, ...args: string[]): Promise<Result> => finish(start(cwd, args));

export const entries = (cache: string): string[] => listKeys(cache);

/** Every entry under runs/ matches its recorded hashes and key. */
export function assertCacheSound(cache: string): void {
  for (const key of listKeys(cache)) assert.deepEqual(verifyEntry(cache, key), [], key);
}

export function tmpDirs(cache: string): string[] {
  const tmp = join(cache, 'tmp');
  return existsSync(tmp) ? readdirSync(tmp) : [];
}

/** Resolves once `cache` holds at least `n` entries, or the child has exited. */
export async function waitForEntries(cache: string, n: number, child: ChildProcess): Promise<number> {
  for (;;) {
    const count = entries(cache).length;
    if (count >= n || child.exitCode !== null || child.signalCode !== null) return count;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The `N computed, M reused, F failed, D diverged` counts of a run's summary line. */
export function summary(out: string): { runs: number; computed: number; reused: number; failed: number; diverged: number } {
  const m = /run: (\d+) runs \([^)]*\): (\d+) computed, (\d+) reused, (\d+) failed, (\d+) diverged/.exec(out);
  assert.ok(m, `no summary line in:\n${out}`);
  const [runs, computed, reused, failed, diverged] = m.slice(1).map(Number);
  return { runs, computed, reused, failed, diverged };
}

/** A manifest with a claim (WIDTH: descriptive, a measured row per width) and a figure, so a report has numbers to print. */
export const WITH_CLAIM = ['figures: [loss]', 'claims: { WIDTH: {} }'];

/** Files under `dir`, relative, sorted ('/'-separated). */
export function listTree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).map((f) => f.split('\\').join('/')).sort();
}

/** git in `cwd`, with an identity for commits; a failure fails the test. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}
