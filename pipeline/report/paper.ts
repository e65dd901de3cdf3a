// The paper this companion reproduces, and the related paper whose four phases the second
// experiment family reproduces: what the site, ARTIFACT.md, CITATION.cff and the RO-Crate say
// about them. Given names of the authors are not in our sources, so only family names are written.

export interface Work {
  title: string;
  families: string[];
  venue: string;
  /** The venue in a few words (the site's header). */
  venueShort: string;
  year: number;
  url: string | null;
  arxiv: string | null;
}

export const PAPER: Work = {
  title: 'When Both Layers Learn: Training Dynamics of Representing Linear Models via ReLU Networks',
  families: ['Tinaz', 'Xie', 'Soltanolkotabi'],
  venue: 'Conference on Learning Theory (COLT 2026)',
  venueShort: 'COLT 2026',
  year: 2026,
  url: 'https://arxiv.org/abs/2606.04476',
  arxiv: '2606.04476',
};

export const RELATED: Work = {
  title: 'Understanding Multi-phase Optimization Dynamics and Rich Nonlinear Behaviors of ReLU Networks',
  families: ['Wang', 'Ma'],
  venue: 'Advances in Neural Information Processing Systems (NeurIPS 2023)',
  venueShort: 'NeurIPS 2023',
  year: 2023,
  url: null,
  arxiv: null,
};
