// The static, offline site: renderSite (pure: model + figure files -> every output file's bytes)
// and buildSite (reads figures and vega bundles, writes the site into a temporary folder and swaps
// it into place, so a failed or killed build never leaves half a site or no site; cache/atomic.ts
// swapDir). Same inputs, same bytes.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.ts';
import { newDirFor, swapDir } from '../cache/atomic.ts';
import { figureScriptSource } from './embed.ts';
import { ASSETS, bundlePath, FIGURES, figureScript, runsCsv, SAFE_NAME, VEGA_BUNDLES } from './paths.ts';
import { runsCsvSource } from './runs.ts';
import { loadTemplates, TEMPLATE_DIR } from './templates.ts';
import { sitePages } from './view.ts';
import type { SiteModel, SiteOptions } from './types.ts';

export { checkLinks, type LinkProblem } from './links.ts';
export type * from './types.ts';

export type SiteFiles = Map<string, string | Uint8Array>;

/** Ids and names end up in paths and anchors; a clash or an odd character is a wiring bug. */
export function checkModel(model: SiteModel): void {
  const seen = new Set<string>();
  const unique = (what: string, name: string) => {
    if (!SAFE_NAME.test(name)) throw new Error(`site: ${what} '${name}' is not a safe file name (${SAFE_NAME})`);
    if (seen.has(`${what}:${name}`)) throw new Error(`site: two ${what}s are named '${name}'`);
    seen.add(`${what}:${name}`);
  };
  for (const e of model.experiments) {
    unique('experiment', e.id);
    for (const f of e.figures) {
      unique('figure', f.name);
      for (const file of Object.values(f.files)) if (!SAFE_NAME.test(file)) throw new Error(`site: figure file '${file}' is not a safe file name`);
    }
  }
}

/** Every figure file the model names, read from figuresDir (a missing one is a user error: run `repro figures`). */
export function readFigureFiles(model: SiteModel, figuresDir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const e of model.experiments) {
    for (const f of e.figures) {
      for (const file of Object.values(f.files).sort()) {
        const path = join(figuresDir, file);
        if (!existsSync(path)) throw new UserError(`figure file ${path} is missing (figure ${f.name}); run \`repro figures\` first`);
        out.set(file, readFileSync(path));
      }
    }
  }
  return out;
}

/** The browser bundles of vega, vega-lite and vega-embed (and their licenses) from node_modules. */
export function readVegaBundles(): Map<string, Uint8Array> {
  const require = createRequire(import.meta.url);
  const out = new Map<string, Uint8Array>();
  for (const { pkg, file } of VEGA_BUNDLES) {
    // The packages' `exports` hide build/, so locate the package folder from its main entry.
    const main = require.resolve(pkg);
    const marker = `${join('node_modules', pkg)}/`;
    const at = main.lastIndexOf(marker);
    if (at < 0) throw new Error(`cannot locate the ${pkg} package folder from ${main}`);
    const pkgDir = main.slice(0, at + marker.length);
    out.set(bundlePath(pkg), readFileSync(join(pkgDir, file)));
    out.set(`${ASSETS}/${pkg}.LICENSE.txt`, readFileSync(join(pkgDir, 'LICENSE')));
  }
  return out;
}

/** Pure: the complete site as path -> bytes. */
export function renderSite(
  model: SiteModel,
  figureFiles: Map<string, Uint8Array>,
  bundles: Map<string, Uint8Array>,
  templateDir: string = TEMPLATE_DIR,
): SiteFiles {
  checkModel(model);
  const templates = loadTemplates(templateDir);
  const files: SiteFiles = new Map();
  for (const page of sitePages(model)) files.set(page.path, templates[page.template](page.context));
  for (const e of model.experiments) for (const f of e.figures) files.set(figureScript(f), figureScriptSource(f));
  for (const e of model.experiments) files.set(runsCsv(e), runsCsvSource(e));
  for (const [name, bytes] of figureFiles) files.set(`${FIGURES}/${name}`, bytes);
  for (const [path, bytes] of bundles) files.set(path, bytes);
  for (const asset of ['site.css', 'site.js']) files.set(`${ASSETS}/${asset}`, readFileSync(join(templateDir, 'assets', asset)));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Writes the site to opts.outDir (replacing what was there) and returns the files written, sorted. */
export function buildSite(model: SiteModel, opts: SiteOptions): string[] {
  const files = renderSite(model, readFigureFiles(model, opts.figuresDir), readVegaBundles());
  const tmp = newDirFor(opts.outDir);
  try {
    for (const [path, bytes] of files) {
      mkdirSync(dirname(join(tmp, path)), { recursive: true });
      writeFileSync(join(tmp, path), bytes);
    }
    swapDir(tmp, opts.outDir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return [...files.keys()];
}
