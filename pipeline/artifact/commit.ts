// The commit a bundle's source/ comes from, checkable without git: the bundle carries the raw
// commit object (`git cat-file commit`, the file COMMIT), whose SHA-1 is the commit id the bundle
// names, and which names the tree. Hashing source/ as git hashes a tree (blobs, modes 100644 and
// 100755, entries in git's order) tells whether source/ is exactly that commit: a source file
// edited after the bundle was made is caught, and the commit id ties the bundle to the public
// repository.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';

export const COMMIT_FILE = 'COMMIT';

export interface CommitInfo {
  /** SHA-1 of the commit object: the commit id. */
  id: string;
  /** The tree id the commit names. */
  tree: string;
  /** Committer time, seconds since the epoch. */
  time: number;
}

const sha1 = (...parts: (string | Uint8Array)[]): Buffer => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** A git object's id: sha1 of `<type> <length>\0<body>`. */
const objectId = (type: string, body: Uint8Array): Buffer => sha1(`${type} ${body.length}\0`, body);

/** Reads a raw commit object (what `git cat-file commit <id>` prints). */
export function parseCommit(raw: Uint8Array, where: string): CommitInfo {
  const text = Buffer.from(raw).toString('utf8');
  const tree = /^tree ([0-9a-f]{40})$/m.exec(text)?.[1];
  const time = /^committer .* (\d+) [+-]\d{4}$/m.exec(text)?.[1];
  if (!tree || !time) throw new UserError(`${where}: not a git commit object`);
  return { id: objectId('commit', raw).toString('hex'), tree, time: Number(time) };
}

/**
 * The git tree id of `dir` (plain files and folders only; a file is 100755 when any execute bit is
 * set). Git orders entries by name, a folder as if its name ended in '/'.
 */
export function gitTreeId(dir: string): string {
  return treeOf(dir).toString('hex');
}

function treeOf(dir: string): Buffer {
  const entries = readdirSync(dir).map((name) => {
    const st = lstatSync(join(dir, name));
    if (st.isDirectory()) return { name, sortKey: `${name}/`, mode: '40000', id: treeOf(join(dir, name)) };
    if (!st.isFile()) throw new UserError(`${join(dir, name)}: not a plain file`);
    return { name, sortKey: name, mode: st.mode & 0o111 ? '100755' : '100644', id: objectId('blob', readFileSync(join(dir, name))) };
  });
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.sortKey), Buffer.from(b.sortKey)));
  const body = Buffer.concat(entries.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`), e.id]));
  return objectId('tree', body);
}
