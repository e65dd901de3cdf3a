// The Slurm executor: submits runs as one job array, follows it with squeue and the tasks' status
// files, and reports each run exactly as the local executor does. When the run's signal fires
// (Ctrl-C) it cancels the array (scancel); the cache only ever gains whole entries.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { quote } from 'zx';
import { startProgress, type RunProgress } from '../progress.ts';
import type { Executor, PendingRun } from '../types.ts';
import {
  batchDir,
  keysFile,
  logPattern,
  logsDir,
  newBatchId,
  planTasks,
  readJson,
  runIndexFile,
  scriptFile,
  statusFile,
  taskLog,
  writeJsonAtomic,
  type BatchFile,
  type RunIndex,
  type TaskStatus,
} from './batch.ts';
import type { SlurmConfig } from './config.ts';
import { ENDED, assertSlurmAvailable, cancel, maxArraySize, queryTasks, submit, type TaskState } from './queue.ts';
import { lastLine, taskResults, type SlurmResult } from './results.ts';

export { slurmLogFor } from './batch.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs on Slurm with these cluster settings (loadSlurmConfig). */
export function slurmExecutor(config: SlurmConfig): Executor {
  return async (runs, ctx) => {
    const results = await runOnSlurm(runs, config, ctx.cacheDir, ctx.signal, ctx.tty);
    const errors = new Map((results ?? []).filter((r) => r.status === 'failed' || r.status === 'missing').map((r) => [r.key, r.message]));
    return { written: null, errors, conflicts: [], aborted: results === null };
  };
}

/** Submits `runs` and waits for them; results in input order, null when the signal stopped it. */
async function runOnSlurm(
  runs: readonly PendingRun[],
  config: SlurmConfig,
  cacheDir: string,
  signal: AbortSignal,
  tty: boolean,
): Promise<SlurmResult[] | null> {
  if (runs.length === 0) return [];
  await assertSlurmAvailable();
  const cache = resolve(cacheDir);
  const nodeCache = config.cache ?? cache;
  const tasks = planTasks(runs, config.runs_per_task, await maxArraySize());
  const batch = newBatchId(runs);
  const dir = batchDir(cache, batch);
  const nodeDir = batchDir(nodeCache, batch);
  writeBatch(dir, nodeDir, nodeCache, config, { version: 1, batch, tasks });
  if (signal.aborted) return null;
  let jobId: string;
  try {
    jobId = await submit(sbatchArgs(config, batch, tasks.length, nodeDir, REPO));
  } catch (err) {
    // Ctrl-C reaches sbatch too (same process group): nothing was submitted.
    if (signal.aborted) return null;
    throw err;
  }
  const limit = config.max_parallel === null ? '' : `, at most ${config.max_parallel} at once`;
  console.error(`slurm: ${runs.length} run(s) submitted as array job ${jobId} (${tasks.length} task(s)${limit}); logs in ${logsDir(dir)}`);
  const states = await follow(jobId, dir, tasks, config.poll_seconds, signal, startProgress(runs, { tty }));
  if (signal.aborted) {
    await cancel(jobId);
    console.error(`slurm: cancelled Slurm array job ${jobId}; finished runs are cached, a rerun submits the rest`);
    return null;
  }
  const results = collect(cache, dir, batch, jobId, tasks, states);
  const byKey = new Map(results.map((r) => [r.key, r]));
  return runs.map((r) => byKey.get(r.key)!);
}

export function sbatchArgs(config: SlurmConfig, batch: string, tasks: number, nodeDir: string, repo: string): string[] {
  const optional: [string, string | null][] = [
    ['partition', config.partition],
    ['account', config.account],
    ['time', config.time],
    ['mem', config.mem],
  ];
  return [
    `--job-name=repro-${batch}`,
    `--array=0-${tasks - 1}${config.max_parallel === null ? '' : `%${config.max_parallel}`}`,
    `--output=${logPattern(nodeDir)}`,
    `--chdir=${repo}`,
    `--cpus-per-task=${config.cpus_per_task}`,
    ...optional.filter(([, v]) => v !== null).map(([k, v]) => `--${k}=${v}`),
    ...config.extra_args,
    scriptFile(nodeDir),
  ];
}

