/** How a column is compared. */
export type ColumnKind = 'numeric' | 'categorical' | 'text'

export const DRIFT_METHODS = ['ks', 'chisquare', 'z', 'wasserstein', 'psi', 'jensenshannon', 'kl_div', 'hellinger', 'l_infinity', 'cramer_von_mises', 'energy'] as const
export type DriftMethod = (typeof DRIFT_METHODS)[number]

export interface MethodInfo {
  kind: 'p-value' | 'distance'
  threshold: number
  /**
   * Whether a score equal to the threshold is drift, as the method's source compares (Evidently; TFDV for
   * L∞): a p-value test drifts at p ≤ threshold when true, p < threshold otherwise; a distance at
   * d ≥ threshold when true, d > threshold otherwise. See isDrifted.
   */
  atThreshold: boolean
  /** Column kinds the method can compare. */
  kinds: ('numeric' | 'categorical')[]
  label: string
}

export const METHODS: Record<DriftMethod, MethodInfo> = {
  ks: { kind: 'p-value', threshold: 0.05, atThreshold: true, kinds: ['numeric'], label: 'K-S p-value' },
  chisquare: { kind: 'p-value', threshold: 0.05, atThreshold: false, kinds: ['numeric', 'categorical'], label: 'chi-square p-value' },
  z: { kind: 'p-value', threshold: 0.05, atThreshold: false, kinds: ['numeric', 'categorical'], label: 'Z-test p-value' },
  cramer_von_mises: { kind: 'p-value', threshold: 0.1, atThreshold: true, kinds: ['numeric'], label: 'Cramér–von Mises p-value' },
  wasserstein: { kind: 'distance', threshold: 0.1, atThreshold: true, kinds: ['numeric'], label: 'Wasserstein distance (normed)' },
  psi: { kind: 'distance', threshold: 0.1, atThreshold: true, kinds: ['numeric', 'categorical'], label: 'PSI' },
  jensenshannon: { kind: 'distance', threshold: 0.1, atThreshold: true, kinds: ['numeric', 'categorical'], label: 'Jensen-Shannon distance' },
  kl_div: { kind: 'distance', threshold: 0.1, atThreshold: true, kinds: ['numeric', 'categorical'], label: 'Kullback-Leibler divergence' },
  hellinger: { kind: 'distance', threshold: 0.1, atThreshold: true, kinds: ['numeric', 'categorical'], label: 'Hellinger distance' },
  l_infinity: { kind: 'distance', threshold: 0.1, atThreshold: false, kinds: ['categorical'], label: 'L-infinity distance' },
  energy: { kind: 'distance', threshold: 0.1, atThreshold: false, kinds: ['numeric'], label: 'Energy distance' },
}

/**
 * Evidently's default choice: by the reference's size (after dropping missing values) and the number
 * of distinct values over both datasets.
 */
export function defaultMethod(kind: 'numeric' | 'categorical', referenceSize: number, distinct: number): DriftMethod {
  if (referenceSize <= 1000) {
    if (kind === 'numeric' && distinct > 5) return 'ks'
    return distinct > 2 ? 'chisquare' : 'z'
  }
  if (kind === 'numeric' && distinct > 5) return 'wasserstein'
  return 'jensenshannon'
}
