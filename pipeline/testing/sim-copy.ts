// A scratch repository holding a copy of the simulator's sources (pipeline/sim/, tsconfig.json),
// for tests that edit them and watch the fingerprint.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../cache/key.ts';
import { scratchDir } from './scratch.ts';

export function simulatorCopy(): string {
  const root = scratchDir('sim-copy');
  cpSync(join(REPO_ROOT, 'pipeline', 'sim'), join(root, 'pipeline', 'sim'), { recursive: true });
  cpSync(join(REPO_ROOT, 'tsconfig.json'), join(root, 'tsconfig.json'));
  return root;
}

/** Replaces the one occurrence of `from` in a file of the copy (fails when it is not there exactly once). */
export function editCopy(root: string, file: string, from: string, to: string): void {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  if (text.split(from).length !== 2) throw new Error(`${file}: '${from}' does not occur exactly once`);
  writeFileSync(path, text.replace(from, to));
}
