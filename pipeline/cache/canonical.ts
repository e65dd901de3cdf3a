// Canonical JSON (RFC 8785, JCS): object keys sorted by UTF-16 code units, no whitespace,
// numbers in ECMAScript shortest round-trip form, strings escaped as JSON.stringify does. The
// same value always gives the same bytes, which is what run keys and the lock file hash.

/** Any value canonicalJson accepts: JSON data (object members that are undefined are skipped). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function string(s: string, path: string): string {
  // RFC 8785 §3.2.2.2: strings must be valid Unicode, so a lone surrogate is an error.
  if (LONE_SURROGATE.test(s)) throw new TypeError(`canonicalJson: lone surrogate in string at ${path}`);
  return JSON.stringify(s);
}

function number(x: number, path: string): string {
  if (!Number.isFinite(x)) throw new TypeError(`canonicalJson: non-finite number ${x} at ${path}`);
  // JSON.stringify(number) is ECMAScript Number::toString, which RFC 8785 adopts (-0 -> "0").
  return JSON.stringify(x);
}

/** Sorted member names with defined values; plain string comparison is by UTF-16 code units. */
function members(obj: Record<string, unknown>): string[] {
  return Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function encode(value: unknown, path: string, indent: string | null, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return number(value, path);
    case 'string':
      return string(value, path);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof value} at ${path}`);
  }
  const inner = indent === null ? '' : '\n' + indent.repeat(depth + 1);
  const outer = indent === null ? '' : '\n' + indent.repeat(depth);
  const colon = indent === null ? ':' : ': ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v, i) => encode(v, `${path}[${i}]`, indent, depth + 1));
    return `[${inner}${items.join(`,${inner}`)}${outer}]`;
  }
  if (!isPlainObject(value)) throw new TypeError(`canonicalJson: cannot encode ${value.constructor?.name ?? 'object'} at ${path}`);
  const keys = members(value);
  if (keys.length === 0) return '{}';
  const items = keys.map((k) => `${string(k, path)}${colon}${encode(value[k], `${path}.${k}`, indent, depth + 1)}`);
  return `{${inner}${items.join(`,${inner}`)}${outer}}`;
}

/** RFC 8785 canonical form; throws TypeError on NaN, Infinity, lone surrogates and non-JSON values. */
export function canonicalJson(value: unknown): string {
  return encode(value, '$', null, 0);
}

/** The same canonical content, 2-space indented with a trailing newline: for files people diff. */
export function prettyJson(value: unknown): string {
  return encode(value, '$', '  ', 0) + '\n';
}
