// `repro audit`: (1) re-hash every cache entry of the lock file against the lock (and against its
// own entry.json), (2) re-execute K runs drawn by a seeded, deterministic rule and compare the new
// bytes with the recorded hashes. Re-execution is given by the caller — `repro audit` passes
// computeRun, the path `repro run` takes — and writes into a throw-away cache, so what is
// compared is exactly what the pipeline would store.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKey, sha256, simulatorFingerprint } from './key.ts';
import { readLockFile, type LockFile, type LockRun } from './lockfile.ts';
import { ENTRY_FILE, entryDir, listKeys, readEntry, verifyEntry, type EntryMeta } from './store.ts';
import { UserError } from '../errors.ts';
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
  /** Cache entries no lock run names (informative: old results, other branches). */
  unlocked: number;
  sample: { k: number; seed: number; keys: string[]; runs: Reexecution[] };
  ok: boolean;
}

export interface AuditOptions {
  cacheDir: string;
  lockPath: string;
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

function readHash(path: string): string | null {
  return existsSync(path) ? sha256(readFileSync(path)) : null;
}

/** One locked run's entry: its files against the lock, then entry.json's own consistency. */
function checkEntry(cache: string, key: string, run: LockRun): Mismatch[] {
  const dir = entryDir(cache, key);
  const got = Object.fromEntries(Object.keys(run.files).map((name) => [name, readHash(join(dir, name))]));
  const out = compareFiles(key, run.files, got, 'cache');
  const flagged = new Set(out.map((m) => m.file));
  const meta = readEntry(cache, key);
  if (meta && meta.status !== run.status) out.push({ key, file: ENTRY_FILE, problem: `status ${meta.status}, the lock says ${run.status}` });
  for (const p of verifyEntry(cache, key)) {
    const m = /^([A-Za-z0-9._-]+): (.*)$/.exec(p);
    const file = m ? m[1] : ENTRY_FILE;
    if (!flagged.has(file)) out.push({ key, file, problem: m ? m[2] : p });
  }
  return out;
}

function reexecute(cache: string, key: string, run: LockRun, lock: LockFile, compute: AuditOptions['reexecute']): Reexecution {
  const base = { key, experiment: run.experiment };
  const meta = readEntry(cache, key);
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
  const scratch = mkdtempSync(join(tmpdir(), 'repro-audit-'));
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
  const current = simulatorFingerprint();

  const missing: string[] = [];
  const mismatches: Mismatch[] = [];
  let files = 0;
  for (const key of keys) {
    const run = lock.runs[key];
    if (!existsSync(join(entryDir(opts.cacheDir, key), ENTRY_FILE))) {
      missing.push(key);
      continue;
    }
    files += Object.keys(run.files).length;
    mismatches.push(...checkEntry(opts.cacheDir, key, run));
  }
  log(`hashes: ${keys.length - missing.length} of ${keys.length} runs in the cache, ${files} files, ${mismatches.length} mismatches`);

  const drawn = drawSample(keys, opts.sample, opts.seed);
  const runs = drawn.map((key, i) => {
    log(`re-executing ${i + 1}/${drawn.length}: ${key.slice(0, 12)} (${lock.runs[key].experiment})`);
    return reexecute(opts.cacheDir, key, lock.runs[key], lock, opts.reexecute);
  });
  const locked = new Set(keys);
  const fingerprint = { lock: lock.fingerprint, current, match: lock.fingerprint === current };
  const ok = fingerprint.match && missing.length === 0 && mismatches.length === 0 && runs.every((r) => r.mismatches.length === 0);
  return {
    lock: opts.lockPath,
    cache: opts.cacheDir,
    fingerprint,
    hashes: { runs: keys.length, files, missing, mismatches },
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
      : `MISMATCH fingerprint: the lock has ${fp.lock?.slice(0, 12) ?? 'none'}, this simulator is ${fp.current.slice(0, 12)} (re-run \`repro run\`, or use the Node major the lock was made with)`,
  );
  const h = r.hashes;
  lines.push(
    `hashes: ${h.runs - h.missing.length} of ${h.runs} runs present, ${h.files} files re-hashed, ${h.mismatches.length === 0 ? 'all match' : `${h.mismatches.length} mismatch(es)`}`,
  );
  for (const k of h.missing) lines.push(`MISSING ${k}`);
  for (const m of h.mismatches) lines.push(`MISMATCH ${m.key} ${m.file}: ${m.problem}`);
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
