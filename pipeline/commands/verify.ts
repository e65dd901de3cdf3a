// `repro verify BUNDLE`: checks a bundle's checksums, its results against its lock file and its
// source against its commit, then re-derives its claims, figures, site and documents with the
// bundled source and compares bytes (artifact/verify.ts, rederive.ts; --checksums-only skips
// that step, which runs the bundle's code). The limits guard against an archive that unpacks to
// far more than any real bundle.
import { CheckFailed } from '../errors.ts';
import { parseSize } from '../manifest/limits.ts';
import { DEFAULT_LIMITS, formatBytes } from '../artifact/extract.ts';
import { verifyBundle } from '../artifact/verify.ts';
import { command, flag, int, type Option } from './command.ts';

const maxSize: Option<number> = {
  value: 'SIZE',
  help: 'refuse an archive that unpacks to more (500M, 8G, ...)',
  defaultText: formatBytes(DEFAULT_LIMITS.maxBytes),
  parse: (raw, flag) => (raw === undefined ? DEFAULT_LIMITS.maxBytes : parseSize(flag, String(raw))),
};

export default command({
  summary: 'check a bundle: checksums, results against its lock, and claims, figures and site re-derived from its results',
  args: { name: 'BUNDLE', help: 'the .tar.gz that `repro bundle` wrote', min: 1, max: 1 },
  options: {
    'max-size': maxSize,
    'max-files': int({ help: 'refuse an archive with more entries', default: DEFAULT_LIMITS.maxEntries }),
    'checksums-only': flag({ help: "check hashes only: do not re-derive claims, figures and site with the bundle's source (which runs its code)" }),
  },
  async run(values, [bundle]) {
    const r = await verifyBundle(bundle, {
      limits: { maxBytes: values['max-size'], maxEntries: values['max-files'] },
      rederive: !values['checksums-only'],
    });
    for (const p of r.problems) console.log(`${p.path}: ${p.message}`);
    if (r.problems.length) throw new CheckFailed(`${r.bundle}: ${r.problems.length} problem(s) in ${r.files} files, ${r.runs} runs`);
    const x = r.rederived;
    const rederived = x
      ? `; claims, figures, site and documents re-derived identically from the results (${(x.ms / 1000).toFixed(1)} s, dependencies ${x.dependencies})`
      : ' (checksums only: nothing re-derived)';
    console.log(`${r.bundle}: OK — ${r.files} files match SHA256SUMS, ${r.runs} runs match repro.lock.json, source/ is commit's tree${rederived}`);
    return 0;
  },
});
