// `repro verify BUNDLE [--max-size SIZE] [--max-files N]`: checks a bundle's checksums and its
// results against its lock file. The limits guard against an archive that unpacks to far more
// than any real bundle (defaults 4 GiB, 200,000 entries).
import { CheckFailed, UserError } from '../errors.ts';
import { DEFAULT_LIMITS } from '../artifact/extract.ts';
import { verifyBundle } from '../artifact/verify.ts';
import { intFlag, parseFlags } from './flags.ts';

const UNITS: Record<string, number> = { '': 1, B: 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** "4G", "500MiB", "1.5 GB", "123456": bytes (binary units). */
export function parseSize(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(?:([KMGT])(?:i?B)?|(B))?$/i.exec(value.trim());
  const bytes = m ? Number(m[1]) * UNITS[(m[2] ?? m[3] ?? '').toUpperCase()] : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) throw new UserError(`${flag}: expected a size such as 500M or 8G, got '${value}'`);
  return Math.floor(bytes);
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, { 'max-size': { type: 'string' }, 'max-files': { type: 'string' } });
  if (positionals.length !== 1) throw new UserError('usage: repro verify BUNDLE [--max-size SIZE] [--max-files N]');
  const limits = {
    maxBytes: values['max-size'] === undefined ? DEFAULT_LIMITS.maxBytes : parseSize('--max-size', values['max-size']),
    maxEntries: intFlag('--max-files', values['max-files'], DEFAULT_LIMITS.maxEntries),
  };
  const r = await verifyBundle(positionals[0], { limits });
  for (const p of r.problems) console.log(`${p.path}: ${p.message}`);
  if (r.problems.length) throw new CheckFailed(`${r.bundle}: ${r.problems.length} problem(s) in ${r.files} files, ${r.runs} runs`);
  console.log(`${r.bundle}: OK — ${r.files} files match SHA256SUMS, ${r.runs} runs match repro.lock.json`);
  return 0;
}
