// Strict flag parsing for every command (node:util parseArgs), with Node's parser messages
// rewritten as one short line a user can act on: an unknown flag names the closest known one;
// a missing or dash-led value says how to write it.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../errors.ts';
import { closest } from '../manifest/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The one-line message for a parseArgs error. */
export function flagError(err: NodeJS.ErrnoException, options: Options): string {
  // Node quotes the flag as '--jobs', '-j, --jobs <value>' or '--jobs <value>': keep the long form.
  const flag = /'(?:-\w, )?(--?[\w-]+)/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const known = Object.keys(options).map((o) => `--${o}`);
      const guess = closest(flag, known);
      return `unknown option '${flag}'${guess ? ` (did you mean ${guess}?)` : known.length ? ` (known: ${known.join(', ')})` : ' (this command takes no options)'}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/ambiguous/.test(err.message)) return `${flag}: missing value (a value that starts with '-' is written ${flag}=VALUE)`;
      if (/argument missing/.test(err.message)) return `${flag}: missing value`;
      if (/does not take an argument/.test(err.message)) return `${flag} takes no value`;
      return err.message.split('\n')[0];
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'[^']*'/.exec(err.message)?.[0] ?? ''} (this command takes none)`;
    default:
      return err.message.split('\n')[0];
  }
}

/** An integer flag value in [min, 2^32 - 1] (fallback when absent); anything else is a UserError. */
export function intFlag<F extends number | undefined>(flag: string, value: string | undefined, fallback: F, min = 1): number | F {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < min || n > 2 ** 32 - 1) throw new UserError(`${flag}: expected an integer ≥ ${min}, got '${value}'`);
  return n;
}

export function parseFlags<T extends Options>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err) {
    throw new UserError(flagError(err as NodeJS.ErrnoException, options));
  }
}
