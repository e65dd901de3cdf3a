// The Slurm executor against a real single-node Slurm (scripts/slurm-local.sh), through the CLI:
// same lock file as the local executor, a failing task reported and rerun alone, Ctrl-C cancels.
// Skipped, with the reason printed, when not root or when Slurm can be neither found nor installed.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listKeys, verifyEntry } from '../../pipeline/cache/store.ts';
import { slurmLogFor } from '../../pipeline/exec/slurm/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts', 'slurm-local.sh');
const SLURM_DIR = process.env.REPRO_SLURM_DIR ?? '/tmp/repro-slurm';
const ENV = { ...process.env, SLURM_CONF: join(SLURM_DIR, 'slurm.conf'), REPRO_WORKER_FAIL_KEYS: '' };

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const script = (cmd: string) => spawnSync(SCRIPT, [cmd], { env: ENV, encoding: 'utf8' });

/** Starts Slurm unless it already runs; returns why the tests must be skipped, or null. */
function prepare(): { skip: string | null; stopAfter: boolean } {
  if (process.getuid?.() !== 0) return { skip: 'not root: scripts/slurm-local.sh installs packages and starts daemons', stopAfter: false };
  if (!has('sbatch') && !has('apt-get')) return { skip: 'Slurm is not installed and apt-get is not available', stopAfter: false };
  if (script('status').status === 0) return { skip: null, stopAfter: false };
  const start = script('start');
  if (start.status === 0) return { skip: null, stopAfter: true };
  // A failed install is the machine's limit; a failed start with Slurm installed is a bug.
  if (!has('slurmctld')) return { skip: `could not install Slurm: ${start.stderr.trim().split('\n').pop()}`, stopAfter: false };
  throw new Error(`scripts/slurm-local.sh start failed:\n${start.stdout}${start.stderr}`);
}

const { skip, stopAfter } = prepare();
if (skip) console.log(`# tests/slurm skipped: ${skip}`);
after(() => {
  if (stopAfter) script('stop');
});

const work = mkdtempSync(join(tmpdir(), 'repro-slurm-test-'));
after(() => rmSync(work, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  writeFileSync(join(work, name), text);
  return join(work, name);
};
const SWEEP = file('sweep.yaml', 'experiment: slurm-sweep\ntitle: Tiny sweep\nbase: { n: 64, d: 4, m: 4, steps: 50 }\nseeds: [0, 1, 2, 3, 4, 5, 6, 7]\n');
// Runs of tens of seconds, one at a time: still running when the test presses Ctrl-C.
const SLOW = file('slow.yaml', 'experiment: slurm-slow\ntitle: Slow runs\nbase: { n: 1000, d: 10, m: 20, steps: 20000 }\nseeds: [0, 1, 2]\n');
const CONFIG = file('repro.config.yaml', 'slurm:\n  poll_seconds: 0.5\n');

interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

function repro(args: string[], opts: { env?: NodeJS.ProcessEnv; onStderr?: (text: string, pid: number) => void } = {}): Promise<Cli> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'repro.js'), ...args], { cwd: work, env: { ...ENV, ...opts.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    opts.onStderr?.(stderr, child.pid!);
  });
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr, seconds: (performance.now() - t0) / 1000 })));
}

const slurmRun = (manifest: string, name: string, extra: string[] = [], env?: NodeJS.ProcessEnv) =>
  repro(
    ['run', manifest, '--executor', 'slurm', '--config', CONFIG, '--cache', join(work, `cache-${name}`), '--lock', join(work, `lock-${name}.json`), ...extra],
    { env },
  );

let localLock: { text: string; seconds: number } | null = null;
async function localSweep(): Promise<{ text: string; seconds: number }> {
  if (!localLock) {
    const r = await repro(['run', SWEEP, '--executor', 'local', '--jobs', '2', '--cache', join(work, 'cache-local'), '--lock', join(work, 'lock-local.json')]);
    assert.equal(r.code, 0, r.stderr);
    localLock = { text: readFileSync(join(work, 'lock-local.json'), 'utf8'), seconds: r.seconds };
  }
  return localLock;
}

async function sweepKeys(): Promise<string[]> {
  const r = await repro(['status', SWEEP, '--json', '--cache', join(work, 'cache-keys')]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { key: string }[]).map((row) => row.key);
}

function activeTasks(jobId: string): string {
  return spawnSync('squeue', ['-h', '-r', '-j', jobId, '-t', 'pending,running,completing,configuring,suspended', '-o', '%i %T'], {
    env: ENV,
    encoding: 'utf8',
  }).stdout.trim();
}

