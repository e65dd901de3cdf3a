// Run keys and the simulator fingerprint (docs/design.md, Contracts): key = sha256(canonical({spec,
// fingerprint})). The fingerprint follows what the simulator computes, not how its text is laid
// out, and not which Node runs it: esbuild bundles the modules that make a run's files
// (SIM_ENTRIES) with comments and whitespace stripped (names kept), and the fingerprint hashes
// that bundle and the bytes of the wasm kernels. A comment, a reformat, a type annotation or a
// file the entries never reach (tests, benchmarks, the wat generator, fixtures) keeps every key;
// a changed constant or operation re-keys the runs. Each reached file's hash, of the same
// minified form, goes into the lock file so that `repro status` can name the file that changed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson } from './canonical.ts';
import { writeAtomic } from './atomic.ts';
import type { RunSpec } from '../sim/types.ts';

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The repository the simulator's sources are in (resolved from this file, not the cwd). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What exec/compute.ts calls to make a run's files (simulate, encodeRun): the simulator is what they reach. */
export const SIM_ENTRIES = ['pipeline/sim/simulate.ts', 'pipeline/sim/encode.ts'];
/** Where the wasm kernels are: each one's bytes count (a module reads them at run time). */
const WASM_DIR = 'pipeline/sim';

export interface Simulator {
  /** sha256 of the canonical {bundle: sha256 of the minified bundle, wasm: {path: sha256}}. */
  fingerprint: string;
  /** Each source the entries reach (sha256 of its minified form) and each wasm module (of its bytes), by path in the repository. */
  files: Record<string, string>;
}

type Esbuild = typeof import('esbuild');
// Loaded when the simulator must be hashed anew (most commands find it in the memo below).
const esbuild = (): Esbuild => createRequire(import.meta.url)('esbuild') as Esbuild;

const MINIFIED = {
  write: false,
  format: 'esm',
  platform: 'node',
  // Fixed, so the form hashed never depends on the running Node; no syntax is lowered.
  target: 'esnext',
  minifyWhitespace: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'silent',
} as const;

function wasmFiles(root: string): string[] {
  return readdirSync(join(root, WASM_DIR), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => `${WASM_DIR}/${f.split('\\').join('/')}`)
    .sort();
}

/** The simulator in the tree at `root`, hashed by esbuild (~0.1-0.3 s); `sources` lists every file read. */
export function computeSimulator(root: string = REPO_ROOT): Simulator & { sources: string[] } {
  const { buildSync } = esbuild();
  const bundle = buildSync({
    ...MINIFIED,
    absWorkingDir: root,
    stdin: { contents: SIM_ENTRIES.map((e) => `export * from './${e}';`).join('\n'), resolveDir: root, sourcefile: '<simulator>', loader: 'js' },
    bundle: true,
    packages: 'external',
    metafile: true,
  });
  const inputs = Object.keys(bundle.metafile.inputs)
    .filter((f) => f !== '<simulator>')
    .sort();
  // The same minified form per file (no bundling): what `repro status` compares.
  const each = buildSync({ ...MINIFIED, absWorkingDir: root, entryPoints: inputs, outdir: join(root, '.minified'), outbase: root });
  const minified = new Map(each.outputFiles.map((o) => [o.path, o.contents]));
  const files: Record<string, string> = {};
  for (const f of inputs) files[f] = sha256(minified.get(join(root, '.minified', f.replace(/\.[cm]?[jt]s$/, '.js')))!);
  const wasm: Record<string, string> = {};
  for (const f of wasmFiles(root)) wasm[f] = files[f] = sha256(readFileSync(join(root, f)));
  const fingerprint = sha256(canonicalJson({ bundle: sha256(bundle.outputFiles[0].contents), wasm }));
  return { fingerprint, files, sources: [...inputs, ...Object.keys(wasm), 'tsconfig.json'] };
}

// ---- the memo: computeSimulator's result, valid while the files it read keep their bytes ----

interface Memo {
  esbuild: string;
  /** sha256 of the raw bytes of every file computeSimulator read. */
  sources: Record<string, string>;
  simulator: Simulator;
}

const memoPath = (root: string): string => join(root, 'node_modules', '.cache', 'repro-simulator', 'simulator.json');
/** The version of the esbuild computeSimulator loads, without loading it. */
const esbuildVersion = (): string =>
  (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
const rawHash = (root: string, file: string): string => {
  try {
    return sha256(readFileSync(join(root, file)));
  } catch {
    return 'absent';
  }
};

function readMemo(root: string, version: string): Simulator | null {
  let memo: Memo;
  try {
    memo = JSON.parse(readFileSync(memoPath(root), 'utf8')) as Memo;
  } catch {
    return null;
  }
  if (memo.esbuild !== version) return null;
  // A new wasm module counts even before any source names it.
  if (wasmFiles(root).some((f) => !(f in memo.sources))) return null;
  for (const [file, hash] of Object.entries(memo.sources)) if (rawHash(root, file) !== hash) return null;
  return memo.simulator;
}

/**
 * The simulator of the tree at `root`: from the memo in node_modules/.cache when no file it was
 * computed from changed (reading and hashing them: ~3 ms), else computed and remembered. The
 * driver, the pool's workers (they receive the fingerprint) and Slurm tasks (they compute it from
 * the same tree) agree because the result is a function of those bytes alone.
 */
export function currentSimulator(root: string = REPO_ROOT): Simulator {
  const version = esbuildVersion();
  const remembered = readMemo(root, version);
  if (remembered) return remembered;
  const { sources, ...simulator } = computeSimulator(root);
  const memo: Memo = { esbuild: version, sources: Object.fromEntries(sources.map((f) => [f, rawHash(root, f)])), simulator };
  try {
    writeAtomic(memoPath(root), JSON.stringify(memo));
  } catch {
    // a read-only node_modules: computed again next time
  }
  return simulator;
}

let cached: Simulator | null = null;

/** The simulator this process runs, found once per process. */
export function simulator(): Simulator {
  cached ??= currentSimulator();
  return cached;
}

export const simulatorFingerprint = (): string => simulator().fingerprint;

export function runKey(spec: RunSpec, fingerprint: string): string {
  return sha256(canonicalJson({ spec, fingerprint }));
}
