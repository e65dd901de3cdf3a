// `repro run` as a library function: plan the runs against the cache, hand the missing ones to an
// executor, say which runs failed or diverged, and record every run in the lock file. Entries
// appear in the cache only whole, so an interrupted run leaves nothing to repair.
import { Interrupted } from '../errors.ts';
import { mergeRuns, updateLockFile, type LockFile } from '../cache/lockfile.ts';
import { cleanTmp, type EntryMeta } from '../cache/store.ts';
import type { Simulator } from '../cache/key.ts';
import type { ExpandedRun } from '../manifest/types.ts';
import { coveredPairs, formatParams, lockRecords, planRuns, readEntries, type Plan } from './plan.ts';
import { forceRuns, type ForcedRun } from './force.ts';
import type { Execution, Executor, PendingRun } from './types.ts';

export interface RunOptions {
  cacheDir: string;
  lockPath: string;
  /** The simulator whose fingerprint keys the runs; its files go into the lock. */
  simulator: Simulator;
  executor: Executor;
  /** Aborting it (withSignals) stops the executor; the run then throws Interrupted. */
  signal: AbortSignal;
  tty: boolean;
  /** Lines for stdout (diverged runs) and stderr (failed runs, conflicts). */
  out: (line: string) => void;
  err: (line: string) => void;
  /** Keys of the runs to act on (exec/select.ts); absent: every run. The lock records every run either way. */
  select?: Set<string>;
  /** Recompute the selected runs even when cached, and compare (exec/force.ts); `replace` keeps a different result. */
  force?: { replace: boolean };
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
  /** Missing runs left out by the selection. */
  skipped: number;
  /** With force: each selected run and how its new result compares with the cached one. */
  forced: (ForcedRun & Pick<ExpandedRun, 'experiment' | 'params'>)[];
  /** The lock as written, and the keys that left it. */
  lock: LockFile;
  dropped: string[];
}

const NOTHING_TO_DO: Execution = { written: new Set(), errors: new Map(), conflicts: [], aborted: false };

/** One line per selected run that failed (stderr) or diverged (stdout), each distinct run once. */
function reportRuns(
  plan: Plan,
  entries: Map<string, EntryMeta | null>,
  errors: Map<string, string>,
  opts: Pick<RunOptions, 'out' | 'err' | 'select'>,
): { failed: number; diverged: number } {
  let failed = 0,
    diverged = 0;
  const described = new Set<string>();
  plan.runs.forEach((r, i) => {
    const key = plan.keys[i];
    if (described.has(key) || (opts.select && !opts.select.has(key))) return;
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

const differ = (files: string[]): string => `${files.join(', ')} ${files.length === 1 ? 'differs' : 'differ'}`;

/** One line per forced run: identical (stdout), or not byte-identical to the cached entry (stderr). */
function reportForced(forced: (ForcedRun & { where: string })[], opts: Pick<RunOptions, 'out' | 'err'>): void {
  for (const f of forced) {
    if (f.outcome === 'differs')
      opts.err(
        `NOT REPRODUCED  ${f.where}: ${differ(f.differs)} from the cached entry, a reproducibility failure (the entry is kept; --replace keeps the new result)`,
      );
    else if (f.outcome === 'replaced') opts.err(`replaced  ${f.where}: ${differ(f.differs)} from the cached entry; the new result replaces it`);
    else if (f.outcome === 'identical') opts.out(`identical  ${f.where}`);
  }
}

export async function runAll(runs: ExpandedRun[], opts: RunOptions): Promise<RunResult> {
  cleanTmp(opts.cacheDir); // what a crash or SIGKILL of an earlier run left behind
  const ctx = { cacheDir: opts.cacheDir, fingerprint: opts.simulator.fingerprint, signal: opts.signal, tty: opts.tty };
  const plan = planRuns(runs, opts.cacheDir, ctx.fingerprint);
  const chosen = (p: PendingRun): boolean => !opts.select || opts.select.has(p.key);
  const todo = (opts.force ? plan.unique : plan.missing).filter(chosen);
  let exec = NOTHING_TO_DO;
  let forced: ForcedRun[] = [];
  if (opts.force) ({ execution: exec, runs: forced } = await forceRuns(todo, opts.executor, ctx, opts.force.replace));
  else if (todo.length) exec = await opts.executor(todo, ctx);
  // Entries read while planning are still current, except those --force just replaced or added.
  const renewed = new Set(forced.filter((f) => f.outcome === 'replaced' || f.outcome === 'new').map((f) => f.key));
  const entries = readEntries(
    opts.cacheDir,
    plan.unique.map((u) => u.key),
    new Map([...plan.entries].filter(([key]) => !renewed.has(key))),
  );
  const missing = plan.missing.filter(chosen);
  const stored = missing.filter((m) => entries.get(m.key)).length;
  if (exec.aborted) throw new Interrupted(`interrupted: ${stored} of ${missing.length} missing runs stored; run again to compute the rest`);

  const computed = opts.force ? forced.filter((f) => f.outcome !== 'not computed').length : exec.written ? exec.written.size : stored;
  const forcedRuns = forced.map((f) => {
    const { experiment, params } = plan.runs[plan.keys.indexOf(f.key)];
    return { ...f, experiment, params, where: `${f.key.slice(0, 12)}  ${experiment}  ${formatParams(params)}` };
  });
  reportForced(forcedRuns, opts);
  const { failed, diverged } = reportRuns(plan, entries, exec.errors, opts);
  for (const c of exec.conflicts) opts.err(`error: ${c}`);
  const { lock, dropped } = updateLockFile(opts.lockPath, (current) => mergeRuns(current, opts.simulator, coveredPairs(runs), lockRecords(plan, entries)));
  const skipped = plan.missing.length - missing.length;
  return {
    unique: plan.unique.length,
    shared: plan.runs.length - plan.unique.length,
    computed,
    reused: plan.unique.length - computed - (missing.length - stored) - skipped,
    failed,
    diverged,
    conflicts: exec.conflicts.length,
    skipped,
    forced: forcedRuns.map(({ where: _, ...f }) => f),
    lock,
    dropped,
  };
}
