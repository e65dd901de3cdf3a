// Writing files so that a reader never sees half of one: the bytes go to a temporary file in the
// same folder, are fsynced, and the file is renamed into place (then the folder is fsynced, best
// effort, so the rename survives a power loss). A failure removes the temporary file; one that a
// killed writer left (its name says whose, owner.ts) is removed by the next write of that file.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isAbandoned, isOwnedName, ownedName, removeAbandoned } from './owner.ts';

/** Creates `path` (it must not exist) with `bytes`, fsynced. */
export function writeDurably(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'wx');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync a directory so the names in it (a rename) survive a power loss; best effort. */
export function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename itself is still atomic.
  }
}

/** Replaces (or creates) `path` with `data` in one rename, creating its folder if needed. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  removeAbandoned(dir, isOwnedName(basename(path), 'tmp'));
  // pid, host and a random part: two processes (or threads) writing the same file never share a temporary.
  const tmp = join(dir, ownedName(basename(path), 'tmp'));
  try {
    writeDurably(tmp, typeof data === 'string' ? Buffer.from(data) : data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(dir);
}

// Replacing a whole folder (the site): it is built in a sibling `<dest>.<owner>-<rand>.new.tmp`,
// then the old folder is renamed to `….old.tmp`, the new one renamed into place, the old one
// removed. A kill at any point leaves either the old or the new folder at `dest`, or (between the
// two renames) the old one beside it, which recoverDir puts back; each temporary names its owner,
// so the next command removes what a dead one left.
const NEW = 'new.tmp';
const OLD = 'old.tmp';

/** Puts `dest` back in order after a swap a killed process left half done (see above). */
export function recoverDir(dest: string): void {
  const parent = dirname(dest);
  const base = basename(dest);
  const isOld = isOwnedName(base, OLD);
  if (!existsSync(dest)) {
    const orphans = readdirSafe(parent).filter((name) => isOld(name) && isAbandoned(name, join(parent, name)));
    if (orphans.length) renameSync(join(parent, orphans[0]), dest);
  }
  removeAbandoned(parent, (name) => isOld(name) || isOwnedName(base, NEW)(name));
}

/** A fresh folder to build the new `dest` in (after recovering from an earlier kill). */
export function newDirFor(dest: string): string {
  recoverDir(dest);
  const dir = join(dirname(dest), ownedName(basename(dest), NEW));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Replaces `dest` (if any) by the folder `built` (from newDirFor), as described above. */
export function swapDir(built: string, dest: string): void {
  const old = join(dirname(dest), ownedName(basename(dest), OLD));
  let moved = false;
  try {
    renameSync(dest, old);
    moved = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  try {
    renameSync(built, dest);
  } catch (err) {
    if (moved) renameSync(old, dest);
    throw err;
  }
  syncDir(dirname(dest));
  if (moved) rmSync(old, { recursive: true, force: true });
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
