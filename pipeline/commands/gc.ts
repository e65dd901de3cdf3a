// `repro gc`: removes the cache entries no kept lock references (the working tree's, and those
// of --keep-rev revisions) and stale temporaries, printing each and the space freed (cache/gc.ts).
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { collectGarbage } from '../cache/gc.ts';
import { formatSize } from '../manifest/limits.ts';
import { readLockFile } from '../cache/lockfile.ts';
import { resolveCacheDir } from '../cache/store.ts';
import { locksAtRevisions } from '../compare/sides.ts';
import { command, flag, list } from './command.ts';
import { CACHE, LOCK, printJson } from './shared.ts';

export default command({
  summary: 'remove cache entries no lock references, and stale temporaries',
  options: {
    'dry-run': flag({ short: 'n', help: 'print what would be removed; remove nothing' }),
    'keep-rev': list({ value: 'REV', help: "also keep the runs of this git revision's lock (HEAD~3, a tag, a commit)" }),
    json: flag({ help: 'what was (or would be) removed as one JSON object (docs/design.md)' }),
    cache: CACHE,
    lock: LOCK,
  },
  async run(values) {
    const lockPath = resolve(values.lock);
    if (!existsSync(lockPath)) throw new UserError(`no lock file at ${values.lock}: gc keeps what a lock references, and would keep nothing`);
    const locks = [readLockFile(lockPath), ...(await locksAtRevisions(values['keep-rev'], { cwd: process.cwd(), lockPath }))];
    const keep = new Set(locks.flatMap((l) => Object.keys(l.runs ?? {})));
    const cacheDir = resolveCacheDir(values.cache);
    const r = collectGarbage({ cacheDir, keep, since: statSync(lockPath).mtimeMs, dryRun: values['dry-run'] });
    if (values.json) {
      printJson(r);
      return 0;
    }
    const verb = r.dry_run ? 'would remove' : 'removed';
    for (const item of r.removed) console.log(`${verb}  ${item.kind === 'entry' ? 'entry' : 'temp '}  ${item.path}  ${formatSize(item.bytes)}`);
    if (r.recent.length) console.log(`kept ${r.recent.length} unreferenced entries written after ${values.lock} (a run may be about to record them)`);
    const where = relative(process.cwd(), cacheDir) || cacheDir;
    console.log(
      `gc: ${where}: ${r.present} of ${r.referenced} referenced runs present; ${verb} ${r.removed.length} (${formatSize(r.bytes_freed)})${r.dry_run ? ' — dry run, nothing removed' : ''}`,
    );
    return 0;
  },
});
