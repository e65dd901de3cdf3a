// `repro validate [FILE...]`: checks manifests (schema, cross-field rules, sweep limits) for both
// profiles without running anything or writing any file. Default: every experiments/ manifest.
import { UserError } from '../errors.ts';
import { parseFlags } from './flags.ts';
import { ManifestError, countRuns, defaultManifestFiles, loadManifest } from '../manifest/index.ts';

export async function run(args: string[]): Promise<number> {
  const { positionals } = parseFlags(args, {});
  const files = positionals.length > 0 ? positionals : defaultManifestFiles();
  if (files.length === 0) throw new UserError('no manifests given and none found in experiments/');
  let failed = 0;
  for (const file of files) {
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
}
