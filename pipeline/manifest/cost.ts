// A run's expected cost in arbitrary units, for starting the longest runs first and for the
// progress ETA. Per-step work times steps, with factors measured on the paper profile (wall ms
// per unit, median: finite-n GD 0.4–0.56e-6, gradient flow 8.1e-6 with steps as its solver cap,
// population 27e-6 per m²d): flow x16, population x50. Early stops (stop_loss) make it an upper
// bound; the ETA it gives was within ~2x of the truth along a whole paper run (count-based: ~6x).
import type { RunSpec } from '../sim/types.ts';

const FLOW_FACTOR = 16;
const POPULATION_FACTOR = 50;

export function runCost(s: RunSpec): number {
  const perStep = s.n === null ? POPULATION_FACTOR * s.m * s.m * s.d : s.n * s.m * s.d;
  return perStep * s.steps * (s.method === 'flow' ? FLOW_FACTOR : 1);
}
