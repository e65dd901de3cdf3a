// A worker thread of the local pool: computes the runs the pool sends, one message at a time.
import { parentPort } from 'node:worker_threads';
import { computeRun } from './compute.ts';
import type { PoolReply, PoolRequest } from './pool.ts';

parentPort!.on('message', ({ key, spec, cacheDir, fingerprint }: PoolRequest) => {
  let reply: PoolReply;
  try {
    const r = computeRun(spec, cacheDir, fingerprint);
    reply = { key, status: r.meta.status, message: r.meta.message, written: r.written, conflict: r.conflict, error: null };
    if (r.meta.key !== key) reply = { ...reply, error: `key mismatch: worker computed ${r.meta.key}` };
  } catch (err) {
    // Storing failed (e.g. disk full): the run has no entry; the pool reports it.
    reply = { key, status: null, message: null, written: false, conflict: null, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
