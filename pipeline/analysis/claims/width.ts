// WIDTH (descriptive): how the number of neurons m changes each phase and the end point.
import { fmt, groupBy } from './common.ts';
import { succeeded } from './success.ts';
import { median } from '../stats.ts';
import type { ClaimDef } from './types.ts';

export const WIDTH: ClaimDef<Record<string, never>> = {
  id: 'WIDTH',
  title: 'Width (descriptive)',
  statement: 'How the number of neurons m changes each phase and the end point (the paper states no prediction for it).',
  prediction: 'none: a description, reported without a verdict',
  regime: { text: 'all runs of the width sweep' },
  thresholds: {},
  figure: 'ablation',
  descriptive: true,
  check(runs, _t, ctx) {
    const measured = [...groupBy(runs, (r) => r.spec.m)].map(([m, g]) => {
      const med = (pick: (x: (typeof g)[number]) => number | null | undefined) => fmt(median(g.map((r) => pick(r) ?? NaN)));
      const ok = g.filter((r) => succeeded(r, ctx.analysis)).length;
      return {
        label: `m = ${m}: median t1, t_g, t2 (steps); median ρ; runs that converge and recover β`,
        value: `${med((r) => r.phases?.t1)}, ${med((r) => r.phases?.t_g)}, ${med((r) => r.phases?.t2)}; ${med((r) => r.phases?.rate?.rho)}; ${ok} / ${g.length}`,
      };
    });
    return { criteria: [], measured, notes: [] };
  },
  controls: [],
  revisions: [],
};
