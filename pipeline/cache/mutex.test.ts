import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../testing/scratch.ts';
import { HOST } from './owner.ts';
import { withMutex } from './mutex.ts';

const dir = (): string => scratchDir('mutex');

test('a stale mutex of a dead process is broken; a live holder makes others wait, then time out', () => {
  const path = join(dir(), 'repro.lock.json');
  writeFileSync(`${path}.lck`, `999999999@${HOST}\n`);
  assert.equal(
    withMutex(path, () => 42),
    42,
  );
  assert.equal(existsSync(`${path}.lck`), false);
  writeFileSync(`${path}.lck`, `${process.ppid}@${HOST}\n`);
  assert.throws(() => withMutex(path, () => 0, 200), /held by another process/);
});
