// The runs of an experiment as the site shows them: one row per run with its grid point, status
// (and why it failed or diverged), phase boundaries and final losses, and the command that exports
// its files; the same rows as a CSV file in the site. Missing numbers read as words.
import { csvCell } from '../figures/csv.ts';
import { formatNumber, formatParam } from './format.ts';
import { runAnchor, runsCsv } from './paths.ts';
import type { Experiment } from './types.ts';

/** Param names in first-seen order over the runs (the manifest's grid order, then seed). */
export function paramNames(exp: Experiment): string[] {
  const names: string[] = [];
  for (const r of exp.runs) for (const k of Object.keys(r.params)) if (!names.includes(k)) names.push(k);
  return names;
}

/** Boundary names over an experiment's runs, in first-seen order (t₁, t_g, t₂, or the Wang–Ma phases). */
export function boundaryNames(exp: Experiment): string[] {
  const names: string[] = [];
  for (const r of exp.runs) for (const k of Object.keys(r.boundaries)) if (!names.includes(k)) names.push(k);
  return names;
}

/** The command that writes a run's arrays and metrics (docs/design.md, the export layout). */
export const exportCommand = (key: string): string => `npx repro export ${key} --out run-${key.slice(0, 12)}`;

/** A run's number in the table: words when there is none. */
function cellNumber(x: number | null | undefined, ran: boolean, missing = 'not reached'): string {
  if (!ran) return 'no data';
  return x === null || x === undefined ? missing : formatNumber(x);
}

const ran = (status: string) => status !== 'failed' && status !== 'missing';

export function runsTable(exp: Experiment, root: string) {
  const columns = paramNames(exp);
  const boundaries = boundaryNames(exp);
  return {
    columns,
    boundaries,
    csv: root + runsCsv(exp),
    rows: exp.runs.map((r) => ({
      anchor: runAnchor(r.key),
      key: r.key,
      short: r.key.slice(0, 12),
      cells: columns.map((c) => (c in r.params ? formatParam(c, r.params[c]) : '—')),
      status: r.status === 'missing' ? 'missing (not in the cache)' : r.status,
      reason: r.reason,
      statusClass: r.status === 'ok' ? 'ok' : 'bad',
      boundaries: boundaries.map((b) => cellNumber(r.boundaries[b], ran(r.status))),
      train: cellNumber(r.final.train_loss, ran(r.status), 'not recorded'),
      population: cellNumber(r.final.population_loss, ran(r.status), 'not recorded'),
      command: r.status === 'missing' ? null : exportCommand(r.key),
    })),
  };
}

/** The runs table as CSV: full-precision numbers, empty cells where a value is missing. */
export function runsCsvSource(exp: Experiment): string {
  const columns = paramNames(exp);
  const boundaries = boundaryNames(exp);
  const head = ['key', ...columns, 'status', 'reason', ...boundaries, 'final_train_loss', 'final_population_loss'];
  const rows = exp.runs.map((r) => [
    r.key,
    ...columns.map((c) => (c in r.params ? (r.params[c] ?? (c === 'n' ? 'inf' : '')) : '')),
    r.status,
    r.reason ?? '',
    ...boundaries.map((b) => r.boundaries[b]),
    r.final.train_loss,
    r.final.population_loss,
  ]);
  return [head, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
