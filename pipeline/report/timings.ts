// reports/timings.json: the measured wall time of a cold `repro run` of every manifest, which the
// bundle's ARTIFACT.md quotes as the duration of the command that reproduces everything. Not
// committed: it describes the machine it was measured on.
import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { writeAtomic } from '../cache/atomic.ts';
import { prettyJson } from '../cache/canonical.ts';
import { REPORTS_DIR, TIMINGS_FILE, profileTimingsFile } from './paths.ts';

/** What the bundle reads of a timing. */
export interface Timing {
  /** The command that was timed: make or make paper. */
  command: string;
  seconds: number;
  /** Free text, e.g. '2 cores, 24 GiB'. */
  machine?: string;
  date?: string;
}

/** Records the cold run of one profile; timings.json keeps the paper profile's once there is one. */
export function recordTiming(run: { profile: string; seconds: number; computed: number; reused: number; jobs: number }, dir = REPORTS_DIR): void {
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  const timing: Timing & Record<string, unknown> = {
    command: run.profile === 'paper' ? 'make paper' : 'make',
    profile: run.profile,
    seconds: Math.round(run.seconds),
    computed: run.computed,
    reused: run.reused,
    jobs: run.jobs,
    note: `wall time of repro run computing ${run.computed} runs (${run.reused} were already cached); repro report adds well under a minute`,
    machine: `${cpu}, ${availableParallelism()} cores, Node ${process.versions.node}`,
    date: new Date().toISOString().slice(0, 10),
  };
  writeAtomic(join(dir, profileTimingsFile(run.profile)), prettyJson(timing));
  if (run.profile === 'paper' || !existsSync(join(dir, TIMINGS_FILE))) writeAtomic(join(dir, TIMINGS_FILE), prettyJson(timing));
}
