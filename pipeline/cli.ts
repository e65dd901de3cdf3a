// Argument parsing and dispatch only: every command lives in pipeline/commands/<name>.ts and
// exports `run(args: string[]): Promise<number>` built on library functions tested without the CLI.
import { UserError, CheckFailed, Interrupted } from './errors.ts';

type Command = { summary: string; usage: string; load: () => Promise<{ run: (args: string[]) => Promise<number> }> };

// In the order of the workflow: check, compute, inspect, publish, audit.
const COMMANDS: Record<string, Command> = {
  validate: {
    summary: 'check manifests: file:line:col: field: message (exit 2)',
    usage: 'repro validate [FILE...]',
    load: () => import('./commands/validate.ts'),
  },
  run: {
    summary: 'compute the runs missing from the cache; update repro.lock.json',
    usage: 'repro run [FILE...] [--profile quick|paper] [-j N | --jobs N] [--cache DIR] [--lock FILE]\n' +
      '          [--executor local|slurm] [--config FILE] [--runs-per-task K] [--max-parallel P]',
    load: () => import('./commands/run.ts'),
  },
  status: {
    summary: 'each run of the manifests: key, state (cached|missing|failed)',
    usage: 'repro status [FILE...] [--profile quick|paper] [--json] [--cache DIR]',
    load: () => import('./commands/status.ts'),
  },
  figures: {
    summary: 'render every figure and write reports/claims.json',
    usage: 'repro figures [FILE...] [--profile quick|paper] [--cache DIR] [--lock FILE] [--figures DIR]',
    load: () => import('./commands/figures.ts'),
  },
  report: {
    summary: 'figures, claims and the static site in reports/site',
    usage: 'repro report [FILE...] [--profile quick|paper] [--cache DIR] [--lock FILE] [--figures DIR] [--out DIR]',
    load: () => import('./commands/report.ts'),
  },
  export: {
    summary: "a cached run's arrays and metrics in open formats (npy, csv)",
    usage: 'repro export KEY --out DIR [--cache DIR]',
    load: () => import('./commands/export.ts'),
  },
  bundle: {
    summary: 'the artifact-evaluation bundle (deterministic tar.gz)',
    usage: 'repro bundle [--out FILE] [--allow-dirty] [--cache DIR]',
    load: () => import('./commands/bundle.ts'),
  },
  verify: {
    summary: "check a bundle's checksums and its results against its lock file",
    usage: 'repro verify BUNDLE [--max-size SIZE] [--max-files N]',
    load: () => import('./commands/verify.ts'),
  },
  audit: {
    summary: 're-hash the cache against the lock file; re-execute K runs and compare bytes',
    usage: 'repro audit [--sample K] [--seed S] [--json] [--cache DIR] [--lock FILE]',
    load: () => import('./commands/audit.ts'),
  },
  demo: {
    summary: 'run one default simulation and print its summary',
    usage: 'repro demo [--steps N] [--seed S]',
    load: () => import('./commands/demo.ts'),
  },
  worker: {
    summary: 'compute one Slurm array task (run by the Slurm executor on a node)',
    usage: 'repro worker --batch FILE --task N --cache DIR',
    load: () => import('./commands/worker.ts'),
  },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ['usage: repro <command> [options]   (repro <command> --help: its options)', '', 'commands:', ...rows].join('\n');
}

/** `repro CMD --help` (or -h) anywhere before a `--`. */
const asksHelp = (args: string[]): boolean => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`repro: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  if (asksHelp(rest)) {
    console.log(`usage: ${command.usage}\n\n${command.summary}. See README.md for the details.`);
    return 0;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest);
  } catch (err) {
    if (err instanceof UserError || err instanceof CheckFailed || err instanceof Interrupted) {
      console.error(`repro ${name}: ${err.message}`);
      return err.exitCode;
    }
    throw err;
  }
}
