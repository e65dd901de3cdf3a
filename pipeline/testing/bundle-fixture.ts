// Test fixture for bundle/verify/audit: a temp git repository with a few committed files, a tiny
// cache and lock built by the pipeline's own functions (computeAndStore, mergeRuns, writeLockFile),
// a stand-in site and claims.json. Independent of the real repository's state.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { $ } from 'zx';
import { sha256, simulator } from '../cache/key.ts';
import { emptyLockFile, mergeRuns, writeLockFile, type RunRecord } from '../cache/lockfile.ts';
import { computeAndStore } from '../exec/compute.ts';
import { DEFAULT_SPEC, type RunSpec } from '../sim/types.ts';
import { claimRecords, claimsSection } from '../report/claim-records.ts';

export interface Fixture {
  root: string;
  repo: string;
  cache: string;
  lock: string;
  keys: string[];
  specs: RunSpec[];
  cleanup: () => void;
}

export const TINY: Partial<RunSpec> = { n: 64, d: 4, m: 4, steps: 50, log_per_decade: 10, n_test: 256 };

function put(path: string, text: string, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, mode);
}

export async function makeFixture(opts: { runs?: number } = {}): Promise<Fixture> {
  const root = mkdtempSync(join(tmpdir(), 'repro-bundle-test-'));
  const repo = join(root, 'repo');
  const cache = join(root, 'cache');
  const lock = join(repo, 'repro.lock.json');
  const pkg = { name: 'repro', version: '0.1.0', description: 'Test companion.', license: 'MIT', type: 'module' };
  put(join(repo, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  put(join(repo, 'package-lock.json'), '{"lockfileVersion": 3}\n');
  put(join(repo, 'README.md'), '# test repo\n');
  put(join(repo, 'scripts/go.sh'), '#!/bin/sh\necho go\n', 0o755);
  put(join(repo, 'experiments/tiny.yaml'), 'experiment: tiny\ntitle: Tiny runs\n');
  put(join(repo, '.gitignore'), 'reports/site/\nreports/figures/\nreports/*.tar.gz\nreports/claims.json\n');

  const specs = Array.from({ length: opts.runs ?? 3 }, (_, seed): RunSpec => ({ ...DEFAULT_SPEC, ...TINY, seed }));
  const records: RunRecord[] = specs.map((spec) => {
    const meta = computeAndStore(spec, cache);
    return { key: meta.key, experiment: 'tiny', profile: 'quick', params: { seed: spec.seed }, status: meta.status, files: meta.files };
  });
  const figure = '<svg xmlns="http://www.w3.org/2000/svg"/>\n';
  const caption = 'Train loss against steps.\n';
  const figures = { loss: { hash: sha256('loss figure'), files: { 'loss.caption.txt': sha256(caption), 'loss.svg': sha256(figure) } } };
  const claims = {
    profile: 'quick',
    claims: [{ id: 'C1', statement: 'GD converges | globally', figure: 'loss', experiment: 'tiny', verdict: 'PASS', measured: [] }],
  };
  // As repro report does: the lock records the claims of reports/claims.json.
  const lockClaims = claimsSection(claimRecords(claims));
  writeLockFile(lock, { ...mergeRuns(emptyLockFile(), simulator(), [{ experiment: 'tiny', profile: 'quick' }], records).lock, figures, claims: lockClaims });

  put(join(repo, 'reports/site/index.html'), '<!doctype html><title>site</title>\n');
  put(join(repo, 'reports/figures/loss.svg'), figure);
  put(join(repo, 'reports/figures/loss.caption.txt'), caption);
  put(join(repo, 'reports/site/figures/loss.svg'), figure);
  put(join(repo, 'reports/site/assets/site.css'), 'body { margin: 0 }\n');
  put(join(repo, 'reports/claims.json'), JSON.stringify(claims, null, 2) + '\n');

  const git = $({ cwd: repo, quiet: true, env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z', GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z' } });
  await git`git init -q`;
  await git`git -c user.name=test -c user.email=test@example.org add -A`;
  await git`git -c user.name=test -c user.email=test@example.org commit -q -m fixture`;
  return { root, repo, cache, lock, keys: records.map((r) => r.key).sort(), specs, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
