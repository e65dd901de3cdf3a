// Argument parsing and dispatch only: every command lives in pipeline/commands/<name>.ts and
// exports `run(args: string[]): Promise<number>` built on library functions tested without the CLI.
import { UserError, CheckFailed, Interrupted } from './errors.ts';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<number> }> }> = {
  demo: { summary: 'run one default simulation and print its summary', load: () => import('./commands/demo.ts') },
  audit: { summary: 're-hash the cache against the lock file; re-execute K runs and compare bytes', load: () => import('./commands/audit.ts') },
  bundle: { summary: 'the artifact-evaluation bundle (deterministic tar.gz)', load: () => import('./commands/bundle.ts') },
  verify: { summary: "check a bundle's checksums and its results against its lock file", load: () => import('./commands/verify.ts') },
  validate: { summary: 'check manifests: file:line:col: field: message (exit 2)', load: () => import('./commands/validate.ts') },
  run: { summary: 'compute the runs missing from the cache; update repro.lock.json', load: () => import('./commands/run.ts') },
  status: { summary: 'each run of the manifests: key, state (cached|missing|failed)', load: () => import('./commands/status.ts') },
  figures: { summary: 'render every figure and write reports/claims.json', load: () => import('./commands/figures.ts') },
  report: { summary: 'figures, claims and the static site in reports/site', load: () => import('./commands/report.ts') },
  export: { summary: "a cached run's arrays and metrics in open formats (npy, csv)", load: () => import('./commands/export.ts') },
  worker: { summary: 'compute one Slurm array task (run by the Slurm executor on a node)', load: () => import('./commands/worker.ts') },
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
