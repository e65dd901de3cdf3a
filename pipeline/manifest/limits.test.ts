// Resource limits: a run's memory and time estimated from its spec, and manifests refused past a
// limit at the field to blame, with the estimate, the limit and how to raise it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../testing/scratch.ts';
import { UserError } from '../errors.ts';
import { DEFAULT_SPEC } from '../sim/types.ts';
import { ManifestError } from './errors.ts';
import { loadManifest } from './index.ts';
import { checkLimits, DEFAULT_LIMITS, estimateRun, parseDuration, resolveLimits } from './limits.ts';

function manifest(base: string): string {
  const file = join(scratchDir('limits'), 'm.yaml');
  writeFileSync(file, `experiment: big\ntitle: Big\nbase: { ${base} }\n`);
  return file;
}

const refused = (base: string, flags: { memory?: string; time?: string } = {}) => {
  const file = manifest(base);
  try {
    checkLimits(loadManifest(file, 'quick'), resolveLimits(flags, {}));
    return null;
  } catch (err) {
    assert.ok(err instanceof ManifestError, String(err));
    return err.message.replace(file, 'm.yaml');
  }
};

test('the default spec is small and fast; estimates grow with the sizes', () => {
  const e = estimateRun(DEFAULT_SPEC);
  assert.ok(e.bytes < 32 * 2 ** 20 && e.seconds < 10, JSON.stringify(e));
  assert.ok(estimateRun({ ...DEFAULT_SPEC, n: 1e6 }).bytes > 100 * e.bytes);
  assert.ok(estimateRun({ ...DEFAULT_SPEC, steps: 1e6 }).seconds > 100 * e.seconds);
});

test('the sizes of issue 18 are refused at the field to blame, with the estimate, the limit and the flag', () => {
  assert.equal(refused('n: 1000'), null);
  assert.match(refused('n: 100000000')!, /^m\.yaml:3:12: base\.n: a run needs about \d+ GiB of kernel memory .* no flag raises this$/);
  assert.match(refused('d: 100000, m: 100000')!, /^m\.yaml:3:\d+: base\.[dm]: a run needs about .* over the 4\.0 GiB a wasm32 memory holds/);
  assert.match(
    refused('steps: 1000000000000000')!,
    /^m\.yaml:3:\d+: base\.steps: a run takes about .* years, over the limit of 5 min per run \(raise it with --max-time DURATION or REPRO_MAX_TIME\)$/,
  );
  assert.match(refused('log_per_decade: 1000000000')!, /base\.log_per_decade: a run takes about \d+ min, over the limit/);
  const flow = 'method: flow, lr: null, t_max: 1000, rtol: 1.0e-6, atol: 1.0e-9, log_per_decade: 100000000';
  assert.match(refused(flow)!, /base\.log_per_decade: a run would log about 5\.0e\+8 values in one array/);
  assert.match(
    refused('n: 3000000, d: 60, steps: 1')!,
    /a run needs about \d\.\d GiB of memory, over the limit of 4\.0 GiB \(raise it with --max-memory SIZE or REPRO_MAX_MEMORY\)/,
  );
  assert.equal(refused('n: 3000000, d: 60, steps: 1', { memory: '16G', time: '1h' }), null, 'the flags raise the limits');
});

test('limits from flags, then the environment, then the defaults; bad values are user errors', () => {
  assert.deepEqual(resolveLimits({}, {}), DEFAULT_LIMITS);
  assert.deepEqual(resolveLimits({}, { REPRO_MAX_MEMORY: '8G', REPRO_MAX_TIME: '2h' }), { memory: 8 * 2 ** 30, seconds: 7200 });
  assert.deepEqual(resolveLimits({ memory: '1G', time: '90s' }, { REPRO_MAX_MEMORY: '8G' }), { memory: 2 ** 30, seconds: 90 });
  assert.equal(parseDuration('--max-time', '10m'), 600);
  assert.throws(
    () => resolveLimits({ time: 'soon' }, {}),
    (e: Error) => e instanceof UserError && /--max-time: expected a duration/.test(e.message),
  );
  assert.throws(() => resolveLimits({}, { REPRO_MAX_MEMORY: 'lots' }), /REPRO_MAX_MEMORY: expected a size/);
});
