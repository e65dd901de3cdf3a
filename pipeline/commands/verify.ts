// `repro verify BUNDLE`: checks a bundle's checksums and its results against its lock file.
import { CheckFailed, UserError } from '../errors.ts';
import { verifyBundle } from '../report/verify.ts';
import { parseFlags } from './run-options.ts';

export async function run(args: string[]): Promise<number> {
  const { positionals } = parseFlags(args, {});
  if (positionals.length !== 1) throw new UserError('usage: repro verify BUNDLE');
  const r = await verifyBundle(positionals[0]);
  for (const p of r.problems) console.log(`${p.path}: ${p.message}`);
  if (r.problems.length) throw new CheckFailed(`${r.bundle}: ${r.problems.length} problem(s) in ${r.files} files, ${r.runs} runs`);
  console.log(`${r.bundle}: OK — ${r.files} files match SHA256SUMS, ${r.runs} runs match repro.lock.json`);
  return 0;
}
