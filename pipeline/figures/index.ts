// The figures stage: a registry of figure builders (pure: runs + options -> FigureSpec) and
// buildFigures, which the `repro figures` command calls to build, render and store them.
import { ablationFigure } from './ablation.ts';
import { alignmentFigure } from './alignment.ts';
import { directionsFigure } from './directions.ts';
import { initScaleFigure } from './init-scale.ts';
import { lossFigure } from './loss.ts';
import { normsFigure } from './norms.ts';
import { populationFigure } from './population.ts';
import { sampleComplexityFigure } from './sample-complexity.ts';
import { wangMaFigure } from './wang-ma.ts';
import { DEFAULT_FIGURE_DIR, storeFigure, type StoredFigure, type StoreOptions } from './store.ts';
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
} as const;

export type FigureKind = keyof typeof FIGURES;

/** One figure to build: which builder, its runs, and its options (options.name names the files). */
export type FigureRequest = {
  [K in FigureKind]: { figure: K; runs: RunView[]; options?: NonNullable<Parameters<(typeof FIGURES)[K]>[1]> };
}[FigureKind];

export function buildSpec(req: FigureRequest): FigureSpec {
  const build = FIGURES[req.figure] as (runs: RunView[], options?: object) => FigureSpec;
  if (!build) throw new Error(`unknown figure '${String(req.figure)}' (known: ${Object.keys(FIGURES).join(', ')})`);
  return build(req.runs, req.options ?? {});
}

/** Builds every requested figure and renders the ones whose hash changed, in request order. */
export async function buildFigures(inputs: FigureRequest[], outDir: string = DEFAULT_FIGURE_DIR, opts: StoreOptions = {}): Promise<StoredFigure[]> {
  const specs = inputs.map(buildSpec);
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) throw new Error(`two figures are named '${s.name}'; give one an options.name`);
    seen.add(s.name);
  }
  const out: StoredFigure[] = [];
  for (const spec of specs) out.push(await storeFigure(spec, outDir, opts));
  return out;
}

export type { FigureSpec, RunView, Phases, WmPhases, RateFit } from './types.ts';
export type { StoredFigure } from './store.ts';
