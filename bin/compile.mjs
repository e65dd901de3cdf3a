// The CLI's precompiled form: pipeline/**/*.ts bundled by esbuild (the compiler tsx itself uses)
// into node_modules/.cache/repro/<stamp>/, so a command does not pay tsx's loader at every start
// (measured: `repro status` 0.50 -> 0.33 s, `repro report` warm 1.19 -> 0.86 s; see README).
//
// The stamp hashes each source's path, size and mtime (like make), plus the esbuild version and
// this file, so any edit is picked up by the next command; a bundle directory is written under
// a temporary name and renamed into place, so concurrent commands never see half a bundle.
// Packages stay external (loaded from node_modules as usual). `import.meta.url` in a source is
// rewritten to that source's own location, so paths relative to a module (templates, schemas,
// the wasm kernel, the sources the simulator fingerprint hashes) mean the same in both forms.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const cacheOf = (root) => join(root, 'node_modules', '.cache', 'repro');
/** The entry points: the CLI and the worker-thread entry of the local pool. */
export const ENTRIES = { cli: 'pipeline/cli.ts', 'pool-worker': 'pipeline/exec/pool-worker.ts' };

/** Every non-test TypeScript source under dir, sorted. */
function sources(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(p));
    else if (entry.name.endsWith('.ts') && !/\.test(-child)?\.ts$/.test(entry.name)) out.push(p);
  }
  return out;
}

function esbuildVersion(root) {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
}

/** Names the bundle of the sources as they are now under root (its pipeline/ directory). */
export function stamp(root = ROOT) {
  const h = createHash('sha256');
  h.update(`esbuild ${esbuildVersion(root)}\n${readFileSync(fileURLToPath(import.meta.url))}\n`);
  for (const file of sources(join(root, 'pipeline'))) {
    const s = statSync(file);
    h.update(`${relative(root, file)} ${s.size} ${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

/** esbuild plugin: `import.meta.url` in a source means that source's URL, not the bundle's. */
function sourceMetaUrl(outDir) {
  return {
    name: 'source-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const rel = relative(outDir, args.path).split('\\').join('/');
        const text = readFileSync(args.path, 'utf8').replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
        return { contents: text, loader: 'ts' };
      });
    },
  };
}

async function build(root, outDir) {
  const esbuild = await import('esbuild');
  const tmp = `${outDir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await esbuild.build({
      absWorkingDir: root,
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
      // The plugin's relative paths are computed for the final directory, not the temporary one.
      plugins: [sourceMetaUrl(outDir)],
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

/** Bundles from earlier stamps; kept for a week, since a long-running command may still load chunks from one. */
function prune(cache, keep) {
  const week = Date.now() - 7 * 24 * 3600_000;
  for (const name of readdirSync(cache)) {
    const p = join(cache, name);
    if (name !== keep && statSync(p).mtimeMs < week) rmSync(p, { recursive: true, force: true });
  }
}

/**
 * The directory of an up-to-date bundle, building it when the sources changed; null when it
 * cannot be built (no esbuild, a syntax error: the caller falls back to tsx, which reports it).
 */
export async function compiledDir(root = ROOT) {
  try {
    const dir = join(cacheOf(root), stamp(root));
    if (!existsSync(join(dir, 'cli.mjs'))) {
      await build(root, dir);
      prune(cacheOf(root), basename(dir));
    }
    return dir;
  } catch {
    return null;
  }
}
