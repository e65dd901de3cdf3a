// `repro report` (figures + claims + site) and, with figuresOnly, `repro figures`.
import { dirname, join } from 'node:path';
import { UserError } from '../errors.ts';
import { parseFlags } from './flags.ts';
import { parseProfile } from './run-options.ts';
import { defaultManifestFiles } from '../manifest/index.ts';
import { resolveCacheDir } from '../cache/store.ts';
import { DEFAULT_LOCK } from '../cache/lock.ts';
import { buildReport } from '../report/build.ts';

export async function runReport(args: string[], figuresOnly: boolean): Promise<number> {
  // `figures` builds no site, so it takes no --out.
  const { values, positionals } = parseFlags(args, {
    profile: { type: 'string' },
    cache: { type: 'string' },
    lock: { type: 'string', default: DEFAULT_LOCK },
    figures: { type: 'string', default: 'reports/figures' },
    ...(figuresOnly ? {} : { out: { type: 'string', default: 'reports/site' } }),
  } as const);
  const profile = parseProfile(values.profile);
  const files = positionals.length ? positionals : defaultManifestFiles();
  if (files.length === 0) throw new UserError('no manifests given and none found in experiments/');
  const t0 = performance.now();
  await buildReport({
    files,
    profile,
    cacheDir: resolveCacheDir(values.cache),
    figuresDir: values.figures!,
    siteDir: 'out' in values ? (values.out as string) : null,
    claimsPath: join(dirname(values.figures!), 'claims.json'),
    lockPath: values.lock!,
    log: (line) => console.log(`${figuresOnly ? 'figures' : 'report'}: ${line}`),
  });
  console.log(`${figuresOnly ? 'figures' : 'report'}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

export const run = (args: string[]) => runReport(args, false);
