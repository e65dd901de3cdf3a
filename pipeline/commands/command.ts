// What a command module exports, and the one parser of its arguments. A command declares its
// summary, its positional arguments and each option once (value, default, one-line help); the
// parser, the usage line, `repro CMD --help` and the top-level usage are all made from that.
// Parse errors are one line a user can act on: an unknown flag names the closest known one; a
// missing or dash-led value says how to write it; a bad value says what was expected.
import { parseArgs } from 'node:util';
import { UserError } from '../errors.ts';
import { closest } from '../manifest/errors.ts';

export interface Option<T = unknown> {
  /** Placeholder of the value in usage (N, DIR, quick|paper); null for a switch. */
  value: string | null;
  short?: string;
  /** One line for --help. */
  help: string;
  /** The default as --help shows it (null: none). */
  defaultText: string | null;
  /** An absent option is an error ('--out DIR is required'). */
  required?: boolean;
  /** May be given more than once (`--set a=1 --set b=2`): parse sees every value, in order. */
  multiple?: boolean;
  /** The option's value from its text (undefined: absent; true: a switch given; a list when multiple), default applied. */
  parse(raw: string | boolean | string[] | undefined, flag: string): T;
}

type Described = { help: string; short?: string; value?: string };
type Values<O extends Record<string, Option>> = { [K in keyof O]: O[K] extends Option<infer T> ? T : never };

/** A switch: true when given. */
export function flag(o: Described): Option<boolean> {
  return { value: null, short: o.short, help: o.help, defaultText: null, parse: (raw) => raw === true };
}

/** A free text value (a path, a name). */
export function text(o: Described & { value: string; default: string; defaultText?: string }): Option<string>;
export function text(o: Described & { value: string; required: true }): Option<string>;
export function text(o: Described & { value: string; defaultText?: string; required?: boolean }): Option<string | undefined>;
export function text(o: Described & { value: string; default?: string; defaultText?: string; required?: boolean }): Option<string | undefined> {
  return {
    value: o.value,
    short: o.short,
    help: o.help,
    required: o.required,
    defaultText: o.defaultText ?? o.default ?? null,
    parse: (raw) => (raw === undefined ? o.default : String(raw)),
  };
}

/** A value that may be repeated (`--where lr=0.1 --where seed=0`); absent: an empty list. */
export function list(o: Described & { value: string }): Option<string[]> {
  return {
    value: o.value,
    short: o.short,
    help: `${o.help} (repeatable)`,
    multiple: true,
    defaultText: null,
    parse: (raw) => (Array.isArray(raw) ? raw : []),
  };
}

/** An integer flag value in [min, 2^32 - 1] (fallback when absent); anything else is a UserError. */
export function intFlag<F extends number | undefined>(flag: string, value: string | undefined, fallback: F, min = 1): number | F {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < min || n > 2 ** 32 - 1) throw new UserError(`${flag}: expected an integer ≥ ${min}, got '${value}'`);
  return n;
}

/** An integer of at least `min` (default 1). */
export function int(o: Described & { min?: number; default: number; defaultText?: string }): Option<number>;
export function int(o: Described & { min?: number; required: true }): Option<number>;
export function int(o: Described & { min?: number; defaultText?: string; required?: boolean }): Option<number | undefined>;
export function int(o: Described & { min?: number; default?: number; defaultText?: string; required?: boolean }): Option<number | undefined> {
  return {
    value: o.value ?? 'N',
    short: o.short,
    help: o.help,
    required: o.required,
    defaultText: o.defaultText ?? (o.default === undefined ? null : String(o.default)),
    parse: (raw, name) => intFlag(name, raw === undefined ? undefined : String(raw), o.default, o.min ?? 1),
  };
}

/** One of a few words; the placeholder lists them (quick|paper). */
export function choice<const C extends readonly string[]>(choices: C, o: Described & { default: C[number] }): Option<C[number]> {
  return {
    value: choices.join('|'),
    short: o.short,
    help: o.help,
    defaultText: o.default,
    parse: (raw, name) => {
      if (raw === undefined) return o.default;
      if (!choices.includes(String(raw))) throw new UserError(`${name}: expected ${choices.join(' or ')}, got '${raw}'`);
      return String(raw) as C[number];
    },
  };
}

export interface Positionals {
  /** As usage shows them: FILE..., KEY, BUNDLE. */
  name: string;
  help: string;
  /** How many (default: any number). */
  min?: number;
  max?: number;
}

