// Helper for render.test.ts: the digests of some sample figures, computed in a child process.
import { buildSpec } from './index.ts';
import { sampleRequests } from '../testing/figure-fixtures.ts';
import { renderFigure } from './render.ts';
import { sha256 } from '../cache/key.ts';

export async function digestsFor(kinds: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const k of kinds) {
    const r = await renderFigure(buildSpec(sampleRequests().find((q) => q.figure === k)!).vl);
    out[k] = `${sha256(r.svg)} ${sha256(r.png)}`;
  }
  return out;
}
