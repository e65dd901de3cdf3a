// The figure store: each figure is cached like a run. Its hash covers the spec (data inlined),
// the caption and alt text, and the renderer's identity; a figure is re-rendered only when that
// hash differs from the one in NAME.meta.json or one of its files is missing or altered. Files
// are written to a temporary name and renamed into place, meta.json last, so a crash never
// leaves a figure that counts as current.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { figureCsv } from './csv.ts';
import { writeAtomic } from '../cache/atomic.ts';
import { canonicalJson } from '../cache/canonical.ts';
import { sha256 } from '../cache/key.ts';
import { RENDERER_ID } from './renderer-id.ts';
import type { FigureSpec } from './types.ts';

export interface StoredFigure {
  name: string;
  hash: string;
  /** File name -> sha256 of its bytes (the meta file itself excluded). */
  files: Record<string, string>;
  rendered: boolean;
  /** Wall time for this figure (hashing, and when rendered: validation, SVG, PNG, writes). */
  ms: number;
  svg_ms: number | null;
  png_ms: number | null;
  /** Warnings Vega-Lite or Vega raised while rendering (empty when not rendered). */
  warnings: string[];
}

export interface FigureMeta {
  name: string;
  hash: string;
  files: Record<string, string>;
}

export interface StoreOptions {
  /** Check the spec against the Vega-Lite schema before rendering (default true; first use costs ~2–3 s). */
  validate?: boolean;
}

const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** The files a figure is stored as (NAME.meta.json records the others' hashes). */
export function figureFiles(name: string) {
  return { vl: `${name}.vl.json`, svg: `${name}.svg`, png: `${name}.png`, csv: `${name}.data.csv`, caption: `${name}.caption.txt`, meta: `${name}.meta.json` };
}

export function figureHash(fig: FigureSpec): string {
  return sha256(canonicalJson({ vl: fig.vl, caption: fig.caption, alt: fig.alt, renderer: RENDERER_ID }));
}

function readMeta(path: string): FigureMeta | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as FigureMeta;
  } catch {
    return null;
  }
}

/** True when meta.json names this hash and every file it lists is present with the recorded bytes. */
function isCurrent(outDir: string, meta: FigureMeta | null, hash: string): meta is FigureMeta {
  if (!meta || meta.hash !== hash || !meta.files || Object.keys(meta.files).length === 0) return false;
  return Object.entries(meta.files).every(([file, digest]) => {
    const p = join(outDir, file);
    return existsSync(p) && sha256(readFileSync(p)) === digest;
  });
}

export async function storeFigure(fig: FigureSpec, outDir: string, opts: StoreOptions = {}): Promise<StoredFigure> {
  const t0 = performance.now();
  if (!NAME.test(fig.name)) throw new Error(`figure name '${fig.name}' is not a safe file name (${NAME})`);
  const hash = figureHash(fig);
  const names = figureFiles(fig.name);
  const metaPath = join(outDir, names.meta);
  const meta = readMeta(metaPath);
  if (isCurrent(outDir, meta, hash)) {
    return { name: fig.name, hash, files: meta.files, rendered: false, ms: performance.now() - t0, svg_ms: null, png_ms: null, warnings: [] };
  }
  // Loaded only when a figure must be rendered: a warm report never pays for vega and its schema.
  const [{ renderFigure }, { vegaLiteErrors }] = await Promise.all([import('./render.ts'), import('./validate.ts')]);
  if (opts.validate !== false) {
    const errors = vegaLiteErrors(fig.vl);
    if (errors.length) throw new Error(`figure ${fig.name}: spec does not match the Vega-Lite schema: ${errors.slice(0, 3).join('; ')}`);
  }
  const r = await renderFigure(fig.vl);
  const contents: Record<string, string | Uint8Array> = {
    [names.vl]: JSON.stringify(fig.vl, null, 2) + '\n',
    [names.svg]: r.svg,
    [names.png]: r.png,
    [names.csv]: figureCsv(fig.vl),
    [names.caption]: fig.caption + '\n',
  };
  const files: Record<string, string> = {};
  for (const file of Object.keys(contents).sort()) {
    writeAtomic(join(outDir, file), contents[file]);
    files[file] = sha256(contents[file]);
  }
  const newMeta: FigureMeta = { name: fig.name, hash, files };
  writeAtomic(metaPath, JSON.stringify(newMeta, null, 2) + '\n');
  return { name: fig.name, hash, files, rendered: true, ms: performance.now() - t0, svg_ms: r.svg_ms, png_ms: r.png_ms, warnings: r.warnings };
}

/** Stores every figure in order (rendering the ones whose hash changed); two figures of one name are an error. */
export async function storeFigures(figs: FigureSpec[], outDir: string, opts: StoreOptions = {}): Promise<StoredFigure[]> {
  const seen = new Set<string>();
  for (const f of figs) {
    if (seen.has(f.name)) throw new Error(`two figures are named '${f.name}'; give one an options.name`);
    seen.add(f.name);
  }
  const out: StoredFigure[] = [];
  for (const f of figs) out.push(await storeFigure(f, outDir, opts));
  return out;
}
