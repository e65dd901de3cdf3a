// The schema file is generated from schema.ts, and its defaults are DEFAULT_SPEC / ANALYSIS_DEFAULTS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_SPEC } from '../sim/types.ts';
import { ANALYSIS_DEFAULTS, MANIFEST_SCHEMA, SPEC_KEYS, manifestSchemaText } from './schema.ts';
import { SCHEMA_FILE } from './write-schema.ts';

type Schema = { properties: Record<string, { default?: unknown }>; [k: string]: unknown };
const onDisk = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
const defs = onDisk.$defs as Record<string, Schema>;

test('experiments/schema/manifest.schema.json is up to date (else: npx tsx pipeline/manifest/write-schema.ts)', () => {
  assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), manifestSchemaText());
  assert.deepEqual(onDisk, MANIFEST_SCHEMA);
});

test("the schema's run-spec defaults equal DEFAULT_SPEC, key for key", () => {
  const defaults = Object.fromEntries(Object.entries(defs.spec.properties).map(([k, s]) => [k, s.default]));
  assert.deepEqual(defaults, DEFAULT_SPEC);
  assert.deepEqual(Object.keys(defaults), Object.keys(DEFAULT_SPEC));
});

test("the schema's analysis defaults equal ANALYSIS_DEFAULTS", () => {
  const analysis = (onDisk.properties as Record<string, Schema>).analysis;
  assert.deepEqual(Object.fromEntries(Object.entries(analysis.properties).map(([k, s]) => [k, s.default])), ANALYSIS_DEFAULTS);
});

test('base takes every RunSpec key but seed; grid those plus n_per_d', () => {
  const specKeys = Object.keys(DEFAULT_SPEC).filter((k) => k !== 'seed');
  assert.deepEqual(SPEC_KEYS, specKeys);
  assert.deepEqual(Object.keys(defs.base.properties), specKeys);
  assert.deepEqual(Object.keys(defs.grid.properties), [...specKeys, 'n_per_d']);
  assert.equal(onDisk.$schema, 'https://json-schema.org/draft/2020-12/schema');
});
