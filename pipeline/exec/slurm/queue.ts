// The Slurm commands the driver uses (sbatch, squeue, scancel, scontrol) through zx's `$`, and
// pure parsers of their output. No accounting daemon is assumed: no sacct.
import { $, which } from 'zx';
import { UserError } from '../../errors.ts';

/** One array task as squeue shows it. `exit`/`signal` come from the raw wait status. */
export interface TaskState {
  task: number;
  state: string;
  reason: string;
  exit: number | null;
  signal: number | null;
}

/** States after which a task will not run again (squeue -t all keeps them for MinJobAge seconds). */
export const ENDED = new Set([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMEOUT',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
  'BOOT_FAIL',
  'DEADLINE',
  'PREEMPTED',
  'REVOKED',
  'SPECIAL_EXIT',
]);

// One line per array task (-r expands pending ranges); fields end with '|' so none is padded.
const SQUEUE_FORMAT = 'ArrayTaskID:|,State:|,exit_code:|,Reason:|';

export async function assertSlurmAvailable(): Promise<void> {
  for (const tool of ['sbatch', 'squeue', 'scancel']) {
    if (!(await which(tool, { nothrow: true }))) {
      throw new UserError(`'${tool}' not found: the Slurm executor needs a Slurm client (for a local one: scripts/slurm-local.sh start)`);
    }
  }
}

/** sbatch --parsable prints `jobid` or `jobid;cluster`. */
export function parseJobId(stdout: string): string {
  const id = stdout.trim().split(';')[0];
  if (!/^[0-9]+$/.test(id)) throw new Error(`unexpected sbatch output: ${JSON.stringify(stdout.trim())}`);
  return id;
}

export async function submit(args: string[]): Promise<string> {
  const out = await $`sbatch --parsable ${args}`.quiet().nothrow();
  if (out.exitCode !== 0) throw new UserError(`sbatch failed: ${out.stderr.trim() || `exit code ${out.exitCode}`}`);
  return parseJobId(out.stdout);
}

export function parseTaskStates(stdout: string): TaskState[] {
  const states: TaskState[] = [];
  for (const line of stdout.split('\n')) {
    const [task, state, status, reason] = line.split('|');
    if (!/^[0-9]+$/.test(task ?? '')) continue;
    const raw = Number(status);
    const ended = ENDED.has(state);
    // squeue's exit_code is the wait(2) status: exit code in bits 8-15, signal in bits 0-6.
    states.push({
      task: Number(task),
      state,
      reason: reason ?? '',
      exit: ended && Number.isInteger(raw) && (raw & 0x7f) === 0 ? raw >> 8 : null,
      signal: ended && Number.isInteger(raw) && (raw & 0x7f) !== 0 ? raw & 0x7f : null,
    });
  }
  return states.sort((a, b) => a.task - b.task);
}

/** The tasks of array job `jobId` squeue still knows; null when squeue itself failed (retry later). */
export async function queryTasks(jobId: string): Promise<TaskState[] | null> {
  const out = await $`squeue -h -r -t all -j ${jobId} -O ${SQUEUE_FORMAT}`.quiet().nothrow();
  // A job id squeue has already forgotten (older than MinJobAge) is an error, not an empty list.
  if (out.exitCode !== 0) return /Invalid job id/i.test(out.stderr) ? [] : null;
  return parseTaskStates(out.stdout);
}

export async function cancel(jobId: string): Promise<void> {
  await $`scancel ${jobId}`.quiet().nothrow();
}

/** Array indices must stay below the cluster's MaxArraySize (default 1001). */
export async function maxArraySize(): Promise<number> {
  const out = await $`scontrol show config`.quiet().nothrow();
  const m = /^MaxArraySize\s*=\s*([0-9]+)/m.exec(out.stdout);
  return m ? Number(m[1]) : 1001;
}
