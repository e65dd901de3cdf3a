// scripts/check-engine-math.mjs: finds every engine-approximated Math.* call and ** in .ts sources
// (planted violations in a temp folder), ignores comments, strings, exact Math functions, test and
// bench files, and passes pipeline/sim/detmath.ts itself. `make lint` runs it on the Makefile's DETERMINISTIC folders.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../scripts/check-engine-math.mjs', import.meta.url));
const DETMATH = fileURLToPath(new URL('../pipeline/sim/detmath.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'engine-math-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function check(...paths: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, ...paths], { cwd: dir, encoding: 'utf8' });
  return {
    code: r.status,
    out: r.stdout,
    err: r.stderr,
    hits: r.stdout
      .split('\n')
      .filter((l) => /:\d+:\d+: /.test(l))
      .map((l) => l.replace(/ \(engine-approximated.*$/, '')),
  };
}

const PLANTED = `/** Doc comment: Math.exp(x) ** 2 is not a use, nor is a /** nested opener. */
// Math.sin(x) in a line comment, x ** 2 too
const s = 'Math.log(x) ** 2';
const t = \`Math.pow(\${1 + 1}) ** 3\`;
const ok = Math.sqrt(2) + Math.abs(-1) + Math.fround(0.1) + Math.floor(1.5) + Math.PI + Math.LN2;
export const a = Math.exp(1);
export const b = 2 ** 10;
let c = 3;
c **= 2;
export const d = Math['pow'](2, 0.5);
const { sin, cos: cosine, sqrt } = Math;
const M = Math;
export const e = M.atan2(1, 2) + sin(1) + cosine(2) + sqrt(4);
export const f = (globalThis.Math).hypot(3, 4);
export const g = Math.tanh(0.5); // engine-math: allow (planted exception)
export const h = (Math as any).cbrt(8);
export const i = [Math.log10, Math.fround][0](100);
// engine-math: allow (exact power of two; a comment line above also opts out)
export const j = 2 ** -3;
`;

test('lists file:line:col of every planted use and exits 1; comments, strings and exact functions are not uses', () => {
  const src = join(dir, 'src');
  mkdirSync(join(src, 'nested'), { recursive: true });
  writeFileSync(join(src, 'planted.ts'), PLANTED);
  writeFileSync(join(src, 'nested', 'clean.ts'), 'export const r = Math.sqrt(Math.max(1, 2)) * Math.round(Math.E);\n');
  writeFileSync(join(src, 'nested', 'skip.test.ts'), 'export const r = Math.exp(1) ** 2;\n');
  writeFileSync(join(src, 'nested', 'skip.bench.ts'), 'export const r = Math.sin(1);\n');
  writeFileSync(join(src, 'notes.md'), 'Math.exp(1) ** 2\n');
  const r = check('src');
  assert.equal(r.code, 1, r.out + r.err);
  assert.deepEqual(r.hits, [
    'src/planted.ts:6:18: Math.exp',
    'src/planted.ts:7:20: ** operator',
    'src/planted.ts:9:3: **= operator',
    "src/planted.ts:10:18: Math['pow']",
    'src/planted.ts:11:9: { sin } = Math',
    'src/planted.ts:11:14: { cos } = Math',
    'src/planted.ts:13:18: Math.atan2',
    'src/planted.ts:14:18: Math.hypot',
    'src/planted.ts:16:18: Math.cbrt',
    'src/planted.ts:17:19: Math.log10',
  ]);
  assert.match(r.err, /10 use\(s\) of engine transcendental math in 2 file\(s\)/);
});

test('a clean folder and detmath.ts itself pass (exit 0); no arguments or a missing path is a usage error (exit 2)', () => {
  const clean = join(dir, 'clean');
  mkdirSync(clean, { recursive: true });
  writeFileSync(join(clean, 'ok.ts'), '// Math.exp(1) ** 2\nexport const r = Math.sqrt(2);\n');
  const r = check('clean', DETMATH);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /2 file\(s\) clean/);
  assert.equal(check().code, 2);
  assert.equal(check('no-such-folder').code, 2);
});

test('a file opts out as a whole with an engine-math: allow-file comment, and is listed as skipped', () => {
  const opt = join(dir, 'opt');
  mkdirSync(opt, { recursive: true });
  writeFileSync(join(opt, 'helper.ts'), '// engine-math: allow-file (compares with the engine on purpose)\nexport const r = Math.exp(1);\n');
  const r = check('opt');
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /opt\/helper\.ts: skipped/);
});
