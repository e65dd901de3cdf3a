// `repro run [FILE...] [--profile quick|paper] [--jobs N] [--executor local|slurm] [--cache DIR]
// [--lock FILE]`: computes the runs missing from the cache, then records every run of the
// manifests in the lock file. Exit 1 if a run failed (a diverged run is a result, not a failure).
import { availableParallelism, cpus } from 'node:os';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { prettyJson } from '../cache/canonical.ts';
import { UserError } from '../errors.ts';
import { simulatorFingerprint } from '../cache/key.ts';
import { resolveCacheDir } from '../cache/store.ts';
import { DEFAULT_LOCK } from '../cache/lock.ts';
import { runAll } from '../exec/index.ts';
import { localExecutor } from '../exec/local.ts';
import { withSignals } from '../exec/signals.ts';
import { formatDuration } from '../exec/progress.ts';
import type { Executor } from '../exec/types.ts';
import { loadSlurmConfig } from '../exec/slurm/config.ts';
import { intFlag } from './flags.ts';
import { checkThreadsEnv, manifestRuns, parseFlags, parseProfile } from './run-options.ts';

const SLURM_FLAGS = ['config', 'runs-per-task', 'max-parallel'] as const;

const OPTIONS = {
  profile: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  executor: { type: 'string' },
  cache: { type: 'string' },
  lock: { type: 'string' },
  config: { type: 'string' },
  'runs-per-task': { type: 'string' },
  'max-parallel': { type: 'string' },
} as const;

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
  const jobs = intFlag('--jobs', values.jobs, availableParallelism());
  const executor = values.executor ?? 'local';
  if (executor !== 'local' && executor !== 'slurm') throw new UserError(`--executor: expected local or slurm, got '${executor}'`);
  const slurmOnly = SLURM_FLAGS.find((f) => values[f] !== undefined);
  if (executor === 'local' && slurmOnly) throw new UserError(`--${slurmOnly} applies to --executor slurm only`);
  // The cluster settings are checked even when every run is cached: a typo shows at once.
  const execute: Executor = executor === 'local' ? localExecutor(jobs)
    : (await import('../exec/slurm/index.ts')).slurmExecutor(loadSlurmConfig({
      config: values.config,
      runs_per_task: intFlag('--runs-per-task', values['runs-per-task'], undefined),
      max_parallel: intFlag('--max-parallel', values['max-parallel'], undefined),
    }));
  const runs = manifestRuns(positionals, profile);
  const t0 = Date.now();
  const r = await withSignals((signal) => runAll(runs, {
    cacheDir: resolveCacheDir(values.cache),
    lockPath: resolve(values.lock ?? DEFAULT_LOCK),
    fingerprint: simulatorFingerprint(),
    executor: execute,
    signal,
    tty: Boolean(process.stderr.isTTY),
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  }));
  console.log(
    `run: ${r.unique} runs (${profile}${r.shared ? `, ${r.shared} shared between manifests` : ''}): ` +
    `${r.computed} computed, ${r.reused} reused, ${r.failed} failed, ${r.diverged} diverged in ${formatDuration(Date.now() - t0)}`,
  );
  if (positionals.length === 0 && r.computed > 0 && r.failed === 0) recordTiming(profile, (Date.now() - t0) / 1000, r.computed, r.reused, jobs);
  console.log(`lock: ${values.lock ?? DEFAULT_LOCK}: ${Object.keys(r.lock.runs).length} runs${r.dropped.length ? `, ${r.dropped.length} no longer produced removed` : ''}`);
  return r.failed > 0 || r.conflicts > 0 ? 1 : 0;
}
