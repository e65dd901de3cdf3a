// Study (analysis stage) + figure specs (figures stage) -> SiteModel. Pure; the `repro report`
// command gathers the inputs (cache, figures, git commit) and passes them in.
import { figureRequests, type Study } from './study.ts';
import { definitionsFor } from '../site/definitions.ts';
import { PAPER } from './paper.ts';
import type { FigureSpec } from '../figures/types.ts';
import type { RunSpec } from '../sim/types.ts';
import type { Experiment, Figure, MethodsEntry, ParamValue, SiteModel } from '../site/types.ts';

export interface SiteInfo {
  title: string;
  paper: SiteModel['paper'];
  generated: SiteModel['generated'];
}

/** The paper this site accompanies, as its header shows it. */
export const SITE_PAPER: SiteModel['paper'] = { title: PAPER.title, authors: PAPER.families.join(', '), venue: PAPER.venueShort, arxiv: PAPER.arxiv ?? '' };

export const SITE_TITLE = 'When Both Layers Learn — an executable companion';

/** The figure store's file names for a figure (pipeline/figures/store.ts). */
export function figureFiles(name: string): Figure['files'] {
  return { svg: `${name}.svg`, png: `${name}.png`, vl: `${name}.vl.json`, csv: `${name}.data.csv` };
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

export function siteModelFromStudy(study: Study, specs: FigureSpec[], info: SiteInfo): SiteModel {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const experiments: Experiment[] = study.experiments.map((exp) => {
    const { manifest } = exp;
    const status = new Map(exp.views.map((v) => [v.key, v.status as string]));
    const runKeys = exp.views.map((v) => v.key);
    const figures = figureRequests(exp).flatMap((req): Figure[] => {
      const name = String((req.options as { name: string }).name);
      const spec = byName.get(name);
      if (!spec) return [];
      return [{
        name,
        title: spec.title,
        caption: spec.caption,
        alt: spec.alt,
        vl: spec.vl,
        files: figureFiles(name),
        provenance: {
          manifest: manifest.file,
          run_keys: runKeys,
          fingerprint: info.generated.fingerprint,
          git_commit: info.generated.git_commit,
          command: regenerateCommand(manifest.file, manifest.profile),
        },
      }];
    });
    return {
      id: manifest.experiment,
      title: manifest.title,
      description: manifest.description,
      manifest: manifest.file,
      fixed: fixedParams(exp.runs.map((r) => r.spec)),
      runs: exp.runs.map((run, i) => ({ key: exp.keys[i], params: run.params, status: status.get(exp.keys[i]) ?? 'missing' })),
      figures,
    };
  });
  const methods: MethodsEntry[] = study.experiments.map(({ manifest }) => ({
    experiment: manifest.experiment,
    analysis: { ...manifest.analysis },
    claims: manifest.claims,
    definitions: definitionsFor({ ...manifest.analysis }, manifest.claims),
  }));
  return {
    title: info.title,
    paper: info.paper,
    generated: info.generated,
    claims: study.claims.map((c) => ({ ...c })),
    experiments,
    methods,
  };
}
