// What bins say of the two-sample statistics that need every value: KS's D and the Wasserstein-1
// distance, as intervals that provably hold the exact value (docs/profiles.md derives them).
import { ksPValue } from '../stats/ks.ts'
import { scaledMinus } from './exact-sum.ts'
import type { KsInterval } from './model.ts'

/** Counts (and for Wasserstein, exact sums) of both sides over the same buckets. */
export interface BinPair {
  /** Interior edges: bucket j holds v with exactly j edges ≤ v. */
  edges: ArrayLike<number>
  ref: ArrayLike<number>
  cur: ArrayLike<number>
}

/**
 * Bounds of D = sup |F − G| from the two step CDFs at the edges. At x just below edge j both ECDFs are
 * known exactly (P_j, Q_j: the shares of values below the edge), and the largest value below the edge
 * on either side reaches it, so D ≥ max |P_j − Q_j|. Inside bucket j, F ∈ [P_{j−1}, P_j] and
 * G ∈ [Q_{j−1}, Q_j], so |F − G| ≤ max(P_j − Q_{j−1}, Q_j − P_{j−1}): the exact D can exceed the lower
 * bound by at most the largest bucket's mass on either side. Differences are formed in integers
 * (|i·m − j·n|, exact below 2⁵³) and divided once.
 */
export function ksBounds(p: BinPair): { dLow: number; dHigh: number } {
  let n = 0
  let m = 0
  for (let j = 0; j < p.ref.length; j++) {
    n += p.ref[j]
    m += p.cur[j]
  }
  let i = 0
  let k = 0
  let low = 0
  let high = 0
  for (let j = 0; j < p.ref.length; j++) {
    const i2 = i + p.ref[j]
    const k2 = k + p.cur[j]
    low = Math.max(low, Math.abs(i2 * m - k2 * n))
    high = Math.max(high, i2 * m - k * n, k2 * n - i * m)
    i = i2
    k = k2
  }
  return { dLow: low / (n * m), dHigh: Math.max(low, high) / (n * m) }
}

/** The exact D of two complete count tables over the same sorted distinct values (as stats/ks.ts walks sorted values). */
export function ksExact(ref: ArrayLike<number>, cur: ArrayLike<number>): number {
  let n = 0
  let m = 0
  for (let j = 0; j < ref.length; j++) {
    n += ref[j]
    m += cur[j]
  }
  let i = 0
  let k = 0
  let d = 0
  for (let j = 0; j < ref.length; j++) {
    i += ref[j]
    k += cur[j]
    const diff = Math.abs(i / n - k / m)
    if (diff > d) d = diff
  }
  return d
}

/**
 * The KS interval with its p-values (p is decreasing in D) and the verdict: drift when even the largest
 * p-value drifts (`drifts`: drift/column.ts pValueDrifts at the threshold), no drift when even the smallest does not.
 */
export function ksInterval(dLow: number, dHigh: number, n: number, m: number, drifts: (p: number) => boolean): KsInterval {
  const pHigh = ksPValue(n, m, dLow).pValue
  const pLow = ksPValue(n, m, dHigh).pValue
  const verdict = drifts(pHigh) ? 'drift' : !drifts(pLow) ? 'no drift' : 'inconclusive'
  return { dLow, dHigh, pLow, pHigh, verdict }
}

export interface SumPair extends BinPair {
  /** Exact sums of the values per bucket (expansions: profile/exact-sum.ts). */
  refSums: readonly (readonly number[])[]
  curSums: readonly (readonly number[])[]
  /** The smallest and largest finite value over both sides. */
  min: number
  max: number
}

/**
 * Bounds of W₁ = ∫|F − G| dx. Over bucket j = [a, b) the integral of F − G is exact from the counts and
 * sums: ∫ₐᵇ F = P_{j−1}(b − a) + Σ_{v in j} (b − v)/n. So ∫|F − G| ≥ |that|, with equality when F − G
 * keeps its sign in the bucket; otherwise it is at most min(w·max(U, L), 2wU − I, 2wL + I), U and L the
 * largest excursions above and below zero the bucket allows. Σ (b − v) is formed exactly and rounded
 * once; each bucket's few remaining roundings are covered by widening both bounds by 2⁻⁵⁰ of its terms.
 */
export function wassersteinBounds(p: SumPair): { low: number; high: number } {
  let n = 0
  let m = 0
  for (let j = 0; j < p.ref.length; j++) {
    n += p.ref[j]
    m += p.cur[j]
  }
  // counts below the bucket, per side (integers: the shares are formed from them, not summed)
  let [i, k, low, high, slack] = [0, 0, 0, 0, 0]
  const last = p.ref.length - 1
  for (let j = 0; j <= last; j++) {
    const a = j === 0 ? p.min : p.edges[j - 1]
    const b = j === last ? p.max : p.edges[j]
    const w = Math.max(0, b - a)
    const [P, Q] = [i / n, k / m]
    const [P2, Q2] = [(i + p.ref[j]) / n, (k + p.cur[j]) / m]
    const up = Math.max(0, P2 - Q)
    const down = Math.max(0, Q2 - P)
    const terms = [((i * m - k * n) / (n * m)) * w, scaledMinus(p.ref[j], b, p.refSums[j]) / n, -scaledMinus(p.cur[j], b, p.curSums[j]) / m]
    const integral = terms[0] + terms[1] + terms[2]
    slack += 2 ** -50 * (Math.abs(terms[0]) + Math.abs(terms[1]) + Math.abs(terms[2]) + w * (up + down))
    low += Math.abs(integral)
    high += up === 0 || down === 0 ? Math.abs(integral) : Math.max(Math.abs(integral), Math.min(w * Math.max(up, down), 2 * w * up - integral, 2 * w * down + integral))
    i += p.ref[j]
    k += p.cur[j]
  }
  return { low: Math.max(0, low - slack), high: high + slack }
}
