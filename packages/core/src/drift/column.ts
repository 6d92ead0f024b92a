import {
  binShares,
  energyDistance,
  fillEmpty,
  hellinger,
  histogramShares,
  jensenShannon,
  klDivergence,
  lInfinity,
  meanStd,
  psi,
  quantile,
  quantileEdges,
  sturgesEdges,
  wasserstein,
} from '../stats/binned.ts'
import { chiSquareHomogeneity, zTwoProportions } from '../stats/contingency.ts'
import { cramerVonMises } from '../stats/cvm.ts'
import { ksTwoSample } from '../stats/ks.ts'
import type { DriftMethod } from './methods.ts'
import { METHODS } from './methods.ts'
import type { ColumnSummary } from '../table/summary.ts'
import { distinctOverBoth, numericCounts, valueCount } from './profile.ts'

export interface Histogram {
  labels: string[]
  reference: number[]
  current: number[]
}

export interface CategoryChange {
  value: string
  reference: number
  current: number
}

/** A test of the share of some cells (missing, not a number) between the sides. */
export interface ShareCheck {
  reference: number
  current: number
  pValue: number | null
  drifted: boolean
}

/** The test that made a column drift, with its statistic, in words ("missing share 2% → 31%, z p < 0.001"). */
export interface Decision {
  test: 'value' | 'missing share' | 'non-numeric share' | 'schema'
  method: DriftMethod | 'z' | null
  statistic: number | null
  pValue: number | null
  text: string
}

export interface ColumnDrift {
  name: string
  kind: 'numeric' | 'categorical' | 'text'
  method: DriftMethod | null
  statistic: number | null
  pValue: number | null
  pValueCorrected: number | null
  threshold: number | null
  drifted: boolean
  effectSize: number | null
  effectSizeName: string | null
  missingShare: ShareCheck
  /** Present cells that are not numbers, per side (columns compared as numbers). */
  nonNumeric: { reference: number; current: number } | null
  nonNumericShare: ShareCheck | null
  /** ±Infinity values per side, left out of the comparison. */
  infinite: { reference: number; current: number } | null
  /** What made the column drift; null when it did not. */
  decidedBy: Decision | null
  unseen: { value: string; count: number }[]
  vanished: { value: string; count: number }[]
  sampleSize: { reference: number; current: number }
  /** Why the column drifted (or what changed most), in a sentence. */
  why: string
  quantiles?: { p: number; reference: number; current: number }[]
  moments?: { reference: { mean: number; std: number }; current: { mean: number; std: number } }
  topChanges?: CategoryChange[]
  histogram: Histogram
  warning?: string
  skipped?: string
}

/** Shares of every category over the union of both sides, in a stable order. */
export function categoryShares(ref: Map<string, number>, cur: Map<string, number>, nr: number, nc: number) {
  const keys = [...new Set([...ref.keys(), ...cur.keys()])].sort((a, b) => (ref.get(b) ?? 0) - (ref.get(a) ?? 0) || a.localeCompare(b))
  const rc = keys.map((k) => ref.get(k) ?? 0)
  const cc = keys.map((k) => cur.get(k) ?? 0)
  return { keys, rc, cc, rp: Float64Array.from(rc, (v) => v / Math.max(nr, 1)), cp: Float64Array.from(cc, (v) => v / Math.max(nc, 1)) }
}

export interface MethodResult {
  statistic: number
  pValue: number | null
  /** Index into the categories of the value with the largest difference (L∞). */
  culprit?: string
}

/** Runs a method on numeric sorted values; binned distances over Evidently's bins (see numericBins). */
export function numericStatistic(method: DriftMethod, ref: ColumnSummary, cur: ColumnSummary): MethodResult {
  const a = ref.sorted!
  const b = cur.sorted!
  switch (method) {
    case 'ks': {
      const r = ksTwoSample(a, b)
      return { statistic: r.statistic, pValue: r.pValue }
    }
    case 'cramer_von_mises': {
      const r = cramerVonMises(a, b)
      return { statistic: r.statistic, pValue: r.pValue }
    }
    case 'wasserstein':
      return { statistic: (ref.wasserstein ?? wasserstein(a, b)) / Math.max(momentsOf(ref).std, 0.001), pValue: null }
    case 'energy':
      return { statistic: energyDistance(a, b), pValue: null }
    case 'psi':
    case 'jensenshannon':
    case 'kl_div':
    case 'hellinger': {
      const bins = numericBins(method, ref, cur)
      if (bins) return { statistic: binnedDistance(method, histogramShares(a, bins), histogramShares(b, bins)), pValue: null }
      break
    }
  }
  // one share per value: the other methods, and the binned distances of a reference with few values
  return categoricalStatistic(method, numericCounts(ref), numericCounts(cur), valueCount(ref), valueCount(cur))
}

/** Whether both sides would be an integer array in pandas (whole numbers, no missing cell): numpy then widens Sturges bins to at least 1. */
function integerArray(ref: ColumnSummary, cur: ColumnSummary): boolean {
  return ref.integer && cur.integer && ref.missing === 0 && cur.missing === 0 && !ref.infinite && !cur.infinite
}

