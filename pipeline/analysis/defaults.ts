// Default thresholds of the phase analyses and of success, as a manifest's `analysis` section
// would set them (the manifest schema takes its defaults from here).
import { DEFAULT_PHASE_THRESHOLDS } from './phases.ts';
import { DEFAULT_WM_THRESHOLDS } from './wangma.ts';
import type { AnalysisThresholds } from './types.ts';

export const DEFAULT_ANALYSIS: AnalysisThresholds = {
  ...DEFAULT_PHASE_THRESHOLDS,
  ...DEFAULT_WM_THRESHOLDS,
  // Converged: six decades below L(0), deep in the linear-rate phase; recovered: 99.9% of the
  // population risk removed, between the spurious minima below n ≈ d (L_pop/L_pop(0) ~ 0.1) and
  // recovery (≤ 1e-4 within the budget).
  success_train: 1e-6,
  success_pop: 1e-3,
};
