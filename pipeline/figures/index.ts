// The figures stage: a registry of figure builders (pure: runs + options -> FigureSpec), one
// file per kind; store.ts renders and stores what they build.
import { ablationFigure } from './ablation.ts';
import { alignmentFigure } from './alignment.ts';
import { directionsFigure } from './directions.ts';
import { initScaleFigure } from './init-scale.ts';
import { lossFigure } from './loss.ts';
import { normsFigure } from './norms.ts';
import { populationFigure } from './population.ts';
import { sampleComplexityFigure } from './sample-complexity.ts';
import { wangMaFigure } from './wang-ma.ts';
import type { FigureKind } from '../analysis/figure-kinds.ts';
import type { FigureSpec, RunView } from './types.ts';

export const FIGURES = {
  loss: lossFigure,
  alignment: alignmentFigure,
  norms: normsFigure,
  directions: directionsFigure,
  'init-scale': initScaleFigure,
  'sample-complexity': sampleComplexityFigure,
  population: populationFigure,
  'wang-ma': wangMaFigure,
  ablation: ablationFigure,
} as const satisfies Record<FigureKind, (runs: RunView[], options: never) => FigureSpec>;

/** One figure to build: which builder, its runs, and its options (options.name names the files). */
export type FigureRequest = {
  [K in FigureKind]: { figure: K; runs: RunView[]; options?: NonNullable<Parameters<(typeof FIGURES)[K]>[1]> };
}[FigureKind];

export function buildSpec(req: FigureRequest): FigureSpec {
  const build = FIGURES[req.figure] as (runs: RunView[], options?: object) => FigureSpec;
  if (!build) throw new Error(`unknown figure '${String(req.figure)}' (known: ${Object.keys(FIGURES).join(', ')})`);
  return build(req.runs, req.options ?? {});
}

export type { FigureKind } from '../analysis/figure-kinds.ts';
export type { FigureSpec, RunView } from './types.ts';
