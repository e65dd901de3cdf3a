// The manifest stage: file -> validated Manifest (one profile applied) -> expanded runs.
import { readdirSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { UserError } from '../errors.ts';
import { ManifestError } from './errors.ts';
import { checkRuns, expandRuns } from './expand.ts';
import { resolveManifest } from './resolve.ts';
import { applyOverrides, checkClaimOverrides, overrideLayer, type Override } from './overrides.ts';
import { readSource } from './source.ts';
import { PROFILES, type ExpandedRun, type Manifest, type Profile } from './types.ts';
import { validateSource } from './validate.ts';
import { checkLimits, type Limits } from './limits.ts';

export { ManifestError } from './errors.ts';
export { checkClaimOverrides, parseOverrides, type Override } from './overrides.ts';
export { countRuns, expandRuns } from './expand.ts';
export { checkLimits, DEFAULT_LIMITS, resolveLimits, type Limits } from './limits.ts';
export { ANALYSIS_DEFAULTS, MAX_RUNS } from './schema.ts';
export * from './types.ts';

/** Parses, validates and resolves one manifest, `--set` overrides applied; every run it expands to is checked. */
export function loadManifest(file: string, profile: Profile, overrides: readonly Override[] = []): Manifest {
  if (!PROFILES.includes(profile)) throw new UserError(`unknown profile '${profile}' (expected ${PROFILES.join(' or ')})`);
  try {
    const src = applyOverrides(readSource(file), overrides);
    validateSource(src);
    const manifest = resolveManifest(src, profile, overrideLayer(src.data, overrides));
    checkRuns(manifest);
    return manifest;
  } catch (err) {
    // A document nested thousands of levels deep exhausts the stack of a parser or walker.
    if (err instanceof RangeError && /call stack/.test(err.message))
      throw new ManifestError(file, null, null, 'nested too deeply (a manifest needs a few levels)');
    throw err;
  }
}

/** Every run of the manifests; with `limits`, a run past them is refused first (limits.ts); `overrides`: --set. */
export function loadRuns(files: string[], profile: Profile, opts: { limits?: Limits; overrides?: readonly Override[] } = {}): ExpandedRun[] {
  const manifests = [...new Map(files.map((f) => [resolvePath(f), f])).values()].map((file) => {
    const manifest = loadManifest(file, profile, opts.overrides);
    if (opts.limits) checkLimits(manifest, opts.limits);
    return manifest;
  });
  checkDistinctExperiments(manifests);
  checkClaimOverrides(manifests, opts.overrides ?? []);
  return manifests.flatMap(expandRuns);
}

/**
 * An experiment id names one manifest: its pages, figures, claims and lock entries are keyed by it,
 * so a second manifest of the same id (a copied file, or `--set experiment=...`) is refused at its
 * `experiment` field, naming the first. The same file given twice is one manifest.
 */
export function checkDistinctExperiments(manifests: readonly Manifest[]): void {
  const first = new Map<string, Manifest>();
  for (const m of manifests) {
    const other = first.get(m.experiment);
    if (other && resolvePath(other.file) !== resolvePath(m.file))
      throw ManifestError.at(m.file, m.origins.experiment, `'${m.experiment}' is also the experiment of ${other.file} (an experiment id names one manifest)`);
    if (!other) first.set(m.experiment, m);
  }
}

/** The manifests of the repository: experiments/*.yaml|yml|json, sorted, relative to the cwd. */
export function defaultManifestFiles(dir = 'experiments'): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.') && /\.(ya?ml|json)$/i.test(e.name))
      .map((e) => e.name);
  } catch {
    return [];
  }
  return names.sort().map((name) => `${dir}/${name}`);
}
