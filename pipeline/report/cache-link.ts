// Where the report stage meets the cache stage: run keys, entry directories, the simulator
// fingerprint, and the lock file's `figures` section.
import { runKey, simulatorFingerprint } from '../cache/key.ts';
import { entryDir } from '../cache/store.ts';
import { updateLockSection } from '../cache/lock.ts';
import type { CacheLookup } from '../analysis/study.ts';
import type { StoredFigure } from '../figures/index.ts';

export const fingerprint = simulatorFingerprint;

export function cacheLookup(cacheDir: string): CacheLookup {
  const fp = simulatorFingerprint();
  return { key: (run) => runKey(run.spec, fp), entryDir: (key) => entryDir(cacheDir, key) };
}

/** Lists every figure with its hash and files' hashes in the lock file (sorted by name). */
export function recordFigures(lockPath: string, figures: StoredFigure[]): void {
  const section = Object.fromEntries([...figures].sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => [f.name, { hash: f.hash, files: f.files }]));
  updateLockSection(lockPath, 'figures', section);
}
