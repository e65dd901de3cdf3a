// What the local executor receives from `repro run`. An executor's only job is to get each run's
// entry into the cache (computeRun); `repro run` reads the cache afterwards.
import type { RunSpec } from '../sim/types.ts';

/** A run to compute: its key (under `fingerprint`) and spec. */
export interface PendingRun {
  key: string;
  spec: RunSpec;
}

export interface ExecOptions {
  /** Absolute cache directory. */
  cacheDir: string;
  /** Simulator fingerprint the keys were computed with. */
  fingerprint: string;
  /** Parallel runs (worker threads). */
  jobs: number;
  /** Aborted on SIGINT/SIGTERM: stop promptly; entries already stored stay, nothing partial. */
  signal: AbortSignal;
  /** Whether progress may draw a bar (stderr is a terminal). */
  tty: boolean;
}
