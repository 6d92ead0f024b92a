// Distances between reference and current distributions over shared bins (Evidently's conventions).
import { countLessOrEqual } from './special.ts'

/** Proportion used in place of an empty bin, as Evidently does, so that logs stay finite. */
export const EMPTY_BIN = 1e-4

/** Linear-interpolation quantile of sorted values (numpy's default). */
export function quantile(sorted: Float64Array, p: number): number {
  const idx = p * (sorted.length - 1)
  const lo = Math.floor(idx)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (idx - lo)
}

/** Interior edges at the reference's deciles; the outer bins are open. */
export function quantileEdges(reference: Float64Array, bins = 10): Float64Array {
  const edges = new Float64Array(bins - 1)
  for (let i = 1; i < bins; i++) edges[i - 1] = quantile(reference, i / bins)
  return edges
}

/** Shares of sorted values per bin; bin i holds values with (i) edges ≤ value (numpy searchsorted 'right'). */
export function binShares(sorted: Float64Array, edges: Float64Array): Float64Array {
  const shares = new Float64Array(edges.length + 1)
  let prev = 0
  for (let i = 0; i < edges.length; i++) {
    const upto = countLessOrEqual(sorted, edges[i])
    shares[i] = (upto - prev) / sorted.length
    prev = upto
  }
  shares[edges.length] = (sorted.length - prev) / sorted.length
  return shares
}

export function fillEmpty(p: Float64Array): Float64Array {
  return p.map((v) => (v === 0 ? EMPTY_BIN : v))
}

/** Population stability index Σ (r − c)·ln(r / c). */
export function psi(r: Float64Array, c: Float64Array): number {
  let s = 0
  for (let i = 0; i < r.length; i++) s += (r[i] - c[i]) * Math.log(r[i] / c[i])
  return s
}

function normalise(p: Float64Array): Float64Array {
  let t = 0
  for (const v of p) t += v
  return p.map((v) => v / t)
}

/** Kullback–Leibler divergence KL(r ‖ c), natural log, after normalising (scipy.stats.entropy). */
export function klDivergence(r: Float64Array, c: Float64Array): number {
  const p = normalise(r)
  const q = normalise(c)
  let s = 0
  for (let i = 0; i < p.length; i++) if (p[i] > 0) s += p[i] * Math.log(p[i] / q[i])
  return s
}

/** Jensen–Shannon distance, base 2 (scipy.spatial.distance.jensenshannon). */
export function jensenShannon(r: Float64Array, c: Float64Array): number {
  const p = normalise(r)
  const q = normalise(c)
  let s = 0
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2
    if (p[i] > 0) s += p[i] * Math.log(p[i] / m)
    if (q[i] > 0) s += q[i] * Math.log(q[i] / m)
  }
  return Math.sqrt(Math.max(0, s / 2) / Math.LN2)
}

/** Hellinger distance √(Σ(√r − √c)²)/√2. */
export function hellinger(r: Float64Array, c: Float64Array): number {
  let s = 0
  for (let i = 0; i < r.length; i++) s += (Math.sqrt(r[i]) - Math.sqrt(c[i])) ** 2
  return Math.sqrt(s) / Math.SQRT2
}

/** L∞ distance max |rᵢ − cᵢ| and the index where it occurs. */
export function lInfinity(r: Float64Array, c: Float64Array): { distance: number; index: number } {
  let distance = 0
  let index = 0
  for (let i = 0; i < r.length; i++) {
    const d = Math.abs(r[i] - c[i])
    if (d > distance) [distance, index] = [d, i]
  }
  return { distance, index }
}

/** ∫|F − G|^p over the merged support of two sorted samples (p = 1: Wasserstein-1; p = 2: for energy distance). */
function cdfDistance(a: Float64Array, b: Float64Array, p: 1 | 2): number {
  const na = a.length
  const nb = b.length
  let i = 0
  let j = 0
  let total = 0
  let x = Math.min(a[0], b[0])
  // F − G = (i·nb − j·na) / (na·nb): integers while summing, one division at the end
  while (i < na || j < nb) {
    const next = j >= nb || (i < na && a[i] <= b[j]) ? a[i] : b[j]
    const d = i * nb - j * na
    total += (p === 1 ? (d < 0 ? -d : d) : d * d) * (next - x)
    x = next
    while (i < na && a[i] === x) i++
    while (j < nb && b[j] === x) j++
  }
  const scale = na * nb
  return p === 1 ? total / scale : total / scale / scale
}

export function wasserstein(a: Float64Array, b: Float64Array): number {
  return cdfDistance(a, b, 1)
}

/** scipy.stats.energy_distance: √2 · √(∫(F − G)²). */
export function energyDistance(a: Float64Array, b: Float64Array): number {
  return Math.SQRT2 * Math.sqrt(cdfDistance(a, b, 2))
}

const stdCache = new WeakMap<Float64Array, number>()

/** Population standard deviation (ddof = 0), as numpy's default; remembered per array (drift asks several times). */
export function populationStd(a: Float64Array): number {
  const known = stdCache.get(a)
  if (known !== undefined) return known
  const v = computePopulationStd(a)
  stdCache.set(a, v)
  return v
}

function computePopulationStd(a: Float64Array): number {
  let mean = 0
  for (let i = 0; i < a.length; i++) mean += a[i]
  mean /= a.length
  let s = 0
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - mean
    s += d * d
  }
  return Math.sqrt(s / a.length)
}
