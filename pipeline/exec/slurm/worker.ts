// One Slurm array task: computes its runs one after another with the same atomic store as the
// local executor and records each outcome in its own status file (the driver's source of truth,
// since cluster accounting may be missing or late) and in the per-run index `repro status` reads.
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { UserError } from '../../errors.ts';
import { runKey, simulatorFingerprint } from '../../cache/key.ts';
import { readEntry } from '../../cache/store.ts';
import type { RunSpec } from '../../sim/types.ts';
import { computeAndStore } from '../compute.ts';
import { readJson, runIndexFile, statusFile, taskLog, writeJsonAtomic, type BatchFile, type RunReport, type TaskStatus } from './batch.ts';

/** Test hook, honoured only here: comma-separated run keys (or key prefixes) at which the task
 *  exits with code 3 before computing, as a crashed node would (its status file keeps `current`). */
export const FAIL_KEYS_ENV = 'REPRO_WORKER_FAIL_KEYS';
export const FAIL_EXIT_CODE = 3;

/** Computes task `task` of the batch in `file`; returns the process exit code (0: every run computed). */
export function runTask(file: string, task: number, cache: string, env: NodeJS.ProcessEnv = process.env): number {
  const batch = readJson<BatchFile>(file);
  if (batch === null) throw new UserError(`${file}: no such batch file`);
  const runs = batch.tasks[task];
  if (!runs) throw new UserError(`${file}: no task ${task} (the batch has ${batch.tasks.length})`);
  const arrayJob = env.SLURM_ARRAY_JOB_ID ?? null;
  const job = arrayJob === null ? null : `${arrayJob}_${task}`;
  const log = arrayJob === null ? null : taskLog(batch.batch, arrayJob, task);
  const failKeys = (env[FAIL_KEYS_ENV] ?? '').split(',').filter((k) => k !== '');
  const status: TaskStatus = { batch: batch.batch, task, job, host: hostname(), current: null, done: false, runs: {} };
  const where = statusFile(dirname(file), task);
  let failed = 0;

  console.log(`repro worker: batch ${batch.batch} task ${task}${job ? ` (job ${job})` : ''} on ${status.host}: ${runs.length} run(s)`);
  for (const run of runs) {
    status.current = run.key;
    writeJsonAtomic(where, status);
    if (failKeys.some((k) => run.key.startsWith(k))) {
      console.error(`repro worker: ${FAIL_KEYS_ENV} names run ${run.key}: exiting with code ${FAIL_EXIT_CODE} on purpose`);
      return FAIL_EXIT_CODE;
    }
    const t0 = performance.now();
    const report = computeOne(run.key, run.spec, cache);
    if (report.status === 'failed') failed++;
    status.runs[run.key] = report;
    writeJsonAtomic(runIndexFile(cache, run.key), { ...report, batch: batch.batch, task, job, log });
    console.log(
      `repro worker: run ${run.key} ${report.status} in ${((performance.now() - t0) / 1000).toFixed(2)} s${report.message ? `: ${report.message}` : ''}`,
    );
  }
  status.current = null;
  status.done = true;
  writeJsonAtomic(where, status);
  return failed > 0 ? 1 : 0;
}

/** Stores the run's entry (a simulator failure is stored too, as status 'failed'); 'failed'
 *  without an entry when storing itself threw or this node would compute another key. */
function computeOne(key: string, spec: RunSpec, cache: string): RunReport {
  // The key hashes what the simulator computes: a node with other sources would store its
  // result under a key the driver never looks up.
  const here = runKey(spec, simulatorFingerprint());
  if (here !== key)
    return { status: 'failed', message: `this node computes key ${here} for the run, not ${key} (does it see other simulator sources than the driver?)` };
  try {
    // Another driver may have stored it since this batch was planned.
    const entry = readEntry(cache, key) ?? computeAndStore(spec, cache);
    return { status: entry.status, message: entry.message ?? '' };
  } catch (err) {
    return { status: 'failed', message: `could not store the run: ${(err as Error).message.split('\n')[0]}` };
  }
}
