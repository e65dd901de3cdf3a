// The data the static site is built from (one plain structure; pipeline/report/model.ts fills
// it from the study, the figures stage and the cache). Every string here may come from a manifest
// and is escaped on output; nothing in it is trusted as HTML.

import type { ClaimResult, ParamValue } from '../analysis/types.ts';

export type { ClaimResult, ParamValue, Verdict } from '../analysis/types.ts';

export interface SiteModel {
  title: string;
  paper: { title: string; authors: string; venue: string; arxiv: string };
  generated: {
    git_commit: string;
    /** Simulator fingerprint. */
    fingerprint: string;
    node: string;
    profile: string;
    /** The command that regenerates the site (shown, never run). */
    command: string;
  };
  claims: ClaimResult[];
  experiments: Experiment[];
  methods: MethodsEntry[];
}

export interface RunRow {
  key: string;
  params: Record<string, ParamValue>;
  /** ok, diverged, failed, or missing (no cache entry). */
  status: string;
  /** Why a run failed or diverged, from its cache entry (null otherwise). */
  reason: string | null;
  /** Phase boundaries by name in the run's time unit (t₁, t_g, t₂; the Wang–Ma phase ends); null: not reached. */
  boundaries: Record<string, number | null>;
  /** Last finite train and population (or test) loss; null when none was logged. */
  final: { train_loss: number | null; population_loss: number | null };
}

export interface Experiment {
  /** Used in file names: experiments/<id>.html. */
  id: string;
  title: string;
  description: string | null;
  /** Manifest path. */
  manifest: string;
  /** Run-spec values shared by every run of the experiment (what is held fixed), in spec order. */
  fixed?: Record<string, ParamValue>;
  runs: RunRow[];
  figures: Figure[];
}

export interface Figure {
  /** Used in file names and anchors. */
  name: string;
  title: string;
  /** Computed from the data. */
  caption: string;
  alt: string;
  /** The Vega-Lite spec with its data inlined. */
  vl: unknown;
  /** File names relative to the figures directory (reports/figures/). */
  files: { svg: string; png: string; vl: string; csv: string };
  provenance: { manifest: string; run_keys: string[]; fingerprint: string; git_commit: string; command: string };
}

export interface MethodsEntry {
  experiment: string;
  /** Phase-analysis thresholds, by name. */
  analysis: Record<string, number>;
  definitions: { term: string; definition: string }[];
}

export interface SiteOptions {
  outDir: string;
  figuresDir: string;
}
