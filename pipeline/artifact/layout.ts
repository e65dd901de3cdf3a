// Where each part lives inside the bundle (paths relative to its one top folder), in one place.
// reports/ in the bundle holds the files of the repository's reports/ (report/paths.ts) it packs.
import { DEFAULT_LOCK } from '../cache/lockfile.ts';
import { CLAIMS_FILE, TIMINGS_FILE } from '../report/paths.ts';

export const TOP = 'repro-artifact';
export const SOURCE_DIR = 'source';
export const RESULTS_DIR = 'results';
export const SITE_DIR = 'site';
/** The figure store (reports/figures): each figure's SVG, PNG, Vega-Lite spec, data and caption. */
export const FIGURES_DIR = 'figures';
export const LOCK_IN_BUNDLE = `${SOURCE_DIR}/${DEFAULT_LOCK}`;
/** Pipeline outputs bundled from reports/ when present (claims table, measured timings). */
export const REPORT_FILES = [CLAIMS_FILE, TIMINGS_FILE] as const;
/** Files of a cache entry that are regenerated from the seed and never bundled. */
export const REGENERABLE = new Set(['X.npy', 'y.npy']);
export const runDir = (key: string): string => `${RESULTS_DIR}/${key}`;
