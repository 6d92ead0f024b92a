// Distances between reference and current distributions over shared bins (Evidently's conventions).
import { countAtMost, countLess } from './special.ts'

/** Share used in place of an empty bin for PSI and KL, as Evidently does, so that logs stay finite (smaller when a filled bin is as small). */
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

/**
 * Shares of sorted values per bin; bin i holds the values v with exactly i edges ≤ v (numpy's
 * searchsorted side='right'): [edge[i−1], edge[i]), so a value on an edge counts in the bin above it.
 */
export function binShares(sorted: Float64Array, edges: Float64Array): Float64Array {
  const shares = new Float64Array(edges.length + 1)
  let prev = 0
  for (let i = 0; i < edges.length; i++) {
    const upto = countLess(sorted, edges[i])
    shares[i] = (upto - prev) / sorted.length
    prev = upto
  }
  shares[edges.length] = (sorted.length - prev) / sorted.length
  return shares
}

/**
 * Evidently's `feel_zeroes` (get_binned_data), for PSI and KL only: empty bins of a side take 0.0001,
 * or a millionth of that side's smallest filled share when that share is 0.0001 or less.
 */
export function fillEmpty(p: Float64Array): Float64Array {
  let min = Infinity
  for (const v of p) if (v !== 0 && v < min) min = v
  const fill = min <= EMPTY_BIN ? min / 10 ** 6 : EMPTY_BIN
  return p.map((v) => (v === 0 ? fill : v))
}

/**
 * numpy's `histogram_bin_edges(values, bins='sturges')` from the values' extremes and count: ⌈range / width⌉
 * equal bins, width = range / (log₂ n + 1) (at least 1 for an integer array), edges by `linspace`
 * (i·step + min, the last edge the max itself); one bin of width 1 around a single value.
 */
export function sturgesEdges(min: number, max: number, n: number, integer: boolean): Float64Array {
  let [first, last] = [min, max]
  if (first === last) [first, last] = [first - 0.5, last + 0.5]
  let width = (max - min) / (Math.log2(n) + 1)
  if (integer && width > 0 && width < 1) width = 1
  const bins = width ? Math.ceil((last - first) / width) : 1
  const step = (last - first) / bins
  const edges = new Float64Array(bins + 1)
  for (let i = 0; i < bins; i++) edges[i] = i * step + first
  edges[bins] = last
  return edges
}

/** `np.histogram(values, edges)[0] / n` of sorted values: bin i holds edge[i] ≤ v < edge[i+1], the last bin its right edge too. */
export function histogramShares(sorted: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1
  const shares = new Float64Array(bins)
  let prev = countLess(sorted, edges[0])
  for (let i = 1; i < bins; i++) {
    const upto = countLess(sorted, edges[i])
    shares[i - 1] = (upto - prev) / sorted.length
    prev = upto
  }
  shares[bins - 1] = (countAtMost(sorted, edges[bins]) - prev) / sorted.length
  return shares
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

/**
 * Jensen–Shannon distance in natural log, as Evidently computes it (scipy.spatial.distance.jensenshannon with
 * its default base): √((KL(p‖m) + KL(q‖m)) / 2), m = (p + q) / 2, over [0, √ln 2]; no empty-bin floor.
 */
export function jensenShannon(r: Float64Array, c: Float64Array): number {
  const p = normalise(r)
  const q = normalise(c)
  let s = 0
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2
    if (p[i] > 0) s += p[i] * Math.log(p[i] / m)
    if (q[i] > 0) s += q[i] * Math.log(q[i] / m)
  }
  return Math.sqrt(Math.max(0, s / 2))
}

/**
 * Hellinger distance √(Σ(√r − √c)²)/√2 of two share vectors (no empty-bin floor): Evidently's √(1 − Σ√(r·c))
 * for shares that each sum to 1, written without its cancellation near 0.
 */
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

/**
 * Wasserstein-1 distance of two sorted samples, as ∫₀¹ |F⁻¹(t) − G⁻¹(t)| dt: the quantile functions
 * step at multiples of 1/n and 1/m, so the walk over [0, 1] (in integer units of 1/(n·m)) follows
 * the sizes, not the data — no data-dependent branch, unlike merging the values (3× slower).
 * Equal to scipy.stats.wasserstein_distance's ∫|F − G| dx up to rounding.
 */
export function wasserstein(a: Float64Array, b: Float64Array): number {
  const n = a.length
  const m = b.length
  if (n === m) {
    // both functions step together: the walk below, with its bookkeeping left out (the same sums in the same order)
    let total = 0
    for (let i = 0; i < n; i++) total += Math.abs(a[i] - b[i]) * n
    return total / (n * m)
  }
  let k = 0
  let l = 0
  let pos = 0
  let total = 0
  // where a[k] and b[l] stop being the quantile
  let endA = m
  let endB = n
  while (k < n && l < m) {
    const end = Math.min(endA, endB)
    total += Math.abs(a[k] - b[l]) * (end - pos)
    pos = end
    const stepA = +(endA === end)
    const stepB = +(endB === end)
    k += stepA
    endA += stepA * m
    l += stepB
    endB += stepB * n
  }
  return total / (n * m)
}

/**
 * scipy.stats.energy_distance: √2 · √(∫(F − G)²) over the merged values of two sorted samples; F − G
 * is kept as the integer i·nb − j·na (one division at the end), ties add nothing.
 */
export function energyDistance(a: Float64Array, b: Float64Array): number {
  const na = a.length
  const nb = b.length
  let i = 0
  let j = 0
  let d = 0
  let total = 0
  let x = a[0] < b[0] ? a[0] : b[0]
  while (i < na || j < nb) {
    let next: number
    if (j >= nb || (i < na && a[i] <= b[j])) {
      next = a[i]
      i++
    } else {
      next = b[j]
      j++
    }
    total += d * d * (next - x)
    d = i * nb - j * na
    x = next
  }
  const scale = na * nb
  return Math.SQRT2 * Math.sqrt(total / scale / scale)
}

/** Mean and population standard deviation (ddof = 0, numpy's default) in two passes. */
export function meanStd(a: Float64Array): { mean: number; std: number } {
  let mean = 0
  for (let i = 0; i < a.length; i++) mean += a[i]
  mean /= a.length
  let s = 0
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - mean
    s += d * d
  }
  return { mean, std: Math.sqrt(s / a.length) }
}
