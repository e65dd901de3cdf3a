// Fault suite, sizes that cannot run (issue 18, item 5): validate and run refuse them at the
// field to blame, with the estimate, the limit and how to raise it, before anything is allocated
// or written — instead of an out-of-memory kill, a hang, a failed entry in the lock, or V8's
// native fatal error.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../../pipeline/testing/scratch.ts';
import { assertHandled, cli } from './helpers.ts';

const FLOW = 'method: flow, lr: null, t_max: 1000, rtol: 1.0e-6, atol: 1.0e-9';
const CASES: [string, string, RegExp][] = [
  ['n: 1e8', 'n: 100000000', /big\.yaml:3:\d+: base\.n: a run needs about \d+ GiB of .*memory/],
  ['d = m = 1e5', 'd: 100000, m: 100000', /big\.yaml:3:\d+: base\.[dm]: a run needs about \d+ GiB of kernel memory/],
  [
    'steps: 1e15',
    'steps: 1000000000000000',
    /big\.yaml:3:\d+: base\.steps: a run takes about .*, over the limit of 5 min per run \(raise it with --max-time DURATION or REPRO_MAX_TIME\)/,
  ],
  ['log_per_decade: 1e9', 'log_per_decade: 1000000000', /base\.log_per_decade: a run takes about \d+ min, over the limit of 5 min per run/],
  ['a flow run with a huge log grid', `${FLOW}, log_per_decade: 100000000`, /base\.log_per_decade: a run would log about 5\.0e\+8 values in one array/],
];

function manifest(name: string, base: string): string {
  const dir = scratchDir(`limits-${name.replace(/\W+/g, '-')}`);
  writeFileSync(join(dir, 'big.yaml'), `experiment: big\ntitle: Big\nbase: { ${base} }\n`);
  return dir;
}

describe('specs past a limit', { concurrency: 4 }, () => {
  for (const [name, base, message] of CASES) {
    test(`${name}: validate refuses it at the field, exit 2`, async () => {
      const dir = manifest(name, base);
      assertHandled(await cli(dir, ['validate', 'big.yaml'], { timeoutMs: 20_000 }), [2], message);
    });

    test(`${name}: run refuses it at once and writes nothing`, async () => {
      const dir = manifest(name, base);
      const t0 = Date.now();
      const r = await cli(dir, ['run', 'big.yaml'], { timeoutMs: 20_000 });
      assertHandled(r, [2], message);
      assert.ok(Date.now() - t0 < 15_000, 'refused before any allocation');
      assert.deepEqual(readdirSync(dir), ['big.yaml'], 'no cache, no lock');
    });
  }

  test('the flags raise the limits', async () => {
    const dir = manifest('raised', 'n: 3000000, d: 60, steps: 1');
    assertHandled(await cli(dir, ['validate', 'big.yaml']), [2], /over the limit of 4\.0 GiB \(raise it with --max-memory SIZE or REPRO_MAX_MEMORY\)/);
    assertHandled(await cli(dir, ['validate', 'big.yaml', '--max-memory', '16G', '--max-time', '1h']), [0], null, 0);
    assertHandled(await cli(dir, ['validate', 'big.yaml'], { env: { REPRO_MAX_MEMORY: '16G', REPRO_MAX_TIME: '1h' } }), [0], null, 0);
    assert.equal(existsSync(join(dir, '.repro')), false);
  });
});
