// Rules over time: a trend (slope) test over the last windows, and "drifted in k of the last n windows".
import { logGamma } from '../stats/special.ts'

/** Continued fraction of the incomplete beta function (modified Lentz), for x < (a + 1) / (a + b + 2). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m < 10_000; m++) {
    const m2 = 2 * m
    for (const num of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + num * d
      if (Math.abs(d) < tiny) d = tiny
      c = 1 + num / c
      if (Math.abs(c) < tiny) c = tiny
      d = 1 / d
      h *= d * c
    }
    if (Math.abs(d * c - 1) < 1e-16) break
  }
  return h
}

/** Regularized incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b
}

/** Two-sided p-value of Student's t with df degrees of freedom. */
export function studentTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0
  return incompleteBeta(df / (df + t * t), df / 2, 0.5)
}

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
