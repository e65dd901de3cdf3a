// What several commands share: the options they spell the same way (profile, cache, lock), the
// manifests they read (default: every manifest under experiments/), and the REPRO_THREADS check.
import { UserError } from '../errors.ts';
import { DEFAULT_LOCK } from '../cache/lockfile.ts';
import { prettyJson } from '../cache/canonical.ts';
import {
  DEFAULT_LIMITS,
  PROFILES,
  defaultManifestFiles,
  loadRuns,
  parseOverrides,
  resolveLimits,
  type ExpandedRun,
  type Limits,
  type Profile,
} from '../manifest/index.ts';
import { formatSeconds, formatSize } from '../manifest/limits.ts';
import { choice, list, text, type Positionals } from './command.ts';

export const PROFILE = choice(PROFILES, { help: "the manifests' profile: a quick check, or the paper's full study", default: 'quick' });
export const CACHE = text({ value: 'DIR', help: 'the run cache', defaultText: '$REPRO_CACHE, else .repro/cache' });
export const LOCK = text({ value: 'FILE', help: 'the lock file', default: DEFAULT_LOCK });
export const MANIFESTS: Positionals = { name: 'FILE...', help: 'manifests (default: every manifest in experiments/)' };
export const SET = list({ value: 'PATH=VALUE', help: 'override a manifest value for this invocation, the value read as YAML (base.m=5, grid.lr=[0.1,0.2])' });

/** The manifests named, else every one under experiments/. */
export function manifestFiles(files: string[]): string[] {
  const list = files.length > 0 ? files : defaultManifestFiles();
  if (list.length === 0) throw new UserError('no manifests given and none found in experiments/');
  return list;
}

/** The runs of the manifests (`limits`: a run past them is refused; `set`: --set overrides). */
export function manifestRuns(files: string[], profile: Profile, opts: { limits?: Limits; set?: readonly string[] } = {}): ExpandedRun[] {
  return loadRuns(manifestFiles(files), profile, { limits: opts.limits, overrides: parseOverrides(opts.set ?? []) });
}

/** A command's --json answer on stdout: sorted keys, 2-space indented. */
export function printJson(value: unknown): void {
  process.stdout.write(prettyJson(value));
}

/** --max-memory and --max-time: what `repro validate` and `repro run` allow one run (manifest/limits.ts). */
export const LIMIT_OPTIONS = {
  'max-memory': text({
    value: 'SIZE',
    help: 'refuse a run estimated to need more memory (500M, 8G, ...)',
    defaultText: `$REPRO_MAX_MEMORY, else ${formatSize(DEFAULT_LIMITS.memory)}`,
  }),
  'max-time': text({
    value: 'DURATION',
    help: 'refuse a run estimated to take longer (90s, 10m, 2h, ...)',
    defaultText: `$REPRO_MAX_TIME, else ${formatSeconds(DEFAULT_LIMITS.seconds)}`,
  }),
};

export const limitsOf = (values: { 'max-memory'?: string; 'max-time'?: string }): Limits =>
  resolveLimits({ memory: values['max-memory'], time: values['max-time'] });

/** REPRO_THREADS (threads per simulation step) must be 1 or 2; the simulator would quietly use 1. */
export function checkThreadsEnv(env: NodeJS.ProcessEnv = process.env): void {
  const t = env.REPRO_THREADS;
  if (t !== undefined && t !== '' && t !== '1' && t !== '2') throw new UserError(`REPRO_THREADS: expected 1 or 2, got '${t}'`);
}
