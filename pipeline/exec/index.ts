// `repro run` as a library function: plan the runs against the cache, hand the missing ones to an
// executor, say which runs failed or diverged, and record every run in the lock file. Entries
// appear in the cache only whole, so an interrupted run leaves nothing to repair.
import { Interrupted } from '../errors.ts';
import { mergeRuns, updateLockFile, type LockFile } from '../cache/lockfile.ts';
import { cleanTmp, type EntryMeta } from '../cache/store.ts';
import type { ExpandedRun } from '../manifest/types.ts';
import { coveredPairs, formatParams, lockRecords, planRuns, readEntries, type Plan } from './plan.ts';
import type { Execution, Executor } from './types.ts';

export interface RunOptions {
  cacheDir: string;
  lockPath: string;
  fingerprint: string;
  executor: Executor;
  /** Aborting it (withSignals) stops the executor; the run then throws Interrupted. */
  signal: AbortSignal;
  tty: boolean;
  /** Lines for stdout (diverged runs) and stderr (failed runs, conflicts). */
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface RunResult {
  /** Distinct runs (two manifests may share one), and how many of them are shared uses. */
  unique: number;
  shared: number;
  computed: number;
  reused: number;
  failed: number;
  diverged: number;
  conflicts: number;
  /** The lock as written, and the keys that left it. */
  lock: LockFile;
  dropped: string[];
}

const NOTHING_TO_DO: Execution = { written: new Set(), errors: new Map(), conflicts: [], aborted: false };

/** One line per run that failed (stderr) or diverged (stdout), each distinct run once. */
function reportRuns(
  plan: Plan,
  entries: Map<string, EntryMeta | null>,
  errors: Map<string, string>,
  opts: Pick<RunOptions, 'out' | 'err'>,
): { failed: number; diverged: number } {
  let failed = 0,
    diverged = 0;
  const described = new Set<string>();
  plan.runs.forEach((r, i) => {
    const key = plan.keys[i];
    if (described.has(key)) return;
    described.add(key);
    const e = entries.get(key);
    const where = `${key.slice(0, 12)}  ${r.experiment}  ${formatParams(r.params)}`;
    if (!e) {
      failed++;
      opts.err(`failed    ${where}: ${errors.get(key) ?? 'no cache entry was stored'}`);
    } else if (e.status === 'failed') {
      failed++;
      opts.err(`failed    ${where}: ${e.message}`);
    } else if (e.status === 'diverged') {
      diverged++;
      opts.out(`diverged  ${where}: ${e.message}`);
    }
  });
  return { failed, diverged };
}

export async function runAll(runs: ExpandedRun[], opts: RunOptions): Promise<RunResult> {
  cleanTmp(opts.cacheDir); // what a crash or SIGKILL of an earlier run left behind
  const plan = planRuns(runs, opts.cacheDir, opts.fingerprint);
  const exec = plan.missing.length === 0 ? NOTHING_TO_DO : await opts.executor(plan.missing, opts);
  const entries = readEntries(
    opts.cacheDir,
    plan.unique.map((u) => u.key),
    plan.entries,
  );
  const stored = plan.missing.filter((m) => entries.get(m.key)).length;
  if (exec.aborted) throw new Interrupted(`interrupted: ${stored} of ${plan.missing.length} missing runs stored; run again to compute the rest`);

  const computed = exec.written ? exec.written.size : stored;
  const { failed, diverged } = reportRuns(plan, entries, exec.errors, opts);
  for (const c of exec.conflicts) opts.err(`error: ${c}`);
  const { lock, dropped } = updateLockFile(opts.lockPath, (current) => mergeRuns(current, opts.fingerprint, coveredPairs(runs), lockRecords(plan, entries)));
  return {
    unique: plan.unique.length,
    shared: plan.runs.length - plan.unique.length,
    computed,
    reused: plan.unique.length - computed - (plan.missing.length - stored),
    failed,
    diverged,
    conflicts: exec.conflicts.length,
    lock,
    dropped,
  };
}
