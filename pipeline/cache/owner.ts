// Who holds a tmp dir or lock file: `<pid>@<host>`, so a later process can tell a holder that
// died (same host, pid gone) from one still at work.
import { hostname } from 'node:os';

/** This host's name, reduced to characters safe in file names. */
export const HOST = hostname().replace(/[^A-Za-z0-9.]/g, '_');

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}
