// Run keys and the simulator fingerprint (docs/design.md, Contracts): key = sha256(canonical({spec,
// fingerprint})), so a change to any simulator source can never reuse a stale result.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canonicalJson } from './canonical.ts';
import type { RunSpec } from '../sim/types.ts';

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The directory whose sources define the simulator (resolved from this file, not the cwd). */
export const SIM_ROOT = fileURLToPath(new URL('../sim/', import.meta.url));

const isSimSource = (f: string): boolean => (f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.bench.ts')) || f.endsWith('.wasm');

/**
 * sha256 of the canonical {files: {relative path: sha256}, node: "node<major>"} over the
 * simulator sources under `root`. Paths are relative and '/'-separated, so a copy of the tree
 * elsewhere has the same fingerprint.
 */
export function computeFingerprint(root: string = SIM_ROOT, nodeMajor = process.versions.node.split('.')[0]): string {
  const names = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split('\\').join('/'))
    .filter(isSimSource)
    .sort();
  const files = Object.fromEntries(names.map((f) => [f, sha256(readFileSync(`${root}/${f}`))]));
  return sha256(canonicalJson({ files, node: `node${nodeMajor}` }));
}

let cached: string | null = null;

/** The fingerprint of the simulator this process runs, computed once (a few ms). */
export function simulatorFingerprint(): string {
  cached ??= computeFingerprint();
  return cached;
}

export function runKey(spec: RunSpec, fingerprint: string): string {
  return sha256(canonicalJson({ spec, fingerprint }));
}
