// Claim ids a manifest may name (checks in claims.ts), kept import-free for the manifest schema.
export const CLAIM_IDS = ['C1', 'C2', 'C3', 'C4', 'C5', 'WM', 'ABL', 'POP', 'WIDTH'] as const;
