import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SPEC } from '../../sim/types.ts';
import { planTasks, type TaskStatus } from './batch.ts';
import type { PendingRun } from '../types.ts';
import { parseJobId, parseTaskStates } from './queue.ts';
import { describeEnd, lastLine, taskResults } from './results.ts';

const runs: PendingRun[] = ['a', 'b', 'c'].map((key, seed) => ({ key, spec: { ...DEFAULT_SPEC, seed } }));

test('planTasks: runs per task, raised when the array would be too long', () => {
  assert.deepEqual(
    planTasks(runs, 1).map((t) => t.map((r) => r.key)),
    [['a'], ['b'], ['c']],
  );
  assert.deepEqual(
    planTasks(runs, 2).map((t) => t.map((r) => r.key)),
    [['a', 'b'], ['c']],
  );
  assert.deepEqual(
    planTasks(runs, 1, 2).map((t) => t.map((r) => r.key)),
    [['a', 'b'], ['c']],
  );
  assert.deepEqual(planTasks([], 1), []);
});

test('parseJobId: plain and with a cluster name; garbage is an error', () => {
  assert.equal(parseJobId('1234\n'), '1234');
  assert.equal(parseJobId('77;cluster\n'), '77');
  assert.throws(() => parseJobId('Submitted batch job 5'), /unexpected sbatch output/);
});

test('parseTaskStates: squeue -O lines, exit status decoded (wait status: code << 8 | signal)', () => {
  const out = '3|COMPLETED|0|None|\n1|FAILED|768|NonZeroExitCode|\n5|RUNNING|0|None|\n2|CANCELLED|15|None|\n4|PENDING|0|JobArrayTaskLimit|\n';
  assert.deepEqual(parseTaskStates(out), [
    { task: 1, state: 'FAILED', reason: 'NonZeroExitCode', exit: 3, signal: null },
    { task: 2, state: 'CANCELLED', reason: 'None', exit: null, signal: 15 },
    { task: 3, state: 'COMPLETED', reason: 'None', exit: 0, signal: null },
    { task: 4, state: 'PENDING', reason: 'JobArrayTaskLimit', exit: null, signal: null },
    { task: 5, state: 'RUNNING', reason: 'None', exit: null, signal: null },
  ]);
  assert.deepEqual(parseTaskStates(''), []);
});

test('describeEnd and lastLine', () => {
  assert.equal(describeEnd({ task: 0, state: 'FAILED', reason: 'NonZeroExitCode', exit: 3, signal: null }), 'FAILED, exit code 3');
  assert.equal(describeEnd({ task: 0, state: 'TIMEOUT', reason: 'TimeLimit', exit: 0, signal: null }), 'TIMEOUT (TimeLimit)');
  assert.equal(describeEnd({ task: 0, state: 'CANCELLED', reason: 'None', exit: null, signal: 9 }), 'CANCELLED, signal 9');
  assert.equal(describeEnd(undefined), 'ended with no record left in squeue');
  assert.equal(lastLine('a\nlast one  \n\n'), 'last one');
  assert.equal(lastLine('\n \n'), null);
});

const status = (over: Partial<TaskStatus>): TaskStatus => ({ batch: 'B', task: 0, job: '9_0', host: 'h', current: null, done: false, runs: {}, ...over });
const failedState = { task: 0, state: 'FAILED', reason: 'NonZeroExitCode', exit: 3, signal: null };

test('taskResults: status file first; the run in progress failed, the rest missing', () => {
  const st = status({ current: 'b', runs: { a: { status: 'ok', message: '' } } });
  const res = taskResults(0, runs, { status: st, state: failedState, logTail: 'boom', log: 'slurm/B/logs/9_0.out' });
  assert.deepEqual(
    res.map((r) => [r.key, r.status]),
    [
      ['a', 'ok'],
      ['b', 'failed'],
      ['c', 'missing'],
    ],
  );
  assert.equal(res[1].message, 'task 0 FAILED, exit code 3: boom');
  assert.equal(res[2].message, 'not run: task 0 FAILED, exit code 3: boom');
  assert.ok(res.every((r) => r.log === 'slurm/B/logs/9_0.out'));
});

test('taskResults: no status file — crashed at start (failed) vs cancelled while pending (missing)', () => {
  const crashed = taskResults(0, runs, { status: null, state: { ...failedState, exit: 127 }, logTail: 'node: command not found', log: null });
  assert.deepEqual(
    crashed.map((r) => r.status),
    ['failed', 'failed', 'failed'],
  );
  assert.match(crashed[0].message, /exit code 127: node: command not found/);
  const cancelled = taskResults(0, runs, {
    status: null,
    state: { task: 0, state: 'CANCELLED', reason: 'None', exit: 0, signal: null },
    logTail: null,
    log: null,
  });
  assert.deepEqual(
    cancelled.map((r) => r.status),
    ['missing', 'missing', 'missing'],
  );
});

test('taskResults: a done task reports every run as its status file says', () => {
  const st = status({
    done: true,
    runs: { a: { status: 'ok', message: '' }, b: { status: 'diverged', message: 'loss > 1e6' }, c: { status: 'failed', message: 'out of memory' } },
  });
  const res = taskResults(0, runs, { status: st, state: undefined, logTail: null, log: null });
  assert.deepEqual(
    res.map((r) => [r.status, r.message]),
    [
      ['ok', ''],
      ['diverged', 'loss > 1e6'],
      ['failed', 'out of memory'],
    ],
  );
});
