// `repro bundle`: the artifact-evaluation bundle (artifact/bundle.ts).
import { resolve } from 'node:path';
import { resolveCacheDir } from '../cache/store.ts';
import { buildBundle } from '../artifact/bundle.ts';
import { bundleFile } from '../report/paths.ts';
import { command, flag, text } from './command.ts';
import { CACHE } from './shared.ts';

export default command({
  summary: 'the artifact-evaluation bundle (deterministic tar.gz)',
  options: {
    out: text({ value: 'FILE', help: 'where to write it', defaultText: bundleFile('<commit>') }),
    'allow-dirty': flag({ help: 'bundle even with uncommitted changes, untracked files or missing results (each is warned about)' }),
    cache: CACHE,
  },
  async run(values) {
    const r = await buildBundle({
      repo: process.cwd(),
      cacheDir: resolveCacheDir(values.cache),
      out: values.out ? resolve(values.out) : null,
      allowDirty: values['allow-dirty'],
    });
    for (const w of r.warnings) console.error(`warning (--allow-dirty): ${w}`);
    console.log(`${r.path}: ${r.files} files, ${r.runs} runs, ${r.bytes} bytes, sha256 ${r.sha256}`);
    return 0;
  },
});
