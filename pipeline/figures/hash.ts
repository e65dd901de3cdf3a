// Hashing for the figure store. Canonical JSON: sorted keys, no whitespace (RFC 8785 style for
// the values figures hold: finite numbers in JS shortest form, strings, arrays, objects).
// TODO(lead): switch to pipeline/cache/canonical.ts once it lands, so one definition serves both.
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`canonicalJson: non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  throw new Error(`canonicalJson: cannot encode ${typeof value}`);
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
