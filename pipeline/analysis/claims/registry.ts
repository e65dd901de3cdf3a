// Every claim, by id. The order here is the order everywhere: the claims table, the methods
// page, claims.json and numbers.tex.
import { C1 } from './c1.ts';
import { C2 } from './c2.ts';
import { C3 } from './c3.ts';
import { C4 } from './c4.ts';
import { C5 } from './c5.ts';
import { POP } from './pop.ts';
import { ABL } from './abl.ts';
import { WM } from './wm.ts';
import { WIDTH } from './width.ts';
import { CLAIM_IDS, type ClaimDef, type ClaimId } from './types.ts';

// Typed against the list of ids: a claim missing here fails to compile.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry has its own threshold type
export const CLAIMS: { [K in ClaimId]: ClaimDef<any> } = { C1, C2, C3, C4, C5, POP, ABL, WM, WIDTH };

export const isClaimId = (id: string): id is ClaimId => (CLAIM_IDS as readonly string[]).includes(id);

/** Rank of a claim id in the registry's order (unknown ids last). */
export const claimRank = (id: string): number => (isClaimId(id) ? CLAIM_IDS.indexOf(id) : CLAIM_IDS.length);

/** The experiments that hold a claim's negative controls (manifests with `control_of: <id>`). */
export function controlExperiments(id: ClaimId): string[] {
  return CLAIMS[id].controls.flatMap((c) => ('experiment' in c.source ? [c.source.experiment] : []));
}
