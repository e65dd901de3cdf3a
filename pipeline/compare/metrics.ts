// The largest change per column between two runs' metrics.csv (`repro diff`): rows are matched
// by their step (by position when there is no step column); an empty cell is NaN, and NaN
// matches NaN. A column that differs only where one side has a NaN reports it as non-finite.
export interface MetricChange {
  column: string;
  /** max |new - old| over matched rows; null when the largest difference is not finite (a NaN on one side). */
  max_abs_diff: number | null;
  /** The step (or row) of that difference, and both values there (null: NaN or an empty cell). */
  step: number;
  old: number | null;
  new: number | null;
}

export interface MetricsDiff {
  /** Rows of each side, and how many matched by step. */
  rows: { old: number; new: number; matched: number };
  columns: MetricChange[];
}

interface Csv {
  columns: string[];
  rows: number[][];
}

function parseCsv(text: string): Csv {
  const [head, ...lines] = text.split(/\r?\n/).filter((l) => l !== '');
  return { columns: (head ?? '').split(','), rows: lines.map((l) => l.split(',').map((c) => (c === '' ? NaN : Number(c)))) };
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The columns that changed, each with its largest change (none when the matched rows are equal). */
export function metricChanges(oldText: string, newText: string): MetricsDiff {
  const [a, b] = [parseCsv(oldText), parseCsv(newText)];
  const stepA = a.columns.indexOf('step'),
    stepB = b.columns.indexOf('step');
  const rowKey = (row: number[], i: number, at: number) => (at >= 0 ? row[at] : i);
  const byStep = new Map(b.rows.map((row, i) => [rowKey(row, i, stepB), row]));
  const matched = a.rows.flatMap((row, i) => {
    const other = byStep.get(rowKey(row, i, stepA));
    return other ? [{ step: rowKey(row, i, stepA), a: row, b: other }] : [];
  });
  const out: MetricChange[] = [];
  for (const [ca, column] of a.columns.entries()) {
    const cb = b.columns.indexOf(column);
    if (column === 'step' || cb < 0) continue;
    let best: { d: number; step: number; x: number; y: number } | null = null;
    for (const m of matched) {
      const [x, y] = [m.a[ca], m.b[cb]];
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      const d = Number.isNaN(x) || Number.isNaN(y) ? Infinity : Math.abs(y - x);
      if (d > 0 && (best === null || d > best.d)) best = { d, step: m.step, x, y };
    }
    if (best) out.push({ column, max_abs_diff: finite(best.d), step: best.step, old: finite(best.x), new: finite(best.y) });
  }
  return { rows: { old: a.rows.length, new: b.rows.length, matched: matched.length }, columns: out };
}
