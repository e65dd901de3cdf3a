// What each manifest threshold means, in words, for the methods page (the values themselves are
// read from the manifests). Kept with the site because only the site prints them; the
// operational definitions live in pipeline/analysis/phases.ts, wangma.ts and claims.ts.

export const ANALYSIS_DEFINITIONS: Record<string, string> = {
  eps_align:
    'End of alignment t₁: the first logged step at which the weighted alignment (the mean of cos(w_j, sign(v_j)·β) weighted by |v_j|·‖w_j‖) is at least 1 − eps_align.',
  delta:
    'End of growth t₂: the first logged step at which the train loss is at most delta · L(0), or the effective predictor ½ Σ v_j w_j reaches pred_frac · ‖β‖, whichever comes first.',
  pred_frac: 'Fraction of ‖β‖ the norm of the effective linear predictor ½ Σ v_j w_j must reach for growth to end (see delta).',
  tol: 'Convergence: the first logged step with train loss at most tol; the linear-rate fit ends there at the latest.',
  fit_delta:
    'The linear-rate fit log L = a − ρ·t starts at the first step (at or after t₂) with train loss at most fit_delta · L(0): right after growth the fastest modes still decay faster than the asymptotic rate.',
  tail_ratio:
    'The linear-rate window also ends where a slow tail begins: the first logged interval whose decay rate is below tail_ratio times the mean rate since the window began (a lagging neuron catching up).',
  success_loss: 'A run succeeds when its final population loss is at most success_loss.',
  wm_cond: 'Wang–Ma phase I (initial condensation) ends when the weighted alignment reaches wm_cond while the loss is still at the saddle.',
  wm_saddle_tol: 'Wang–Ma: the loss is “still at the saddle” while it is at least (1 − wm_saddle_tol) · L(0).',
  wm_drop:
    'Wang–Ma phase II (saddle to plateau) ends when the loss first falls to wm_drop · L(0); the plateau (phase III) ends at the first later time with train accuracy 1.',
};

export const CLAIM_DEFINITIONS: Record<string, string> = {
  min_fraction: 'The fraction of runs (or seeds) that must meet the claim’s condition for a PASS.',
  min_ratio: 'Only runs with n/d at least min_ratio count toward global convergence.',
  level: 'The success rate whose first crossing along n/d is compared across dimensions d.',
  max_spread: 'The largest allowed ratio, max over min across d, of the n/d at which the success rate first reaches level.',
  min_r2: 'The smallest coefficient of determination R² a linear fit must reach.',
  small_frac: 'At t₁ the weights must still be small: ‖W‖ at most small_frac times its final value.',
  growth_factor: '‖W‖ must grow by at least this factor between t₁ and the end of the run.',
  quantity: 'Which phase boundary (t1 or t2) is fitted as a linear function of ln(1/σ).',
};

/** The definitions of every threshold an experiment sets, sorted by name (unknown names are skipped). */
export function definitionsFor(analysis: Record<string, unknown>, claims: Record<string, Record<string, unknown>>): { term: string; definition: string }[] {
  const terms = new Map<string, string>();
  for (const k of Object.keys(analysis)) if (ANALYSIS_DEFINITIONS[k]) terms.set(k, ANALYSIS_DEFINITIONS[k]);
  for (const c of Object.values(claims)) for (const k of Object.keys(c)) if (CLAIM_DEFINITIONS[k]) terms.set(k, CLAIM_DEFINITIONS[k]);
  return [...terms.keys()].sort().map((term) => ({ term, definition: terms.get(term)! }));
}
