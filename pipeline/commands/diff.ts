// `repro diff OLD [NEW]`: what changed between two git revisions, lock files or bundles (NEW:
// the working tree): claims, run outputs, figures (compare/). --exit-code: exit 1 if any differ.
import { resolve } from 'node:path';
import { resolveCacheDir } from '../cache/store.ts';
import { diffSides } from '../compare/diff.ts';
import { formatDiff } from '../compare/format.ts';
import { openSide, type Side } from '../compare/sides.ts';
import { command, flag } from './command.ts';
import { CACHE, LOCK, printJson } from './shared.ts';

export default command({
  summary: 'what changed between two revisions, lock files or bundles: claims, run outputs, figures',
  args: {
    name: 'OLD [NEW]',
    help: 'a git revision (HEAD, HEAD~1, a commit), a lock file or a bundle (.tar.gz); NEW defaults to the working tree',
    min: 1,
    max: 2,
  },
  options: {
    json: flag({ help: 'the differences as one JSON object (docs/design.md)' }),
    'exit-code': flag({ help: 'exit 1 when anything differs' }),
    cache: CACHE,
    lock: LOCK,
  },
  async run(values, [oldSpec, newSpec]) {
    const opts = { cwd: process.cwd(), lockPath: resolve(values.lock), cacheDir: resolveCacheDir(values.cache) };
    const sides: Side[] = [];
    try {
      sides.push(await openSide(oldSpec, opts));
      sides.push(await openSide(newSpec ?? null, opts));
      const report = diffSides(sides[0], sides[1]);
      if (values.json) printJson(report);
      else console.log(formatDiff(report));
      return values['exit-code'] && report.differs ? 1 : 0;
    } finally {
      for (const s of sides) s.close();
    }
  },
});
