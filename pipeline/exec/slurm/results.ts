// What became of each run of a batch, from the tasks' own status files first, then from what
// squeue last said about each task and the tail of its log (pure: the driver gathers the inputs).
import type { PendingRun } from '../types.ts';
import type { RunReport, PendingRunStatus, TaskStatus } from './batch.ts';
import type { TaskState } from './queue.ts';

export interface SlurmResult extends RunReport {
  key: string;
  /** The log of the task that had this run, relative to the cache (null before submission). */
  log: string | null;
}

export interface TaskEvidence {
  status: TaskStatus | null;
  /** The last state squeue showed for the task (undefined: never seen, or forgotten). */
  state: TaskState | undefined;
  /** Last non-empty line of the task's log, if any. */
  logTail: string | null;
  log: string | null;
}

/** `FAILED, exit code 3`, `TIMEOUT`, `CANCELLED (signal 15)`. */
export function describeEnd(state: TaskState | undefined): string {
  if (!state) return 'ended with no record left in squeue';
  const code = state.exit !== null && state.exit !== 0 ? `, exit code ${state.exit}` : state.signal !== null ? `, signal ${state.signal}` : '';
  const reason = state.reason && state.reason !== 'None' && state.reason !== 'NonZeroExitCode' ? ` (${state.reason})` : '';
  return `${state.state}${code}${reason}`;
}

/** The runs of task `task`, each ok/diverged/failed as its status file says, else failed or missing with why. */
export function taskResults(task: number, runs: readonly PendingRun[], ev: TaskEvidence): SlurmResult[] {
  const why = `task ${task} ${describeEnd(ev.state)}${ev.logTail ? `: ${ev.logTail}` : ''}`;
  // Without a status file the worker died before its first run (or never started).
  const neverStarted = ev.status === null && (ev.state === undefined || ev.state.state === 'CANCELLED' || ev.state.state === 'PENDING');
  return runs.map((run): SlurmResult => {
    const done = ev.status?.runs[run.key];
    if (done) return { key: run.key, status: done.status, message: done.message, log: ev.log };
    const attempted = ev.status === null ? !neverStarted : ev.status.current === run.key;
    const status: PendingRunStatus = attempted ? 'failed' : 'missing';
    const message = attempted ? why : `not run: ${why}`;
    return { key: run.key, status, message, log: ev.log };
  });
}

/** Last non-empty line of a log, shortened to one readable line. */
export function lastLine(text: string): string | null {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) return null;
  const last = lines[lines.length - 1];
  return last.length > 200 ? `${last.slice(0, 197)}...` : last;
}
