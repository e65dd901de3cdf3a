// WM: the four phases of Wang and Ma (NeurIPS 2023) for gradient flow on separable data.
import { groupBy, proportion } from './common.ts';
import type { ClaimDef, Criterion } from './types.ts';

type T = { min_fraction: number };

export const WM: ClaimDef<T> = {
  id: 'WM',
  title: 'Wang–Ma four phases',
  statement:
    'Wang and Ma: gradient flow on linearly separable data passes through four phases — initial condensation, saddle to plateau, plateau escape, and final convergence with changing activation patterns.',
  prediction: 'the four phases appear in order, with activation-pattern changes during final convergence',
  regime: { text: 'classification, gradient flow, small initialization' },
  thresholds: {
    min_fraction: { default: 0.5, meaning: 'share of runs with the four phases in order (its 95% interval)', reason: 'provisional', minimum: 0, maximum: 1 },
  },
  figure: 'wang-ma',
  check(runs, t) {
    const criteria: Criterion[] = [];
    const measured: { label: string; value: string }[] = [];
    const notes: string[] = [];
    if (runs.length === 0) return { criteria, measured, notes, notApplicable: 'no runs' };
    let good = 0;
    for (const [loss, group] of groupBy(runs, (r) => r.spec.loss)) {
      const inOrder = group.filter((r) => r.wm?.in_order).length;
      good += inOrder;
      for (const r of group) if (!r.wm?.in_order) notes.push(`${loss} seed ${r.spec.seed}: ${r.wm?.reason ?? r.status}`);
      measured.push({ label: `${loss} loss: runs with the four phases in order`, value: `${inOrder} / ${group.length}` });
    }
    criteria.push(proportion('share of runs with the four phases in order', good, runs.length, { min: t.min_fraction }));
    return { criteria, measured, notes };
  },
  controls: [],
  revisions: [],
};
