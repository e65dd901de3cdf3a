// One run, spec to cache entry: simulate, encode, store. Shared by the local worker pool and the
// Slurm tasks. A run that throws is stored too, with status 'failed' and the error: failure is
// data, and a deterministic failure would only fail again.
import { writeEntry, type EntryMeta, type WriteResult } from '../cache/store.ts';
import { runKey, simulatorFingerprint } from '../cache/key.ts';
import { encodeRun, sortedJson } from '../sim/encode.ts';
import { simulate } from '../sim/simulate.ts';
import type { RunSpec, RunStatus } from '../sim/types.ts';

interface Computed {
  status: RunStatus;
  message: string | null;
  files: Record<string, Uint8Array>;
}

function simulateSafely(spec: RunSpec): Computed {
  try {
    const out = simulate(spec);
    return { status: out.status, message: out.message, files: encodeRun(spec, out) };
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    // result.json in the usual shape, so readers of a failed run see its status and reason.
    const result = { status: 'failed', message, steps_taken: null, t_final: null, final: {} };
    return { status: 'failed', message, files: { 'result.json': new TextEncoder().encode(sortedJson(result)) } };
  }
}

/** Simulates and stores one run; the result tells whether this call wrote it and any conflict. */
export function computeRun(spec: RunSpec, cacheDir: string, fingerprint: string = simulatorFingerprint()): WriteResult {
  const key = runKey(spec, fingerprint);
  const t0 = performance.now();
  const { status, message, files } = simulateSafely(spec);
  const wall_ms = Math.round(performance.now() - t0);
  return writeEntry(cacheDir, { key, spec, fingerprint, status, message, wall_ms }, files);
}

/** computeRun for callers that only need the stored entry; a determinism conflict is warned about on stderr. */
export function computeAndStore(spec: RunSpec, cacheDir: string, fingerprint?: string): EntryMeta {
  const result = computeRun(spec, cacheDir, fingerprint);
  if (result.conflict) process.stderr.write(`repro: warning: ${result.conflict}\n`);
  return result.meta;
}
