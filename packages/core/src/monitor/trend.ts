// Rules over time: a trend (slope) test over the last windows, and "drifted in k of the last n windows".
import { studentTwoSided } from '../stats/special.ts'

export interface Trend {
  /** Change of the statistic per window (ordinary least squares on the window index). */
  slope: number
  intercept: number
  /** Two-sided p-value of the slope's t-test (n − 2 degrees of freedom), as scipy.stats.linregress. */
  pValue: number
  n: number
}

/** OLS slope of y over x with its t-test; undefined below 3 points (no degrees of freedom left). */
export function olsTrend(x: number[], y: number[]): Trend | undefined {
  const n = x.length
  if (n < 3) return undefined
  const mx = x.reduce((s, v) => s + v, 0) / n
  const my = y.reduce((s, v) => s + v, 0) / n
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2
    sxy += (x[i] - mx) * (y[i] - my)
    syy += (y[i] - my) ** 2
  }
  if (sxx === 0) return undefined
  const slope = sxy / sxx
  const df = n - 2
  // as scipy: r clipped to [-1, 1]; a perfect fit has p = 0, a flat series p = 1
  if (syy === 0) return { slope: 0, intercept: my, pValue: 1, n }
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)))
  const t = r * Math.sqrt(df / Math.max((1 - r) * (1 + r), 1e-300))
  return { slope, intercept: my - slope * mx, pValue: Math.abs(r) === 1 ? 0 : studentTwoSided(t, df), n }
}

/** How many of the last n flags are set (the newest last), and whether that reaches k. */
export function kOfN(flags: boolean[], k: number, n: number): { hits: number; of: number; met: boolean } {
  const last = flags.slice(-n)
  const hits = last.filter(Boolean).length
  return { hits, of: last.length, met: hits >= k }
}
