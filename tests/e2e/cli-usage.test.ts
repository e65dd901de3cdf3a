// Every command answers --help with its usage, and that usage names exactly the flags the
// command accepts (read back from the one-line error an unknown flag gives).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, repro, scratch } from './run-helpers.ts';

test('each command: --help prints its usage (exit 0), naming exactly the flags it accepts', async () => {
  const cwd = scratch('cli-usage');
  const top = await repro(cwd, '--help');
  assert.equal(top.code, 0);
  const commands = [...top.out.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]);
  assert.ok(commands.length >= 10, top.out);
  await Promise.all(
    commands.map(async (name) => {
      const help = await repro(cwd, name, '--help');
      assert.equal(help.code, 0, `${name} --help: ${help.err}`);
      assert.match(help.out, new RegExp(`^usage: repro ${name}\\b`));
      const named = new Set([...help.out.matchAll(/\[?(--[a-z-]+)/g)].map((m) => m[1]));
      const bad = await repro(cwd, name, '--zzzzzzzzzzzz');
      assert.equal(bad.code, 2, `${name}: ${bad.err}`);
      assert.equal(bad.err.trim().split('\n').length, 1, bad.err);
      const known = /known: ([^)]*)\)/.exec(bad.err)?.[1].split(', ') ?? [];
      if (known.length === 0) assert.match(bad.err, /takes no options/, `${name}: ${bad.err}`);
      assert.deepEqual([...named].sort(), [...known].sort(), `${name}: usage vs accepted flags`);
    }),
  );
});

test('--help shows each default; an unknown command is one line with a near miss named', async () => {
  const cwd = scratch('cli-help');
  const run = await repro(cwd, 'run', '--help');
  assert.match(run.out, /^ {2}--profile quick\|paper +.*\(default: quick\)$/m);
  assert.match(run.out, /^ {2}-j, --jobs N +.*\(default: number of cores\)$/m);
  assert.match((await repro(cwd, 'audit', '--help')).out, /^ {2}--sample K +.*\(default: 3\)$/m);
  const typo = await repro(cwd, 'stauts');
  assert.equal(typo.code, 2);
  assert.equal(typo.err, "repro: unknown command 'stauts' (did you mean status?)\n");
  assert.equal(typo.out, '');
});

test('flag mistakes read as one plain line: a near miss is named, a missing value explained', async () => {
  const cwd = scratch('cli-flags');
  for (const [args, message] of [
    [['run', '--profle', 'quick'], /^repro run: unknown option '--profle' \(did you mean --profile\?\)\n$/],
    [['run', '--jobs', '-1'], /^repro run: --jobs: missing value \(a value that starts with '-' is written --jobs=VALUE\)\n$/],
    [['run', '-j'], /^repro run: --jobs: missing value\n$/],
    [['demo', 'extra'], /^repro demo: unexpected argument 'extra' \(this command takes none\)\n$/],
    [['demo', '--steps', 'abc'], /^repro demo: --steps: expected an integer ≥ 1, got 'abc'\n$/],
    // A repeated option that is not repeatable was the last one silently (the paper profile ran).
    [['run', '--profile', 'quick', '--profile', 'paper', '--dry-run'], /^repro run: --profile given twice \('quick' and 'paper'\): give it once\n$/],
    [['run', '-j', '1', '--jobs=2', '--dry-run'], /^repro run: --jobs given twice \('1' and '2'\): give it once\n$/],
  ] as const) {
    const r = await repro(cwd, ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, message);
  }
});

test('a REPRO_THREADS other than 1 or 2 is a user error, not silently one thread', () => {
  const r = spawnSync(process.execPath, [BIN, 'demo', '--steps', '10'], {
    cwd: scratch('cli-threads'),
    encoding: 'utf8',
    env: { ...process.env, REPRO_THREADS: 'abc' },
  });
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, "repro demo: REPRO_THREADS: expected 1 or 2, got 'abc'\n");
});
