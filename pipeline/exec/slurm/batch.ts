// The files one Slurm submission ("batch") shares between the driver and its array tasks, all
// under the cache on the shared filesystem:
//   <cache>/slurm/<batch>/keys.json          the runs of every task (written once by the driver)
//   <cache>/slurm/<batch>/task.sh            the batch script
//   <cache>/slurm/<batch>/status/<task>.json what the task did, run by run (written by the task)
//   <cache>/slurm/<batch>/logs/<job>_<task>.out  the task's stdout+stderr
//   <cache>/slurm/runs/<key>.json            the last Slurm attempt at a run (for `repro status`)
// Every file is written to a temporary name and renamed into place, so a reader never sees half.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeAtomic } from '../../cache/atomic.ts';
import { prettyJson } from '../../cache/canonical.ts';
import type { RunStatus } from '../../sim/types.ts';
import type { PendingRun } from '../types.ts';

export interface BatchFile {
  version: 1;
  batch: string;
  /** tasks[i] = the runs array task i computes, in order. */
  tasks: PendingRun[][];
}

/** How a run ended on Slurm: its entry's status, or 'failed' (attempted, no entry) / 'missing' (never reached). */
export type PendingRunStatus = RunStatus | 'missing';

export interface RunReport {
  status: PendingRunStatus;
  message: string;
}

/** status/<task>.json: rewritten after every run, so a killed task still tells what it finished. */
export interface TaskStatus {
  batch: string;
  task: number;
  /** `<array job id>_<task>`, from the environment Slurm gives the task. */
  job: string | null;
  host: string;
  /** The run being computed now (a task that dies leaves it here); null when done. */
  current: string | null;
  done: boolean;
  runs: Record<string, RunReport>;
}

/** runs/<key>.json: where the last Slurm attempt at this run left its log. */
export interface RunIndex extends RunReport {
  batch: string;
  task: number;
  job: string | null;
  /** The task's log, relative to the cache directory. */
  log: string | null;
}

export const slurmDir = (cache: string): string => join(cache, 'slurm');
export const batchDir = (cache: string, batch: string): string => join(slurmDir(cache), batch);
export const keysFile = (dir: string): string => join(dir, 'keys.json');
export const scriptFile = (dir: string): string => join(dir, 'task.sh');
export const statusFile = (dir: string, task: number): string => join(dir, 'status', `${task}.json`);
export const logsDir = (dir: string): string => join(dir, 'logs');
export const runIndexFile = (cache: string, key: string): string => join(slurmDir(cache), 'runs', `${key}.json`);

/** The log of array task `task` of array job `jobId`, relative to the cache (matches --output). */
export const taskLog = (batch: string, jobId: string, task: number): string => join('slurm', batch, 'logs', `${jobId}_${task}.out`);
/** sbatch --output pattern for the batch in `dir` (%A: array job id, %a: task). */
export const logPattern = (dir: string): string => join(logsDir(dir), '%A_%a.out');

/** A name that sorts by submission time and differs between two submissions of the same runs. */
export function newBatchId(runs: readonly PendingRun[], now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const hash = createHash('sha256')
    .update(runs.map((r) => r.key).join('\n'))
    .update(String(now.getTime()))
    .update(String(process.pid));
  return `${stamp}-${hash.digest('hex').slice(0, 8)}`;
}

/** Runs cut into array tasks of `runsPerTask` runs, more per task if the array would exceed `maxTasks`. */
export function planTasks(runs: readonly PendingRun[], runsPerTask: number, maxTasks = Infinity): PendingRun[][] {
  const per = Math.max(runsPerTask, Math.ceil(runs.length / maxTasks));
  const tasks: PendingRun[][] = [];
  for (let i = 0; i < runs.length; i += per) tasks.push(runs.slice(i, i + per));
  return tasks;
}

export const writeJsonAtomic = (path: string, value: unknown): void => writeAtomic(path, prettyJson(value));

/** The parsed file, or null when it does not exist (yet). */
export function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** The last Slurm attempt at run `key` (for `repro status`): its outcome, and its task's log as an
 *  absolute path (null when the task never wrote one). Null when the run never went to Slurm. */
export function slurmLogFor(key: string, cache: string): RunIndex | null {
  const index = readJson<RunIndex>(runIndexFile(cache, key));
  if (index === null) return null;
  const log = index.log === null ? null : join(resolve(cache), index.log);
  return { ...index, log: log !== null && existsSync(log) ? log : null };
}
