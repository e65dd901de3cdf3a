import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSlurmConfig } from './config.ts';
import { batchScript, sbatchArgs } from './index.ts';

const config = { ...loadSlurmConfig({}, '/nonexistent'), partition: 'short', time: '10', extra_args: ['--qos=low'] };

test('sbatchArgs: array with throttle, logs under the batch, only the settings given', () => {
  assert.deepEqual(sbatchArgs({ ...config, max_parallel: 4 }, 'B1', 10, '/c/slurm/B1', '/repo/'), [
    '--job-name=repro-B1',
    '--array=0-9%4',
    '--output=/c/slurm/B1/logs/%A_%a.out',
    '--chdir=/repo/',
    '--cpus-per-task=1',
    '--partition=short',
    '--time=10',
    '--qos=low',
    '/c/slurm/B1/task.sh',
  ]);
  assert.ok(sbatchArgs(config, 'B1', 1, '/c', '/r').includes('--array=0-0'));
});

test('batchScript: runs the worker for $SLURM_ARRAY_TASK_ID with the node-side paths, quoted', () => {
  const text = batchScript({ ...config, node: 'module load nodejs && node' }, 'B1', "/shared/it's/slurm/B1", '/shared/cache', '/repo');
  assert.match(text, /^#!\/bin\/bash\n/);
  assert.ok(
    text.includes(
      `module load nodejs && node /repo/bin/repro.js worker --batch $'/shared/it\\'s/slurm/B1/keys.json' --task "$SLURM_ARRAY_TASK_ID" --cache /shared/cache`,
    ),
    text,
  );
});
