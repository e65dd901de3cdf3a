#!/usr/bin/env node
// Entry point of the `repro` CLI: load TypeScript sources through tsx, then hand over to cli.ts.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../pipeline/cli.ts');
process.exitCode = await main(process.argv.slice(2));
