#!/usr/bin/env node
// Entry point of the `repro` CLI: the precompiled bundle of pipeline/ (bin/compile.mjs, rebuilt
// when a source changes), or the TypeScript sources through tsx when it cannot be built or when
// REPRO_TSX=1 asks for the sources themselves. A stack trace from the bundle names its chunk;
// NODE_OPTIONS=--enable-source-maps maps it back to the TypeScript line.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { compiledDir } from './compile.mjs';

async function loadCli() {
  const dir = process.env.REPRO_TSX === '1' ? null : await compiledDir();
  if (dir) return import(pathToFileURL(join(dir, 'cli.mjs')).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import('../pipeline/cli.ts');
}

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
