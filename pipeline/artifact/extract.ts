// Reading a bundle someone handed us, safely. Pass 1 reads every header (no data kept, nothing
// written) and rejects the whole archive if any entry is unsafe: an absolute or drive path, a `..`
// or `.` or empty component, a backslash or control character, anything but a plain file or a
// directory (symlinks, hard links, devices, FIFOs), a duplicate, or a path outside the one top
// folder. Pass 2 extracts with node-tar into a fresh folder, its filter admitting only the
// entries pass 1 accepted, and a final walk confirms nothing but files and folders was made.
// Pass 1 also stops a decompression bomb: it gives up as soon as the unpacked tar stream or the
// entry count passes a limit, before anything is written.
import { closeSync, createReadStream, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createInflateRaw } from 'node:zlib';
import * as tar from 'tar';
import { UserError } from '../errors.ts';

export interface ArchiveEntry {
  /** As in the header, without a trailing slash. */
  path: string;
  kind: 'file' | 'dir';
  size: number;
}

const FILE_TYPES = new Set(['File', 'OldFile']);

/** Why an entry path is unsafe, or null. */
export function unsafePath(raw: string, top: string): string | null {
  if (raw === '') return 'empty path';
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) return 'absolute path';
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return 'backslash or control character in path';
  const parts = raw.replace(/\/$/, '').split('/');
  if (parts.includes('..')) return "'..' component";
  if (parts.some((p) => p === '' || p === '.')) return "empty or '.' component";
  if (parts[0] !== top) return `outside the top folder ${top}/`;
  return null;
}

function checkEntry(e: tar.ReadEntry, top: string): ArchiveEntry {
  const why = unsafePath(e.path, top);
  if (why) throw new UserError(`unsafe archive entry ${JSON.stringify(e.path)}: ${why}; nothing extracted`);
  const isFile = FILE_TYPES.has(e.type);
  if (!isFile && e.type !== 'Directory')
    throw new UserError(`unsafe archive entry ${JSON.stringify(e.path)}: type ${e.type} (only files and folders are allowed); nothing extracted`);
  return { path: e.path.replace(/\/$/, ''), kind: isFile ? 'file' : 'dir', size: e.size ?? 0 };
}

export interface ArchiveLimits {
  /** Unpacked size of the tar stream (headers included). */
  maxBytes: number;
  maxEntries: number;
}

/** A paper-profile bundle unpacks to well under 100 MB in a few thousand files. */
export const DEFAULT_LIMITS: ArchiveLimits = { maxBytes: 4 * 2 ** 30, maxEntries: 200_000 };

/** "4 GiB", "512 MiB": the unit that shows a limit exactly when it can. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ] as const)
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  return `${n} bytes`;
}

/** Pass 1: every entry, checked; throws UserError (exit 2) on a malformed, unsafe or oversized archive. */
export async function listArchive(file: string, top: string, limits: ArchiveLimits = DEFAULT_LIMITS): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  let firstError: unknown = null;
  let bytes = 0;
  let tooBig: UserError | null = null;
  const parser = new tar.Parser({
    strict: true,
    onReadEntry: (e) => {
      try {
        if (!firstError) entries.push(checkEntry(e, top));
        if (entries.length > limits.maxEntries) stop(`has more than ${limits.maxEntries} entries`);
      } catch (err) {
        firstError ??= err;
      }
      e.resume();
    },
  });
  const gunzip = createGunzip();
  const stop = (why: string): void => {
    tooBig ??= new UserError(`${file}: ${why} (the limit; --max-size / --max-files raise it); nothing extracted`);
    gunzip.destroy(tooBig);
  };
  gunzip.on('data', (c: Buffer) => {
    bytes += c.length;
    if (bytes > limits.maxBytes) stop(`unpacks to more than ${formatBytes(limits.maxBytes)}`);
  });
  try {
    await pipeline(createReadStream(file), gunzip, parser as unknown as Writable);
  } catch (err) {
    if (tooBig) throw tooBig;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EISDIR') throw new UserError(`cannot read ${file}: ${e.code}`);
    throw new UserError(`${file}: not a valid .tar.gz (${e.message})`);
  }
  if (tooBig) throw tooBig;
  if (firstError) throw firstError;
  if (bytes % 512 !== 0 || entries.length === 0) throw new UserError(`${file}: not a valid .tar.gz (truncated or empty tar)`);
  checkTree(entries);
  return entries;
}

