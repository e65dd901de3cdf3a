// `repro audit`: (1) re-hash every cache entry of the lock file against the lock (and against its
// own entry.json) and every figure file the lock lists against the lock, (2) re-execute K runs
// drawn by a seeded, deterministic rule and compare the new bytes with the recorded hashes. A lock
// that is malformed (readLockFile) or lists no runs fails with one line. Nothing is moved: audit
// reports an unsound entry, the other readers quarantine it. Re-execution is given by the caller — `repro audit` passes
// computeRun, the path `repro run` takes — and writes into a throw-away cache, so what is
// compared is exactly what the pipeline would store.
import { existsSync, lstatSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runKey, sha256, simulatorFingerprint } from './key.ts';
import { readLockFile, type LockFile, type LockRun } from './lockfile.ts';
import { ownedTempDir } from './owner.ts';
import { checkEntry, ENTRY_FILE, entryDir, listKeys, type EntryCheck, type EntryMeta } from './store.ts';
import { CheckFailed, UserError } from '../errors.ts';
import type { RunSpec } from '../sim/types.ts';

export interface Mismatch {
  key: string;
  file: string;
  problem: string;
}

export interface Reexecution {
  key: string;
  experiment: string;
  /** Where the spec came from; null when the run could not be re-executed. */
  spec_from: 'entry.json' | null;
  ms: number;
  files: number;
  mismatches: Mismatch[];
}

export interface AuditReport {
  lock: string;
  cache: string;
  fingerprint: { lock: string | null; current: string; match: boolean };
  hashes: { runs: number; files: number; missing: string[]; mismatches: Mismatch[] };
  /** The lock's figures against the figure store (key: the figure's name). */
  figures: { dir: string; figures: number; files: number; mismatches: Mismatch[] };
  /** Cache entries no lock run names (informative: old results, other branches). */
  unlocked: number;
  sample: { k: number; seed: number; keys: string[]; runs: Reexecution[] };
  ok: boolean;
}

export interface AuditOptions {
  cacheDir: string;
  lockPath: string;
  /** The figure store the lock's `figures` section describes (reports/figures). */
  figuresDir: string;
  sample: number;
  seed: number;
  /** Computes the run and stores it in `cacheDir` (a fresh folder), returning the stored entry. */
  reexecute: (spec: RunSpec, cacheDir: string) => Pick<EntryMeta, 'status' | 'files'>;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
}

/** The K keys with the smallest sha256(`<seed>:<key>`): a seeded draw that needs no PRNG and is
 *  stable when unrelated keys come and go. */
