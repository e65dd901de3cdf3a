// The executor contract. `repro run` plans the runs, hands the missing ones to an executor and
// reads the cache afterwards: an executor's one job is to get each run's entry into the cache
// (computeRun, in a worker thread here or in a task on a cluster node). The local pool and
// Slurm both implement it; what each needs beyond the context (jobs, cluster settings) is bound
// when it is made (localExecutor, slurmExecutor).
import type { RunSpec } from '../sim/types.ts';

/** A run to compute: its key (under the simulator fingerprint) and spec. */
export interface PendingRun {
  key: string;
  spec: RunSpec;
}

export interface ExecContext {
  /** Absolute cache directory. */
  cacheDir: string;
  /** Simulator fingerprint the keys were computed with. */
  fingerprint: string;
  /** Aborted on SIGINT/SIGTERM: stop promptly; entries already stored stay, nothing partial. */
  signal: AbortSignal;
  /** Whether progress may draw a bar (stderr is a terminal). */
  tty: boolean;
}

/** What an executor did. */
export interface Execution {
  /** Keys whose entries this executor wrote; null when it cannot tell (Slurm: the nodes write them). */
  written: Set<string> | null;
  /** Runs that ended without an entry, and why. */
  errors: Map<string, string>;
  /** Determinism conflicts (an entry existed with different bytes). */
  conflicts: string[];
  /** The signal stopped it before every run was done. */
  aborted: boolean;
}

export type Executor = (runs: PendingRun[], ctx: ExecContext) => Promise<Execution>;
