// claims.json read generically: whatever else a claim carries, these are the fields that
// numbers.tex, claims.csv, the lock's `claims` section and `repro diff` use. Each is optional
// but the claim's id; a field of the wrong type is left out rather than trusted.
export type Value = number | string;

/** A number with its interval, as an estimate or a criterion reports it. */
export interface Estimate {
  name: string;
  value: Value | null;
  ci_low: Value | null;
  ci_high: Value | null;
}

export interface Criterion extends Estimate {
  /** Whether it holds, or the region it must fall in ('within [0.9, 1.1]'). */
  holds: boolean | string | null;
  verdict: string | null;
}

export interface ClaimRecord {
  experiment: string;
  id: string;
  verdict: string | null;
  estimate: Estimate | null;
  criteria: Criterion[];
  measured: { label: string; value: Value }[];
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
// A non-finite number (claims.json writes NaN as null anyway) is no value.
const value = (x: unknown): Value | null => ((typeof x === 'number' && Number.isFinite(x)) || typeof x === 'string' ? x : null);
const text = (x: unknown): string | null => (typeof x === 'string' ? x : null);

function estimate(x: unknown, fallbackName: string): Estimate | null {
  if (!isObject(x)) return null;
  return { name: text(x.name) ?? fallbackName, value: value(x.value), ci_low: value(x.ci_low), ci_high: value(x.ci_high) };
}

/** The claims of a claims.json document (`{claims: [...]}` or a bare list); entries without an id are skipped. */
export function claimRecords(doc: unknown): ClaimRecord[] {
  const list = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.claims) ? doc.claims : [];
  return list.filter(isObject).flatMap((c): ClaimRecord[] => {
    const id = text(c.id);
    if (id === null) return [];
    return [
      {
        experiment: text(c.experiment) ?? '',
        id,
        verdict: text(c.verdict),
        estimate: estimate(c.estimate, 'estimate'),
        criteria: (Array.isArray(c.criteria) ? c.criteria : []).flatMap((k, i): Criterion[] => {
          const e = estimate(k, `criterion ${i + 1}`);
          return e && isObject(k)
            ? [{ ...e, holds: typeof k.holds === 'boolean' || typeof k.holds === 'string' ? k.holds : null, verdict: text(k.verdict) }]
            : [];
        }),
        measured: (Array.isArray(c.measured) ? c.measured : []).flatMap((m) => {
          const v = isObject(m) ? value(m.value) : null;
          return isObject(m) && v !== null ? [{ label: text(m.label) ?? '', value: v }] : [];
        }),
      },
    ];
  });
}

/** `<experiment>/<id>`: a claim's name across the study (two experiments may check the same id). */
export const claimName = (c: Pick<ClaimRecord, 'experiment' | 'id'>): string => (c.experiment ? `${c.experiment}/${c.id}` : c.id);

/** What the lock records of each claim: `{ "<experiment>/<id>": { verdict, estimate?, criteria?, measured } }` (the lock's writer sorts keys). */
export function claimsSection(records: ClaimRecord[]): Record<string, unknown> {
  const entries = records.map((c): [string, unknown] => [
    claimName(c),
    {
      verdict: c.verdict,
      ...(c.estimate ? { estimate: c.estimate } : {}),
      ...(c.criteria.length ? { criteria: c.criteria } : {}),
      measured: c.measured,
    },
  ]);
  return Object.fromEntries(entries);
}

/** The lock's `claims` section back as records (the inverse of claimsSection; null when the lock has none). */
export function recordsFromSection(section: unknown): ClaimRecord[] | null {
  if (!isObject(section)) return null;
  return claimRecords(
    Object.entries(section).map(([name, c]) => {
      const slash = name.lastIndexOf('/');
      return { ...(isObject(c) ? c : {}), experiment: slash < 0 ? '' : name.slice(0, slash), id: name.slice(slash + 1) };
    }),
  );
}
