import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { formatDuration, progressLine, startProgress } from './progress.ts';

test('progress lines: done/total, failed count and an ETA from the mean time per run', () => {
  assert.equal(progressLine(0, 40, 0, 1000), 'run: 0/40 done, 0 failed, eta ?');
  assert.equal(progressLine(10, 40, 1, 10_000), 'run: 10/40 done, 1 failed, eta 30s');
  assert.equal(progressLine(40, 40, 0, 99_000), 'run: 40/40 done, 0 failed, eta 0s');
  assert.deepEqual([1234, 59_000, 125_000, 7_380_000].map(formatDuration), ['1.2s', '59s', '2m05s', '2h03m']);
});

test('without a terminal, progress prints plain lines (one at the end at least)', () => {
  let out = '';
  const stream = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
  const p = startProgress(3, { tty: false, stream });
  p.tick(false);
  p.tick(true);
  p.tick(false);
  p.stop();
  p.stop();
  assert.match(out, /^run: 3\/3 done, 1 failed, eta 0s\n$/);
});
