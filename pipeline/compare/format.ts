// `repro diff` as text: claims (verdict, estimate and measured values, both sides), runs with
// changed outputs (with the largest change per metric where both files are at hand), figures.
import { formatParams } from '../exec/plan.ts';
import { formatValue } from '../site/format.ts';
import type { Estimate, Value } from '../report/claim-records.ts';
import type { DiffReport, RunDiff } from './diff.ts';

type Show = (v: Value | null | undefined) => string;
const shown: Show = (v) => (v === null || v === undefined ? '–' : formatValue(v));
/** More digits, for two values that print the same with the site's four. */
const precise: Show = (v) => (typeof v === 'number' ? String(+v.toPrecision(10)) : shown(v));
const num = (x: number | null): string => (x === null ? 'NaN' : formatValue(x));

function estimateText(e: Estimate | null, show: Show): string {
  if (!e) return '–';
  const ci = e.ci_low !== null || e.ci_high !== null ? ` [${show(e.ci_low)}, ${show(e.ci_high)}]` : '';
  return `${show(e.value)}${ci}`;
}

/** `old -> new`, as the site prints them, or with more digits when those print the same. */
function change<T>(old: T, now: T, text: (x: T, show: Show) => string): string {
  const [a, b] = [text(old, shown), text(now, shown)];
  return a === b ? `${text(old, precise)} -> ${text(now, precise)}` : `${a} -> ${b}`;
}

function runLines(r: RunDiff): string[] {
  const keys = `${r.old_key?.slice(0, 12) ?? '–'} -> ${r.new_key?.slice(0, 12) ?? '–'}`;
  const head = `  ${r.change.padEnd(7)}  ${r.experiment}  ${formatParams(r.params)}  (${r.profile}; ${keys})`;
  if (r.change !== 'changed') return [head];
  const lines = [`${head}: ${r.files.join(', ')}`];
  if (r.metrics) {
    const { rows, columns } = r.metrics;
    if (rows.old !== rows.new || rows.matched !== rows.old) lines.push(`      rows: ${rows.old} -> ${rows.new} (${rows.matched} at the same steps)`);
    const width = Math.max(0, ...columns.map((c) => c.column.length));
    for (const c of columns) lines.push(`      ${c.column.padEnd(width)}  max |Δ| ${num(c.max_abs_diff)} at step ${c.step} (${num(c.old)} -> ${num(c.new)})`);
  } else if (r.files.includes('metrics.csv')) lines.push('      (metrics.csv of one side is not at hand: only hashes compared)');
  return lines;
}

export function formatDiff(d: DiffReport): string {
  const lines = [`diff ${d.old} -> ${d.new}`];
  if (d.fingerprint.old !== d.fingerprint.new)
    lines.push(`simulator fingerprint: ${d.fingerprint.old?.slice(0, 12) ?? '–'} -> ${d.fingerprint.new?.slice(0, 12) ?? '–'}`);
  if (d.claims === null) lines.push('claims: not compared (a side records none: its lock predates the claims section and it has no claims.json)');
  else {
    lines.push(`claims: ${d.claims.length} changed`);
    for (const c of d.claims) {
      const verdict = c.verdict ? `  verdict ${c.verdict.old ?? '–'} -> ${c.verdict.new ?? '–'}` : '';
      lines.push(`  ${c.claim}${c.change === 'changed' ? '' : ` (${c.change})`}${verdict}`);
      if (c.estimate) lines.push(`    estimate ${c.estimate.new?.name ?? c.estimate.old?.name}: ${change(c.estimate.old, c.estimate.new, estimateText)}`);
      for (const k of c.criteria)
        lines.push(`    criterion ${k.name}: ${change(k.old, k.new, (x, show) => `${estimateText(x, show)} (${x?.verdict ?? '–'})`)}`);
      for (const m of c.measured) lines.push(`    ${m.label}: ${change(m.old, m.new, (x, show) => show(x))}`);
    }
  }
  const count = (change: string) => d.runs.filter((r) => r.change === change).length;
  lines.push(
    `runs: ${count('changed')} with changed outputs, ${count('added')} added, ${count('removed')} removed; ${d.runs_unchanged} unchanged` +
      (d.runs_rekeyed ? ` (${d.runs_rekeyed} of them under a new key, same bytes)` : ''),
  );
  for (const r of d.runs) lines.push(...runLines(r));
  lines.push(`figures: ${d.figures.length} changed`);
  for (const f of d.figures) lines.push(`  ${f.change.padEnd(7)}  ${f.name}`);
  lines.push(d.differs ? 'diff: results differ' : 'diff: no difference in claims, run outputs or figures');
  return lines.join('\n');
}
