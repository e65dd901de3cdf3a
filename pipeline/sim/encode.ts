// A run's output as files with deterministic bytes: CSV tables (shortest round-trip decimals,
// empty cell for NaN), .npy arrays, and result.json (sorted keys).
import { encodeNpy } from './npy.ts';
import type { RunOutput, RunSpec, Table } from './types.ts';

const enc = new TextEncoder();

function formatNumber(x: number): string {
  return Number.isNaN(x) ? '' : String(x);
}

export function tableToCsv(table: Table): string {
  const { columns, data } = table;
  const rows = [columns.join(',')];
  const n = columns.length ? data[columns[0]].length : 0;
  for (let r = 0; r < n; r++) rows.push(columns.map((c) => formatNumber(data[c][r])).join(','));
  return rows.join('\n') + '\n';
}

export function parseCsv(text: string): Table {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const columns = lines[0].split(',');
  const data: Record<string, Float64Array> = {};
  for (const c of columns) data[c] = new Float64Array(lines.length - 1);
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r].split(',');
    for (let c = 0; c < columns.length; c++) data[columns[c]][r - 1] = cells[c] === '' ? NaN : Number(cells[c]);
  }
  return { columns, data };
}

/** JSON with sorted keys and non-finite numbers as null (small values only; no canonical escaping concerns). */
export function sortedJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_k, v) => {
        if (typeof v === 'number' && !Number.isFinite(v)) return null;
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          return Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, (v as Record<string, unknown>)[k]]),
          );
        }
        return v;
      },
      2,
    ) + '\n'
  );
}

export function lastRow(table: Table): Record<string, number> {
  const n = table.columns.length ? table.data[table.columns[0]].length : 0;
  return Object.fromEntries(table.columns.map((c) => [c, table.data[c][n - 1]]));
}

export function encodeRun(spec: RunSpec, out: RunOutput): Record<string, Uint8Array> {
  const { m, d } = spec;
  const result = {
    status: out.status,
    message: out.message,
    steps_taken: out.steps_taken,
    t_final: out.t_final,
    final: lastRow(out.metrics),
  };
  return {
    'metrics.csv': enc.encode(tableToCsv(out.metrics)),
    'neurons.csv': enc.encode(tableToCsv(out.neurons)),
    'beta.npy': encodeNpy(out.beta, [d]),
    'W0.npy': encodeNpy(out.W0, [m, d]),
    'v0.npy': encodeNpy(out.v0, [m]),
    'W.npy': encodeNpy(out.W, [m, d]),
    'v.npy': encodeNpy(out.v, [m]),
    'result.json': enc.encode(sortedJson(result)),
  };
}
