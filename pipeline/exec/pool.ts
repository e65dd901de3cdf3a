// The local executor: a pool of worker threads computing missing runs (dynamic scheduling, one
// run per message). Each run is independent and deterministic, so the bytes do not depend on
// the number of workers or the order. Aborting terminates the workers at once; a run cut short
// leaves at most a tmp/ dir, never an entry.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunSpec, RunStatus } from '../sim/types.ts';
import { runCost } from '../manifest/cost.ts';
import type { PendingRun } from './types.ts';

export interface PoolRequest {
  key: string;
  spec: RunSpec;
  cacheDir: string;
  fingerprint: string;
}

export interface PoolReply {
  key: string;
  /** Status of the stored entry; null when no entry was stored (see error). */
  status: RunStatus | null;
  message: string | null;
  /** This pool wrote the entry (false: another process had stored it first). */
  written: boolean;
  conflict: string | null;
  error: string | null;
}

export interface PoolOptions {
  cacheDir: string;
  fingerprint: string;
  jobs: number;
  signal?: AbortSignal;
  onReply?: (reply: PoolReply) => void;
}

export interface PoolResult {
  replies: PoolReply[];
  aborted: boolean;
}

/** Defined (true) by bin/compile.mjs when this module is part of the precompiled bundle. */
declare const REPRO_BUNDLE: boolean | undefined;

/**
 * The worker script: in the bundle, its sibling pool-worker.mjs (import.meta.dirname is the
 * bundle's directory; compile.mjs rewrites only import.meta.url); under tsx, the TypeScript
 * entry through a bootstrap that registers tsx in the worker.
 */
const WORKER =
  typeof REPRO_BUNDLE !== 'undefined'
    ? { script: join(import.meta.dirname, 'pool-worker.mjs'), workerData: {} }
    : { script: new URL('../ts-worker.mjs', import.meta.url), workerData: { entry: new URL('./pool-worker.ts', import.meta.url).href } };

export function runPool(runs: PendingRun[], opts: PoolOptions): Promise<PoolResult> {
  // Longest first, so no long run starts last while the other workers idle.
  const queue = runs
    .map((r, i) => ({ r, i, cost: runCost(r.spec) }))
    .sort((a, b) => b.cost - a.cost || a.i - b.i)
    .map((x) => x.r);
  const replies: PoolReply[] = [];
  const workers = new Set<Worker>();
  let next = 0;
  return new Promise<PoolResult>((resolve) => {
    let finished = false;
    const finish = (aborted: boolean): void => {
      if (finished) return;
      finished = true;
      opts.signal?.removeEventListener('abort', onAbort);
      const all = [...workers];
      workers.clear();
      void Promise.all(all.map((w) => w.terminate())).then(() => resolve({ replies, aborted }));
    };
    const onAbort = (): void => finish(true);
    const record = (reply: PoolReply): void => {
      replies.push(reply);
      opts.onReply?.(reply);
    };
    const dispatch = (worker: Worker, current: { run: PendingRun | null }): void => {
      if (finished) return;
      if (next >= queue.length) {
        workers.delete(worker);
        void worker.terminate();
        if (workers.size === 0) finish(false);
        return;
      }
      current.run = queue[next++];
      const { key, spec } = current.run;
      worker.postMessage({ key, spec, cacheDir: opts.cacheDir, fingerprint: opts.fingerprint } satisfies PoolRequest);
    };
    const spawn = (): void => {
      const worker = new Worker(WORKER.script, { workerData: WORKER.workerData });
      const current: { run: PendingRun | null } = { run: null };
      workers.add(worker);
      worker.on('message', (reply: PoolReply) => {
        current.run = null;
        record(reply);
        dispatch(worker, current);
      });
      // A worker that dies (out of memory, a crash in the loader) loses only its current run.
      const lost = (why: string): void => {
        if (finished || !workers.has(worker)) return;
        workers.delete(worker);
        if (current.run) record({ key: current.run.key, status: null, message: null, written: false, conflict: null, error: `worker died: ${why}` });
        if (next < queue.length) spawn();
        else if (workers.size === 0) finish(false);
      };
      worker.on('error', (err) => lost(err.message));
      worker.on('exit', (code) => lost(`exit code ${code}`));
      dispatch(worker, current);
    };
    if (opts.signal?.aborted) return finish(true);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const n = Math.max(1, Math.min(opts.jobs, queue.length));
    if (queue.length === 0) return finish(false);
    for (let i = 0; i < n; i++) spawn();
  });
}
