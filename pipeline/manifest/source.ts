// Reads a manifest file (YAML, or JSON parsed as YAML to keep positions) into plain data plus a
// way to find where any field was written. Syntax problems become one-line ManifestErrors.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import { ManifestError, formatPath, type PathSegment } from './errors.ts';
import { jsonSyntaxError } from './json-syntax.ts';
import type { Origin } from './types.ts';

export interface Pos {
  line: number;
  col: number;
  /** Set when the value came from the command line (`--set base.m=5`): the place to name instead. */
  arg?: string;
}

export interface Source {
  file: string;
  data: unknown;
  /** Where the value at `path` (or, with 'key', its key) was written; falls back to the nearest
   *  written ancestor. Also returns the offset, to order errors by their place in the file. */
  locate(path: readonly PathSegment[], what?: 'value' | 'key'): Pos & { offset: number };
  origin(path: readonly PathSegment[], what?: 'value' | 'key'): Origin;
}

const keyText = (key: unknown): string => (isScalar(key) ? String(key.value) : String(key));

export function readSource(file: string): Source {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ManifestError(file, null, null, `cannot read file (${code})`);
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const lines = new LineCounter();
  const at = (offset: number) => lines.linePos(offset);

  // Parse first: the line counter learns the line starts while parsing.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (extname(file).toLowerCase() === '.json') {
    const bad = jsonSyntaxError(text);
    if (bad) throw new ManifestError(file, at(bad.offset), null, `invalid JSON: ${bad.message}`);
  }
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const offset = problem.pos[0];
    if (problem.code === 'DUPLICATE_KEY') throw duplicateKey(file, doc, offset, at);
    const message = problem.code === 'MULTIPLE_DOCS' ? 'a manifest is one YAML document (found a second one)' : problem.message.split('\n')[0];
    throw new ManifestError(file, at(offset), null, `invalid YAML: ${message}`);
  }
  if (doc.contents === null) throw new ManifestError(file, { line: 1, col: 1 }, '(root)', 'the file is empty (expected a mapping with experiment and title)');
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new ManifestError(file, at(unresolvedAlias(doc) ?? 0), null, `invalid YAML: ${(err as Error).message}`);
  }

  function locate(path: readonly PathSegment[], what: 'value' | 'key' = 'value') {
    const root = doc.contents as Node;
    let node: unknown = root;
    let key: unknown = null;
    let found = 0;
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p.key) === String(seg));
        if (!pair) break;
        [key, node] = [pair.key, pair.value];
      } else if (isSeq(node) && node.items[Number(seg)] !== undefined) {
        key = node = node.items[Number(seg)];
      } else break;
      found++;
    }
    const whole = found === path.length;
    const target = (whole && what === 'value' ? node : key) ?? key ?? root;
    const offset = (target as Node).range?.[0] ?? 0;
    return { ...at(offset), offset };
  }
  return {
    file,
    data,
    locate,
    origin: (path, what) => {
      const { line, col } = locate(path, what);
      return { field: formatPath(path), line, col };
    },
  };
}

/** `grid.sigma: duplicate key 'sigma' (first at line 3)`, at the second occurrence. */
function duplicateKey(file: string, doc: Document, offset: number, at: (o: number) => Pos): ManifestError {
  let found: { path: PathSegment[]; first: number } | null = null;
  const walk = (node: unknown, path: PathSegment[]): void => {
    if (found) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const name = keyText(pair.key);
        if ((pair.key as Node | null)?.range?.[0] === offset) {
          const first = node.items.find((p) => keyText(p.key) === name)!;
          found = { path: [...path, name], first: (first.key as Node).range![0] };
          return;
        }
        walk(pair.value, [...path, name]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
  };
  walk(doc.contents, []);
  if (!found) return new ManifestError(file, at(offset), null, 'invalid YAML: duplicate key');
  const { path, first } = found as { path: PathSegment[]; first: number };
  const name = String(path[path.length - 1]);
  return new ManifestError(file, at(offset), formatPath(path), `duplicate key '${name}' (first at line ${at(first).line})`);
}

function unresolvedAlias(doc: Document): number | null {
  let offset: number | null = null;
  visit(doc, {
    Alias(_, alias) {
      if (offset === null && alias.resolve(doc) === undefined) offset = alias.range?.[0] ?? null;
    },
  });
  return offset;
}
