// Loads templates/ into a private Handlebars instance: partials/*.hbs (the layout is the partial
// `layout`, used as a partial block) and pages/*.hbs. Strict mode: a context field a template
// names but the view model lacks is an error, not an empty string.
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export type PageRenderer = (context: Record<string, unknown>) => string;

const hbsFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.hbs'))
    .sort();

/** Triple-stash ({{{ }}}) prints raw HTML; no template may use it (all data is untrusted text). */
function assertNoRawOutput(file: string, src: string): void {
  if (/\{\{\{|\{\{&/.test(src)) throw new Error(`${file}: raw (unescaped) output is not allowed in site templates`);
}

export function loadTemplates(dir: string = TEMPLATE_DIR): Record<string, PageRenderer> {
  const hb = Handlebars.create();
  const options = { strict: true, noEscape: false, preventIndent: true };
  for (const file of hbsFiles(join(dir, 'partials'))) {
    const src = readFileSync(join(dir, 'partials', file), 'utf8');
    assertNoRawOutput(file, src);
    hb.registerPartial(basename(file, '.hbs'), hb.compile(src, options));
  }
  const pages: Record<string, PageRenderer> = {};
  for (const file of hbsFiles(join(dir, 'pages'))) {
    const src = readFileSync(join(dir, 'pages', file), 'utf8');
    assertNoRawOutput(file, src);
    pages[basename(file, '.hbs')] = hb.compile(src, options);
  }
  return pages;
}
