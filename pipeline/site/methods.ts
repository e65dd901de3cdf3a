// The methods page's context (pure): every phase-analysis threshold once, with its meaning and
// its value in each experiment (grouped when experiments agree), then each claim check's
// thresholds, then any further definitions. Values come from the manifests via MethodsEntry.
import { formatThreshold } from './format.ts';
import { claimAnchor, experimentPage } from './paths.ts';
import { sortClaims } from '../analysis/claims/index.ts';
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

/** Each claim as the methods page states it: statement, prediction, regime, thresholds with reasons, controls. */
function claimMethods(model: SiteModel) {
  return sortClaims(model.claims).map((c) => {
    const exp = model.experiments.find((e) => e.id === c.experiment);
    return {
      id: c.id,
      title: c.title,
      anchor: `methods-${c.experiment}-${c.id}`,
      experiment: exp?.title ?? c.experiment,
      experimentHref: exp ? experimentPage(exp) : null,
      claimHref: `index.html#${claimAnchor(c.experiment, c.id)}`,
      statement: c.statement,
      prediction: c.prediction,
      regime: c.regime,
      rows: Object.entries(c.thresholds).map(([name, t]) => ({
        name,
        value: formatThreshold(t.value),
        default: t.value === t.default ? null : formatThreshold(t.default),
        meaning: t.meaning,
        reason: t.reason,
      })),
      controls: c.controls.map((k) => ({ id: k.id, description: k.description, why: k.why })),
    };
  });
}

/** Every definition change, newest first, with the verdict it had before. */
function revisionsLog(model: SiteModel) {
  const seen = new Set<string>();
  return sortClaims(model.claims)
    .filter((c) => !seen.has(c.id) && seen.add(c.id))
    .flatMap((c) => c.revisions.map((r) => ({ id: c.id, ...r })))
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

export function methodsContext(model: SiteModel) {
  const meaning = meanings(model.methods);
  const titleOf = (id: string) => model.experiments.find((e) => e.id === id)?.title ?? id;
  const thresholdNames = new Set(model.methods.flatMap((m) => Object.keys(m.analysis)));
  const definitions = [...meaning]
    .filter(([term]) => !thresholdNames.has(term))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([term, definition]) => ({ term, definition }));
  return { analysis: analysisRows(model.methods, meaning, titleOf), claims: claimMethods(model), revisions: revisionsLog(model), definitions };
}
