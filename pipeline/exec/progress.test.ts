import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { DEFAULT_SPEC, type RunSpec } from '../sim/types.ts';
import { runCost } from '../manifest/cost.ts';
import { formatDuration, progressLine, startProgress } from './progress.ts';

test('progress lines: done/total, failed count and an ETA from the share of the work done', () => {
  assert.equal(progressLine(0, 40, 0, 1000), 'run: 0/40 done, 0 failed, eta ?');
  assert.equal(progressLine(10, 40, 1, 10_000), 'run: 10/40 done, 1 failed, eta 30s');
  // Ten runs holding 80% of the expected cost: a quarter of the time so far is left.
  assert.equal(progressLine(10, 40, 0, 10_000, 0.8), 'run: 10/40 done, 0 failed, eta 2.5s');
  assert.equal(progressLine(40, 40, 0, 99_000), 'run: 40/40 done, 0 failed, eta 0s');
  assert.deepEqual([1234, 59_000, 125_000, 7_380_000].map(formatDuration), ['1.2s', '59s', '2m05s', '2h03m']);
});

test('run cost: n m d steps, population and flow runs weighted by their measured factors', () => {
  const gd: RunSpec = { ...DEFAULT_SPEC, n: 1000, d: 10, m: 20, steps: 100 };
  assert.equal(runCost(gd), 1000 * 20 * 10 * 100);
  assert.equal(runCost({ ...gd, n: null }), 50 * 20 * 20 * 10 * 100);
  assert.equal(runCost({ ...gd, method: 'flow', lr: null }), 16 * runCost(gd));
});

test('without a terminal, progress prints plain lines (one at the end at least)', () => {
  let out = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  const runs = ['a', 'b', 'c'].map((key) => ({ key, spec: DEFAULT_SPEC }));
  const p = startProgress(runs, { tty: false, stream });
  p.tick('a', false);
  p.tick('b', true);
  p.tick('c', false);
  p.stop();
  p.stop();
  assert.match(out, /^run: 3\/3 done, 1 failed, eta 0s\n$/);
});
