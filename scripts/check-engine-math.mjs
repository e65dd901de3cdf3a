#!/usr/bin/env node
// Fails (exit 1) listing file:line:col for every use of the engine's implementation-approximated
// math in the given folders' (or files') .ts sources: Math.exp, expm1, log, log1p, log10, log2,
// pow, sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, asinh, acosh, atanh, cbrt, hypot
// (as Math.f, Math['f'], `const { f } = Math` or through an alias `const M = Math`), and the `**`
// and `**=` operators. Their results may differ between Node versions; use pipeline/sim/detmath.ts.
// Math.fround, sqrt, abs, floor, ceil, round, trunc, sign, min, max, clz32, imul and the constants
// are exact and allowed. *.test.ts and *.bench.ts files, node_modules and dot-folders are skipped.
//
// It parses with the TypeScript compiler API, so comments, strings and template text are never
// mistaken for uses. A line may opt out with a comment `engine-math: allow <reason>` on that line
// or on a comment line just above it (for instance `2 ** 10`, exact in every engine), and a file
// (a test helper that compares with the engine on purpose) with `engine-math: allow-file <reason>`
// in its first 20 lines; skipped files are listed, so every exception stays visible in review.
//
//   node scripts/check-engine-math.mjs pipeline/sim pipeline/analysis [more folders or files]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export const BANNED = new Set([
  'exp',
  'expm1',
  'log',
  'log1p',
  'log10',
  'log2',
  'pow',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'atan2',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
  'cbrt',
  'hypot',
]);
const ALLOW = /engine-math:\s*allow\b/;
const ALLOW_FILE = /engine-math:\s*allow-file\b/;

function listTs(path, out) {
  const st = statSync(path);
  if (st.isFile()) {
    if (path.endsWith('.ts')) out.push(path);
    return out;
  }
  for (const name of readdirSync(path).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(path, name);
    if (statSync(p).isDirectory()) listTs(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.bench.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Violations in one source text: [{ line, col, what }] (1-based line and column). */
export function checkSource(fileName, text) {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines = text.split('\n');
  const found = [];
  const aliases = new Set(['Math']); // identifiers bound to the Math object
  const isMath = (e) => {
    e = skipParens(e);
    if (ts.isIdentifier(e)) return aliases.has(e.text);
    // globalThis.Math, window.Math, self.Math
    return (
      ts.isPropertyAccessExpression(e) &&
      e.name.text === 'Math' &&
      ts.isIdentifier(e.expression) &&
      ['globalThis', 'window', 'self', 'global'].includes(e.expression.text)
    );
  };
  const report = (node, what) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    const above = (lines[line - 1] ?? '').trim();
    if (ALLOW.test(lines[line] ?? '') || (/^(\/\/|\/\*|\*)/.test(above) && ALLOW.test(above))) return;
    found.push({ line: line + 1, col: character + 1, what });
  };
  // first pass: aliases of Math (const M = Math;)
  const collect = (node) => {
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.name) && isMath(node.initializer)) aliases.add(node.name.text);
    ts.forEachChild(node, collect);
  };
  collect(sf);
  const visit = (node) => {
    if (ts.isPropertyAccessExpression(node) && isMath(node.expression) && BANNED.has(node.name.text)) {
      report(node, `Math.${node.name.text}`);
    } else if (ts.isElementAccessExpression(node) && isMath(node.expression)) {
      const arg = node.argumentExpression;
      if (ts.isStringLiteralLike(arg)) {
        if (BANNED.has(arg.text)) report(node, `Math['${arg.text}']`);
      } else {
        report(node, 'Math[<computed>] (cannot tell which function)');
      }
    } else if (ts.isVariableDeclaration(node) && node.initializer && ts.isObjectBindingPattern(node.name) && isMath(node.initializer)) {
      for (const el of node.name.elements) {
        const key = el.propertyName ?? el.name;
        const name = ts.isIdentifier(key) || ts.isStringLiteralLike(key) ? key.text : undefined;
        if (name === undefined) report(el, 'destructuring Math with a computed key');
        else if (BANNED.has(name)) report(el, `{ ${name} } = Math`);
      }
    } else if (ts.isBinaryExpression(node)) {
      const k = node.operatorToken.kind;
      if (k === ts.SyntaxKind.AsteriskAsteriskToken) report(node.operatorToken, '** operator');
      else if (k === ts.SyntaxKind.AsteriskAsteriskEqualsToken) report(node.operatorToken, '**= operator');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function skipParens(e) {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

export function checkPaths(paths, cwd = process.cwd()) {
  const files = paths.flatMap((p) => listTs(p, []));
  const violations = [];
  const skipped = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    if (ALLOW_FILE.test(text.split('\n', 20).join('\n'))) {
      skipped.push(relative(cwd, f) || f);
      continue;
    }
    for (const v of checkSource(f, text)) violations.push({ file: relative(cwd, f) || f, ...v });
  }
  return { files: files.length, skipped, violations };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const paths = process.argv.slice(2);
  if (paths.length === 0) {
    console.error('usage: node scripts/check-engine-math.mjs <folder or .ts file>...');
    process.exit(2);
  }
  let result;
  try {
    result = checkPaths(paths);
  } catch (e) {
    console.error(`check-engine-math: ${e.message}`);
    process.exit(2);
  }
  for (const f of result.skipped) console.log(`${f}: skipped (engine-math: allow-file)`);
  for (const v of result.violations) console.log(`${v.file}:${v.line}:${v.col}: ${v.what} (engine-approximated; use pipeline/sim/detmath.ts)`);
  // exitCode, not exit(): a pipe must get the whole list before the process ends
  if (result.violations.length > 0) {
    console.error(`check-engine-math: ${result.violations.length} use(s) of engine transcendental math in ${result.files} file(s)`);
    process.exitCode = 1;
  } else {
    console.log(`check-engine-math: ${result.files} file(s) clean`);
  }
}
