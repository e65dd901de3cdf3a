// One palette for every figure: the Okabe–Ito colours (safe for colour-vision deficiency), and
// for each categorical series a dash pattern and a point shape as well, so no figure relies on
// colour alone. Named series keep the same colour, dash and shape in every figure.

export const FONT_FAMILY = 'DejaVu Sans';

export const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;
export const DASHES: number[][] = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [1, 3],
  [10, 4],
  [4, 2, 1, 2],
  [3, 5],
];
export const SHAPES = ['circle', 'triangle-up', 'square', 'diamond', 'cross', 'triangle-down', 'triangle-right', 'triangle-left'] as const;

/** Fixed style for series that appear in several figures (same meaning, same look). */
const NAMED: Record<string, number> = {
  'train loss': 0,
  'population loss': 1,
  'test loss': 1,
  '‖W‖_F': 0,
  '‖v‖': 1,
  'min_j cos': 1,
  'mean_j cos': 2,
  'weighted cos': 0,
  'v_j > 0': 0,
  'v_j < 0': 1,
  'both layers': 0,
  'first layer (W) only': 1,
  'second layer (v) only': 2,
  t1: 0,
  t2: 1,
  'fit log L = a − ρt': 6,
};

export const PHASE_FILL: Record<string, string> = { alignment: '#56B4E9', growth: '#E69F00', refinement: '#009E73' };
export const NEUTRAL = '#555555';
export const REFERENCE = '#888888';
export const FIT = '#000000';

export interface CategoricalScales {
  domain: string[];
  color: string[];
  dash: number[][];
  shape: string[];
}

/** Colour, dash and shape ranges for a domain: named series keep their slot, others take the next free one. */
export function categorical(domain: string[]): CategoricalScales {
  const used = new Set(domain.filter((d) => d in NAMED).map((d) => NAMED[d]));
  let next = 0;
  const slots = domain.map((d) => {
    if (d in NAMED) return NAMED[d];
    while (used.has(next)) next++;
    used.add(next);
    return next;
  });
  return {
    domain,
    color: slots.map((s) => COLORS[s % COLORS.length]),
    dash: slots.map((s) => DASHES[s % DASHES.length]),
    shape: slots.map((s) => SHAPES[s % SHAPES.length]),
  };
}
