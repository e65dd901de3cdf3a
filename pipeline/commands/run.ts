// `repro run`: computes the runs missing from the cache (exec/index.ts runAll), then records every
// run of the manifests in the lock file. Exit 1 if a run failed (a diverged run is a result, not
// a failure).
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { simulatorFingerprint } from '../cache/key.ts';
import { resolveCacheDir } from '../cache/store.ts';
import { runAll } from '../exec/index.ts';
import { localExecutor } from '../exec/local.ts';
import { withSignals } from '../exec/signals.ts';
import { formatDuration } from '../exec/progress.ts';
import type { Executor } from '../exec/types.ts';
import { loadSlurmConfig } from '../exec/slurm/config.ts';
import { recordTiming } from '../report/timings.ts';
import { choice, command, int, text } from './command.ts';
import { CACHE, LIMIT_OPTIONS, LOCK, MANIFESTS, PROFILE, checkThreadsEnv, limitsOf, manifestRuns } from './shared.ts';

const SLURM_FLAGS = ['config', 'runs-per-task', 'max-parallel'] as const;

export default command({
  summary: 'compute the runs missing from the cache; update repro.lock.json',
  args: MANIFESTS,
  options: {
    profile: PROFILE,
    jobs: int({ short: 'j', help: 'runs the local executor computes at once', default: availableParallelism(), defaultText: 'number of cores' }),
    executor: choice(['local', 'slurm'], { help: 'compute on this machine, or as one Slurm job array', default: 'local' }),
    cache: CACHE,
    lock: LOCK,
    config: text({ value: 'FILE', help: 'Slurm: the cluster settings', defaultText: './repro.config.yaml when present' }),
    'runs-per-task': int({ value: 'K', help: 'Slurm: runs per array task', defaultText: "the config's runs_per_task, 1" }),
    'max-parallel': int({ value: 'P', help: 'Slurm: array tasks running at once', defaultText: "the config's max_parallel, no limit" }),
    ...LIMIT_OPTIONS,
  },
  async run(values, args) {
    checkThreadsEnv();
    const slurmOnly = SLURM_FLAGS.find((f) => values[f] !== undefined);
    if (values.executor === 'local' && slurmOnly) throw new UserError(`--${slurmOnly} applies to --executor slurm only`);
    // The cluster settings are checked even when every run is cached: a typo shows at once.
    const executor: Executor =
      values.executor === 'local'
        ? localExecutor(values.jobs)
        : (await import('../exec/slurm/index.ts')).slurmExecutor(
            loadSlurmConfig({ config: values.config, runs_per_task: values['runs-per-task'], max_parallel: values['max-parallel'] }),
          );
    const runs = manifestRuns(args, values.profile, { limits: limitsOf(values) });
    const t0 = Date.now();
    const r = await withSignals((signal) =>
      runAll(runs, {
        cacheDir: resolveCacheDir(values.cache),
        lockPath: resolve(values.lock),
        fingerprint: simulatorFingerprint(),
        executor,
        signal,
        tty: Boolean(process.stderr.isTTY),
        out: (line) => console.log(line),
        err: (line) => console.error(line),
      }),
    );
    console.log(
      `run: ${r.unique} runs (${values.profile}${r.shared ? `, ${r.shared} shared between manifests` : ''}): ` +
        `${r.computed} computed, ${r.reused} reused, ${r.failed} failed, ${r.diverged} diverged in ${formatDuration(Date.now() - t0)}`,
    );
    // A cold run of every manifest is the duration the bundle quotes.
    if (args.length === 0 && r.computed > 0 && r.failed === 0)
      recordTiming({ profile: values.profile, seconds: (Date.now() - t0) / 1000, computed: r.computed, reused: r.reused, jobs: values.jobs });
    console.log(`lock: ${values.lock}: ${Object.keys(r.lock.runs).length} runs${r.dropped.length ? `, ${r.dropped.length} no longer produced removed` : ''}`);
    return r.failed > 0 || r.conflicts > 0 ? 1 : 0;
  },
});
