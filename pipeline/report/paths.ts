// Everything the pipeline writes under reports/, in one place (relative to the repository; the
// commands' --figures and --out flags move the first two).
import { dirname, join } from 'node:path';

export const REPORTS_DIR = 'reports';
/** The figure store: each figure's SVG, PNG, Vega-Lite spec, data and caption. */
export const FIGURES_DIR = `${REPORTS_DIR}/figures`;
/** The built site. */
export const SITE_DIR = `${REPORTS_DIR}/site`;
/** Every claim's verdict and measured numbers, as `repro figures` and `repro report` computed them. */
export const CLAIMS_FILE = 'claims.json';
/** The measured duration of a cold `repro run` of every manifest (report/timings.ts). */
export const TIMINGS_FILE = 'timings.json';

/** claims.json is written beside the figure store: reports/claims.json by default. */
export const claimsPath = (figuresDir: string): string => join(dirname(figuresDir), CLAIMS_FILE);
/** The timing of one profile's last cold run (timings.json is the one the bundle quotes). */
export const profileTimingsFile = (profile: string): string => `timings-${profile}.json`;
/** Where `repro bundle` writes the bundle of a commit by default. */
export const bundleFile = (commit: string): string => `${REPORTS_DIR}/artifact-${commit.slice(0, 12)}.tar.gz`;
