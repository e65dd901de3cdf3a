// Success of a regression run, from the theory: training converged to a global minimum of the
// empirical loss (train loss down by success_train) and the predictor recovered β (population
// loss down by success_pop). Below n ≈ d GD still interpolates (train → 0) but at a spurious
// minimum with population loss of order one; above it the population loss falls with the train loss.
import type { RunView } from '../types.ts';

export interface SuccessThresholds {
  success_train: number;
  success_pop: number;
}

export function succeeded(r: RunView, t: SuccessThresholds): boolean {
  const L = r.metrics.data.train_loss,
    P = r.metrics.data.population_loss;
  if (r.status !== 'ok' || !L || L.length === 0) return false;
  const k = L.length - 1;
  return L[k] <= t.success_train * L[0] && P[k] <= t.success_pop * P[0];
}

/** The n/d of a run (the grid's n_per_d when it has one). */
export const ratioOf = (r: Pick<RunView, 'params' | 'spec'>): number =>
  typeof r.params.n_per_d === 'number' ? r.params.n_per_d : (r.spec.n ?? Infinity) / r.spec.d;