/** The batch script: each array task runs `repro worker` on its slice of keys.json. */
export function batchScript(config: SlurmConfig, batch: string, nodeDir: string, nodeCache: string, repo: string): string {
  const repro = quote(join(repo, 'bin', 'repro.js'));
  return [
    '#!/bin/bash',
    `# repro Slurm batch ${batch}: array task $SLURM_ARRAY_TASK_ID computes its runs from keys.json.`,
    `${config.node} ${repro} worker --batch ${quote(keysFile(nodeDir))} --task "$SLURM_ARRAY_TASK_ID" --cache ${quote(nodeCache)}`,
    '',
  ].join('\n');
}

function writeBatch(dir: string, nodeDir: string, nodeCache: string, config: SlurmConfig, file: BatchFile): void {
  mkdirSync(logsDir(dir), { recursive: true });
  mkdirSync(join(dir, 'status'), { recursive: true });
  writeFileSync(scriptFile(dir), batchScript(config, file.batch, nodeDir, nodeCache, REPO), { mode: 0o755 });
  writeJsonAtomic(keysFile(dir), file);
}

/** Polls until no task of the array is pending or running; returns the last state seen per task. */
async function follow(
  jobId: string,
  dir: string,
  tasks: PendingRun[][],
  pollSeconds: number,
  signal: AbortSignal,
  progress: RunProgress,
): Promise<Map<number, TaskState>> {
  const seen = new Map<number, TaskState>();
  // Runs already ticked per task; a task that ended ticks its leftovers as failed (or missing).
  const ticked = tasks.map(() => new Set<string>());
  const finished = new Set<number>();
  let emptyPolls = 0;
  let failedPolls = 0;
  try {
    while (!signal.aborted) {
      const states = await queryTasks(jobId);
      if (states === null && ++failedPolls === 3) console.error('slurm: warning: squeue keeps failing; still waiting (Ctrl-C cancels the job)');
      if (states !== null) failedPolls = 0;
      for (const s of states ?? []) seen.set(s.task, s);
      for (let t = 0; t < tasks.length; t++) {
        if (finished.has(t)) continue;
        // squeue has no idea what a task finished: its status file does.
        const status = readJson<TaskStatus>(statusFile(dir, t));
        for (const [key, report] of Object.entries(status?.runs ?? {})) {
          if (!ticked[t].has(key)) progress.tick(key, report.status === 'failed');
          ticked[t].add(key);
        }
        if (status?.done || ENDED.has(seen.get(t)?.state ?? '')) {
          finished.add(t);
          for (const run of tasks[t]) if (!ticked[t].has(run.key)) progress.tick(run.key, true);
        }
      }
      const active = (states ?? []).filter((s) => !ENDED.has(s.state));
      if (states !== null && active.length === 0) {
        // Two empty answers in a row: squeue may briefly lag behind a fresh submission.
        if (states.length > 0 || ++emptyPolls >= 2) {
          // A task squeue no longer lists ended unseen (e.g. the driver slept past MinJobAge).
          for (const t of seen.keys()) if (!states.some((s) => s.task === t)) seen.delete(t);
          break;
        }
      }
      await delay(pollSeconds * 1000, undefined, { signal }).catch(() => {});
    }
  } finally {
    progress.stop();
  }
  return seen;
}

function collect(cache: string, dir: string, batch: string, jobId: string, tasks: PendingRun[][], states: Map<number, TaskState>): SlurmResult[] {
  return tasks.flatMap((runs, t) => {
    const log = taskLog(batch, jobId, t);
    let tail: string | null = null;
    try {
      tail = lastLine(readFileSync(join(cache, log), 'utf8'));
    } catch {
      // No log: the task never started.
    }
    const results = taskResults(t, runs, { status: readJson<TaskStatus>(statusFile(dir, t)), state: states.get(t), logTail: tail, log });
    // Runs the worker never reached get their index entry here, so `repro status` can show why.
    for (const r of results) {
      if (r.status === 'failed' || r.status === 'missing') {
        const index: RunIndex = { status: r.status, message: r.message, batch, task: t, job: `${jobId}_${t}`, log };
        writeJsonAtomic(runIndexFile(cache, r.key), index);
      }
    }
    return results.map((r) => ({ ...r, message: r.status === 'failed' || r.status === 'missing' ? `${r.message} (log: ${join(cache, log)})` : r.message }));
  });
}
