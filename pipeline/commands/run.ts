// `repro run [FILE...] [--profile quick|paper] [--jobs N] [--executor local|slurm] [--cache DIR]
// [--lock FILE]`: computes the runs missing from the cache, then records every run of the
// manifests in the lock file. Exit 1 if a run failed (a diverged run is a result, not a failure).
import { availableParallelism, cpus } from 'node:os';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { prettyJson } from '../cache/canonical.ts';
import { resolve } from 'node:path';
import { UserError, Interrupted } from '../errors.ts';
import { simulatorFingerprint } from '../cache/key.ts';
import { cleanTmp, resolveCacheDir } from '../cache/store.ts';
import { DEFAULT_LOCK, mergeRuns, updateLock } from '../cache/lock.ts';
import { loadSlurmConfig, SLURM_FLAGS, type SlurmConfig } from '../exec/slurm-config.ts';
import { runLocal, type LocalResult } from '../exec/local.ts';
import { coveredPairs, formatParams, lockRecords, planRuns, readEntries, type Plan } from '../exec/plan.ts';
import { formatDuration } from '../exec/progress.ts';
import type { EntryMeta } from '../cache/store.ts';
import { checkThreadsEnv, manifestRuns, parseFlags, parseProfile } from './run-options.ts';

const OPTIONS = {
  profile: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  executor: { type: 'string' },
  cache: { type: 'string' },
  lock: { type: 'string' },
  ...SLURM_FLAGS,
} as const;

function parseJobs(value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--jobs: expected a positive integer, got '${value}'`);
  return n;
}

/** What an executor did; `written` is null when it cannot tell which entries it wrote (Slurm). */
type Execution = Omit<LocalResult, 'written'> & { written: Set<string> | null };

/**
 * Runs `fn` with SIGINT/SIGTERM turned into an abort of its signal rather than an exit, so that
 * workers are stopped cleanly and no lock update is cut short; the caller decides what an abort means.
 */
async function withSignals<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => ac.abort(sig);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await fn(ac.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Slurm: one job array; the executor handles its own signals (scancel, then Interrupted). */
async function executeSlurm(missing: Plan['missing'], cacheDir: string, config: SlurmConfig, tty: boolean): Promise<Execution> {
  const { runOnSlurm } = await import('../exec/slurm.ts');
  const results = await runOnSlurm(missing, { cacheDir, config, tty });
  const errors = new Map(results.filter((r) => r.status === 'failed' || r.status === 'missing').map((r) => [r.key, r.message]));
  return { written: null, errors, conflicts: [], aborted: false };
}

function report(plan: Plan, entries: Map<string, EntryMeta | null>, errors: Map<string, string>): { failed: number; diverged: number } {
  let failed = 0, diverged = 0;
  const described = new Set<string>();
  plan.runs.forEach((r, i) => {
    const key = plan.keys[i];
    if (described.has(key)) return;
    described.add(key);
    const e = entries.get(key);
    const where = `${key.slice(0, 12)}  ${r.experiment}  ${formatParams(r.params)}`;
    if (!e) {
      failed++;
      console.error(`failed    ${where}: ${errors.get(key) ?? 'no cache entry was stored'}`);
    } else if (e.status === 'failed') {
      failed++;
      console.error(`failed    ${where}: ${e.message}`);
    } else if (e.status === 'diverged') {
      diverged++;
      console.log(`diverged  ${where}: ${e.message}`);
    }
  });
  return { failed, diverged };
}

/**
 * A cold run of the whole study is the measured duration ARTIFACT.md quotes
 * (reports/timings.json, not committed: it describes this machine).
 */
function recordTiming(profile: string, seconds: number, computed: number, reused: number, jobs: number): void {
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  const timing = {
    command: profile === 'paper' ? 'make paper' : 'make',
    profile,
    seconds: Math.round(seconds),
    computed,
    reused,
    jobs,
    note: `wall time of repro run computing ${computed} runs (${reused} were already cached); repro report adds well under a minute`,
    machine: `${cpu}, ${availableParallelism()} cores, Node ${process.versions.node}`,
    date: new Date().toISOString().slice(0, 10),
  };
  mkdirSync('reports', { recursive: true });
  writeFileSync(`reports/timings-${profile}.json`, prettyJson(timing));
  if (profile === 'paper' || !existsSync('reports/timings.json')) writeFileSync('reports/timings.json', prettyJson(timing));
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, OPTIONS);
  checkThreadsEnv();
  const profile = parseProfile(values.profile);
  const jobs = parseJobs(values.jobs);
  const executor = values.executor ?? 'local';
  if (executor !== 'local' && executor !== 'slurm') throw new UserError(`--executor: expected local or slurm, got '${executor}'`);
  const slurmOnly = Object.keys(SLURM_FLAGS).find((f) => values[f as keyof typeof values] !== undefined);
  if (executor === 'local' && slurmOnly) throw new UserError(`--${slurmOnly} applies to --executor slurm only`);
  // The cluster settings are checked even when every run is cached: a typo shows at once.
  const slurmConfig = executor === 'slurm' ? loadSlurmConfig(values) : null;
  const runs = manifestRuns(positionals, profile);
  const cacheDir = resolveCacheDir(values.cache);
  const lockPath = resolve(values.lock ?? DEFAULT_LOCK);
  const fingerprint = simulatorFingerprint();
  const tty = Boolean(process.stderr.isTTY);
  const t0 = Date.now();

  cleanTmp(cacheDir); // what a crash or SIGKILL of an earlier run left behind
  const plan = planRuns(runs, cacheDir, fingerprint);
  return withSignals(async (signal) => {
    const exec: Execution = plan.missing.length === 0 ? { written: new Set(), errors: new Map(), conflicts: [], aborted: false }
      : executor === 'local' ? await runLocal(plan.missing, { cacheDir, fingerprint, jobs, tty, signal })
      : await executeSlurm(plan.missing, cacheDir, slurmConfig!, tty);
    const entries = readEntries(cacheDir, plan.unique.map((u) => u.key));
    const stored = plan.missing.filter((m) => entries.get(m.key)).length;
    if (exec.aborted) throw new Interrupted(`interrupted: ${stored} of ${plan.missing.length} missing runs stored; run again to compute the rest`);

    const computed = exec.written ? exec.written.size : stored;
    const { failed, diverged } = report(plan, entries, exec.errors);
    for (const c of exec.conflicts) console.error(`error: ${c}`);
    const shared = plan.runs.length - plan.unique.length;
    console.log(
      `run: ${plan.unique.length} runs (${profile}${shared ? `, ${shared} shared between manifests` : ''}): ` +
      `${computed} computed, ${plan.unique.length - computed - (plan.missing.length - stored)} reused, ${failed} failed, ${diverged} diverged in ${formatDuration(Date.now() - t0)}`,
    );
    if (positionals.length === 0 && computed > 0 && failed === 0) {
      recordTiming(profile, (Date.now() - t0) / 1000, computed, plan.unique.length - computed, jobs);
    }
    const { lock, dropped } = updateLock(lockPath, (current) => mergeRuns(current, fingerprint, coveredPairs(runs), lockRecords(plan, entries)));
    console.log(`lock: ${values.lock ?? DEFAULT_LOCK}: ${Object.keys(lock.runs).length} runs${dropped.length ? `, ${dropped.length} no longer produced removed` : ''}`);
    return failed > 0 || exec.conflicts.length > 0 ? 1 : 0;
  });
}
