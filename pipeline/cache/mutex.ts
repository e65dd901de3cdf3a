// A mutex between processes, also across the hosts of a shared filesystem: `<path>.lck`, created
// exclusively and naming its holder as `<pid>@<host>`. A holder that died on this host (pid gone),
// or a file left empty for over 10 s, is broken under a second `.break` file, so two processes
// that both find it stale cannot delete a fresh one the other has just taken.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { setTimeout as wait } from 'node:timers/promises';
import { UserError } from '../errors.ts';
import { HOST, isAlive } from './owner.ts';

const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  writeSync(fd, `${process.pid}@${HOST}\n`);
  closeSync(fd);
  return true;
}

/** A holder that died (same host, pid gone), or a file left empty for over 10 s. */
function isStale(path: string): boolean {
  let text: string, age: number;
  try {
    text = readFileSync(path, 'utf8');
    age = Date.now() - statSync(path).mtimeMs;
  } catch {
    return false; // gone already: just retry
  }
  const m = /^(\d+)@(.*)\n$/.exec(text);
  if (!m) return age > 10_000;
  return m[2] === HOST && Number(m[1]) !== process.pid && !isAlive(Number(m[1]));
}

function breakIfStale(lck: string): void {
  const breaker = `${lck}.break`;
  if (!tryCreate(breaker)) {
    if (isStale(breaker)) rmSync(breaker, { force: true });
    return;
  }
  try {
    if (isStale(lck)) rmSync(lck, { force: true });
  } finally {
    rmSync(breaker, { force: true });
  }
}

/** One attempt at `lck` (breaking a stale holder first when it fails); throws past the deadline. */
function attempt(lck: string, deadline: number, timeoutMs: number): boolean {
  if (tryCreate(lck)) return true;
  breakIfStale(lck);
  if (Date.now() > deadline) throw new UserError(`${lck}: held by another process for over ${timeoutMs / 1000} s (delete it if no repro is running)`);
  return false;
}

/** Runs `fn` while holding `<path>.lck` (waits up to `timeoutMs` for another holder). */
export function withMutex<T>(path: string, fn: () => T, timeoutMs = 60_000): T {
  const lck = `${path}.lck`;
  const deadline = Date.now() + timeoutMs;
  for (let delay = 2; !attempt(lck, deadline, timeoutMs); delay = Math.min(delay * 2, 100)) sleep(delay + Math.random() * delay);
  try {
    return fn();
  } finally {
    rmSync(lck, { force: true });
  }
}

/** withMutex for an async `fn`: waits without blocking the event loop. */
export async function withMutexAsync<T>(path: string, fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const lck = `${path}.lck`;
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; !attempt(lck, deadline, timeoutMs); delay = Math.min(delay * 2, 200)) await wait(delay + Math.random() * delay);
  try {
    return await fn();
  } finally {
    rmSync(lck, { force: true });
  }
}
