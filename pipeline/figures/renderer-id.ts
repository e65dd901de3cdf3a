// The renderer's identity: every tool and font that shapes a figure's bytes, part of each
// figure's hash (an upgrade re-renders). Versions come from the packages' package.json files,
// so checking that the stored figures are current does not load vega and vega-lite (~0.3 s).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const FONT_PACKAGE = 'dejavu-fonts-ttf';
export const PNG_SCALE = 2;

/** The installed version of a package, from its package.json (found from the main entry when, like vega's, it is not exported). */
export function packageVersion(name: string): string {
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
  try {
    return read(require.resolve(`${name}/package.json`)).version;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw err;
  }
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && read(file).name === name) return read(file).version;
  }
  throw new Error(`package.json of ${name} not found`);
}

export const RENDERER_VERSIONS = {
  vega: packageVersion('vega'),
  'vega-lite': packageVersion('vega-lite'),
  'resvg-js': packageVersion('@resvg/resvg-js'),
  [FONT_PACKAGE]: packageVersion(FONT_PACKAGE),
};

export const RENDERER_ID = [...Object.entries(RENDERER_VERSIONS).map(([name, v]) => `${name} ${v}`), `png x${PNG_SCALE}`].join(', ');
