// ro-crate-metadata.json (RO-Crate 1.1, flattened JSON-LD): the metadata descriptor, the root
// Dataset whose hasPart lists every file of the bundle and every run folder, the software, the
// papers, and each run as a CreateAction (instrument: the software; result: its folder).
import { canonicalJson } from '../cache/canonical.ts';
import { PAPER, RELATED, type Work } from '../report/paper.ts';
import type { BundledRun, Software } from './meta.ts';

export const CRATE_FILE = 'ro-crate-metadata.json';
const CONTEXT = 'https://w3id.org/ro/crate/1.1/context';
const CONFORMS = 'https://w3id.org/ro/crate/1.1';
const SOFTWARE_ID = '#software';

type Entity = Record<string, unknown> & { '@id': string; '@type': string | string[] };
const ref = (id: string) => ({ '@id': id });

export interface CrateFile {
  /** Relative to the bundle's top folder. */
  path: string;
  size: number | null;
}

const FORMATS: Record<string, string> = {
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.npy': 'application/x-npy',
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ts': 'text/x-typescript',
  '.yaml': 'application/yaml',
  '.cff': 'application/yaml',
};

function encodingFormat(path: string): string | null {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? (FORMATS[path.slice(dot)] ?? null) : null;
}

function workEntities(work: Work): Entity[] {
  const id = work.url ?? `#${work.families.join('-').toLowerCase()}-${work.year}`;
  const people = work.families.map((f): Entity => ({ '@id': `#author-${f.toLowerCase()}`, '@type': 'Person', familyName: f, name: f }));
  const article: Entity = {
    '@id': id,
    '@type': 'ScholarlyArticle',
    name: work.title,
    author: people.map((p) => ref(p['@id'])),
    datePublished: String(work.year),
    publication: work.venue,
    ...(work.arxiv ? { identifier: `arXiv:${work.arxiv}` } : {}),
  };
  return [article, ...people];
}

export function roCrate(sw: Software, files: CrateFile[], runs: BundledRun[]): Record<string, unknown> {
  const paper = workEntities(PAPER);
  const related = workEntities(RELATED);
  const runDir = (r: BundledRun) => `results/${r.key}/`;
  const license = `https://spdx.org/licenses/${sw.license}`;
  const root: Entity = {
    '@id': './',
    '@type': 'Dataset',
    name: `${sw.name} artifact at ${sw.commit.slice(0, 12)}`,
    description:
      `Artifact-evaluation bundle of ${sw.name} ${sw.version}: source at commit ${sw.commit}` +
      `${sw.dirty ? ' (with uncommitted changes)' : ''}, the recorded results of every run in repro.lock.json, and the built site.`,
    datePublished: sw.date,
    license: ref(license),
    citation: ref(paper[0]['@id']),
    mentions: [ref(related[0]['@id'])],
    hasPart: [...files.map((f) => ref(f.path)), ...runs.map((r) => ref(runDir(r)))],
    mainEntity: ref(SOFTWARE_ID),
  };
  const graph: Entity[] = [
    { '@id': CRATE_FILE, '@type': 'CreativeWork', conformsTo: ref(CONFORMS), about: ref('./') },
    root,
    { '@id': license, '@type': 'CreativeWork', name: sw.license, identifier: sw.license },
    {
      '@id': SOFTWARE_ID,
      '@type': ['SoftwareSourceCode', 'SoftwareApplication'],
      name: sw.name,
      version: sw.version,
      description: sw.description,
      programmingLanguage: 'TypeScript',
      runtimePlatform: `Node.js ${sw.node}`,
      identifier: sw.commit,
      ...(sw.repository ? { codeRepository: sw.repository } : {}),
      license: ref(license),
      citation: ref(paper[0]['@id']),
    },
    ...paper,
    ...related,
    ...files.map((f): Entity => {
      const fmt = encodingFormat(f.path);
      return { '@id': f.path, '@type': 'File', ...(f.size !== null ? { contentSize: String(f.size) } : {}), ...(fmt ? { encodingFormat: fmt } : {}) };
    }),
    ...runs.flatMap((r): Entity[] => [
      {
        '@id': runDir(r),
        '@type': 'Dataset',
        name: `Run ${r.key.slice(0, 12)} (${r.experiment})`,
        identifier: r.key,
        hasPart: r.files.map(ref),
      },
      {
        '@id': `#run-${r.key}`,
        '@type': 'CreateAction',
        name: `Simulation run ${r.key.slice(0, 12)} of experiment ${r.experiment}`,
        identifier: r.key,
        // A diverged run completed: divergence is a result, not a failure of the software.
        actionStatus: r.status === 'failed' ? 'FailedActionStatus' : 'CompletedActionStatus',
        description: `status ${r.status}; parameters ${canonicalJson(r.params)}; run spec ${canonicalJson(r.spec)}`,
        instrument: ref(SOFTWARE_ID),
        result: ref(runDir(r)),
      },
    ]),
  ];
  return { '@context': CONTEXT, '@graph': graph };
}
