// The layout of a figure as Vega rendered it to SVG: every text line's box (position from the
// SVG's transforms, width measured with the renderer's font), every view frame and every axis
// line. layoutProblems() names what a reader would see as broken: text outside the canvas or
// cut short with an ellipsis, two texts on top of each other, an axis with no plot beside it.
import { FONT_FILES } from '../figures/render.ts';
import { loadFontMetrics, textWidth, type FontMetrics } from './font-metrics.ts';

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface TextBox extends Box {
  text: string;
  /** The role of the Vega mark that drew it (e.g. 'axis-label', 'title-text', 'mark'). */
  role: string;
}

export interface SvgLayout {
  width: number;
  height: number;
  texts: TextBox[];
  /** Plot areas: group backgrounds with a stroke (the view frame). */
  frames: Box[];
  /** Axis domain lines. */
  axes: Box[];
}

function multiply(a: Matrix, b: Matrix): Matrix {
  return [
    a[0] * b[0] + a[2] * b[1],
    a[1] * b[0] + a[3] * b[1],
    a[0] * b[2] + a[2] * b[3],
    a[1] * b[2] + a[3] * b[3],
    a[0] * b[4] + a[2] * b[5] + a[4],
    a[1] * b[4] + a[3] * b[5] + a[5],
  ];
}

/** The SVG transform list Vega writes: translate, rotate, scale (in any order). */
export function parseTransform(s: string | undefined): Matrix {
  let m = IDENTITY;
  if (!s) return m;
  for (const [, op, args] of s.matchAll(/(\w+)\(([^)]*)\)/g)) {
    const v = args
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (op === 'translate') m = multiply(m, [1, 0, 0, 1, v[0], v[1] ?? 0]);
    else if (op === 'scale') m = multiply(m, [v[0], 0, 0, v[1] ?? v[0], 0, 0]);
    else if (op === 'rotate') {
      const a = (v[0] * Math.PI) / 180;
      m = multiply(m, [Math.cos(a), Math.sin(a), -Math.sin(a), Math.cos(a), 0, 0]);
    } else if (op === 'matrix') m = multiply(m, v as Matrix);
    else throw new Error(`unsupported SVG transform '${op}'`);
  }
  return m;
}

const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

