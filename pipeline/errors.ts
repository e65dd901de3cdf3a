// Typed errors the CLI turns into one line and an exit code (docs/design.md: 2 bad input, 1 a check failed).

/** A user mistake (bad manifest, bad flag, missing file): one line, exit 2, never a stack trace. */
export class UserError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A check that ran and failed (audit/verify mismatch, failed runs): exit 1. */
export class CheckFailed extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailed';
  }
}

/** Ctrl-C / SIGTERM: exit 130 after cleaning up. */
export class Interrupted extends Error {
  readonly exitCode = 130;
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'Interrupted';
  }
}

const SYSTEM: Record<string, [text: string, exitCode: 1 | 2]> = {
  ENOSPC: ['no space left on the device', 1],
  EDQUOT: ['disk quota exceeded', 1],
  EIO: ['input/output error', 1],
  EMFILE: ['too many open files', 1],
  ENFILE: ['too many open files in the system', 1],
  ENOMEM: ['out of memory', 1],
  EBUSY: ['busy', 1],
  EACCES: ['permission denied', 2],
  EPERM: ['operation not permitted', 2],
  EROFS: ['read-only file system', 2],
  ENAMETOOLONG: ['file name too long', 2],
  ENOENT: ['no such file or folder', 2],
  ENOTDIR: ['a part of the path is not a folder', 2],
  EISDIR: ['is a folder', 2],
  ELOOP: ['too many levels of symbolic links', 2],
  EEXIST: ['already exists', 2],
  ENOTEMPTY: ['folder not empty', 2],
  EXDEV: ['cannot move across file systems', 2],
};

/**
 * A failure of the file system or the OS (a Node system error: full disk, permissions, a name too
 * long) as one line naming the path and the problem, and its exit code: 1 for the environment
 * (ENOSPC, EIO, ...), 2 for what the user can change (a path, a permission). Null for anything else.
 */
export function describeSystemError(err: unknown): { message: string; exitCode: 1 | 2 } | null {
  const e = err as NodeJS.ErrnoException & { dest?: string };
  if (!(err instanceof Error) || typeof e.code !== 'string' || typeof e.syscall !== 'string') return null;
  const [text, exitCode] = SYSTEM[e.code] ?? [e.message.replace(/^\w+: /, '').split(',')[0], 1];
  const where = e.path ? `${e.path}${e.dest ? ` -> ${e.dest}` : ''}: ` : '';
  return { message: `${where}${text} (${e.code}, ${e.syscall})`, exitCode };
}
