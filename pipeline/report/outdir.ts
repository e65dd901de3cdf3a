// The folder a report is written into (`repro report --out DIR`) is repro's only when it says
// so: a marker file names it as repro's output. A folder that is absent or empty is made ours
// (marker written first); one with the marker is ours already; the repository's own reports/
// (where bundles and timings also live) is ours by definition. Any other non-empty folder is
// refused before anything is written. In a folder of ours, the report replaces only its own
// paths (REPORT_OUTPUTS): nothing else in it is touched.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { writeAtomic } from '../cache/atomic.ts';
import { REPORT_OUTPUTS, REPORTS_DIR } from './paths.ts';

export const MARKER = '.repro-report';

const MARKER_TEXT = `This folder is the output of \`repro report\`. A report replaces only ${Object.values(REPORT_OUTPUTS).join(', ')} in it.\n`;

/** Why `dir` may not receive a report, or null when it may. */
export function refusal(dir: string, cwd: string = process.cwd()): string | null {
  if (!existsSync(dir)) return null;
  if (!statSync(dir).isDirectory()) return `${dir} is not a folder`;
  if (resolve(cwd, dir) === resolve(cwd, REPORTS_DIR) || existsSync(join(dir, MARKER))) return null;
  const names = readdirSync(dir);
  return names.length === 0 ? null : `${dir} is not empty and was not made by repro (no ${MARKER} in it); choose an empty or new folder`;
}

/** Makes `dir` ours (creating it with the marker) or throws a one-line UserError; writes nothing then. */
export function claimOutDir(dir: string, cwd: string = process.cwd()): void {
  const why = refusal(dir, cwd);
  if (why) throw new UserError(`--out ${dir}: ${why}`);
  if (resolve(cwd, dir) !== resolve(cwd, REPORTS_DIR) && !existsSync(join(dir, MARKER))) writeAtomic(join(dir, MARKER), MARKER_TEXT);
}
