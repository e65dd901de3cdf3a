// SHA256SUMS in GNU coreutils format (`<hex>  <path>`, one line per file, sorted by path), so
// `sha256sum -c SHA256SUMS` checks a bundle with no tool of ours. Paths are relative to the
// bundle's top folder and never need GNU's backslash escaping (we refuse \ and newlines).

export const SUMS_FILE = 'SHA256SUMS';

export interface SumLine {
  path: string;
  sha256: string;
}

const LINE = /^([0-9a-f]{64}) [ *](.+)$/;

export function formatSums(sums: Record<string, string>): string {
  return Object.keys(sums)
    .sort()
    .map((p) => {
      if (/[\\\n\r]/.test(p)) throw new Error(`SHA256SUMS: path ${JSON.stringify(p)} would need escaping`);
      return `${sums[p]}  ${p}\n`;
    })
    .join('');
}

/** Parsed lines plus the line numbers (1-based) that are not `<hex>  <path>`. */
export function parseSums(text: string): { lines: SumLine[]; malformed: number[] } {
  const lines: SumLine[] = [];
  const malformed: number[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw === '') return;
    const m = LINE.exec(raw);
    if (m) lines.push({ sha256: m[1], path: m[2] });
    else malformed.push(i + 1);
  });
  return { lines, malformed };
}
