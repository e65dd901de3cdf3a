// `repro validate [FILE...]`: checks manifests (schema, cross-field rules, sweep limits, each run's
// estimated memory and time) for both profiles without running anything or writing any file.
// Default: every experiments/ manifest.
import {
  ManifestError,
  checkClaimOverrides,
  checkDistinctExperiments,
  checkLimits,
  countRuns,
  loadManifest,
  parseOverrides,
  type Manifest,
} from '../manifest/index.ts';
import { command, flag } from './command.ts';
import { LIMIT_OPTIONS, MANIFESTS, SET, limitsOf, manifestFiles, printJson } from './shared.ts';

export default command({
  summary: 'check manifests: file:line:col: field: message (exit 2)',
  args: MANIFESTS,
  options: {
    ...LIMIT_OPTIONS,
    set: SET,
    json: flag({ help: 'one JSON array, a row per manifest: file, ok, runs per profile, error' }),
  },
  async run(values, args) {
    const limits = limitsOf(values);
    const overrides = parseOverrides(values.set);
    const seen: Manifest[] = [];
    const rows = manifestFiles(args).map((file) => {
      try {
        const profiles = [loadManifest(file, 'quick', overrides), loadManifest(file, 'paper', overrides)];
        for (const m of profiles) checkLimits(m, limits);
        checkDistinctExperiments([...seen, profiles[0]]);
        seen.push(profiles[0]);
        const [quick, paper] = profiles.map(countRuns);
        return { file, ok: true, runs: { quick, paper }, error: null };
      } catch (err) {
        if (!(err instanceof ManifestError)) throw err;
        return { file, ok: false, runs: null, error: err.message };
      }
    });
    if (rows.every((r) => r.ok)) checkClaimOverrides(seen, overrides);
    if (values.json) printJson(rows);
    for (const r of values.json ? [] : rows) {
      if (r.ok) console.log(`ok  ${r.file}  (${r.runs!.quick} runs quick, ${r.runs!.paper} runs paper)`);
      else console.error(r.error);
    }
    return rows.some((r) => !r.ok) ? 2 : 0;
  },
});
