// `repro worker --batch FILE --task N --cache DIR`: what one Slurm array task runs on a compute
// node (written into the batch script by the Slurm executor; not meant to be typed by hand).
import { UserError } from '../errors.ts';
import { parseFlags } from './flags.ts';
import { runTask } from '../exec/slurm/worker.ts';

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { batch: { type: 'string' }, task: { type: 'string' }, cache: { type: 'string' } }, false);
  const { batch, task, cache } = values;
  if (!batch || task === undefined || !cache) throw new UserError('usage: repro worker --batch FILE --task N --cache DIR');
  if (!/^[0-9]+$/.test(task)) throw new UserError(`--task must be a task index (got '${task}')`);
  return runTask(batch, Number(task), cache);
}
