// `repro verify BUNDLE`: checks a bundle's checksums and its results against its lock file
// (artifact/verify.ts). The limits guard against an archive that unpacks to far more than any
// real bundle.
import { CheckFailed } from '../errors.ts';
import { parseSize } from '../manifest/limits.ts';
import { DEFAULT_LIMITS, formatBytes } from '../artifact/extract.ts';
import { verifyBundle } from '../artifact/verify.ts';
import { command, int, type Option } from './command.ts';

const maxSize: Option<number> = {
  value: 'SIZE',
  help: 'refuse an archive that unpacks to more (500M, 8G, ...)',
  defaultText: formatBytes(DEFAULT_LIMITS.maxBytes),
  parse: (raw, flag) => (raw === undefined ? DEFAULT_LIMITS.maxBytes : parseSize(flag, String(raw))),
};

export default command({
  summary: "check a bundle's checksums and its results against its lock file",
  args: { name: 'BUNDLE', help: 'the .tar.gz that `repro bundle` wrote', min: 1, max: 1 },
  options: {
    'max-size': maxSize,
    'max-files': int({ help: 'refuse an archive with more entries', default: DEFAULT_LIMITS.maxEntries }),
  },
  async run(values, [bundle]) {
    const r = await verifyBundle(bundle, { limits: { maxBytes: values['max-size'], maxEntries: values['max-files'] } });
    for (const p of r.problems) console.log(`${p.path}: ${p.message}`);
    if (r.problems.length) throw new CheckFailed(`${r.bundle}: ${r.problems.length} problem(s) in ${r.files} files, ${r.runs} runs`);
    console.log(`${r.bundle}: OK — ${r.files} files match SHA256SUMS, ${r.runs} runs match repro.lock.json`);
    return 0;
  },
});