/**
 * Evidently's bins for a numeric column, or undefined for one share per value. PSI, KL and Jensen-Shannon
 * (get_binned_data): Sturges bins over both sides' values when the reference has more than 20 distinct
 * values, one bin per value otherwise. Hellinger: Sturges bins over the distinct values of both sides.
 */
function numericBins(method: DriftMethod, ref: ColumnSummary, cur: ColumnSummary): Float64Array | undefined {
  const a = ref.sorted!
  const b = cur.sorted!
  const min = Math.min(a[0], b[0])
  const max = Math.max(a[a.length - 1], b[b.length - 1])
  if (method === 'hellinger') return sturgesEdges(min, max, distinctOverBoth(ref, cur, Infinity), integerArray(ref, cur))
  // the reference's own distinct values: its union with itself
  if (distinctOverBoth(ref, ref, 20) <= 20) return undefined
  return sturgesEdges(min, max, a.length + b.length, integerArray(ref, cur))
}

function binnedDistance(method: DriftMethod, r: Float64Array, c: Float64Array): number {
  // Evidently floors empty bins for PSI and KL only (get_binned_data's feel_zeroes): Jensen-Shannon and Hellinger are defined on them
  if (method === 'psi') return psi(fillEmpty(r), fillEmpty(c))
  if (method === 'kl_div') return klDivergence(fillEmpty(r), fillEmpty(c))
  if (method === 'hellinger') return hellinger(r, c)
  return jensenShannon(r, c)
}

export function categoricalStatistic(method: DriftMethod, ref: Map<string, number>, cur: Map<string, number>, nr: number, nc: number): MethodResult {
  const { keys, rc, cc, rp, cp } = categoryShares(ref, cur, nr, nc)
  switch (method) {
    case 'chisquare': {
      const r = chiSquareHomogeneity(rc, cc)
      return { statistic: r.statistic, pValue: r.pValue }
    }
    case 'z': {
      // the share of the reference's most common value
      const r = zTwoProportions(rc[0] ?? 0, nr, cc[0] ?? 0, nc)
      return { statistic: r.statistic, pValue: r.pValue }
    }
    case 'l_infinity': {
      const r = lInfinity(rp, cp)
      return { statistic: r.distance, pValue: null, culprit: keys[r.index] }
    }
    default:
      return { statistic: binnedDistance(method, rp, cp), pValue: null }
  }
}

/**
 * Whether a statistic means drift, with Evidently's comparison for each method at equality: KS and
 * Cramér–von Mises p ≤ threshold, the other p-value tests p < threshold; energy distance above the threshold,
 * the other distances at or above it.
 */
export function isDrifted(method: DriftMethod, statistic: number, pValue: number | null, threshold: number): boolean {
  return METHODS[method].kind === 'p-value' ? pValueDrifts(method, pValue ?? 1, threshold) : distanceDrifts(method, statistic, threshold)
}

export function pValueDrifts(method: DriftMethod, p: number, threshold: number): boolean {
  return METHODS[method].atThreshold ? p <= threshold : p < threshold
}

function distanceDrifts(method: DriftMethod, d: number, threshold: number): boolean {
  return METHODS[method].atThreshold ? d >= threshold : d > threshold
}

/** Mean and population std of a numeric profile: measured with its sort, or now (kept on it: drift asks several times). */
function momentsOf(p: ColumnSummary): { mean: number; std: number } {
  p.moments ??= meanStd(p.sorted!)
  return p.moments
}

/** Quantiles and moments on both sides, for the "why" of numeric columns. */
export function numericWhy(ref: ColumnSummary, cur: ColumnSummary) {
  const a = ref.sorted!
  const b = cur.sorted!
  const quantiles = [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => ({ p, reference: a.length ? quantile(a, p) : NaN, current: b.length ? quantile(b, p) : NaN }))
  const moments = { reference: { ...momentsOf(ref) }, current: { ...momentsOf(cur) } }
  return { quantiles, moments }
}

/** Histogram pair over the reference's decile bins (numeric) or the union of categories (top 12). */
export function histogramOf(kind: 'numeric' | 'categorical', ref: ColumnSummary, cur: ColumnSummary): Histogram {
  if (kind === 'numeric' && ref.sorted && ref.sorted.length > 0 && (ref.counts === undefined || ref.counts.size > 12)) {
    const edges = quantileEdges(ref.sorted)
    const fmt = (v: number) => String(Number(v.toPrecision(3)))
    const labels = Array.from({ length: edges.length + 1 }, (_, i) => (i === 0 ? `< ${fmt(edges[0])}` : i === edges.length ? `≥ ${fmt(edges[i - 1])}` : `${fmt(edges[i - 1])}–${fmt(edges[i])}`))
    return { labels, reference: [...binShares(ref.sorted, edges)], current: [...binShares(cur.sorted!, edges)] }
  }
  const rc = numericCounts(ref)
  const cc = numericCounts(cur)
  const { keys, rp, cp } = categoryShares(rc, cc, valueCount(ref), valueCount(cur))
  const top = keys.slice(0, 12)
  return { labels: top, reference: [...rp.slice(0, 12)], current: [...cp.slice(0, 12)] }
}
