// Log-spaced logging grids: dense early (where alignment happens) and sparse late.
import { exp10, log10 } from './detmath.ts';

/** 0, then round(10^(k/perDecade)) for k = 0, 1, ..., deduplicated, capped at and including `last`. */
export function logSteps(last: number, perDecade: number): number[] {
  const out = [0];
  for (let k = 0; ; k++) {
    const s = Math.round(exp10(k / perDecade));
    if (s >= last) break;
    if (s > out[out.length - 1]) out.push(s);
  }
  if (last > 0) out.push(last);
  return out;
}

/** 0, then 10^(k/perDecade) from tMin up to tMax (exclusive), then tMax. */
export function logTimes(tMax: number, perDecade: number, tMin = 1e-2): number[] {
  const out = [0];
  for (let k = Math.ceil(perDecade * log10(tMin)); ; k++) {
    const t = exp10(k / perDecade);
    if (t >= tMax * (1 - 1e-12)) break;
    out.push(t);
  }
  out.push(tMax);
  return out;
}

/** Coarser grid for per-neuron rows (they cost m rows each). */
export const NEURON_PER_DECADE = 5;
