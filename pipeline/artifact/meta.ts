// Facts the bundle's generated documents (ARTIFACT.md, CITATION.cff, ro-crate-metadata.json)
// share: the software, and the run/claim/timing data read from the pipeline's outputs (the papers
// are in pipeline/report/paper.ts).

/** What the bundle says about the software it packs (from package.json and git). */
export interface Software {
  name: string;
  version: string;
  description: string;
  license: string;
  /** package.json `author` (a string) or a generic entity when absent. */
  author: string;
  repository: string | null;
  commit: string;
  /** UTC date of the commit, YYYY-MM-DD. */
  date: string;
  /** Tracked files differ from the commit (bundle built with --allow-dirty). */
  dirty: boolean;
  /** The Node.js majors the results are the same bytes on (package.json `engines`: '20, 22, 24, 26'); the one that made the bundle if it names none. */
  node: string;
}

/** One line of reports/claims.json (written by the analysis stage); extra fields are ignored. */
export interface ClaimEntry {
  id: string;
  statement: string;
  figure: string | null;
  experiment: string;
  verdict: string;
}

/** A run as the bundle lists it. */
export interface BundledRun {
  key: string;
  experiment: string;
  params: Record<string, unknown>;
  status: string;
  spec: unknown;
  /** Paths (relative to the bundle's top folder) of its files, sorted. */
  files: string[];
}
