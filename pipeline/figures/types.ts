// Types that flow out of the figures stage. Its input, RunView (a run with its phase analyses),
// is the analysis stage's output; every figure is a pure function (runs, options) => FigureSpec.
import type { TopLevelSpec } from 'vega-lite';

export type { RunView } from '../analysis/types.ts';

/** What every figure module returns: a Vega-Lite spec with its data inlined plus computed text. */
export interface FigureSpec {
  name: string;
  title: string;
  vl: TopLevelSpec;
  /** Computed from the data: numbers, not typed prose. */
  caption: string;
  /** Short text alternative for screen readers. */
  alt: string;
}

/** One plotted row (values are plain JSON scalars). */
export type Row = Record<string, number | string | null>;
