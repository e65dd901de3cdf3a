// `repro diff` as a pure comparison of two sides (sides.ts): which claims changed verdict,
// estimate or measured values; which runs changed outputs; which figures changed. Runs are
// matched by what they are — experiment, profile and grid point — not by key: a changed spec or
// simulator gives a run a new key, and the question is whether its outputs changed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../cache/canonical.ts';
import { flatten, type LockFile, type Params, type RunRecord } from '../cache/lockfile.ts';
import { outcomeDiff } from '../cache/store.ts';
import { claimName, type ClaimRecord, type Criterion, type Estimate, type Value } from '../report/claim-records.ts';
import { metricChanges, type MetricsDiff } from './metrics.ts';
import type { Side } from './sides.ts';

export type Change = 'changed' | 'added' | 'removed';

export interface ClaimDiff {
  claim: string;
  change: Change;
  verdict: { old: string | null; new: string | null } | null;
  estimate: { old: Estimate | null; new: Estimate | null } | null;
  criteria: { name: string; old: Criterion | null; new: Criterion | null }[];
  measured: { label: string; old: Value | null; new: Value | null }[];
}

export interface RunDiff {
  experiment: string;
  profile: string;
  params: Params;
  change: Change;
  old_key: string | null;
  new_key: string | null;
  /** Output files whose bytes differ (and `status` when that differs). */
  files: string[];
  /** Per metrics.csv column, the largest change; null when either side's file is not at hand. */
  metrics: MetricsDiff | null;
}

export interface FigureDiff {
  name: string;
  change: Change;
  old_hash: string | null;
  new_hash: string | null;
}

export interface DiffReport {
  old: string;
  new: string;
  fingerprint: { old: string | null; new: string | null };
  /** null: a side records no claims (a lock from before claims were locked), so they are not compared. */
  claims: ClaimDiff[] | null;
  runs: RunDiff[];
  /** Runs with the same outputs on both sides, and how many of those have a new key. */
  runs_unchanged: number;
  runs_rekeyed: number;
  figures: FigureDiff[];
  differs: boolean;
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

function change<T>(old: T | undefined, now: T | undefined): Change {
  return old === undefined ? 'added' : now === undefined ? 'removed' : 'changed';
}

/** Pairs the items of two lists by name: [name, old, new] in old's order, then new's. */
function pair<T>(a: T[], b: T[], name: (x: T) => string): [string, T | undefined, T | undefined][] {
  const A = new Map(a.map((x) => [name(x), x]));
  const B = new Map(b.map((x) => [name(x), x]));
  return [...new Set([...A.keys(), ...B.keys()])].map((k) => [k, A.get(k), B.get(k)]);
}

export function diffClaims(old: ClaimRecord[], now: ClaimRecord[]): ClaimDiff[] {
  const out: ClaimDiff[] = [];
  for (const [claim, a, b] of pair(old, now, claimName)) {
    // measured rows pair by position: their labels carry thresholds that may change too.
    const rows = Math.max(a?.measured.length ?? 0, b?.measured.length ?? 0);
    const measured = Array.from({ length: rows }, (_, i) => ({ a: a?.measured[i], b: b?.measured[i] }))
      .filter(({ a: x, b: y }) => !same(x, y))
      .map(({ a: x, b: y }) => ({ label: y?.label ?? x!.label, old: x?.value ?? null, new: y?.value ?? null }));
    const criteria = pair(a?.criteria ?? [], b?.criteria ?? [], (k) => k.name)
      .filter(([, x, y]) => !same(x, y))
      .map(([name, x, y]) => ({ name, old: x ?? null, new: y ?? null }));
    const verdict = a?.verdict !== b?.verdict ? { old: a?.verdict ?? null, new: b?.verdict ?? null } : null;
    const estimate = !same(a?.estimate, b?.estimate) ? { old: a?.estimate ?? null, new: b?.estimate ?? null } : null;
    if (verdict || estimate || criteria.length || measured.length) out.push({ claim, change: change(a, b), verdict, estimate, criteria, measured });
  }
  return out;
}

/** The run uses of a lock, one per (experiment, profile, grid point). */
function uses(lock: LockFile): Map<string, RunRecord> {
  return new Map(flatten(lock).map((r) => [canonicalJson([r.experiment, r.profile, r.params]), { ...r, files: r.files ?? {} }]));
}

const METRICS = 'metrics.csv';

function readMetrics(side: Side, key: string): string | null {
  const dir = side.runFiles(key);
  try {
    return dir === null ? null : readFileSync(join(dir, METRICS), 'utf8');
  } catch {
    return null;
  }
}

export function diffRuns(old: Side, now: Side): Pick<DiffReport, 'runs' | 'runs_unchanged' | 'runs_rekeyed'> {
  const runs: RunDiff[] = [];
  let unchanged = 0,
    rekeyed = 0;
  for (const [, a, b] of pair([...uses(old.lock).values()], [...uses(now.lock).values()], (r) => canonicalJson([r.experiment, r.profile, r.params]))) {
    const r = (b ?? a)!;
    const base = { experiment: r.experiment, profile: r.profile, params: r.params, old_key: a?.key ?? null, new_key: b?.key ?? null };
    if (!a || !b) {
      runs.push({ ...base, change: change(a, b), files: [], metrics: null });
      continue;
    }
    const files = outcomeDiff(a, b);
    if (files.length === 0) {
      unchanged++;
      if (a.key !== b.key) rekeyed++;
      continue;
    }
    const [ma, mb] = files.includes(METRICS) ? [readMetrics(old, a.key), readMetrics(now, b.key)] : [null, null];
    runs.push({ ...base, change: 'changed', files, metrics: ma !== null && mb !== null ? metricChanges(ma, mb) : null });
  }
  return { runs, runs_unchanged: unchanged, runs_rekeyed: rekeyed };
}

export function diffFigures(old: LockFile, now: LockFile): FigureDiff[] {
  const hash = (f: unknown): string | undefined => (f && typeof (f as { hash?: unknown }).hash === 'string' ? (f as { hash: string }).hash : undefined);
  const names = [...new Set([...Object.keys(old.figures ?? {}), ...Object.keys(now.figures ?? {})])].sort();
  return names.flatMap((name): FigureDiff[] => {
    const [a, b] = [hash(old.figures?.[name]), hash(now.figures?.[name])];
    return a === b ? [] : [{ name, change: change(a, b), old_hash: a ?? null, new_hash: b ?? null }];
  });
}

export function diffSides(old: Side, now: Side): DiffReport {
  const claims = old.claims && now.claims ? diffClaims(old.claims, now.claims) : null;
  const runs = diffRuns(old, now);
  const figures = diffFigures(old.lock, now.lock);
  return {
    old: old.label,
    new: now.label,
    fingerprint: { old: old.lock.fingerprint, new: now.lock.fingerprint },
    claims,
    ...runs,
    figures,
    differs: (claims?.length ?? 0) > 0 || runs.runs.length > 0 || figures.length > 0,
  };
}