describe('Slurm executor on a real single-node Slurm', { skip: skip ?? undefined, timeout: 240_000 }, () => {
  test('an 8-run sweep through Slurm writes the same lock file as the local executor', async (t) => {
    const local = await localSweep();
    const slurm = await slurmRun(SWEEP, 'sweep');
    assert.equal(slurm.code, 0, slurm.stderr);
    assert.match(slurm.stderr, /slurm: 8 run\(s\) submitted as array job \d+ \(8 task\(s\)\)/);
    assert.equal(readFileSync(join(work, 'lock-sweep.json'), 'utf8'), local.text);
    const keys = listKeys(join(work, 'cache-sweep'));
    assert.equal(keys.length, 8);
    for (const key of keys) {
      assert.deepEqual(verifyEntry(join(work, 'cache-sweep'), key), []);
      const log = slurmLogFor(key, join(work, 'cache-sweep'));
      assert.equal(log?.status, 'ok');
      assert.match(readFileSync(log!.log!, 'utf8'), new RegExp(`run ${key} ok`));
    }
    t.diagnostic(`8-run sweep wall time: local (--jobs 2) ${local.seconds.toFixed(1)} s, slurm ${slurm.seconds.toFixed(1)} s`);
  });

  test('a task that fails is reported with its reason, and a rerun submits only its runs', async () => {
    const keys = await sweepKeys();
    // Two runs per task: task 1 holds keys[2] (fails) and keys[3] (never reached).
    const failing = await slurmRun(SWEEP, 'fail', ['--runs-per-task', '2'], { REPRO_WORKER_FAIL_KEYS: keys[2] });
    assert.equal(failing.code, 1, failing.stderr);
    assert.match(
      failing.stderr,
      new RegExp(`failed +${keys[2].slice(0, 12)} .*: task 1 FAILED, exit code 3: repro worker: REPRO_WORKER_FAIL_KEYS names run ${keys[2]}`),
    );
    assert.match(failing.stderr, new RegExp(`failed +${keys[3].slice(0, 12)} .*: not run: task 1 FAILED, exit code 3`));
    assert.match(failing.stdout, /6 computed, 0 reused, 2 failed/);
    const index = slurmLogFor(keys[2], join(work, 'cache-fail'));
    assert.equal(index?.status, 'failed');
    assert.match(readFileSync(index!.log!, 'utf8'), /exiting with code 3 on purpose/);
    const lock = JSON.parse(readFileSync(join(work, 'lock-fail.json'), 'utf8')) as { runs: Record<string, unknown> };
    assert.deepEqual(Object.keys(lock.runs).sort(), keys.filter((_, i) => i !== 2 && i !== 3).sort());

    const rerun = await slurmRun(SWEEP, 'fail');
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stderr, /slurm: 2 run\(s\) submitted/);
    assert.match(rerun.stdout, /2 computed, 6 reused, 0 failed/);
    assert.equal(readFileSync(join(work, 'lock-fail.json'), 'utf8'), (await localSweep()).text);
  });

  test('Ctrl-C cancels the array and exits 130, leaving only whole entries', async () => {
    let jobId = '';
    let signalled = false;
    let poll: NodeJS.Timeout | undefined;
    const r = await repro(
      [
        'run',
        SLOW,
        '--executor',
        'slurm',
        '--config',
        CONFIG,
        '--max-parallel',
        '1',
        '--cache',
        join(work, 'cache-slow'),
        '--lock',
        join(work, 'lock-slow.json'),
      ],
      {
        onStderr(text, pid) {
          const m = /submitted as array job (\d+)/.exec(text);
          if (!m || signalled) return;
          jobId = m[1];
          signalled = true;
          // Interrupt once the first task computes, so there is something to cancel mid-run.
          poll = setInterval(() => {
            if (!/_0 RUNNING/.test(activeTasks(jobId))) return;
            clearInterval(poll);
            process.kill(pid, 'SIGINT');
          }, 200);
        },
      },
    );
    clearInterval(poll);
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, new RegExp(`cancelled Slurm array job ${jobId}`));
    // scancel returns before slurmd has reaped the tasks; give them a moment.
    for (let i = 0; i < 50 && activeTasks(jobId) !== ''; i++) await new Promise((ok) => setTimeout(ok, 200));
    assert.equal(activeTasks(jobId), '');
    assert.equal(existsSync(join(work, 'lock-slow.json')), false);
    for (const key of listKeys(join(work, 'cache-slow'))) assert.deepEqual(verifyEntry(join(work, 'cache-slow'), key), []);
  });
});
