// ManifestError and the small formatters that keep every manifest message on one line:
// `file:line:col: field: message`, or `file: message` when there is no position; a value given on
// the command line is named by its argument: `--set base.m=abc: base.m: message`.
import { UserError } from '../errors.ts';
import type { Origin } from './types.ts';

export type PathSegment = string | number;

export class ManifestError extends UserError {
  constructor(
    readonly file: string,
    readonly at: { line: number; col: number; arg?: string } | null,
    readonly field: string | null,
    readonly detail: string,
  ) {
    const where = at?.arg ?? (at ? `${file}:${at.line}:${at.col}` : file);
    super(field === null ? `${where}: ${detail}` : `${where}: ${field}: ${detail}`);
    this.name = 'ManifestError';
  }

  static at(file: string, origin: Origin, detail: string): ManifestError {
    return new ManifestError(file, origin, origin.field, detail);
  }
}

/** `grid.lr[1]`, `claims["my claim"]`; the document itself is `(root)`. */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** A value as the user wrote it, short: -0.1, 'abc', null, a list, a mapping. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') {
    const s = JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value).slice(1, -1);
    return `'${s}'`;
  }
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (value === undefined) return 'nothing';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

/** `a, b or c` (or `a, b and c`). */
export function formatList(items: readonly unknown[], conjunction: 'or' | 'and' = 'or'): string {
  const parts = items.map((x) => String(x));
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} ${conjunction} ${parts[parts.length - 1]}`;
}

/** Levenshtein distance with transpositions (optimal string alignment). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let before = prev;
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      // A swap of two neighbours ('titel') counts as one edit.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], before[j - 2] + 1);
    }
    [before, prev] = [prev, cur];
  }
  return prev[b.length];
}

/** The closest allowed name to a misspelt one, if it is close enough to be a likely typo. */
export function closest(word: string, allowed: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.min(2, Math.floor(word.length / 3)));
  for (const name of allowed) {
    const d = editDistance(word.toLowerCase(), name.toLowerCase());
    if (d <= bestDistance && (best === null || d < bestDistance)) [best, bestDistance] = [name, d];
  }
  return best;
}
