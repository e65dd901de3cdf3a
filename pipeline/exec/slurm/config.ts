// Cluster settings for the Slurm executor: repro.config.yaml (section `slurm`), validated against
// experiments/schema/config.schema.json (defaults live there), then overridden by `repro run`'s flags.
// Errors point at file:line:col like manifest errors (the manifest stage's readSource maps paths).
import { existsSync, readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { ManifestError, closest, formatPath, formatValue, type PathSegment } from '../../manifest/errors.ts';
import { readSource } from '../../manifest/source.ts';

export interface SlurmConfig {
  partition: string | null;
  account: string | null;
  time: string | null;
  mem: string | null;
  cpus_per_task: number;
  extra_args: string[];
  /** The cache directory as the compute nodes see it (null: the driver's, made absolute). */
  cache: string | null;
  /** Shell text that runs Node on the compute nodes. */
  node: string;
  runs_per_task: number;
  max_parallel: number | null;
  poll_seconds: number;
}

export const DEFAULT_CONFIG_FILE = 'repro.config.yaml';

/** What `repro run`'s flags (--config, --runs-per-task, --max-parallel) set. */
export interface SlurmOverrides {
  config?: string;
  runs_per_task?: number;
  max_parallel?: number;
}

const SCHEMA_URL = new URL('../../../experiments/schema/config.schema.json', import.meta.url);

let compiled: ValidateFunction | null = null;
function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object;
    // useDefaults: the schema is the one place defaults are written.
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, useDefaults: true, verbose: true });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Settings from `config`, else ./repro.config.yaml when it exists, else the defaults; the other overrides win. */
export function loadSlurmConfig(overrides: SlurmOverrides = {}, cwd = process.cwd()): SlurmConfig {
  const file = overrides.config ?? (existsSync(`${cwd}/${DEFAULT_CONFIG_FILE}`) ? `${cwd}/${DEFAULT_CONFIG_FILE}` : null);
  const config = file === null ? defaults() : readConfig(file);
  return {
    ...config,
    ...(overrides.runs_per_task !== undefined && { runs_per_task: overrides.runs_per_task }),
    ...(overrides.max_parallel !== undefined && { max_parallel: overrides.max_parallel }),
  };
}

function defaults(): SlurmConfig {
  const data: { slurm?: SlurmConfig } = {};
  validator()(data);
  return data.slurm!;
}

function readConfig(file: string): SlurmConfig {
  let src;
  try {
    src = readSource(file);
  } catch (err) {
    // A file with nothing but comments is a valid config: all defaults.
    if (err instanceof ManifestError && err.field === '(root)' && err.detail.startsWith('the file is empty')) return defaults();
    throw err;
  }
  const validate = validator();
  const data = src.data;
  if (validate(data)) return (data as { slurm: SlurmConfig }).slurm;
  const problems = (validate.errors ?? []).map(describe).map((p) => ({ ...p, ...src.locate(p.path, p.at) }));
  problems.sort((a, b) => a.offset - b.offset);
  const first = problems[0];
  throw new ManifestError(file, first, formatPath(first.path), first.message);
}

/** One line per ajv error of this (small) schema; the manifest stage has the full version. */
function describe(e: ErrorObject): { path: PathSegment[]; at: 'value' | 'key'; message: string } {
  const path: PathSegment[] =
    e.instancePath === ''
      ? []
      : e.instancePath
          .slice(1)
          .split('/')
          .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
  const got = ` (got ${formatValue(e.data)})`;
  const parent = (e.parentSchema ?? {}) as { type?: string | string[]; description?: string; properties?: object };
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      const near = closest(key, allowed);
      return { path: [...path, key], at: 'key', message: `unknown key '${key}' (${near ? `did you mean '${near}'?` : `allowed: ${allowed.join(', ')}`})` };
    }
    case 'not':
      return { path, at: 'value', message: `repro sets this sbatch flag itself${got}` };
    case 'type':
      return {
        path,
        at: 'value',
        message: `must be ${[parent.type]
          .flat()
          .map((t) => TYPE_NAMES[t!] ?? t)
          .join(' or ')}${got}`,
      };
    case 'minimum':
    case 'exclusiveMinimum': {
      const { comparison, limit } = e.params as { comparison: string; limit: number };
      return { path, at: 'value', message: `must be ${comparison} ${limit}${got}` };
    }
    case 'pattern':
    case 'minLength':
      return {
        path,
        at: 'value',
        message: `invalid value${got}; expected ${parent.description ?? `a match of ${(e.params as { pattern?: string }).pattern}`}`,
      };
    default:
      return { path, at: 'value', message: `${e.message ?? e.keyword}${got}` };
  }
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  array: 'a list',
  object: 'a mapping',
  null: 'null',
};
