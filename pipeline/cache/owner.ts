// Who holds a temporary, tmp dir or lock file: `<pid>@<host>` in its name or content, so a later
// process can tell a holder that died (same host, pid gone) from one still at work, and clean up
// what a crash or SIGKILL left behind. Every temporary the pipeline creates is named this way.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/** This host's name, reduced to characters safe in file names (and short enough for them). */
export const HOST = hostname()
  .replace(/[^A-Za-z0-9.]/g, '_')
  .slice(0, 64);

/** `<pid>@<host>` of this process. */
export const OWNER = `${process.pid}@${HOST}`;

const OWNER_IN_NAME = /(\d+)@([A-Za-z0-9._]+?)-/;

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

// A temporary takes seconds to minutes to fill, so an hour-old one is abandoned even when its
// owner's pid cannot be checked (another host of a shared filesystem).
export const STALE_MS = 3600_000;

/**
 * True when the temporary `name` (at `path`) names an owner that is gone: a dead pid on this host,
 * or any owner when it is older than STALE_MS. Never this process's own, never a name without owner.
 */
export function isAbandoned(name: string, path: string, now = Date.now()): boolean {
  const m = OWNER_IN_NAME.exec(name);
  if (!m) return false;
  const pid = Number(m[1]);
  if (m[2] === HOST && pid === process.pid) return false;
  if (m[2] === HOST && !isAlive(pid)) return true;
  try {
    return now - statSync(path).mtimeMs > STALE_MS;
  } catch {
    return false; // gone already
  }
}

/** Removes the entries of `dir` for which `pred(name, path)` holds; returns how many. */
export function removeWhere(dir: string, pred: (name: string, path: string) => boolean): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    if (!pred(name, path)) continue;
    rmSync(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** Removes the entries of `dir` that `mine(name)` recognizes and whose owner is gone; returns how many. */
export const removeAbandoned = (dir: string, mine: (name: string) => boolean, now = Date.now()): number =>
  removeWhere(dir, (name, path) => mine(name) && isAbandoned(name, path, now));

/** `<base>.<pid>@<host>-<random>.<tag>`: a sibling temporary of `base` that this process owns
 *  (tags end in `.tmp`, which .gitignore covers). */
export const ownedName = (base: string, tag: string): string => `${base}.${OWNER}-${randomBytes(4).toString('hex')}.${tag}`;

/** Recognizes the names ownedName(base, tag) gives, for any owner. */
export function isOwnedName(base: string, tag: string): (name: string) => boolean {
  const rest = new RegExp(`^\\d+@[A-Za-z0-9._]+-[0-9a-f]{8}\\.${tag.replace(/\./g, '\\.')}$`);
  return (name) => name.startsWith(`${base}.`) && rest.test(name.slice(base.length + 1));
}

// Folders the pipeline makes in the OS temp folder: repro-<kind>-<pid>@<host>-XXXXXX.
const TEMP_DIR = /^repro-[a-z]+-\d+@[A-Za-z0-9._]+-[A-Za-z0-9]{6}$/;

/**
 * A fresh folder `repro-<kind>-<pid>@<host>-XXXXXX` in the OS temp folder (or `root`). Folders of
 * any kind that dead processes left there (a killed bundle, verify or audit) are removed first.
 */
export function ownedTempDir(kind: string, root: string = tmpdir()): string {
  removeAbandoned(root, (name) => TEMP_DIR.test(name));
  return mkdtempSync(join(root, `repro-${kind}-${OWNER}-`));
}
