// The figure kinds a manifest may request and a claim may point at. The figures stage's registry
// (pipeline/figures/index.ts) is typed against this list, so a kind without a builder does not
// compile; kept import-free so the manifest schema can list the kinds.
export const FIGURE_KINDS = ['loss', 'alignment', 'norms', 'directions', 'init-scale', 'sample-complexity', 'population', 'wang-ma', 'ablation'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];
