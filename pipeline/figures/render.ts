// Vega-Lite spec -> SVG (vega, headless) -> PNG at 2x (resvg). Text is drawn with the DejaVu
// fonts shipped by the `dejavu-fonts-ttf` npm package, with system fonts off, so the same
// input gives the same bytes on every machine (DEPENDENCIES.md: resvg without font files
// silently drops all text; with system fonts its output follows whatever is installed).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compile, version as vegaLiteVersion, type TopLevelSpec } from 'vega-lite';
import { parse, View, version as vegaVersion } from 'vega';
import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY } from './palette.ts';
import { FONT_PACKAGE, PNG_SCALE, RENDERER_ID, RENDERER_VERSIONS } from './renderer-id.ts';

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve(`${FONT_PACKAGE}/package.json`)), 'ttf');

/** Regular, bold (titles) and obliques: every face Vega may ask for. */
export const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'].map((f) => join(FONT_DIR, f));

// The figure hash names these versions; the modules actually loaded must be the same ones.
if (vegaVersion !== RENDERER_VERSIONS.vega || vegaLiteVersion !== RENDERER_VERSIONS['vega-lite']) {
  throw new Error(`loaded vega ${vegaVersion} / vega-lite ${vegaLiteVersion}, but the installed packages say ${RENDERER_ID}`);
}

/**
 * Vega numbers generated ids (clip1, clip2, ...) with a counter that lives as long as the
 * process, so the same figure gets different ids depending on what was rendered before.
 * Renumber them per document, in order of appearance, keeping each id's name prefix.
 */
export function renumberIds(svg: string): string {
  const map = new Map<string, string>();
  const counters = new Map<string, number>();
  for (const m of svg.matchAll(/\bid="([^"]+)"/g)) {
    const id = m[1];
    if (map.has(id)) continue;
    const prefix = /^(.*?)\d+$/.exec(id)?.[1];
    if (prefix === undefined) continue;
    const k = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, k);
    map.set(id, `${prefix}${k}`);
  }
  if (map.size === 0) return svg;
  return svg.replace(/(\bid="|url\(#|href="#)([^")]+)(?=[")])/g, (all, lead: string, id: string) => {
    const to = map.get(id);
    return to === undefined ? all : lead + to;
  });
}

type Logger = NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>;

/** A logger that keeps Vega's and Vega-Lite's warnings for the caller instead of printing them. */
function collectingLogger(into: string[]): Logger {
  const keep = (kind: string) =>
    function (this: Logger, ...args: unknown[]) {
      into.push(`${kind}: ${args.map(String).join(' ')}`);
      return this;
    };
  const logger: Logger = {
    level(level?: number) {
      return level === undefined ? 2 : logger;
    },
    error: keep('error'),
    warn: keep('warn'),
    info() {
      return this;
    },
    debug() {
      return this;
    },
  };
  return logger;
}

/** SVG of a spec, with ids renumbered, and the warnings Vega-Lite and Vega raised on the way. */
export async function renderSvg(vl: TopLevelSpec): Promise<{ svg: string; warnings: string[] }> {
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const view = new View(parse(compile(vl, { logger }).spec), { renderer: 'none', logger });
  try {
    return { svg: renumberIds(await view.toSVG()), warnings };
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    background: 'white',
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  return new Uint8Array(resvg.render().asPng());
}

export interface Rendered {
  svg: string;
  png: Uint8Array;
  warnings: string[];
  svg_ms: number;
  png_ms: number;
}

export async function renderFigure(vl: TopLevelSpec): Promise<Rendered> {
  const t0 = performance.now();
  const { svg, warnings } = await renderSvg(vl);
  const t1 = performance.now();
  const png = svgToPng(svg);
  return { svg, png, warnings, svg_ms: t1 - t0, png_ms: performance.now() - t1 };
}
