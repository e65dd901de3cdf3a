// `repro run --force`: recompute selected runs through the executor into a scratch cache under
// the cache's tmp/, then compare each result with the cached entry. Byte-identical outputs leave
// the cache as it was; different outputs are a reproducibility failure, and replace the entry
// only when the user asked (`--replace`). A run that had no entry simply gets the new one.
import { rmSync } from 'node:fs';
import { entryDir, makeTmpDir, moveEntry, outcomeDiff, readEntry } from '../cache/store.ts';
import type { ExecContext, Execution, Executor, PendingRun } from './types.ts';

export type ForcedOutcome = 'identical' | 'new' | 'differs' | 'replaced' | 'not computed';

export interface ForcedRun {
  key: string;
  outcome: ForcedOutcome;
  /** What differs from the cached entry (file names, or status). */
  differs: string[];
  /** Why there is no new result ('not computed'). */
  error: string | null;
}

export interface ForceResult {
  runs: ForcedRun[];
  execution: Execution;
}

export async function forceRuns(runs: PendingRun[], executor: Executor, ctx: ExecContext, replace: boolean): Promise<ForceResult> {
  const scratch = makeTmpDir(ctx.cacheDir, 'f'.repeat(12));
  try {
    const execution = await executor(runs, { ...ctx, cacheDir: scratch });
    if (execution.aborted) return { runs: [], execution };
    const out = runs.map(({ key }): ForcedRun => {
      const fresh = readEntry(scratch, key);
      if (!fresh) return { key, outcome: 'not computed', differs: [], error: execution.errors.get(key) ?? 'no entry was stored' };
      const cached = readEntry(ctx.cacheDir, key);
      const differs = cached ? outcomeDiff(cached, fresh) : [];
      if (cached && differs.length === 0) return { key, outcome: 'identical', differs, error: null };
      if (cached && !replace) return { key, outcome: 'differs', differs, error: null };
      moveEntry(ctx.cacheDir, key, entryDir(scratch, key), { replace });
      return { key, outcome: cached ? 'replaced' : 'new', differs, error: null };
    });
    return { runs: out, execution };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
