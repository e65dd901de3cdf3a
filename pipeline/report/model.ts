// Study (analysis stage) + figure specs (figures stage) -> SiteModel. Pure; build.ts gathers the
// inputs (cache, figures, git commit) and passes them in.
import { figureRequests, type Study } from './study.ts';
import { definitionsFor } from '../site/definitions.ts';
import { PAPER } from './paper.ts';
import { figureFiles } from '../figures/store.ts';
import type { FigureSpec } from '../figures/types.ts';
import type { RunSpec } from '../sim/types.ts';
import { lastFinite } from '../figures/rows.ts';
import type { RunView } from '../analysis/types.ts';
import type { Experiment, Figure, MethodsEntry, ParamValue, RunRow, SiteModel } from '../site/types.ts';

/** The paper this site accompanies, as its header shows it. */
const SITE_PAPER: SiteModel['paper'] = { title: PAPER.title, authors: PAPER.families.join(', '), venue: PAPER.venueShort, arxiv: PAPER.arxiv ?? '' };

const SITE_TITLE = 'When Both Layers Learn — an executable companion';

/** The stored files of a figure that the site copies and links (pipeline/figures/store.ts names them). */
function siteFiles(name: string): Figure['files'] {
  const { svg, png, vl, csv } = figureFiles(name);
  return { svg, png, vl, csv };
}

/** The command that regenerates one experiment's runs and the site. */
export function regenerateCommand(manifest: string, profile: string): string {
  return `npx repro run ${manifest} --profile ${profile} && npx repro figures && npx repro report`;
}

/** Spec keys whose value is the same in every run (the setting the grid varies around). */
export function fixedParams(specs: RunSpec[]): Record<string, ParamValue> {
  if (specs.length === 0) return {};
  const first = specs[0] as unknown as Record<string, ParamValue>;
  const out: Record<string, ParamValue> = {};
  for (const key of Object.keys(first)) {
    if (key !== 'seed' && specs.every((s) => (s as unknown as Record<string, ParamValue>)[key] === first[key])) out[key] = first[key];
  }
  return out;
}

/** A run as the runs table shows it: its grid point, status (and why), phase boundaries and final losses. */
export function runRow(key: string, params: RunRow['params'], view: RunView | undefined): RunRow {
  if (!view) return { key, params, status: 'missing', reason: null, boundaries: {}, final: { train_loss: null, population_loss: null } };
  const p = view.phases;
  const boundaries: RunRow['boundaries'] = view.wm_phases
    ? Object.fromEntries(view.wm_phases.boundaries.map((b) => [b.name, b.t]))
    : { 't₁': p?.t1 ?? null, t_g: p?.t_g ?? null, 't₂': p?.t2 ?? null };
  const last = (column: string) => {
    const x = lastFinite(view.metrics, column);
    return Number.isFinite(x) ? x : null;
  };
  return {
    key,
    params,
    status: view.status,
    reason: view.status === 'ok' ? null : (view.message ?? null),
    boundaries: view.status === 'failed' ? {} : boundaries,
    final: { train_loss: last('train_loss'), population_loss: last('population_loss') },
  };
}

/** `generated`: where the site comes from (commit, fingerprint, profile, the command that remakes it). */
export function siteModelFromStudy(study: Study, specs: FigureSpec[], generated: SiteModel['generated']): SiteModel {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const experiments: Experiment[] = study.experiments.map((exp) => {
    const { manifest } = exp;
    const views = new Map(exp.views.map((v) => [v.key, v]));
    const runKeys = exp.views.map((v) => v.key);
    const figures = figureRequests(exp).flatMap((req): Figure[] => {
      const name = String((req.options as { name: string }).name);
      const spec = byName.get(name);
      if (!spec) return [];
      return [
        {
          name,
          title: spec.title,
          caption: spec.caption,
          alt: spec.alt,
          vl: spec.vl,
          files: siteFiles(name),
          provenance: {
            manifest: manifest.file,
            run_keys: runKeys,
            fingerprint: generated.fingerprint,
            git_commit: generated.git_commit,
            command: regenerateCommand(manifest.file, manifest.profile),
          },
        },
      ];
    });
    return {
      id: manifest.experiment,
      title: manifest.title,
      description: manifest.description,
      manifest: manifest.file,
      fixed: fixedParams(exp.runs.map((r) => r.spec)),
      runs: exp.runs.map((run, i) => runRow(exp.keys[i], run.params, views.get(exp.keys[i]))),
      figures,
    };
  });
  const methods: MethodsEntry[] = study.experiments.map(({ manifest }) => ({
    experiment: manifest.experiment,
    analysis: { ...manifest.analysis },
    definitions: definitionsFor({ ...manifest.analysis }),
  }));
  return {
    title: SITE_TITLE,
    paper: SITE_PAPER,
    generated,
    claims: study.claims.map((c) => ({ ...c })),
    experiments,
    methods,
  };
}
