// Everything the pipeline writes under reports/, in one place (relative to the repository).
// `repro report --out DIR` (and `repro figures --out DIR`) moves every file of the report under DIR.
import { join } from 'node:path';

export const REPORTS_DIR = 'reports';
/** Every claim's verdict and measured numbers, as `repro figures` and `repro report` computed them. */
export const CLAIMS_FILE = 'claims.json';
/** What `repro report` writes into its output folder (default reports/): the names are fixed. */
export const REPORT_OUTPUTS = {
  /** The figure store: each figure's SVG, PNG, Vega-Lite spec, data and caption. */
  figures: 'figures',
  /** The built site. */
  site: 'site',
  claims: CLAIMS_FILE,
  /** One LaTeX macro per measured number (report/numbers.ts). */
  numbers: 'numbers.tex',
  /** One row per claim and per measured statistic. */
  csv: 'claims.csv',
} as const;

export type ReportPaths = { dir: string } & { [K in keyof typeof REPORT_OUTPUTS]: string };

/** The paths of a report written into `dir`. */
export function reportPaths(dir: string = REPORTS_DIR): ReportPaths {
  const entries = Object.entries(REPORT_OUTPUTS).map(([k, name]) => [k, join(dir, name)]);
  return { dir, ...Object.fromEntries(entries) } as ReportPaths;
}

export const FIGURES_DIR = reportPaths().figures;
export const SITE_DIR = reportPaths().site;
/** The measured duration of a cold `repro run` of every manifest (report/timings.ts). */
export const TIMINGS_FILE = 'timings.json';

/** The timing of one profile's last cold run (timings.json is the one the bundle quotes). */
export const profileTimingsFile = (profile: string): string => `timings-${profile}.json`;
/** Where `repro bundle` writes the bundle of a commit by default. */
export const bundleFile = (commit: string): string => `${REPORTS_DIR}/artifact-${commit.slice(0, 12)}.tar.gz`;
