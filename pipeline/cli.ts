// Argument parsing and dispatch only. Each command lives in pipeline/commands/<name>.ts and
// declares its summary, arguments, options (with defaults and help) and handler; the usage,
// `repro CMD --help` and the parsing below are made from that declaration. Handlers call
// library functions that are tested without the CLI.
import { UserError, CheckFailed, Interrupted, describeSystemError } from './errors.ts';
import { closest } from './manifest/errors.ts';
import { helpText, parseCommandArgs, type Command } from './commands/command.ts';

// In the order of the workflow: check, compute, inspect, publish, audit. Loaded on use, so a
// command pays only for the modules it needs.
const COMMANDS: Record<string, () => Promise<{ default: Command }>> = {
  validate: () => import('./commands/validate.ts'),
  run: () => import('./commands/run.ts'),
  status: () => import('./commands/status.ts'),
  figures: () => import('./commands/figures.ts'),
  report: () => import('./commands/report.ts'),
  diff: () => import('./commands/diff.ts'),
  export: () => import('./commands/export.ts'),
  bundle: () => import('./commands/bundle.ts'),
  verify: () => import('./commands/verify.ts'),
  audit: () => import('./commands/audit.ts'),
  gc: () => import('./commands/gc.ts'),
  demo: () => import('./commands/demo.ts'),
  worker: () => import('./commands/worker.ts'),
  rederive: () => import('./commands/rederive.ts'),
};

async function usage(): Promise<string> {
  const rows = await Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => `  ${name.padEnd(10)} ${(await load()).default.summary}`));
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
    console.log(await usage());
    return name ? 0 : 2;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    const guess = closest(name, Object.keys(COMMANDS));
    console.error(`repro: unknown command '${name}' (${guess ? `did you mean ${guess}?` : `commands: ${Object.keys(COMMANDS).join(', ')}`})`);
    return 2;
  }
  const command = (await COMMANDS[name]()).default;
  if (asksHelp(rest)) {
    console.log(helpText(name, command));
    return 0;
  }
  try {
    const { values, args } = parseCommandArgs(name, command, rest);
    return await command.run(values, args);
  } catch (err) {
    if (err instanceof UserError || err instanceof CheckFailed || err instanceof Interrupted) {
      console.error(`repro ${name}: ${err.message}`);
      return err.exitCode;
    }
    // The file system or the OS refused (full disk, permissions, a name too long): one line, no trace.
    const system = describeSystemError(err);
    if (system) {
      console.error(`repro ${name}: ${system.message}`);
      return system.exitCode;
    }
    throw err;
  }
}
