// Flags shared by `repro run` and `repro status`: strict parsing (unknown flag -> UserError),
// the profile, and the manifests' runs (default: every manifest under experiments/).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../errors.ts';
import { PROFILES, defaultManifestFiles, loadRuns, type ExpandedRun, type Profile } from '../manifest/index.ts';

export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UserError((err as Error).message);
  }
}

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
