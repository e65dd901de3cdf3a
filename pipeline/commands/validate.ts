// `repro validate [FILE...]`: checks manifests (schema, cross-field rules, sweep limits) for both
// profiles without running anything or writing any file. Default: every experiments/ manifest.
import { ManifestError, countRuns, loadManifest } from '../manifest/index.ts';
import { command } from './command.ts';
import { MANIFESTS, manifestFiles } from './shared.ts';

export default command({
  summary: 'check manifests: file:line:col: field: message (exit 2)',
  args: MANIFESTS,
  options: {},
  async run(_values, args) {
    let failed = 0;
    for (const file of manifestFiles(args)) {
      try {
        const [quick, paper] = [loadManifest(file, 'quick'), loadManifest(file, 'paper')].map(countRuns);
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
