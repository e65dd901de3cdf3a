// A deterministic .tar.gz of a staged folder, built with node-tar (never a hand-rolled tar):
// entries in sorted order, portable headers (no uid/gid/uname/gname/atime/ctime), modes
// normalized to 0644 (files) and 0755 (directories, executables), one fixed mtime for every
// file (node-tar's portable mode writes directories without one, i.e. 0), and a gzip header
// with mtime 0, no file name, OS byte 3 (Unix) and a fixed compression level.
import { readdirSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';

export const GZIP_LEVEL = 9;

/** Every directory and file under `root/top`, as paths relative to `root`, sorted by code unit. */
export function listTree(root: string, top: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    out.push(rel);
    for (const name of readdirSync(join(root, rel)).sort()) {
      const child = `${rel}/${name}`;
      const st = lstatSync(join(root, child));
      if (st.isDirectory()) walk(child);
      else if (st.isFile()) out.push(child);
      else throw new Error(`bundle: ${child} is neither a file nor a directory`);
    }
  };
  walk(top);
  return out.sort();
}

/** Permissions written to the archive: only "executable or not" survives from the file system. */
export function normalizedMode(isDir: boolean, mode: number): number {
  return isDir || (mode & 0o111) !== 0 ? 0o755 : 0o644;
}

/** The uncompressed tar stream of `paths` (relative to `cwd`), in the given order. */
function packTar(cwd: string, paths: string[], mtime: Date): Buffer {
  const chunks: Buffer[] = [];
  const pack = tar.create(
    {
      cwd,
      sync: true,
      portable: true,
      noDirRecurse: true,
      mtime,
      onWriteEntry: (entry) => {
        // Called before the header is encoded: the header takes its mode from this stat.
        const st = entry.stat;
        if (st) st.mode = (st.mode & ~0o7777) | normalizedMode(entry.type === 'Directory', st.mode);
      },
    },
    paths,
  );
  pack.on('data', (c: Buffer) => chunks.push(c));
  return Buffer.concat(chunks);
}

/** gzip with a fixed level and header: zlib already writes mtime 0 and no name; the OS byte
 *  differs by platform, so it is pinned to 3 (Unix). */
export function deterministicGzip(data: Uint8Array): Buffer {
  const gz = gzipSync(data, { level: GZIP_LEVEL });
  if (gz[3] !== 0 || gz.readUInt32LE(4) !== 0) throw new Error('bundle: unexpected gzip header (flags or mtime set)');
  gz[9] = 3;
  return gz;
}

/** The bytes of `root/top` as a deterministic .tar.gz. */
export function packDeterministic(root: string, top: string, mtime: Date): Buffer {
  return deterministicGzip(packTar(root, listTree(root, top), mtime));
}
