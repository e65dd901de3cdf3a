// Flags shared by `repro run` and `repro status`: strict parsing (unknown flag -> UserError),
// the profile, and the manifests' runs (default: every manifest under experiments/).
import { UserError } from '../errors.ts';
import { PROFILES, defaultManifestFiles, loadRuns, type ExpandedRun, type Profile } from '../manifest/index.ts';

export { parseFlags } from './flags.ts';

export function parseProfile(value: string | undefined): Profile {
  const profile = (value ?? 'quick') as Profile;
  if (!PROFILES.includes(profile)) throw new UserError(`--profile: unknown profile '${value}' (expected ${PROFILES.join(' or ')})`);
  return profile;
}

export function manifestRuns(files: string[], profile: Profile): ExpandedRun[] {
  const list = files.length > 0 ? files : defaultManifestFiles();
  if (list.length === 0) throw new UserError('no manifests given and none found in experiments/');
  return loadRuns(list, profile);
}

/** REPRO_THREADS (threads per simulation step) must be 1 or 2; the simulator would quietly use 1. */
export function checkThreadsEnv(env: NodeJS.ProcessEnv = process.env): void {
  const t = env.REPRO_THREADS;
  if (t !== undefined && t !== '' && t !== '1' && t !== '2') throw new UserError(`REPRO_THREADS: expected 1 or 2, got '${t}'`);
}
