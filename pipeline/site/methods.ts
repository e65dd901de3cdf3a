// The methods page's context (pure): every phase-analysis threshold once, with its meaning and
// its value in each experiment (grouped when experiments agree), then each claim check's
// thresholds, then any further definitions. Values come from the manifests via MethodsEntry.
import { formatThreshold } from './format.ts';
import { claimAnchor, experimentPage } from './paths.ts';
import type { MethodsEntry, SiteModel } from './types.ts';

type Row = { name: string; meaning: string | null; values: { value: string; where: string | null }[] };

function meanings(entries: MethodsEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries) for (const d of e.definitions) if (!out.has(d.term)) out.set(d.term, d.definition);
  return out;
}

/** One row per threshold name; experiments sharing a value are listed together (all agree: no list). */
function analysisRows(entries: MethodsEntry[], meaning: Map<string, string>, titleOf: (id: string) => string): Row[] {
  const names = [...new Set(entries.flatMap((e) => Object.keys(e.analysis)))].sort();
  return names.map((name) => {
    const groups = new Map<string, string[]>();
    for (const e of entries) {
      if (!(name in e.analysis)) continue;
      const v = formatThreshold(e.analysis[name]);
      groups.set(v, [...(groups.get(v) ?? []), titleOf(e.experiment)]);
    }
    const all = groups.size === 1 && [...groups.values()][0].length === entries.length;
    return { name, meaning: meaning.get(name) ?? null, values: [...groups].map(([value, exps]) => ({ value, where: all ? null : exps.join(', ') })) };
  });
}

export function methodsContext(model: SiteModel) {
  const meaning = meanings(model.methods);
  const titleOf = (id: string) => model.experiments.find((e) => e.id === id)?.title ?? id;
  const thresholdNames = new Set(model.methods.flatMap((m) => [...Object.keys(m.analysis), ...Object.values(m.claims).flatMap((c) => Object.keys(c))]));
  const claims = model.methods.flatMap((m) => {
    const exp = model.experiments.find((e) => e.id === m.experiment);
    return Object.keys(m.claims)
      .sort()
      .map((id) => ({
        id,
        anchor: `methods-${m.experiment}-${id}`,
        experiment: titleOf(m.experiment),
        experimentHref: exp ? experimentPage(exp) : null,
        claimHref: model.claims.some((c) => c.experiment === m.experiment && c.id === id) ? `index.html#${claimAnchor(m.experiment, id)}` : null,
        rows: Object.keys(m.claims[id])
          .sort()
          .map((name) => ({ name, value: formatThreshold(m.claims[id][name]), meaning: meaning.get(name) ?? null })),
      }));
  });
  const definitions = [...meaning]
    .filter(([term]) => !thresholdNames.has(term))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([term, definition]) => ({ term, definition }));
  return { analysis: analysisRows(model.methods, meaning, titleOf), claims, definitions };
}
