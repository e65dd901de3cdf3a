// CITATION.cff (Citation File Format 1.2.0) for the software, pointing at the paper it
// reproduces as the preferred citation. Pure: same inputs, same bytes.
import { stringify } from 'yaml';
import { PAPER, RELATED, type Work } from '../report/paper.ts';
import type { Software } from './meta.ts';

export const CITATION_FILE = 'CITATION.cff';

function reference(work: Work): Record<string, unknown> {
  const identifiers: Record<string, string>[] = [];
  if (work.arxiv) identifiers.push({ type: 'other', value: `arXiv:${work.arxiv}`, description: 'arXiv identifier' });
  if (work.url) identifiers.push({ type: 'url', value: work.url });
  return {
    type: 'conference-paper',
    title: work.title,
    authors: work.families.map((f) => ({ 'family-names': f })),
    year: work.year,
    conference: { name: work.venue },
    'collection-title': work.venue,
    ...(work.url ? { url: work.url } : {}),
    ...(identifiers.length ? { identifiers } : {}),
  };
}

export function citationCff(sw: Software): Record<string, unknown> {
  return {
    'cff-version': '1.2.0',
    message: 'If you use this software, please cite it using the metadata from this file, ' + "and cite the paper it reproduces (see 'preferred-citation').",
    type: 'software',
    title: `${sw.name}: executable companion of "${PAPER.title}"`,
    abstract: sw.description,
    authors: [{ name: sw.author }],
    version: sw.version,
    commit: sw.commit,
    'date-released': sw.date,
    license: sw.license,
    ...(sw.repository ? { 'repository-code': sw.repository } : {}),
    keywords: ['reproducibility', 'ReLU networks', 'gradient descent', 'training dynamics', 'artifact evaluation'],
    'preferred-citation': reference(PAPER),
    references: [reference(PAPER), reference(RELATED)],
  };
}

export function citationCffText(sw: Software): string {
  return stringify(citationCff(sw), { lineWidth: 0 });
}
