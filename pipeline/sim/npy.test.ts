import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeNpy, encodeNpy } from './npy.ts';

const data = Float64Array.from({ length: 12 }, (_, i) => (i - 5.5) / 3 + (i === 3 ? 1e-300 : 0));

test('.npy round-trips values, shape and -0/inf/nan bit patterns', () => {
  const special = Float64Array.of(-0, Infinity, -Infinity, NaN, 5e-324);
  for (const [arr, shape] of [
    [data, [3, 4]],
    [data, [12]],
    [special, [5]],
  ] as const) {
    const back = decodeNpy(encodeNpy(arr, [...shape]));
    assert.deepEqual(back.shape, shape);
    assert.deepEqual(Buffer.from(back.data.buffer), Buffer.from(arr.buffer));
  }
  assert.throws(() => encodeNpy(data, [5, 2]), /does not match/);
});

test('.npy bytes are exactly what numpy.save writes (format 1.0, float64, C order)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'npy-'));
  try {
    const py = `import numpy as np, sys\nx = np.array(${JSON.stringify(Array.from(data))}, dtype='<f8')\nnp.save(sys.argv[1] + '/a.npy', x.reshape(3, 4))\nnp.save(sys.argv[1] + '/b.npy', x)\n`;
    const r = spawnSync('python3', ['-c', py, dir], { encoding: 'utf8' });
    if (r.status !== 0) return t.skip(`python3 with numpy is not available: ${r.stderr.trim().split('\n').pop()}`);
    assert.deepEqual(Buffer.from(encodeNpy(data, [3, 4])), readFileSync(join(dir, 'a.npy')));
    assert.deepEqual(Buffer.from(encodeNpy(data, [12])), readFileSync(join(dir, 'b.npy')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
