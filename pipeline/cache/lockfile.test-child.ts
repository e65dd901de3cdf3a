// Child process of lock.test.ts: `count` read-modify-writes of the lock, each recording one more
// run of `experiment`. Run concurrently, no child may lose another's runs.
import { sha256 } from './key.ts';
import { mergeRuns, updateLockFile, type RunRecord } from './lockfile.ts';

const [path, experiment, count] = process.argv.slice(2);
const records: RunRecord[] = [];
for (let i = 0; i < Number(count); i++) {
  const key = sha256(`${experiment}-${i}`);
  records.push({ key, experiment, profile: 'quick', params: { seed: i }, status: 'ok', files: { 'a.csv': key } });
  updateLockFile(path, (lock) => mergeRuns(lock, { fingerprint: 'fp', files: {} }, [{ experiment, profile: 'quick' }], records));
}