function boxOf(m: Matrix, x1: number, y1: number, x2: number, y2: number): Box {
  const pts = [apply(m, x1, y1), apply(m, x2, y1), apply(m, x1, y2), apply(m, x2, y2)];
  const xs = pts.map((p) => p[0]),
    ys = pts.map((p) => p[1]);
  return { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
}

const attr = (attrs: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

let fonts: { regular: FontMetrics; bold: FontMetrics } | null = null;
function fontFor(weight: string | undefined): FontMetrics {
  fonts ??= { regular: loadFontMetrics(FONT_FILES[0]), bold: loadFontMetrics(FONT_FILES[1]) };
  return weight === 'bold' || Number(weight) >= 600 ? fonts.bold : fonts.regular;
}

// Vega places the alphabetic baseline at the text's y; it takes a line to span 0.79 em above it
// and 0.21 em below (vega-scenegraph's textMetrics).
const ASCENT = 0.79,
  DESCENT = 0.21;

/** Parses an SVG written by Vega's SVG renderer. */
export function svgLayout(svg: string): SvgLayout {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const layout: SvgLayout = { width: Number(attr(root, 'width')), height: Number(attr(root, 'height')), texts: [], frames: [], axes: [] };
  const stack: { m: Matrix; role: string }[] = [{ m: IDENTITY, role: '' }];
  const top = () => stack[stack.length - 1];
  const tag = /<(\/?)([a-zA-Z]+)\b([^>]*?)(\/?)>/g;
  let t: RegExpExecArray | null;
  while ((t = tag.exec(svg))) {
    const [, close, name, attrs, selfClosing] = t;
    if (name === 'g') {
      if (close) stack.pop();
      else {
        const cls = attr(attrs, 'class') ?? '';
        const role = /\brole-([\w-]+)/.exec(cls)?.[1] ?? top().role;
        const entry = { m: multiply(top().m, parseTransform(attr(attrs, 'transform'))), role };
        if (!selfClosing) stack.push(entry);
      }
    } else if (name === 'path' && !close && attr(attrs, 'class') === 'background' && attr(attrs, 'stroke')) {
      const d = /^M([-\d.]+),([-\d.]+)h([-\d.]+)v([-\d.]+)/.exec(attr(attrs, 'd') ?? '');
      if (d && Number(d[3]) > 0 && Number(d[4]) > 0) {
        const [x, y, w, h] = d.slice(1).map(Number);
        layout.frames.push(boxOf(top().m, x, y, x + w, y + h));
      }
    } else if (name === 'line' && !close && top().role === 'axis-domain') {
      const m = multiply(top().m, parseTransform(attr(attrs, 'transform')));
      const x2 = Number(attr(attrs, 'x2') ?? 0),
        y2 = Number(attr(attrs, 'y2') ?? 0);
      layout.axes.push(boxOf(m, 0, 0, x2, y2));
    } else if (name === 'text' && !close && !selfClosing) {
      const end = svg.indexOf('</text>', tag.lastIndex);
      const body = svg.slice(tag.lastIndex, end);
      tag.lastIndex = end + '</text>'.length;
      // Vega hides the labels its overlap removal dropped with opacity 0.
      if (Number(attr(attrs, 'opacity') ?? 1) === 0 || Number(attr(attrs, 'fill-opacity') ?? 1) === 0) continue;
      const m = multiply(top().m, parseTransform(attr(attrs, 'transform')));
      const size = parseFloat(attr(attrs, 'font-size') ?? '11');
      const font = fontFor(attr(attrs, 'font-weight'));
      const anchor = attr(attrs, 'text-anchor') ?? 'start';
      // One box per line: a <tspan> with dy starts a new line below the previous one.
      const lines = body.includes('<tspan')
        ? [...body.matchAll(/<tspan\b([^>]*)>([^<]*)<\/tspan>/g)].map(([, a, s]) => ({ dy: Number(attr(a, 'dy') ?? 0), text: decode(s) }))
        : [{ dy: 0, text: decode(body) }];
      let y = 0;
      for (const line of lines) {
        y += line.dy;
        if (line.text.trim() === '') continue;
        const w = textWidth(font, line.text, size);
        const x0 = anchor === 'middle' ? -w / 2 : anchor === 'end' ? -w : 0;
        layout.texts.push({ ...boxOf(m, x0, y - ASCENT * size, x0 + w, y + DESCENT * size), text: line.text, role: top().role });
      }
    }
  }
  return layout;
}

const overlap = (a: Box, b: Box, tol: number) => Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > tol && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > tol;

/** An axis line lies along an edge of some plot frame (else it is an orphan: an axis under nothing). */
function besideFrame(axis: Box, frames: Box[], tol = 2): boolean {
  const horizontal = axis.x2 - axis.x1 >= axis.y2 - axis.y1;
  return frames.some((f) =>
    horizontal
      ? (Math.abs(axis.y1 - f.y2) <= tol || Math.abs(axis.y1 - f.y1) <= tol) && Math.min(axis.x2, f.x2) - Math.max(axis.x1, f.x1) > 0.5 * (axis.x2 - axis.x1)
      : (Math.abs(axis.x1 - f.x1) <= tol || Math.abs(axis.x1 - f.x2) <= tol) && Math.min(axis.y2, f.y2) - Math.max(axis.y1, f.y1) > 0.5 * (axis.y2 - axis.y1),
  );
}

const where = (b: TextBox) => `'${b.text}' (${b.role}) at ${Math.round(b.x1)}..${Math.round(b.x2)} × ${Math.round(b.y1)}..${Math.round(b.y2)}`;

/** What a reader would see as broken, one line per problem (empty when the layout is clean). */
export function layoutProblems(layout: SvgLayout, tol = 0.5): string[] {
  const problems: string[] = [];
  for (const b of layout.texts) {
    if (b.x1 < -tol || b.y1 < -tol || b.x2 > layout.width + tol || b.y2 > layout.height + tol)
      problems.push(`clipped: ${where(b)} outside the ${layout.width} × ${layout.height} canvas`);
    if (b.text.endsWith('…')) problems.push(`cut short: ${where(b)}`);
  }
  for (let i = 0; i < layout.texts.length; i++)
    for (let j = i + 1; j < layout.texts.length; j++)
      if (overlap(layout.texts[i], layout.texts[j], tol)) problems.push(`overlap: ${where(layout.texts[i])} and ${where(layout.texts[j])}`);
  for (const a of layout.axes)
    if (!besideFrame(a, layout.frames))
      problems.push(`orphan axis: the line ${Math.round(a.x1)}..${Math.round(a.x2)} × ${Math.round(a.y1)}..${Math.round(a.y2)} borders no plot`);
  return problems;
}
