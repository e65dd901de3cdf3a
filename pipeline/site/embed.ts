// Figure specs as JavaScript files: each sets window.REPRO_FIGURES[name] and is loaded with
// <script src> (fetch and data URLs are blocked under file://). The JSON is made safe to embed
// anywhere in HTML or JS: '<', '>' and '&' become \u escapes, as do U+2028/U+2029.
import type { Figure } from './types.ts';

const UNSAFE = /[<>&\u2028\u2029]/g;

export function scriptSafeJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new Error('scriptSafeJson: value is not JSON-serializable');
  return json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function figureScriptSource(fig: Pick<Figure, 'name' | 'vl'>): string {
  return [
    "// Generated: the Vega-Lite spec (data inlined) of one figure, for the site's renderer.",
    `(window.REPRO_FIGURES = window.REPRO_FIGURES || {})[${scriptSafeJson(fig.name)}] = ${scriptSafeJson(fig.vl)};`,
    '',
  ].join('\n');
}
