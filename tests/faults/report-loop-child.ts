// Child of kill.test.ts: builds the report of tiny.yaml in the folder given (argv[2]) over and over
// (no CLI start-up between builds), so that a SIGKILL at a random moment often lands in the site swap.
import { resolve } from 'node:path';
import { buildReport } from '../../pipeline/report/build.ts';

process.chdir(process.argv[2]);
process.stdout.write('ready\n');
for (;;) {
  await buildReport({
    files: ['tiny.yaml'],
    all: [],
    profile: 'quick',
    cacheDir: resolve('.repro/cache'),
    outDir: 'reports',
    site: true,
    lockPath: resolve('repro.lock.json'),
  });
}
