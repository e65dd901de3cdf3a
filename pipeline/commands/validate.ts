// `repro validate [FILE...]`: checks manifests (schema, cross-field rules, sweep limits, each run's
// estimated memory and time) for both profiles without running anything or writing any file.
// Default: every experiments/ manifest.
import { ManifestError, checkLimits, countRuns, loadManifest } from '../manifest/index.ts';
import { command } from './command.ts';
import { LIMIT_OPTIONS, MANIFESTS, limitsOf, manifestFiles } from './shared.ts';

export default command({
  summary: 'check manifests: file:line:col: field: message (exit 2)',
  args: MANIFESTS,
  options: LIMIT_OPTIONS,
  async run(values, args) {
    const limits = limitsOf(values);
    let failed = 0;
    for (const file of manifestFiles(args)) {
      try {
        const profiles = [loadManifest(file, 'quick'), loadManifest(file, 'paper')];
        for (const m of profiles) checkLimits(m, limits);
        const [quick, paper] = profiles.map(countRuns);
        console.log(`ok  ${file}  (${quick} runs quick, ${paper} runs paper)`);
      } catch (err) {
        if (!(err instanceof ManifestError)) throw err;
        console.error(err.message);
        failed++;
      }
    }
    return failed > 0 ? 2 : 0;
  },
});
