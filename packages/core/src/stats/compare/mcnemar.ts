// McNemar's test on paired classification outcomes.
import { chiSquareSf } from '../special.ts'

/** ln C(n, k) */
function logChoose(n: number, k: number): number {
  let s = 0
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i)
  return s
}

/**
 * McNemar's test on the discordant pairs b (only the candidate right) and c (only the baseline right):
 * exact two-sided binomial when b + c < 25, else χ² with continuity correction (statsmodels' conventions).
 */
export function mcnemar(b: number, c: number): { statistic: number; pValue: number; exact: boolean } {
  const n = b + c
  if (n < 25) {
    const k = Math.min(b, c)
    let cdf = 0
    for (let i = 0; i <= k; i++) cdf += Math.exp(logChoose(n, i) - n * Math.LN2)
    return { statistic: k, pValue: Math.min(1, 2 * cdf), exact: true }
  }
  const stat = (Math.abs(b - c) - 1) ** 2 / n
  return { statistic: stat, pValue: chiSquareSf(stat, 1), exact: false }
}
