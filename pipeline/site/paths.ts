// Where each thing lives in the site, in one place: pages, figure files, anchors, assets.
import type { Experiment, Figure } from './types.ts';

/** Ids and figure names become file names and anchors: keep them to a portable alphabet. */
export const SAFE_NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/** Browser bundles from node_modules, in load order (each sets a global the next one uses). */
export const VEGA_BUNDLES = [
  { pkg: 'vega', file: 'build/vega.min.js' },
  { pkg: 'vega-lite', file: 'build/vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'build/vega-embed.min.js' },
] as const;

export const ASSETS = 'assets';
export const FIGURES = 'figures';

export const experimentPage = (e: Pick<Experiment, 'id'>): string => `experiments/${e.id}.html`;
export const figureAnchor = (f: Pick<Figure, 'name'>): string => `fig-${f.name}`;
export const runAnchor = (key: string): string => `run-${key}`;
export const claimAnchor = (experiment: string, id: string): string => `claim-${experiment}-${id}`;
/** The generated script that sets the figure's spec (loaded with <script src>, which works from file://). */
export const figureScript = (f: Pick<Figure, 'name'>): string => `${FIGURES}/${f.name}.spec.js`;
/** One row per run of an experiment: grid point, status and reason, boundaries, final losses. */
export const runsCsv = (e: Pick<Experiment, 'id'>): string => `data/${e.id}-runs.csv`;
export const bundlePath = (pkg: string): string => `${ASSETS}/${pkg}.min.js`;

/** Relative prefix from a page back to the site root ('' or '../'). */
export function rootOf(page: string): string {
  return '../'.repeat(page.split('/').length - 1);
}
