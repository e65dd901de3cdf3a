// Reads what the bundle's documents describe from a source tree (the staged or extracted
// source/): package.json, the manifests' experiment ids, and the pipeline's reports
// (claims.json, timings.json). Shapes are checked here, so a malformed report is a one-line
// UserError naming the file, not a crash later.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../errors.ts';
import { defaultManifestFiles, loadManifest } from '../manifest/index.ts';
import type { Timing } from '../report/timings.ts';
import type { ClaimEntry, Software } from './meta.ts';
import type { CommitInfo } from './commit.ts';

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UserError(`${path}: not valid JSON (${(err as Error).message})`);
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown): string | null => (typeof x === 'string' && x !== '' ? x : null);

/** reports/claims.json: `{profile, claims: [...]}` as `repro report` writes it (a bare array is accepted too). */
export function readClaims(path: string): { profile: string | null; claims: ClaimEntry[] } {
  const doc = readJson(path);
  const list = Array.isArray(doc) ? doc : isObject(doc) ? doc.claims : null;
  if (!Array.isArray(list)) throw new UserError(`${path}: expected {claims: [...]}`);
  const claims = list.map((c, i): ClaimEntry => {
    const fields = ['id', 'statement', 'experiment', 'verdict'] as const;
    if (!isObject(c) || fields.some((f) => typeof c[f] !== 'string')) throw new UserError(`${path}: claims[${i}] needs string fields ${fields.join(', ')}`);
    // A claim whose manifest draws no figure has figure null.
    if (c.figure !== null && typeof c.figure !== 'string') throw new UserError(`${path}: claims[${i}].figure must be a string or null`);
    return {
      id: c.id as string,
      statement: c.statement as string,
      figure: (c.figure as string | null) ?? null,
      experiment: c.experiment as string,
      verdict: c.verdict as string,
    };
  });
  return { profile: isObject(doc) ? str(doc.profile) : null, claims };
}

/** reports/timings.json: `{command, seconds, machine?, date?}`. */
export function readTiming(path: string): Timing {
  const doc = readJson(path);
  if (!isObject(doc) || !str(doc.command) || typeof doc.seconds !== 'number' || !(doc.seconds >= 0)) {
    throw new UserError(`${path}: expected {"command": string, "seconds": number, "machine"?: string, "date"?: string}`);
  }
  return {
    command: doc.command as string,
    seconds: doc.seconds,
    ...(str(doc.machine) ? { machine: doc.machine as string } : {}),
    ...(str(doc.date) ? { date: doc.date as string } : {}),
  };
}

/** Experiment id -> manifest path (relative to `source`) for the manifests in source/experiments that load. */
export function readManifestIds(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of defaultManifestFiles(join(source, 'experiments'))) {
    const rel = relative(source, file).split('\\').join('/');
    try {
      out[loadManifest(file, 'paper').experiment] ??= rel;
    } catch {
      // An invalid manifest has no command to offer; `repro validate` reports it.
    }
  }
  return out;
}

function httpUrl(repo: unknown): string | null {
  const url = str(repo) ?? (isObject(repo) ? str(repo.url) : null);
  const m = url && /^(?:git\+)?(https?:\/\/.+?)(?:\.git)?$/.exec(url);
  return m ? m[1] : null;
}

/** '^20.11 || ^22 || ^24 || ^26' -> '20, 22, 24, 26'; the running major when `engines` names none. */
export function nodeMajors(engines: unknown): string {
  const range = (isObject(engines) ? str(engines.node) : null) ?? '';
  const majors = [...range.matchAll(/\^(\d+)/g)].map((m) => m[1]);
  return majors.length ? majors.join(', ') : process.versions.node.split('.')[0];
}

/** The software from source/package.json and the commit it is (dirty: source/ is not exactly that commit). */
export function readSoftware(source: string, commit: CommitInfo, dirty: boolean): Software {
  const pkg = readJson(join(source, 'package.json'));
  if (!isObject(pkg)) throw new UserError(`${join(source, 'package.json')}: not an object`);
  // npm's "Name <email> (url)" form: the name only.
  const author = (str(pkg.author) ?? (isObject(pkg.author) ? str(pkg.author.name) : null))?.replace(/\s*[<(].*$/, '') || null;
  return {
    name: str(pkg.name) ?? 'repro',
    version: str(pkg.version) ?? '0.0.0',
    description: str(pkg.description) ?? 'Executable companion of a paper.',
    license: str(pkg.license) ?? 'NOASSERTION',
    author: author ?? `The ${str(pkg.name) ?? 'repro'} authors`,
    repository: httpUrl(pkg.repository),
    commit: commit.id,
    date: new Date(commit.time * 1000).toISOString().slice(0, 10),
    dirty,
    node: nodeMajors(pkg.engines),
  };
}
