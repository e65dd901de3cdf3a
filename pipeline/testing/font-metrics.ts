// Advance widths of the font the PNG renderer draws with, read from its TrueType file (head,
// hhea, hmtx and a cmap subtable of format 4 or 12), so a test can measure rendered text instead
// of trusting Vega's estimate (0.8 × characters × size, which is made for layout, not for checks).
// Kerning is ignored: in DejaVu Sans it moves a pair by a fraction of a pixel at figure sizes.
import { readFileSync } from 'node:fs';

export interface FontMetrics {
  unitsPerEm: number;
  /** Advance width of a code point in font units (the .notdef glyph's when the font lacks it). */
  advance(codePoint: number): number;
}

function tables(buf: Buffer): Map<string, number> {
  const out = new Map<string, number>();
  const n = buf.readUInt16BE(4);
  for (let i = 0; i < n; i++) out.set(buf.toString('latin1', 12 + 16 * i, 16 + 16 * i), buf.readUInt32BE(20 + 16 * i));
  return out;
}

/** Code point -> glyph id from the best Unicode cmap subtable (format 12 if present, else 4). */
function glyphMap(buf: Buffer, cmap: number): (cp: number) => number {
  const subtables: { platform: number; encoding: number; offset: number }[] = [];
  for (let i = 0; i < buf.readUInt16BE(cmap + 2); i++) {
    const at = cmap + 4 + 8 * i;
    subtables.push({ platform: buf.readUInt16BE(at), encoding: buf.readUInt16BE(at + 2), offset: cmap + buf.readUInt32BE(at + 4) });
  }
  const full = subtables.find((s) => buf.readUInt16BE(s.offset) === 12);
  if (full) {
    const groups = buf.readUInt32BE(full.offset + 12);
    return (cp) => {
      for (let g = 0; g < groups; g++) {
        const at = full.offset + 16 + 12 * g;
        const start = buf.readUInt32BE(at),
          end = buf.readUInt32BE(at + 4);
        if (cp >= start && cp <= end) return buf.readUInt32BE(at + 8) + cp - start;
      }
      return 0;
    };
  }
  const bmp = subtables.find((s) => s.platform === 3 && s.encoding === 1 && buf.readUInt16BE(s.offset) === 4);
  if (!bmp) throw new Error('font has no Unicode cmap of format 4 or 12');
  const o = bmp.offset;
  const segs = buf.readUInt16BE(o + 6) / 2;
  const ends = o + 14,
    starts = ends + 2 * segs + 2,
    deltas = starts + 2 * segs,
    ranges = deltas + 2 * segs;
  return (cp) => {
    for (let s = 0; s < segs; s++) {
      if (cp > buf.readUInt16BE(ends + 2 * s)) continue;
      const start = buf.readUInt16BE(starts + 2 * s);
      if (cp < start) return 0;
      const delta = buf.readInt16BE(deltas + 2 * s);
      const range = buf.readUInt16BE(ranges + 2 * s);
      if (range === 0) return (cp + delta) & 0xffff;
      const glyph = buf.readUInt16BE(ranges + 2 * s + range + 2 * (cp - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

export function loadFontMetrics(path: string): FontMetrics {
  const buf = readFileSync(path);
  const t = tables(buf);
  const [head, hhea, hmtx, cmap] = ['head', 'hhea', 'hmtx', 'cmap'].map((tag) => {
    const at = t.get(tag);
    if (at === undefined) throw new Error(`${path}: no '${tag}' table`);
    return at;
  });
  const unitsPerEm = buf.readUInt16BE(head + 18);
  const metrics = buf.readUInt16BE(hhea + 34);
  const glyphOf = glyphMap(buf, cmap);
  const cache = new Map<number, number>();
  return {
    unitsPerEm,
    advance(cp) {
      let w = cache.get(cp);
      if (w === undefined) {
        const g = Math.min(glyphOf(cp), metrics - 1);
        w = buf.readUInt16BE(hmtx + 4 * g);
        cache.set(cp, w);
      }
      return w;
    },
  };
}

/** Width in pixels of `text` set in `font` at `size` px. */
export function textWidth(font: FontMetrics, text: string, size: number): number {
  let units = 0;
  for (const ch of text) units += font.advance(ch.codePointAt(0)!);
  return (units * size) / font.unitsPerEm;
}
