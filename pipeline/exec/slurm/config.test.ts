import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { scratchDir } from '../../testing/scratch.ts';
import { join } from 'node:path';
import { loadSlurmConfig } from './config.ts';

const dir = scratchDir('config');
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
};

test('no config file: the schema defaults', () => {
  const c = loadSlurmConfig({}, dir);
  assert.deepEqual(c, {
    partition: null,
    account: null,
    time: null,
    mem: null,
    cpus_per_task: 1,
    extra_args: [],
    cache: null,
    node: 'node',
    runs_per_task: 1,
    max_parallel: null,
    poll_seconds: 2,
  });
});

test('a config file sets values; flags override it; a comment-only file is all defaults', () => {
  const f = file('a.yaml', 'slurm:\n  partition: short\n  time: "0:30:00"\n  mem: 2G\n  extra_args: [--qos=low]\n  runs_per_task: 4\n');
  const c = loadSlurmConfig({ config: f, max_parallel: 3 });
  assert.equal(c.partition, 'short');
  assert.equal(c.time, '0:30:00');
  assert.deepEqual(c.extra_args, ['--qos=low']);
  assert.equal(c.runs_per_task, 4);
  assert.equal(c.max_parallel, 3);
  assert.equal(loadSlurmConfig({ config: f, runs_per_task: 2 }).runs_per_task, 2);
  assert.equal(loadSlurmConfig({ config: file('c.yaml', '# nothing yet\n') }).node, 'node');
});

test('./repro.config.yaml is read when no --config is given', () => {
  const cwd = scratchDir('config-cwd');
  writeFileSync(join(cwd, 'repro.config.yaml'), 'slurm:\n  account: lab\n');
  assert.equal(loadSlurmConfig({}, cwd).account, 'lab');
});

test('errors name file:line:col and the field', () => {
  assert.match(
    message(() => loadSlurmConfig({ config: file('b.yaml', 'slurm:\n  partitoin: x\n') })),
    /b\.yaml:2:3: slurm\.partitoin: unknown key 'partitoin' \(did you mean 'partition'\?\)$/,
  );
  assert.match(
    message(() => loadSlurmConfig({ config: file('d.yaml', 'slurm:\n  cpus_per_task: 0\n  time: 1h\n') })),
    /d\.yaml:2:18: slurm\.cpus_per_task: must be >= 1 \(got 0\)$/,
  );
  assert.match(
    message(() => loadSlurmConfig({ config: file('e.yaml', 'slurm:\n  time: 1h\n') })),
    /e\.yaml:2:9: slurm\.time: invalid value \(got '1h'\); expected sbatch --time/,
  );
  assert.match(
    message(() => loadSlurmConfig({ config: file('f.yaml', 'slurm:\n  extra_args: [--qos=a, --array=1-3]\n') })),
    /f\.yaml:2:25: slurm\.extra_args\[1\]: repro sets this sbatch flag itself/,
  );
  assert.match(
    message(() => loadSlurmConfig({ config: file('g.yaml', 'slurm:\n  max_parallel: many\n') })),
    /g\.yaml:2:17: slurm\.max_parallel: must be an integer or null \(got 'many'\)$/,
  );
  assert.match(
    message(() => loadSlurmConfig({ config: file('h.yaml', 'slurm: [\n') })),
    /h\.yaml:\d+:\d+: invalid YAML/,
  );
  assert.match(
    message(() => loadSlurmConfig({ config: join(dir, 'absent.yaml') })),
    /absent\.yaml: cannot read file \(ENOENT\)$/,
  );
});
