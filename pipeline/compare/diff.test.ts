import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimRecords } from '../report/claim-records.ts';
import { diffClaims, diffFigures } from './diff.ts';
import { metricChanges } from './metrics.ts';
import { formatDiff } from './format.ts';
import { emptyLockFile } from '../cache/lockfile.ts';

test('claims pair by <experiment>/<id>: verdict, estimate with interval, criteria, measured rows; missing fields tolerated', () => {
  const old = claimRecords({
    claims: [
      { id: 'C2', experiment: 'e', verdict: 'PASS', estimate: { name: 'rho', value: 0.08, ci_low: 0.07, ci_high: 0.09 } },
      { id: 'C1', experiment: 'e', verdict: 'PASS', measured: [{ label: 'a', value: '1 / 2' }] },
      { id: 'GONE', experiment: 'e', verdict: 'N/A' },
      { id: 'SAME', experiment: 'e', verdict: 'PASS', criteria: [{ name: 'k', value: 1, holds: true, verdict: 'PASS' }] },
    ],
  });
  const now = claimRecords({
    claims: [
      { id: 'C2', experiment: 'e', verdict: 'INCONCLUSIVE', estimate: { name: 'rho', value: 0.08, ci_low: 0.01, ci_high: 0.2 } },
      {
        id: 'C1',
        experiment: 'e',
        verdict: 'PASS',
        measured: [
          { label: 'a', value: '2 / 2' },
          { label: 'b', value: 3 },
        ],
      },
      { id: 'SAME', experiment: 'e', verdict: 'PASS', criteria: [{ name: 'k', value: 1, holds: true, verdict: 'PASS' }] },
      { id: 'NEW', experiment: 'f' },
    ],
  });
  const d = diffClaims(old, now);
  assert.deepEqual(
    d.map((c) => [c.claim, c.change]),
    [
      ['e/C2', 'changed'],
      ['e/C1', 'changed'],
      ['e/GONE', 'removed'],
      ['f/NEW', 'added'],
    ],
  );
  assert.deepEqual(d[0].verdict, { old: 'PASS', new: 'INCONCLUSIVE' });
  assert.deepEqual(d[0].estimate!.new, { name: 'rho', value: 0.08, ci_low: 0.01, ci_high: 0.2 });
  assert.equal(d[1].verdict, null);
  assert.deepEqual(d[1].measured, [
    { label: 'a', old: '1 / 2', new: '2 / 2' },
    { label: 'b', old: null, new: 3 },
  ]);
});

test('metrics: the largest change per column over rows matched by step; NaN matches NaN; rows only one side has are counted', () => {
  const a = 'step,train_loss,accuracy\n0,1,\n1,0.5,\n2,0.25,\n';
  const b = 'step,train_loss,accuracy\n0,1,\n1,0.4,\n2,0.3,\n3,0.1,\n';
  assert.deepEqual(metricChanges(a, b), {
    rows: { old: 3, new: 4, matched: 3 },
    columns: [{ column: 'train_loss', max_abs_diff: 0.09999999999999998, step: 1, old: 0.5, new: 0.4 }],
  });
  assert.deepEqual(metricChanges(a, a).columns, []);
  const nan = metricChanges('step,x\n0,1\n', 'step,x\n0,\n').columns[0];
  assert.deepEqual(nan, { column: 'x', max_abs_diff: null, step: 0, old: 1, new: null });
});

test('figures compare by hash', () => {
  const [a, b] = [emptyLockFile(), emptyLockFile()];
  a.figures = { f: { hash: '1' }, g: { hash: '2' } };
  b.figures = { f: { hash: '1' }, g: { hash: '3' }, h: { hash: '4' } };
  assert.deepEqual(diffFigures(a, b), [
    { name: 'g', change: 'changed', old_hash: '2', new_hash: '3' },
    { name: 'h', change: 'added', old_hash: null, new_hash: '4' },
  ]);
});

test('text: values that print the same with four digits are shown with more', () => {
  const d = diffClaims(
    claimRecords([
      { id: 'C2', experiment: 'e', verdict: 'PASS', criteria: [{ name: 'ratio', value: 1.02653781, ci_low: 1.005, ci_high: 1.067, verdict: 'PASS' }] },
    ]),
    claimRecords([
      { id: 'C2', experiment: 'e', verdict: 'PASS', criteria: [{ name: 'ratio', value: 1.02661665, ci_low: 1.005, ci_high: 1.067, verdict: 'PASS' }] },
    ]),
  );
  const text = formatDiff({
    old: 'a',
    new: 'b',
    fingerprint: { old: 'x', new: 'x' },
    claims: d,
    runs: [],
    runs_unchanged: 0,
    runs_rekeyed: 0,
    figures: [],
    differs: true,
  });
  assert.match(text, /^ {4}criterion ratio: 1\.02653781 \[1\.005, 1\.067\] \(PASS\) -> 1\.02661665 \[1\.005, 1\.067\] \(PASS\)$/m);
});
