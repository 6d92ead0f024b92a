// Special functions the drift and gating statistics need, to double precision.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
  x -= 1
  let a = LANCZOS[0]
  const t = x + 7.5
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i)
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a)
}

/** Regularized lower incomplete gamma P(a, x) by its series (x < a + 1). */
function gammaPSeries(a: number, x: number): number {
  let sum = 1 / a
  let term = sum
  for (let n = 1; n < 10_000; n++) {
    term *= x / (a + n)
    sum += term
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a))
}

/** Regularized upper incomplete gamma Q(a, x) by Lentz's continued fraction (x ≥ a + 1). */
function gammaQFraction(a: number, x: number): number {
  const tiny = 1e-300
  let b = x + 1 - a
  let c = 1 / tiny
  let d = 1 / b
  let h = d
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < tiny) d = tiny
    c = b + an / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h
}

/** Q(a, x) = Γ(a, x) / Γ(a): the upper tail. */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQFraction(a, x)
}

/** Survival function of the χ² distribution with k degrees of freedom. */
export function chiSquareSf(x: number, k: number): number {
  return gammaQ(k / 2, x / 2)
}

/** Survival function of the standard normal, P(Z > z), accurate in the far tail. */
export function normalSf(z: number): number {
  if (z < 0) return 1 - normalSf(-z)
  // erfc(x) = Q(1/2, x²)
  return 0.5 * gammaQ(0.5, (z * z) / 2)
}

/** Modified Bessel function of the second kind K_ν(x), x > 0, from K_ν(x) = ∫₀^∞ e^{−x cosh t} cosh(νt) dt. */
export function besselK(nu: number, x: number): number {
  // the integrand decays like exp(−x e^t / 2): integrate until it is negligible
  const h = 0.01
  let sum = 0
  for (let t = 0; ; t += h) {
    const f = Math.exp(-x * Math.cosh(t)) * Math.cosh(nu * t)
    const w = t === 0 ? 0.5 : 1
    sum += w * f
    if (t > 1 && f < 1e-300) break
    if (t > 1 && f < sum * 1e-18) break
  }
  return sum * h
}

/** Binary search: the number of elements of sorted `a` that are < x (≤ x when `orEqual`). */
export function countLess(a: Float64Array, x: number, orEqual = false): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid] < x || (orEqual && a[mid] === x)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The number of elements of sorted `a` that are ≤ x. */
export const countAtMost = (a: Float64Array, x: number): number => countLess(a, x, true)

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
