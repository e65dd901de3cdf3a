// The CLI's precompiled form: pipeline/**/*.ts bundled by esbuild (the compiler tsx itself uses)
// into node_modules/.cache/repro/<stamp>/, so a command does not pay tsx's loader at every start
// (measured: `repro status` 0.50 -> 0.33 s, `repro report` warm 1.19 -> 0.67 s; docs/performance.md).
//
// The stamp hashes the contents of every file under pipeline/ (tests aside) and tsconfig.json,
// the repository's real path, the esbuild version and this file; the build compiles exactly the
// bytes that were hashed. So a bundle always is the sources as they are (an edit that keeps a
// file's size and mtime included), and the simulator fingerprint, which pipeline/cache/key.ts
// takes from the same sources on disk, stays honest. Reading and hashing them costs ~4 ms per
// command.
// A bundle is built in a fresh temporary directory and renamed into place, so concurrent
// commands (on one host or many) never see half a bundle. Packages stay external (loaded from
// node_modules as usual). `import.meta.url` in a source becomes that source's absolute URL, so
// paths relative to a module (templates, schemas, the wasm kernel, the sources the fingerprint
// hashes) mean the same in both forms, even when node_modules is a symlink into another tree.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const cacheOf = (root) => join(root, 'node_modules', '.cache', 'repro');
/** The entry points: the CLI and the worker-thread entry of the local pool. */
export const ENTRIES = { cli: 'pipeline/cli.ts', 'pool-worker': 'pipeline/exec/pool-worker.ts' };
/** Bundles not used for this long are removed (a running command may still load chunks from one). */
const KEEP_UNUSED_MS = 7 * 24 * 3600_000;
const ABANDONED_BUILD_MS = 600_000;

const isTest = (name) => /\.test(-child)?\.ts$/.test(name);

/** Every non-test file under dir, sorted. */
function files(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(p));
    else if (!isTest(entry.name)) out.push(p);
  }
  return out;
}

/** The sources as they are now: real root, path -> bytes, and the stamp naming them. */
export function snapshot(root = ROOT) {
  const real = realpathSync(root);
  const sources = new Map([...files(join(real, 'pipeline')), join(real, 'tsconfig.json')].filter(existsSync).map((f) => [f, readFileSync(f)]));
  const esbuild = JSON.parse(readFileSync(join(real, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
  const h = createHash('sha256');
  h.update(`${real}\nesbuild ${esbuild}\n`);
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  for (const [file, bytes] of sources) h.update(`\n${relative(real, file)} ${createHash('sha256').update(bytes).digest('hex')}`);
  return { root: real, sources, stamp: h.digest('hex').slice(0, 16) };
}

export const stamp = (root = ROOT) => snapshot(root).stamp;

/** esbuild plugin: compile the snapshot's bytes; `import.meta.url` means the source's own URL. */
function fromSnapshot(sources) {
  return {
    name: 'repro-snapshot',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const bytes = sources.get(args.path) ?? readFileSync(args.path);
        const text = bytes.toString('utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
        return { contents: text, loader: 'ts' };
      });
    },
  };
}

async function build(snap, outDir) {
  // A fresh, uniquely named directory first: a read-only cache fails here at once, and builds
  // on several hosts of a shared filesystem never share a temporary name.
  mkdirSync(join(outDir, '..'), { recursive: true });
  const tmp = mkdtempSync(`${outDir}.tmp-`);
  try {
    const esbuild = await import('esbuild');
    await esbuild.build({
      absWorkingDir: snap.root,
      entryPoints: ENTRIES,
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunk-[hash]',
      // pool.ts starts pool-worker.mjs directly instead of going through tsx (see there).
      define: { REPRO_BUNDLE: 'true' },
      plugins: [fromSnapshot(snap.sources)],
      // Maps to the TypeScript sources, used when asked for (NODE_OPTIONS=--enable-source-maps):
      // turning them on always costs 20-50 ms per command.
      sourcemap: 'linked',
      logLevel: 'silent',
    });
    renameSync(tmp, outDir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    // Another command renamed the same bundle into place first: use it.
    if (existsSync(join(outDir, 'cli.mjs'))) return;
    throw err;
  }
}

/** Bundles unused for a week, and temporary directories of builds that died (a build takes seconds,
 *  so one older than ten minutes is abandoned); the one in use is kept. */
function prune(cache, keep) {
  const now = Date.now();
  for (const name of readdirSync(cache)) {
    const p = join(cache, name);
    const st = statSync(p, { throwIfNoEntry: false });
    const unused = name.includes('.tmp-') ? ABANDONED_BUILD_MS : KEEP_UNUSED_MS;
    if (name !== keep && st && now - st.mtimeMs > unused) rmSync(p, { recursive: true, force: true });
  }
}

/**
 * The directory of an up-to-date bundle, building it when the sources changed; null when it
 * cannot be built (no esbuild, a read-only node_modules, a syntax error: the caller falls back
 * to tsx, which reports a syntax error itself). REPRO_DEBUG=1 prints why on stderr.
 */
export async function compiledDir(root = ROOT) {
  try {
    const snap = snapshot(root);
    const cache = cacheOf(snap.root);
    const dir = join(cache, snap.stamp);
    if (!existsSync(join(dir, 'cli.mjs'))) {
      await build(snap, dir);
      prune(cache, basename(dir));
    } else {
      // Age counts from the last use, so pruning never takes a bundle a recent command runs from.
      const now = new Date();
      try {
        utimesSync(dir, now, now);
      } catch {
        // read-only cache: nothing is ever pruned there either
      }
    }
    return dir;
  } catch (err) {
    if (process.env.REPRO_DEBUG) process.stderr.write(`repro: no precompiled CLI (${err.message.split('\n')[0]}); using tsx\n`);
    return null;
  }
}
