// The local executor: the worker pool with a progress display; after an abort it removes the
// tmp/ dirs its terminated workers may have left (entries are never partial either way).
import { cleanTmp } from '../cache/store.ts';
import { runPool, type PoolReply } from './pool.ts';
import { startProgress } from './progress.ts';
import type { ExecOptions, PendingRun } from './types.ts';

export interface LocalResult {
  /** Keys whose entries this process wrote. */
  written: Set<string>;
  /** Runs that ended without an entry, and why. */
  errors: Map<string, string>;
  /** Determinism conflicts (an entry existed with different bytes). */
  conflicts: string[];
  aborted: boolean;
}

export async function runLocal(runs: PendingRun[], opts: ExecOptions): Promise<LocalResult> {
  const progress = startProgress(runs, { tty: opts.tty });
  const onReply = (r: PoolReply): void => progress.tick(r.key, r.error !== null || r.status === 'failed');
  const { replies, aborted } = await runPool(runs, { cacheDir: opts.cacheDir, fingerprint: opts.fingerprint, jobs: opts.jobs, signal: opts.signal, onReply });
  progress.stop();
  if (aborted) cleanTmp(opts.cacheDir, { own: true });
  return {
    written: new Set(replies.filter((r) => r.written).map((r) => r.key)),
    errors: new Map(replies.filter((r) => r.error !== null).map((r) => [r.key, r.error!])),
    conflicts: replies.flatMap((r) => (r.conflict ? [r.conflict] : [])),
    aborted,
  };
}
