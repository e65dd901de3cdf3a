// The open-format run layout of `repro export` (docs/design.md): the cached files plus spec.json and the training
// data regenerated from the seed (X.npy, y.npy), so a run can be replayed in numpy alone.
import { makeBeta, makeTrainingData } from './data.ts';
import { encodeNpy } from './npy.ts';
import { sortedJson } from './encode.ts';
import type { RunSpec } from './types.ts';

export function exportRun(spec: RunSpec, files: Record<string, Uint8Array>): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = { ...files, 'spec.json': new TextEncoder().encode(sortedJson(spec)) };
  const data = makeTrainingData(spec, makeBeta(spec));
  if (data) {
    out['X.npy'] = encodeNpy(data.X, [data.n, data.d]);
    out['y.npy'] = encodeNpy(data.y, [data.n]);
  }
  return out;
}
