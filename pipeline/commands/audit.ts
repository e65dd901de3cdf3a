// `repro audit`: re-hash the cache and the figure store against the lock file and re-execute K runs through the path
// `repro run` takes (cache/audit.ts); exit 1 on any mismatch.
import { resolve } from 'node:path';
import { CheckFailed } from '../errors.ts';
import { resolveCacheDir } from '../cache/store.ts';
import { prettyJson } from '../cache/canonical.ts';
import { audit, formatAudit } from '../cache/audit.ts';
import { computeRun } from '../exec/compute.ts';
import { command, flag, int, text } from './command.ts';
import { FIGURES_DIR } from '../report/paths.ts';
import { CACHE, LOCK } from './shared.ts';

export default command({
  summary: 're-hash the cache against the lock file; re-execute K runs and compare bytes',
  options: {
    sample: int({ value: 'K', help: 'runs to re-execute', min: 0, default: 3 }),
    seed: int({ value: 'S', help: 'seed of the draw of those runs', min: 0, default: 0 }),
    json: flag({ help: 'the report as JSON' }),
    cache: CACHE,
    lock: LOCK,
    figures: text({ value: 'DIR', help: "the figure store whose files the lock's figures section lists", default: FIGURES_DIR }),
  },
  async run(values) {
    const report = audit({
      cacheDir: resolveCacheDir(values.cache),
      lockPath: resolve(values.lock),
      figuresDir: resolve(values.figures),
      sample: values.sample,
      seed: values.seed,
      reexecute: (spec, dir) => computeRun(spec, dir).meta,
      log: (line) => console.error(line),
    });
    console.log(values.json ? prettyJson(report).trimEnd() : formatAudit(report));
    if (!report.ok) throw new CheckFailed('mismatches found (see above)');
    return 0;
  },
});
