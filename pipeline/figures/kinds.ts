// Names of the figure kinds a manifest may request (kept free of vega imports so the manifest
// schema can list them).
export const FIGURE_KINDS = ['loss', 'alignment', 'norms', 'directions', 'init-scale', 'sample-complexity', 'population', 'wang-ma', 'ablation'] as const;
export type FigureKindName = (typeof FIGURE_KINDS)[number];
