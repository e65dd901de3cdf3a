// `repro status`: every run of the manifests with its key, its state (cached | missing | failed)
// and, when it is not cached, why (exec/reasons.ts). Reads entry.json files and the lock file
// only: no simulation.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { simulator } from '../cache/key.ts';
import { readLockFile } from '../cache/lockfile.ts';
import { resolveCacheDir } from '../cache/store.ts';
import { formatParams, planRuns, runRows, type RunRow } from '../exec/plan.ts';
import { countReasons, describeReason, whyNotCachedIn, type Reason } from '../exec/reasons.ts';
import { slurmDir, slurmLogFor, type RunIndex } from '../exec/slurm/batch.ts';
import { command, flag } from './command.ts';
import { CACHE, LOCK, MANIFESTS, PROFILE, SET, manifestRuns } from './shared.ts';

type StatusRow = RunRow & { reason: Reason | null; slurm: RunIndex | null };

/** The last Slurm attempt at each run without a usable entry (looked up only if Slurm was used): --json's `slurm`; the text says it in the reason. */
function withSlurmAttempts(rows: (RunRow & { reason: Reason | null })[], cacheDir: string): StatusRow[] {
  const used = existsSync(slurmDir(cacheDir));
  return rows.map((r) => ({ ...r, slurm: used && r.state !== 'cached' ? slurmLogFor(r.key, cacheDir) : null }));
}

function formatRows(rows: StatusRow[]): string[] {
  const width = Math.max(0, ...rows.map((r) => r.experiment.length));
  return rows.map((r) => {
    const state = r.status === 'diverged' ? 'cached (diverged)' : r.state;
    const why = r.reason ? `  (${describeReason(r.reason)})` : '';
    return `${r.key.slice(0, 12)}  ${state.padEnd(17)}  ${r.experiment.padEnd(width)}  ${formatParams(r.params)}${why}`;
  });
}

export default command({
  summary: 'each run of the manifests: key, state (cached|missing|failed) and why it is not cached',
  args: MANIFESTS,
  options: {
    profile: PROFILE,
    json: flag({ help: 'one JSON array of the runs instead of lines' }),
    set: SET,
    cache: CACHE,
    lock: LOCK,
  },
  async run(values, args) {
    const runs = manifestRuns(args, values.profile, { set: values.set });
    const cacheDir = resolveCacheDir(values.cache);
    const sim = simulator();
    const plan = planRuns(runs, cacheDir, sim.fingerprint);
    const reasons = whyNotCachedIn(cacheDir, plan, readLockFile(resolve(values.lock)), sim);
    const rows = withSlurmAttempts(
      runRows(plan, plan.entries).map((r, i) => ({ ...r, reason: reasons[i] })),
      cacheDir,
    );
    if (values.json) {
      console.log(JSON.stringify(rows, null, 2));
      return 0;
    }
    // A run two manifests share is listed under both but counted once, as `repro run` counts it.
    const unique = [...new Map(rows.map((r) => [r.key, r])).values()];
    const shared = rows.length - unique.length;
    const count = (state: RunRow['state']): number => unique.filter((r) => r.state === state).length;
    const missing = unique.filter((r) => r.state === 'missing');
    const why = missing.length ? ` (${countReasons(missing.map((r) => r.reason))})` : '';
    console.log(
      [
        ...formatRows(rows),
        `status: ${unique.length} runs (${values.profile}${shared ? `, ${shared} shared between manifests` : ''}): ${count('cached')} cached, ${count('missing')} missing${why}, ${count('failed')} failed`,
      ].join('\n'),
    );
    return 0;
  },
});