export interface Command<O extends Record<string, Option> = Record<string, Option>> {
  summary: string;
  /** Positional arguments; absent: none are accepted. */
  args?: Positionals;
  options: O;
  run(values: Values<O>, args: string[]): Promise<number>;
}

/** Declares a command (the identity, for the types: `run` sees each option's parsed type). */
export const command = <O extends Record<string, Option>>(c: Command<O>): Command<O> => c;

/** The one-line message for an error of node:util parseArgs. */
export function flagError(err: NodeJS.ErrnoException, options: Record<string, Option>): string {
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

/** `--jobs N` or `-j N | --jobs N`, as usage writes an option. */
const spelled = (name: string, o: Option): string => {
  const long = `--${name}${o.value === null ? '' : ` ${o.value}`}`;
  return o.short ? `-${o.short}${o.value === null ? '' : ` ${o.value}`} | ${long}` : long;
};

/** `repro run [FILE...] [--profile quick|paper] ...`, wrapped to 100 columns under its first argument. */
export function synopsis(name: string, c: Command, prefix = ''): string {
  const words: string[] = [];
  if (c.args) words.push((c.args.min ?? 0) > 0 ? c.args.name : `[${c.args.name}]`);
  for (const [opt, o] of Object.entries(c.options)) words.push(o.required ? spelled(opt, o) : `[${spelled(opt, o)}]`);
  const lines = [`${prefix}repro ${name}`];
  const indent = ' '.repeat(lines[0].length + 1);
  for (const w of words) {
    const last = lines.length - 1;
    if (lines[last].length + 1 + w.length <= 100) lines[last] += ` ${w}`;
    else lines.push(`${indent}${w}`);
  }
  return lines.join('\n');
}

/** `repro CMD --help`: the synopsis, the summary, then each argument and option with its default. */
export function helpText(name: string, c: Command): string {
  const rows: [string, string][] = [];
  if (c.args) rows.push([c.args.name, c.args.help]);
  for (const [opt, o] of Object.entries(c.options)) {
    const left = o.short ? `-${o.short}, --${opt}` : `--${opt}`;
    rows.push([`${left}${o.value === null ? '' : ` ${o.value}`}`, `${o.help}${o.defaultText === null ? '' : ` (default: ${o.defaultText})`}`]);
  }
  const width = Math.max(0, ...rows.map(([l]) => l.length));
  const sentence = `${c.summary[0].toUpperCase()}${c.summary.slice(1)}.`;
  return [synopsis(name, c, 'usage: '), '', sentence, ...(rows.length ? ['', ...rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`)] : [])].join('\n');
}

/** Parses `args` against the command's declaration: options with defaults applied, and positionals. */
export function parseCommandArgs<O extends Record<string, Option>>(name: string, c: Command<O>, args: string[]): { values: Values<O>; args: string[] } {
  const config = Object.fromEntries(
    Object.entries(c.options).map(([k, o]) => [
      k,
      { type: o.value === null ? 'boolean' : 'string', ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) } as const,
    ]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args, options: config, strict: true, allowPositionals: c.args !== undefined, tokens: true });
  } catch (err) {
    throw new UserError(flagError(err as NodeJS.ErrnoException, c.options));
  }
  // parseArgs keeps the last of a repeated option: `--profile quick --profile paper` would run
  // the paper profile without a word. An option that is not repeatable may be given once, or
  // again with the same value.
  const seen = new Map<string, string | undefined>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option' || c.options[t.name]?.multiple) continue;
    if (seen.has(t.name) && seen.get(t.name) !== t.value) {
      throw new UserError(`--${t.name} given twice ('${seen.get(t.name)}' and '${t.value}'): give it once`);
    }
    seen.set(t.name, t.value);
  }
  const values = {} as Record<string, unknown>;
  for (const [k, o] of Object.entries(c.options)) {
    const raw = parsed.values[k] as string | boolean | string[] | undefined;
    if (o.required && raw === undefined) throw new UserError(`--${k}${o.value === null ? '' : ` ${o.value}`} is required`);
    values[k] = o.parse(raw, `--${k}`);
  }
  const n = parsed.positionals.length;
  if (c.args && (n < (c.args.min ?? 0) || n > (c.args.max ?? Infinity))) {
    throw new UserError(`expected ${c.args.name}, got ${n === 0 ? 'nothing' : `${n} arguments`} (usage: ${synopsis(name, c).replace(/\s*\n\s*/g, ' ')})`);
  }
  return { values: values as Values<O>, args: parsed.positionals };
}
