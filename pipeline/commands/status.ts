// `repro status`: every run of the manifests with its key and state (cached | missing | failed).
// Reads entry.json files only: no simulation.
import { existsSync } from 'node:fs';
import { simulatorFingerprint } from '../cache/key.ts';
import { resolveCacheDir } from '../cache/store.ts';
import { formatParams, planRuns, runRows, type RunRow } from '../exec/plan.ts';
import { slurmDir, slurmLogFor, type RunIndex } from '../exec/slurm/batch.ts';
import { command, flag } from './command.ts';
import { CACHE, MANIFESTS, PROFILE, SET, manifestRuns } from './shared.ts';

type StatusRow = RunRow & { slurm: RunIndex | null };

/** The last Slurm attempt at each run without a usable entry (looked up only if Slurm was used). */
function withSlurmAttempts(rows: RunRow[], cacheDir: string): StatusRow[] {
  const used = existsSync(slurmDir(cacheDir));
  return rows.map((r) => ({ ...r, slurm: used && r.state !== 'cached' ? slurmLogFor(r.key, cacheDir) : null }));
}

function formatRows(rows: StatusRow[]): string[] {
  const width = Math.max(0, ...rows.map((r) => r.experiment.length));
  return rows.map((r) => {
    const state = r.status === 'diverged' ? 'cached (diverged)' : r.state;
    const slurm = r.slurm ? `  (last Slurm attempt: ${r.slurm.status}${r.slurm.log ? `, log ${r.slurm.log}` : ''})` : '';
    return `${r.key.slice(0, 12)}  ${state.padEnd(17)}  ${r.experiment.padEnd(width)}  ${formatParams(r.params)}${slurm}`;
  });
}

export default command({
  summary: 'each run of the manifests: key, state (cached|missing|failed)',
  args: MANIFESTS,
  options: {
    profile: PROFILE,
    json: flag({ help: 'one JSON array of the runs instead of lines' }),
    set: SET,
    cache: CACHE,
  },
  async run(values, args) {
    const runs = manifestRuns(args, values.profile, { set: values.set });
    const cacheDir = resolveCacheDir(values.cache);
    const plan = planRuns(runs, cacheDir, simulatorFingerprint());
    const rows = withSlurmAttempts(runRows(plan, plan.entries), cacheDir);
    if (values.json) {
      console.log(JSON.stringify(rows, null, 2));
      return 0;
    }
    // A run two manifests share is listed under both but counted once, as `repro run` counts it.
    const unique = [...new Map(rows.map((r) => [r.key, r])).values()];
    const shared = rows.length - unique.length;
    const count = (state: RunRow['state']): number => unique.filter((r) => r.state === state).length;
    console.log(
      [
        ...formatRows(rows),
        `status: ${unique.length} runs (${values.profile}${shared ? `, ${shared} shared between manifests` : ''}): ${count('cached')} cached, ${count('missing')} missing, ${count('failed')} failed`,
      ].join('\n'),
    );
    return 0;
  },
});
