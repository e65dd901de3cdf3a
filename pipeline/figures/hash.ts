// Hashing for the figure store: the pipeline's one canonical JSON (RFC 8785) and sha256.
export { canonicalJson } from '../cache/canonical.ts';
export { sha256 } from '../cache/key.ts';
