// Link check of a built site: every local href/src (HTML) and url() (CSS) must resolve to a file
// inside the site folder, every #anchor to an id on its page. Resources the browser would load by
// itself (src, <link href>) must be local: the site makes no external request. Plain <a> links
// to the web (the paper on arXiv) are allowed; they load nothing until clicked.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface LinkProblem {
  /** Page or stylesheet, relative to the site folder. */
  file: string;
  ref: string;
  problem: string;
}

const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>/g;
const ATTR = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/g;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), root) : [relative(root, join(dir, e.name))]))
    .sort();
}

function decodeEntities(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return named[e.toLowerCase()] ?? m;
  });
}

interface Ref {
  ref: string;
  /** True when the browser fetches it on page load (src, <link href>, CSS url()). */
  loads: boolean;
}

function htmlRefs(html: string): { refs: Ref[]; ids: Set<string> } {
  const refs: Ref[] = [];
  const ids = new Set<string>();
  for (const [, tag, attrs] of html.matchAll(TAG)) {
    for (const [, name, dq, sq] of attrs.matchAll(ATTR)) {
      const value = decodeEntities(dq ?? sq ?? '');
      const attr = name.toLowerCase();
      if (attr === 'id') ids.add(value);
      else if (attr === 'href') refs.push({ ref: value, loads: tag.toLowerCase() === 'link' });
      else if (attr === 'src') refs.push({ ref: value, loads: true });
    }
  }
  return { refs, ids };
}

function cssRefs(css: string): Ref[] {
  return [...css.matchAll(CSS_URL)].map(([, a, b, c]) => ({ ref: a ?? b ?? c ?? '', loads: true }));
}

export function checkLinks(siteDir: string): LinkProblem[] {
  const root = resolve(siteDir);
  const files = listFiles(root);
  const pages = new Map<string, { refs: Ref[]; ids: Set<string> }>();
  for (const f of files) {
    if (f.endsWith('.html')) pages.set(f, htmlRefs(readFileSync(join(root, f), 'utf8')));
    else if (f.endsWith('.css')) pages.set(f, { refs: cssRefs(readFileSync(join(root, f), 'utf8')), ids: new Set() });
  }
  const problems: LinkProblem[] = [];
  for (const [file, { refs, ids }] of pages) {
    const report = (ref: string, problem: string) => problems.push({ file, ref, problem });
    for (const { ref, loads } of refs) {
      const scheme = SCHEME.exec(ref)?.[1].toLowerCase();
      if (ref === '' || ref === '#') report(ref, 'empty link');
      else if (scheme === 'data') continue;
      else if (scheme === 'http' || scheme === 'https' || scheme === 'mailto') {
        if (loads) report(ref, 'external resource (the site must load nothing from outside its folder)');
      } else if (scheme) report(ref, `unsupported scheme '${scheme}:'`);
      else if (ref.startsWith('/')) report(ref, 'absolute path (breaks under file://)');
      else if (ref.startsWith('#')) {
        if (!ids.has(decodeURIComponent(ref.slice(1)))) report(ref, 'no element with this id on the page');
      } else {
        const [pathPart, fragment] = ref.split('#', 2);
        const target = resolve(dirname(join(root, file)), decodeURIComponent(pathPart.split('?')[0]));
        if (target !== root && !target.startsWith(root + sep)) report(ref, 'points outside the site folder');
        else if (!existsSync(target)) report(ref, 'file does not exist');
        else if (!statSync(target).isFile()) report(ref, 'is a folder, not a file');
        else if (fragment !== undefined) {
          const page = pages.get(relative(root, target));
          if (!page || !page.ids.has(decodeURIComponent(fragment))) report(ref, 'no element with this id on the target page');
        }
      }
    }
  }
  return problems;
}
