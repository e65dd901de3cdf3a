// Schema validation (ajv, JSON Schema 2020-12) with ajv's errors turned into one human line:
// the first problem in file order (a missing key last, since it is often a misspelt one).
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsCjs from 'ajv-formats';
import { ManifestError, closest, formatList, formatPath, formatValue, type PathSegment } from './errors.ts';
import { MANIFEST_SCHEMA } from './schema.ts';
import type { Source } from './source.ts';

const addFormats = addFormatsCjs.default;

let compiled: ValidateFunction | null = null;
function validator(): ValidateFunction {
  if (!compiled) {
    // verbose: errors carry the failing schema and value, which the messages quote.
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictNumbers: true, allowUnionTypes: true, verbose: true });
    addFormats(ajv);
    compiled = ajv.compile(MANIFEST_SCHEMA);
  }
  return compiled;
}

/** Throws a ManifestError for the most useful schema violation of `src`, if any. */
export function validateSource(src: Source): void {
  const validate = validator();
  if (validate(src.data)) return;
  const problems = (validate.errors ?? [])
    .filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames')
    .map((e, order) => ({ ...describe(e, src), order }))
    .map((p) => ({ ...p, ...src.locate(p.path, p.at) }));
  problems.sort((a, b) => Number(a.missing) - Number(b.missing) || a.offset - b.offset || a.order - b.order);
  const first = problems[0];
  throw new ManifestError(src.file, first, formatPath(first.path), first.message);
}

interface Described {
  /** Field path the message is about, and whether its value or its key is the place to show. */
  path: PathSegment[];
  at: 'value' | 'key';
  message: string;
  missing: boolean;
}

function pointer(instancePath: string): PathSegment[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function describe(e: ErrorObject, src: Source): Described {
  const path = pointer(e.instancePath);
  const got = ` (got ${formatValue(e.data)})`;
  const p = e.params as Record<string, unknown>;
  const result = (message: string, extra: Partial<Described> = {}): Described => ({ path, at: 'value', message, missing: false, ...extra });
  switch (e.keyword) {
    case 'type':
      return result(`must be ${expected(e.parentSchema ?? {})}${got}`);
    case 'enum': {
      const allowed = (e.schema as unknown[]).map(String);
      const near = typeof e.data === 'string' ? closest(e.data, allowed) : null;
      return result(`must be ${formatList(allowed)}${near ? `${got.slice(0, -1)}; did you mean '${near}'?)` : got}`);
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return result(`must be ${p.comparison} ${p.limit}${got}`);
    case 'minItems':
    case 'minLength':
      return result(`must not be empty`);
    case 'maxLength':
      return result(`must be at most ${p.limit} characters (got ${String(e.data).length})`);
    case 'pattern':
      if (e.propertyName !== undefined) {
        return result(`invalid name '${e.propertyName}' (must match ${p.pattern})`, { path: [...path, e.propertyName], at: 'key' });
      }
      return result(`must match ${p.pattern}${got}`);
    case 'uniqueItems': {
      let [first, again] = [Number(p.i), Number(p.j)].sort((a, b) => a - b);
      // The item a --set made is the one to blame (`--set grid.loss[0]=logistic` on [exponential,
      // logistic] was reported at the file's untouched [1]).
      if (src.locate([...path, first]).arg !== undefined && src.locate([...path, again]).arg === undefined) [first, again] = [again, first];
      return result(`duplicate value ${formatValue((e.data as unknown[])[again])} (same as [${first}])`, { path: [...path, again] });
    }
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = Object.keys((e.parentSchema?.properties ?? {}) as object);
      return result(`unknown key '${key}'${unknownKeyHint(key, allowed)}`, { path: [...path, key], at: 'key' });
    }
    case 'required':
      return result(`missing required key '${p.missingProperty}'`, { at: 'key', missing: true });
    default:
      return result(e.message ?? `fails ${e.keyword}`);
  }
}

const NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  array: 'a list',
  object: 'a mapping',
  null: 'null',
};

/** What a value of this schema looks like: 'a positive integer or null', 'a number > 0'. */
function expected(schema: Record<string, unknown>): string {
  const types = ([] as string[]).concat((schema.type as string | string[] | undefined) ?? []);
  const range = (t: string): string => {
    if (t === 'integer' && schema.minimum === 1 && schema.maximum === undefined) return 'a positive integer';
    const bounds = [
      ['>=', schema.minimum],
      ['>', schema.exclusiveMinimum],
      ['<=', schema.maximum],
      ['<', schema.exclusiveMaximum],
    ].filter(([, v]) => v !== undefined);
    return [NAMES[t] ?? t, ...bounds.map(([op, v]) => `${op} ${v}`)].join(' ');
  };
  return formatList(types.map((t) => (t === 'integer' || t === 'number' ? range(t) : (NAMES[t] ?? t))));
}

const KEY_HINTS: Record<string, string> = {
  seed: 'seeds are set by the top-level key seeds',
  n_per_d: 'n_per_d is a grid key',
};

function unknownKeyHint(key: string, allowed: string[]): string {
  if (Object.hasOwn(KEY_HINTS, key) && !allowed.includes(key)) return ` (${KEY_HINTS[key]})`;
  const near = closest(key, allowed);
  if (near) return ` (did you mean '${near}'?)`;
  return allowed.length <= 10 ? ` (allowed: ${allowed.join(', ')})` : '';
}
