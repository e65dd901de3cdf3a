// `repro bundle [--out FILE] [--allow-dirty] [--cache DIR]`: the artifact-evaluation bundle.
import { resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { resolveCacheDir } from '../cache/store.ts';
import { buildBundle } from '../artifact/bundle.ts';
import { parseFlags } from './run-options.ts';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, { out: { type: 'string' }, 'allow-dirty': { type: 'boolean' }, cache: { type: 'string' } });
  if (positionals.length) throw new UserError(`unexpected argument '${positionals[0]}' (usage: repro bundle [--out FILE] [--allow-dirty] [--cache DIR])`);
  const r = await buildBundle({
    repo: process.cwd(),
    cacheDir: resolveCacheDir(values.cache),
    out: values.out ? resolve(values.out) : null,
    allowDirty: values['allow-dirty'] ?? false,
  });
  for (const w of r.warnings) console.error(`warning (--allow-dirty): ${w}`);
  console.log(`${r.path}: ${r.files} files, ${r.runs} runs, ${r.bytes} bytes, sha256 ${r.sha256}`);
  return 0;
}