/** No duplicates, and no entry nested under a file. */
function checkTree(entries: ArchiveEntry[]): void {
  const kinds = new Map<string, ArchiveEntry['kind']>();
  for (const e of entries) {
    if (kinds.has(e.path)) throw new UserError(`unsafe archive: duplicate entry ${JSON.stringify(e.path)}; nothing extracted`);
    kinds.set(e.path, e.kind);
  }
  for (const e of entries) {
    const parts = e.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (kinds.get(parent) === 'file')
        throw new UserError(`unsafe archive: ${JSON.stringify(e.path)} is inside the file ${JSON.stringify(parent)}; nothing extracted`);
    }
  }
}

/** Pass 2: extract exactly the accepted entries into `dest` (a fresh, empty folder). */
export async function extractChecked(file: string, dest: string, accepted: ArchiveEntry[]): Promise<void> {
  const ok = new Map(accepted.map((e) => [e.path, e.kind]));
  const admit = (path: string, entry: tar.ReadEntry | import('node:fs').Stats): boolean => {
    const e = entry as tar.ReadEntry;
    const kind = FILE_TYPES.has(e.type) ? 'file' : e.type === 'Directory' ? 'dir' : null;
    return kind !== null && ok.get(path.replace(/\/$/, '')) === kind;
  };
  try {
    await tar.x({ file, cwd: dest, strict: true, preservePaths: false, preserveOwner: false, filter: admit });
  } catch (err) {
    throw new UserError(`${file}: extraction failed (${(err as Error).message})`);
  }
  assertPlainTree(dest);
}

function assertPlainTree(dir: string): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) assertPlainTree(p);
    else if (!st.isFile()) throw new UserError(`extraction produced ${p}, which is not a plain file`);
  }
}

/**
 * A bundle is one gzip member: refuses anything after the first member's trailer (a second member
 * or other bytes, which gunzip would silently read or drop). Parses the gzip header (RFC 1952),
 * inflates the raw deflate stream to find where it ends, and checks the file ends 8 bytes later.
 */
export async function checkOneMember(file: string): Promise<void> {
  const size = statSync(file).size;
  const head = Buffer.alloc(Math.min(size, 65536));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const start = gzipHeaderLength(head);
  if (start === null) throw new UserError(`${file}: not a valid .tar.gz (bad gzip header)`);
  const inflate = createInflateRaw();
  inflate.resume();
  try {
    await pipeline(createReadStream(file, { start }), inflate);
  } catch (err) {
    throw new UserError(`${file}: not a valid .tar.gz (${(err as Error).message})`);
  }
  const end = start + inflate.bytesWritten + 8;
  if (end !== size) throw new UserError(`${file}: ${size - end} bytes after the gzip stream (a second member or appended data); a bundle is one gzip member`);
}

/** Length of the gzip member header at the start of `b` (RFC 1952 §2.3), or null when it is not one. */
function gzipHeaderLength(b: Buffer): number | null {
  if (b.length < 18 || b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) return null;
  const flags = b[3];
  let at = 10;
  if (flags & 4) at += 2 + b.readUInt16LE(at); // FEXTRA
  for (const bit of [8, 16]) {
    // FNAME, FCOMMENT: zero-terminated
    if (!(flags & bit)) continue;
    const zero = b.indexOf(0, at);
    if (zero < 0) return null;
    at = zero + 1;
  }
  if (flags & 2) at += 2; // FHCRC
  return at < b.length ? at : null;
}
