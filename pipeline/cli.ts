// Argument parsing and dispatch only: every command lives in pipeline/commands/<name>.ts and
// exports `run(args: string[]): Promise<number>` built on library functions tested without the CLI.
import { UserError, CheckFailed, Interrupted } from './errors.ts';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<number> }> }> = {
  demo: { summary: 'run one default simulation and print its summary', load: () => import('./commands/demo.ts') },
  validate: { summary: 'check manifests: file:line:col: field: message (exit 2)', load: () => import('./commands/validate.ts') },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ['usage: repro <command> [options]', '', 'commands:', ...rows].join('\n');
}

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
