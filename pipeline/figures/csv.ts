// The plotted rows of a figure as one CSV: every inlined dataset of the spec, in name order,
// tagged with a `dataset` column; columns in first-seen order. Same spec, same bytes.
import type { TopLevelSpec } from 'vega-lite';
import type { Row } from './types.ts';

/** One CSV field: empty for a missing or non-finite number, quoted when it holds a comma, quote or newline. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function figureCsv(vl: TopLevelSpec): string {
  const datasets = ((vl as { datasets?: Record<string, Row[]> }).datasets ?? {}) as Record<string, Row[]>;
  const names = Object.keys(datasets).sort();
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const n of names) {
    for (const row of datasets[n]) {
      for (const k of Object.keys(row)) {
        if (!seen.has(k)) {
          seen.add(k);
          columns.push(k);
        }
      }
    }
  }
  const lines = [['dataset', ...columns].map(csvCell).join(',')];
  for (const n of names) for (const row of datasets[n]) lines.push([n, ...columns.map((c) => row[c])].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}
