// What each phase-analysis threshold means, in words, for the methods page (the values are read
// from the manifests; the claims' thresholds carry their meanings in pipeline/analysis/claims/).
// The operational definitions live in pipeline/analysis/phases.ts, wangma.ts and claims/success.ts.

export const ANALYSIS_DEFINITIONS: Record<string, string> = {
  eps_align:
    'End of alignment t₁: the first logged step at which the weighted alignment (the mean of cos(w_j, sign(v_j)·β) weighted by |v_j|·‖w_j‖) is at least 1 − eps_align − align_floor·(d − 1)/n.',
  align_floor:
    'With n samples the neurons align with the empirical direction E_n[y 1(⟨w, x⟩ > 0) x], whose misalignment with β is (d − 1)/n on average; t₁ allows align_floor times that (0 for the population, n = ∞).',
  onset_drop: 'Onset of growth t_g: the first logged step at which the train loss has fallen by onset_drop, i.e. L ≤ (1 − onset_drop)·L(0).',
  delta:
    'End of growth t₂: the first logged step at which the train loss is at most delta · L(0), or the effective predictor ½ Σ v_j w_j reaches pred_frac · ‖β‖, whichever comes first.',
  pred_frac: 'Fraction of ‖β‖ the norm of the effective linear predictor ½ Σ v_j w_j must reach for growth to end (see delta).',
  tol: 'Convergence: the first logged step with train loss at most tol; the linear-rate fit ends there at the latest.',
  fit_delta:
    'The linear-rate fit log L = a − ρ·t starts at the first step (at or after t₂) with train loss at most fit_delta · L(0): right after growth the fastest modes still decay faster than the asymptotic rate.',
  tail_ratio:
    'The linear-rate window also ends where a slow tail begins: the first logged interval whose decay rate is below tail_ratio times the mean rate since the window began (a lagging neuron catching up).',
  success_train: 'Success, first half: training converged — the final train loss is at most success_train · L(0).',
  success_pop: 'Success, second half: the predictor recovered β — the final population loss is at most success_pop · L_pop(0).',
  wm_cond:
    'Wang–Ma phase I (initial condensation) ends when the condensation metric — the |v_j|·‖w_j‖-weighted mean resultant length of the directions of each output-sign group — reaches wm_cond.',
  wm_saddle_tol:
    'Wang–Ma: a run starts at the saddle of the origin when L(0) is within wm_saddle_tol of ℓ(0) (1 for the exponential loss, ln 2 for the logistic); it leaves the saddle (t_s) when L ≤ (1 − wm_saddle_tol)·ℓ(0).',
  wm_band:
    'Wang–Ma: the plateau is the band of ±wm_band around the predicted level P = (1 − p)·ℓ(0); it is reached (t_p) when L ≤ (1 + wm_band)·P and escaped (t_e) when L ≤ (1 − wm_band)·P.',
  wm_final: 'Wang–Ma phase IV (final convergence): the last loss is at most wm_final times the loss at the plateau escape.',
};

/** The definitions of every threshold an experiment sets, sorted by name (unknown names are skipped). */
export function definitionsFor(analysis: Record<string, unknown>): { term: string; definition: string }[] {
  return Object.keys(analysis)
    .filter((k) => ANALYSIS_DEFINITIONS[k])
    .sort()
    .map((term) => ({ term, definition: ANALYSIS_DEFINITIONS[term] }));
}
