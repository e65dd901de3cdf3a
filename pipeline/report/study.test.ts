// Every experiment manifest validates, expands, and — shrunk to a few steps — goes through
// simulate -> analysis -> claims -> figure specs, producing an entry for each claim it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultManifestFiles, expandRuns, loadManifest } from '../manifest/index.ts';
import { simulate } from '../sim/simulate.ts';
import { encodeRun } from '../sim/encode.ts';
import { analyzeStudy } from './study.ts';
import { buildSpec } from '../figures/index.ts';
import { CLAIM_IDS, controlExperiments } from '../analysis/claims/index.ts';
import type { RunSpec } from '../sim/types.ts';

function shrink(spec: RunSpec): RunSpec {
  return {
    ...spec,
    n: spec.n === null ? null : Math.min(spec.n, 120),
    d: Math.min(spec.d, 6),
    m: Math.min(spec.m, 6),
    steps: spec.method === 'flow' ? 400 : Math.min(spec.steps, 60),
    t_max: spec.t_max === null ? null : Math.min(spec.t_max, 5),
    n_test: Math.min(spec.n_test, 100),
  };
}

const files = defaultManifestFiles();

test('every claim has its experiment, every control experiment names its claim, and each manifest has quick and paper profiles that expand', () => {
  const manifests = files.map((f) => loadManifest(f, 'quick'));
  const claimed = new Set(manifests.flatMap((m) => Object.keys(m.claims)));
  assert.deepEqual([...claimed].sort(), [...CLAIM_IDS].sort(), 'each claim is checked by exactly one manifest');
  assert.equal(manifests.flatMap((m) => Object.keys(m.claims)).length, CLAIM_IDS.length);
  for (const id of CLAIM_IDS) {
    for (const exp of controlExperiments(id)) {
      const m = manifests.find((x) => x.experiment === exp);
      assert.ok(m, `${id}: control experiment ${exp} has no manifest`);
      assert.equal(m.control_of, id, `${exp}: control_of`);
    }
  }
  for (const f of files) {
    const quick = expandRuns(loadManifest(f, 'quick')),
      paper = expandRuns(loadManifest(f, 'paper'));
    assert.ok(quick.length > 0 && paper.length >= quick.length, f);
  }
});

test('each manifest (shrunk) produces its claim entries and figure specs', () => {
  const inputs = files.map((f) => {
    const manifest = loadManifest(f, 'quick');
    return { manifest, runs: expandRuns(manifest).map((r) => ({ ...r, spec: shrink(r.spec) })) };
  });
  let counter = 0;
  const keys = new Map<object, string>();
  const stored = new Map<string, Record<string, Uint8Array>>();
  const cache = { key: (r: object) => keys.get(r)!, files: (k: string) => stored.get(k) ?? null };
  for (const { runs } of inputs) {
    for (const r of runs) {
      const key = `run${counter++}`;
      keys.set(r, key);
      stored.set(key, encodeRun(r.spec, simulate(r.spec)));
    }
  }
  const study = analyzeStudy(inputs, cache);
  for (const { manifest } of inputs) {
    const ids = study.claims.filter((c) => c.experiment === manifest.experiment).map((c) => c.id);
    assert.deepEqual(ids, Object.keys(manifest.claims), manifest.experiment);
  }
  for (const c of study.claims) assert.ok(c.runs.expected > 0 && (c.criteria.length > 0 || c.measured.length > 0 || c.reason !== null), c.id);
  assert.equal(
    study.figures.length,
    inputs.reduce((s, i) => s + i.manifest.figures.length, 0),
  );
  for (const req of study.figures) {
    const spec = buildSpec(req);
    assert.ok(spec.caption.length > 0 && spec.vl, spec.name);
  }
});
