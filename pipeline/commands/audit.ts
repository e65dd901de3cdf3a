// `repro audit [--sample K] [--seed S] [--json] [--cache DIR] [--lock FILE]`: re-hash the cache
// against the lock file and re-execute K runs; exit 1 on any mismatch.
import { resolve } from 'node:path';
import { CheckFailed, UserError } from '../errors.ts';
import { DEFAULT_LOCK } from '../cache/lock.ts';
import { resolveCacheDir } from '../cache/store.ts';
import { prettyJson } from '../cache/canonical.ts';
import { audit, formatAudit } from '../cache/audit.ts';
import { computeRun } from '../exec/compute.ts';
import { parseFlags } from './run-options.ts';

function count(flag: string, value: string | undefined, dflt: number): number {
  if (value === undefined) return dflt;
  if (!/^\d+$/.test(value)) throw new UserError(`--${flag}: expected a non-negative integer, got '${value}'`);
  return Number(value);
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    sample: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    cache: { type: 'string' },
    lock: { type: 'string' },
  });
  if (positionals.length) throw new UserError(`unexpected argument '${positionals[0]}'`);
  const report = audit({
    cacheDir: resolveCacheDir(values.cache),
    lockPath: resolve(values.lock ?? DEFAULT_LOCK),
    sample: count('sample', values.sample, 3),
    seed: count('seed', values.seed, 0),
    reexecute: (spec, dir) => computeRun(spec, dir).meta,
    log: (line) => console.error(line),
  });
  console.log(values.json ? prettyJson(report).trimEnd() : formatAudit(report));
  if (!report.ok) throw new CheckFailed('mismatches found (see above)');
  return 0;
}
