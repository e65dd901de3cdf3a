// `repro worker`: what one Slurm array task runs on a compute node (written into the batch script
// by the Slurm executor; not meant to be typed by hand).
import { runTask } from '../exec/slurm/worker.ts';
import { command, int, text } from './command.ts';

export default command({
  summary: 'compute one Slurm array task (run by the Slurm executor on a node)',
  options: {
    batch: text({ value: 'FILE', help: "the batch's keys.json", required: true }),
    task: int({ help: 'the array task index ($SLURM_ARRAY_TASK_ID)', min: 0, required: true }),
    cache: text({ value: 'DIR', help: 'the cache as this node sees it', required: true }),
  },
  run: async (values) => runTask(values.batch, values.task, values.cache),
});
