// `repro export KEY --out DIR`: one run in open formats: spec.json,
// metrics.csv, neurons.csv and the .npy arrays, X and y regenerated from the seed. KEY may be a
// unique prefix of at least 8 hex digits (as `repro status` prints).
import { join } from 'node:path';
import { CheckFailed, UserError } from '../errors.ts';
import { writeAtomic } from '../cache/atomic.ts';
import { listKeys, openEntry, resolveCacheDir } from '../cache/store.ts';
import { exportRun } from '../sim/export.ts';
import { command, text } from './command.ts';
import { CACHE } from './shared.ts';

/** The one cached key starting with `prefix`. */
export function resolveKey(cacheDir: string, prefix: string): string {
  const p = prefix.toLowerCase();
  if (!/^[0-9a-f]{8,64}$/.test(p)) throw new UserError(`KEY: expected at least 8 hex digits of a run key, got '${prefix}'`);
  const matches = listKeys(cacheDir).filter((k) => k.startsWith(p));
  if (matches.length === 0) throw new UserError(`no cached run with key ${prefix} in ${cacheDir}`);
  if (matches.length > 1)
    throw new UserError(`key prefix ${prefix} is ambiguous (${matches.length} runs: ${matches.map((k) => k.slice(0, 16)).join(', ')}); give more digits`);
  return matches[0];
}

export default command({
  summary: "a cached run's arrays and metrics in open formats (npy, csv)",
  args: { name: 'KEY', help: 'the run key, or a unique prefix of at least 8 hex digits', min: 1, max: 1 },
  options: {
    out: text({ short: 'o', value: 'DIR', help: 'the folder to write the files into', required: true }),
    cache: CACHE,
  },
  async run(values, [prefix]) {
    const out = values.out;
    const cacheDir = resolveCacheDir(values.cache);
    const key = resolveKey(cacheDir, prefix);
    const entry = openEntry(cacheDir, key, { keep: true });
    if (!entry) throw new CheckFailed(`cache entry ${key.slice(0, 12)} was unsound and is quarantined (see above); \`repro run\` computes it again`);
    const { meta } = entry;
    if (meta.status === 'failed') throw new UserError(`run ${key.slice(0, 12)} failed (${meta.message}): it has no outputs to export`);
    const files = exportRun(meta.spec, entry.files);
    const names = Object.keys(files).sort();
    // Each file appears whole (a kill or a full disk never leaves half of one).
    for (const name of names) writeAtomic(join(out, name), files[name]);
    console.log(`export: ${key.slice(0, 12)} -> ${out} (${names.join(', ')})`);
    return 0;
  },
});
