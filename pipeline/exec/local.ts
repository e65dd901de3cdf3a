// The local executor: the worker pool with a progress display; after an abort it removes the
// tmp/ dirs its terminated workers may have left (entries are never partial either way).
import { cleanTmp } from '../cache/store.ts';
import { runPool, type PoolReply } from './pool.ts';
import { startProgress } from './progress.ts';
import type { Executor } from './types.ts';

/** `jobs` runs at a time, each in a worker thread. */
export function localExecutor(jobs: number): Executor {
  return async (runs, ctx) => {
    const progress = startProgress(runs, { tty: ctx.tty });
    const onReply = (r: PoolReply): void => progress.tick(r.key, r.error !== null || r.status === 'failed');
    const { replies, aborted } = await runPool(runs, { cacheDir: ctx.cacheDir, fingerprint: ctx.fingerprint, jobs, signal: ctx.signal, onReply });
    progress.stop();
    if (aborted) cleanTmp(ctx.cacheDir, { own: true });
    return {
      written: new Set(replies.filter((r) => r.written).map((r) => r.key)),
      errors: new Map(replies.filter((r) => r.error !== null).map((r) => [r.key, r.error!])),
      conflicts: replies.flatMap((r) => (r.conflict ? [r.conflict] : [])),
      aborted,
    };
  };
}
