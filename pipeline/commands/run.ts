// `repro run`: computes the runs missing from the cache (exec/index.ts runAll), then records every
// run of the manifests in the lock file. Exit 1 if a run failed (a diverged run is a result, not
// a failure) or a forced run did not reproduce its cached bytes.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { simulator, type Simulator } from '../cache/key.ts';
import { resolveCacheDir } from '../cache/store.ts';
import { runAll } from '../exec/index.ts';
import { localExecutor } from '../exec/local.ts';
import { withSignals } from '../exec/signals.ts';
import { formatDuration } from '../exec/progress.ts';
import type { Executor } from '../exec/types.ts';
import { loadSlurmConfig } from '../exec/slurm/config.ts';
import { recordTiming } from '../report/timings.ts';
import { KEY_PREFIX, isEmpty, parseKeys, parseWhere, selectKeys, type Selection } from '../exec/select.ts';
import { planRuns, type Plan } from '../exec/plan.ts';
import { dryRun, formatDryRun, missingReasons } from '../exec/dry-run.ts';
import { readLockFile } from '../cache/lockfile.ts';
import { choice, command, flag, int, list, text } from './command.ts';
import { CACHE, LIMIT_OPTIONS, LOCK, PROFILE, SET, checkThreadsEnv, limitsOf, manifestRuns, printJson } from './shared.ts';

const SLURM_FLAGS = ['config', 'runs-per-task', 'max-parallel'] as const;

/** --dry-run: the runs `repro run` would compute (the selected missing ones; with --force every selected one) and why. */
function printDryRun(
  plan: Plan,
  o: { select?: Set<string>; force: boolean; json: boolean; jobs: number; lock: string; cacheDir: string; simulator: Simulator; profile: string },
): number {
  const chosen = (k: string): boolean => !o.select || o.select.has(k);
  const todo = new Set((o.force ? plan.unique : plan.missing).map((r) => r.key).filter(chosen));
  const cached = new Set(plan.cached.map((r) => r.key));
  const missing = missingReasons(plan, { lock: readLockFile(resolve(o.lock)), cacheDir: o.cacheDir, simulator: o.simulator });
  const d = dryRun(plan, todo, (i) =>
    cached.has(plan.keys[i]) ? { kind: 'forced', text: 'cached; --force recomputes it and compares the bytes' } : missing(i),
  );
  if (o.json) printJson({ dry_run: true, profile: o.profile, ...d });
  else console.log(formatDryRun(d, o.jobs).join('\n'));
  return 0;
}

export default command({
  summary: 'compute the runs missing from the cache; update repro.lock.json',
  args: { name: 'FILE...|KEY...', help: 'manifests (default: every manifest in experiments/), or run keys (8+ hex digits) to select' },
  options: {
    profile: PROFILE,
    where: list({ value: 'FIELD=VALUE', help: 'only the runs whose experiment, profile, grid value or spec field has this value' }),
    key: list({ value: 'KEY', help: 'only the run with this key (8+ hex digits)' }),
    'dry-run': flag({ short: 'n', help: 'list what would be computed and why, with the estimated cost; compute and write nothing' }),
    force: flag({ help: 'recompute the selected runs even if cached; a result that differs from the cached bytes fails (exit 1)' }),
    replace: flag({ help: 'with --force: a result that differs replaces the cached entry' }),
    set: SET,
    json: flag({ help: 'the outcome as one JSON object (docs/design.md)' }),
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
    // A positional that is no file but looks like a key selects a run.
    const isKey = (a: string): boolean => KEY_PREFIX.test(a) && !existsSync(a);
    const selection: Selection = { where: parseWhere(values.where), keys: parseKeys([...values.key, ...args.filter(isKey)]) };
    if (values.replace && !values.force) throw new UserError('--replace applies to --force only');
    if (values.force && isEmpty(selection))
      throw new UserError('--force needs a selection (--where FIELD=VALUE, --key KEY or KEY): it recomputes exactly those runs');
    // The cluster settings are checked even when every run is cached: a typo shows at once.
    const executor: Executor =
      values.executor === 'local'
        ? localExecutor(values.jobs)
        : (await import('../exec/slurm/index.ts')).slurmExecutor(
            loadSlurmConfig({ config: values.config, runs_per_task: values['runs-per-task'], max_parallel: values['max-parallel'] }),
          );
    const files = args.filter((a) => !isKey(a));
    const runs = manifestRuns(files, values.profile, { limits: limitsOf(values), set: values.set });
    const cacheDir = resolveCacheDir(values.cache);
    const sim = simulator();
    const plan = planRuns(runs, cacheDir, sim.fingerprint);
    const select = isEmpty(selection) ? undefined : selectKeys(runs, plan.keys, selection);
    if (values['dry-run'])
      return printDryRun(plan, {
        select,
        force: values.force,
        json: values.json,
        jobs: values.jobs,
        lock: values.lock,
        cacheDir,
        simulator: sim,
        profile: values.profile,
      });
    const print = values.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
    const t0 = Date.now();
    const r = await withSignals((signal) =>
      runAll(runs, {
        cacheDir,
        lockPath: resolve(values.lock),
        simulator: sim,
        executor,
        signal,
        tty: Boolean(process.stderr.isTTY),
        out: print,
        err: (line) => console.error(line),
        select,
        force: values.force ? { replace: values.replace } : undefined,
      }),
    );
    const seconds = (Date.now() - t0) / 1000;
    const notReproduced = r.forced.filter((f) => f.outcome === 'differs').length;
    // A cold run of every manifest, as written, is the duration the bundle quotes.
    if (files.length === 0 && !select && values.set.length === 0 && r.computed > 0 && r.failed === 0)
      recordTiming({ profile: values.profile, seconds, computed: r.computed, reused: r.reused, jobs: values.jobs });
    if (values.set.length)
      console.error(
        `note: ${values.lock} now records the runs with ${values.set.map((s) => `--set ${s}`).join(' ')} (run again without it to restore the manifests' runs)`,
      );
    if (values.json) {
      const { lock, dropped, forced, ...counts } = r;
      printJson({ profile: values.profile, ...counts, seconds, forced, lock: { path: values.lock, runs: Object.keys(lock.runs).length, dropped } });
    } else {
      const extra = [r.skipped ? `, ${r.skipped} not selected` : '', notReproduced ? `, ${notReproduced} NOT REPRODUCED` : ''].join('');
      console.log(
        `run: ${r.unique} runs (${values.profile}${r.shared ? `, ${r.shared} shared between manifests` : ''}): ` +
          `${r.computed} computed, ${r.reused} reused, ${r.failed} failed, ${r.diverged} diverged${extra} in ${formatDuration(Date.now() - t0)}`,
      );
      console.log(`lock: ${values.lock}: ${Object.keys(r.lock.runs).length} runs${r.dropped.length ? `, ${r.dropped.length} no longer produced removed` : ''}`);
    }
    return r.failed > 0 || r.conflicts > 0 || notReproduced > 0 ? 1 : 0;
  },
});
