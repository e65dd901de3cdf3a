// The claims of a whole study: each experiment's claims evaluated on its runs, with the
// controls looked up among the study's experiments. Output in the registry's order.
import { evaluateClaim, type ExperimentRuns } from './evaluate.ts';
import { CLAIMS, claimRank, isClaimId } from './registry.ts';
import type { ClaimResult, ExperimentSetup } from '../types.ts';

export { CLAIMS, controlExperiments, claimRank, isClaimId } from './registry.ts';
export { CLAIM_IDS, type ClaimId, type ClaimDef } from './types.ts';
export type { ExperimentRuns } from './evaluate.ts';

export interface StudyExperiment extends ExperimentRuns {
  setup: ExperimentSetup;
}

/** The figure a claim points at: its preferred kind if the manifest draws it, else the manifest's first, else none. */
function figureFor(setup: ExperimentSetup, preferred: string): string | null {
  const kind = setup.figures.includes(preferred as never) ? preferred : (setup.figures[0] ?? null);
  return kind === null ? null : `${setup.experiment}-${kind}`;
}

export function evaluateClaims(experiments: StudyExperiment[]): ClaimResult[] {
  const byName = new Map(experiments.map((e) => [e.experiment, e]));
  const out: ClaimResult[] = [];
  for (const exp of experiments) {
    for (const [id, thresholds] of Object.entries(exp.setup.claims)) {
      if (!isClaimId(id)) throw new Error(`${exp.setup.file}: unknown claim '${id}'`);
      out.push(evaluateClaim(id, exp, thresholds, byName, figureFor(exp.setup, CLAIMS[id].figure)));
    }
  }
  return sortClaims(out);
}

/** Claims in the registry's order (C1..C5, then the companion's own checks), then by experiment: the same order everywhere. */
export function sortClaims<T extends { id: string; experiment: string }>(claims: T[]): T[] {
  return [...claims].sort((a, b) => claimRank(a.id) - claimRank(b.id) || (a.experiment < b.experiment ? -1 : a.experiment > b.experiment ? 1 : 0));
}