export function drawSample(keys: string[], k: number, seed: number): string[] {
  return keys
    .map((key) => ({ key, rank: sha256(`${seed}:${key}`) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .slice(0, Math.max(0, k))
    .map((r) => r.key);
}

/** Compares produced (or cached) file hashes with the lock's: missing, extra, differing. */
export function compareFiles(key: string, want: Record<string, string>, got: Record<string, string | null>, what: string): Mismatch[] {
  const out: Mismatch[] = [];
  for (const name of Object.keys(want).sort()) {
    const g = got[name];
    if (g === undefined || g === null) out.push({ key, file: name, problem: `missing (${what})` });
    else if (g !== want[name]) out.push({ key, file: name, problem: `sha256 differs from the lock (${what})` });
  }
  for (const name of Object.keys(got).sort()) {
    if (!(name in want)) out.push({ key, file: name, problem: `not in the lock (${what})` });
  }
  return out;
}

/** sha256 of a plain file (never through a symlink); null when there is none. */
function readHash(path: string): string | null {
  try {
    if (!lstatSync(path).isFile()) return null;
  } catch {
    return null;
  }
  return sha256(readFileSync(path));
}

/** One locked run's entry: its files against the lock, then entry.json's own consistency. */
function checkLocked(cache: string, key: string, run: LockRun, c: EntryCheck): Mismatch[] {
  const dir = entryDir(cache, key);
  const got = Object.fromEntries(Object.keys(run.files).map((name) => [name, readHash(join(dir, name))]));
  const out = compareFiles(key, run.files, got, 'cache');
  const flagged = new Set(out.map((m) => m.file));
  const meta = c.state === 'absent' ? undefined : c.meta;
  if (meta && meta.status !== run.status) out.push({ key, file: ENTRY_FILE, problem: `status ${meta.status}, the lock says ${run.status}` });
  for (const p of c.state === 'unsound' ? c.problems : []) {
    const m = /^([A-Za-z0-9._-]+): (.*)$/.exec(p);
    const file = m ? m[1] : ENTRY_FILE;
    if (!flagged.has(file)) out.push({ key, file, problem: m ? m[2] : p });
  }
  return out;
}

/** Every figure file the lock lists, re-hashed in the figure store. */
function checkFigures(lock: LockFile, dir: string): AuditReport['figures'] {
  const mismatches: Mismatch[] = [];
  let files = 0;
  const figures = Object.entries(lock.figures as Record<string, { files: Record<string, string> }>);
  for (const [name, figure] of figures) {
    const want = figure.files;
    files += Object.keys(want).length;
    const got = Object.fromEntries(Object.keys(want).map((f) => [f, readHash(join(dir, f))]));
    mismatches.push(...compareFiles(name, want, got, 'figure store'));
  }
  return { dir, figures: figures.length, files, mismatches };
}

function reexecute(key: string, run: LockRun, lock: LockFile, c: EntryCheck, compute: AuditOptions['reexecute']): Reexecution {
  const base = { key, experiment: run.experiment };
  const meta = c.state === 'absent' ? undefined : c.meta;
  // Only a spec that hashes to the key under the lock's fingerprint is the spec the lock recorded.
  const spec: RunSpec | null = meta && lock.fingerprint && runKey(meta.spec, lock.fingerprint) === key ? meta.spec : null;
  if (!spec) {
    return {
      ...base,
      spec_from: null,
      ms: 0,
      files: 0,
      mismatches: [{ key, file: ENTRY_FILE, problem: 'no spec that hashes to this key: cannot re-execute' }],
    };
  }
  const scratch = ownedTempDir('audit');
  try {
    const t0 = performance.now();
    const fresh = compute(spec, scratch);
    const ms = Math.round(performance.now() - t0);
    const mismatches = compareFiles(key, run.files, fresh.files, 're-executed');
    if (fresh.status !== run.status) mismatches.push({ key, file: 'result.json', problem: `re-executed status ${fresh.status}, the lock says ${run.status}` });
    return { ...base, spec_from: 'entry.json', ms, files: Object.keys(fresh.files).length, mismatches };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function audit(opts: AuditOptions): AuditReport {
  const log = opts.log ?? (() => {});
  if (!existsSync(opts.lockPath)) throw new UserError(`no lock file at ${opts.lockPath}`);
  const lock = readLockFile(opts.lockPath);
  const keys = Object.keys(lock.runs).sort();
  if (keys.length === 0) throw new CheckFailed(`${opts.lockPath} lists no runs: nothing to audit (\`repro run\` records them)`);
  const current = simulatorFingerprint();

  const missing: string[] = [];
  const mismatches: Mismatch[] = [];
  const checks = new Map<string, EntryCheck>();
  let files = 0;
  for (const key of keys) {
    const run = lock.runs[key];
    const c = checkEntry(opts.cacheDir, key);
    checks.set(key, c);
    if (c.state === 'absent') {
      missing.push(key);
      continue;
    }
    files += Object.keys(run.files).length;
    mismatches.push(...checkLocked(opts.cacheDir, key, run, c));
  }
  log(`hashes: ${keys.length - missing.length} of ${keys.length} runs in the cache, ${files} files, ${mismatches.length} mismatches`);
  const figures = checkFigures(lock, opts.figuresDir);
  log(`figures: ${figures.figures} figures, ${figures.files} files, ${figures.mismatches.length} mismatches`);

  const drawn = drawSample(keys, opts.sample, opts.seed);
  const runs = drawn.map((key, i) => {
    log(`re-executing ${i + 1}/${drawn.length}: ${key.slice(0, 12)} (${lock.runs[key].experiment})`);
    return reexecute(key, lock.runs[key], lock, checks.get(key)!, opts.reexecute);
  });
  const locked = new Set(keys);
  const fingerprint = { lock: lock.fingerprint, current, match: lock.fingerprint === current };
  const ok =
    fingerprint.match && missing.length === 0 && mismatches.length === 0 && figures.mismatches.length === 0 && runs.every((r) => r.mismatches.length === 0);
  return {
    lock: opts.lockPath,
    cache: opts.cacheDir,
    fingerprint,
    hashes: { runs: keys.length, files, missing, mismatches },
    figures,
    unlocked: listKeys(opts.cacheDir).filter((k) => !locked.has(k)).length,
    sample: { k: opts.sample, seed: opts.seed, keys: drawn, runs },
    ok,
  };
}

/** The human-readable report: what was checked, what matched, every mismatch by key and file. */
export function formatAudit(r: AuditReport): string {
  const lines: string[] = [];
  const fp = r.fingerprint;
  lines.push(`lock ${r.lock}: ${r.hashes.runs} runs; cache ${r.cache}`);
  lines.push(
    fp.match
      ? `fingerprint: ${fp.current.slice(0, 12)} matches the lock`
      : `MISMATCH fingerprint: the lock has ${fp.lock?.slice(0, 12) ?? 'none'}, this simulator is ${fp.current.slice(0, 12)} (re-run \`repro run\`; \`repro status\` says which simulator files changed)`,
  );
  const h = r.hashes;
  lines.push(
    `hashes: ${h.runs - h.missing.length} of ${h.runs} runs present, ${h.files} files re-hashed, ${h.mismatches.length === 0 ? 'all match' : `${h.mismatches.length} mismatch(es)`}`,
  );
  for (const k of h.missing) lines.push(`MISSING ${k}`);
  for (const m of h.mismatches) lines.push(`MISMATCH ${m.key} ${m.file}: ${m.problem}`);
  const f = r.figures;
  lines.push(
    `figures: ${f.figures} figures, ${f.files} files re-hashed in ${f.dir}, ${f.mismatches.length === 0 ? 'all match' : `${f.mismatches.length} mismatch(es)`}`,
  );
  for (const m of f.mismatches) lines.push(`MISMATCH figure ${m.key} ${m.file}: ${m.problem}`);
  if (r.unlocked) lines.push(`(${r.unlocked} cache entries are not in the lock; not checked)`);
  lines.push(`re-executed ${r.sample.keys.length} of ${h.runs} runs (--sample ${r.sample.k} --seed ${r.sample.seed}): ${r.sample.keys.join(' ') || '-'}`);
  for (const x of r.sample.runs) {
    lines.push(
      x.mismatches.length === 0
        ? `  ${x.key} ${x.experiment}: ${x.files} files identical (${x.ms} ms)`
        : `  ${x.key} ${x.experiment}: ${x.mismatches.length} mismatch(es)`,
    );
    for (const m of x.mismatches) lines.push(`MISMATCH ${m.key} ${m.file}: ${m.problem}`);
  }
  lines.push(r.ok ? 'audit: OK' : 'audit: FAILED');
  return lines.join('\n');
}
