import type { ColumnDrift, Histogram } from '../drift/column.ts'
import { categoricalStatistic, isDrifted, pValueDrifts } from '../drift/column.ts'
import type { DriftMethod } from '../drift/methods.ts'
import { fmt } from '../report/markdown.ts'
import { ksPValue } from '../stats/ks.ts'
import { ksBounds, ksExact, ksInterval, wassersteinBounds } from './bounds.ts'
import { complete } from './categories.ts'
import { keyNumber } from './hash.ts'
import type { Exactness, KsInterval, ProfileBins, ProfileColumn } from './model.ts'

/** What a binned comparison of one numeric column found. */
export interface NumericResult {
  statistic: number
  pValue: number | null
  exactness: Exactness
  /** A bounded statistic's verdict at the threshold. */
  verdict?: 'drift' | 'no drift' | 'inconclusive'
  ks?: KsInterval
  wasserstein?: { low: number; high: number }
  note?: string
}

/** Both sides' counts over the distinct numbers, when both profiles counted every value: [values ascending, ref counts, cur counts]. */
export function valueTables(ref: ProfileColumn, cur: ProfileColumn): [number[], number[], number[]] | undefined {
  if (!ref.categories || !cur.categories || !complete(ref.categories) || !complete(cur.categories)) return undefined
  const r = new Map<number, number>()
  const c = new Map<number, number>()
  for (const [side, into] of [
    [ref.categories.counts, r],
    [cur.categories.counts, c],
  ] as const)
    for (const [k, n] of Object.entries(side)) {
      const v = keyNumber(k)
      if (v !== undefined) into.set(v, n)
    }
  const values = [...new Set([...r.keys(), ...c.keys()])].sort((a, b) => a - b)
  return [values, values.map((v) => r.get(v) ?? 0), values.map((v) => c.get(v) ?? 0)]
}

/** Buckets of the fine bins grouped into the reference's deciles: exact mode's bins when the bin count is a multiple of 10. */
function decileGroups(bins: ProfileBins): { edges: number[]; groups: [number, number][]; exact: boolean } {
  const B = bins.counts.length
  const exact = B % 10 === 0
  const bounds = Array.from({ length: 11 }, (_, k) => Math.round((k * B) / 10))
  const groups = Array.from({ length: 10 }, (_, k) => [bounds[k], bounds[k + 1]] as [number, number])
  return { edges: bounds.slice(1, 10).map((i) => bins.edges[i - 1]), groups, exact }
}

function grouped(counts: number[], groups: [number, number][]): number[] {
  return groups.map(([a, b]) => counts.slice(a, b).reduce((x, y) => x + y, 0))
}

/** Bucket index → count, as drift's categorical statistics take counts. */
function bucketMap(counts: number[]): Map<string, number> {
  return new Map(counts.map((n, i) => [String(i), n] as [string, number]).filter(([, n]) => n > 0))
}

/**
 * A binned distance (PSI, Jensen-Shannon, KL, Hellinger) over the reference's deciles, by drift's own
 * function on bin counts (drift/column.ts categoricalStatistic: Evidently's floor for PSI and KL). Exact
 * on those bins; exact mode bins by Sturges over both sides' range, which frozen edges cannot follow.
 */
function binnedDistance(method: DriftMethod, ref: ProfileColumn, cur: ProfileColumn): { value: number; exact: boolean } {
  const { groups, exact } = decileGroups(ref.bins!)
  const [r, c] = [grouped(ref.bins!.counts, groups), grouped(cur.bins!.counts, groups)]
  // every decile is a category on both sides, empty or not, so the floors apply to the same bins a single run has
  const [rm, cm] = [new Map(r.map((v, i) => [String(i), v] as [string, number])), new Map(c.map((v, i) => [String(i), v] as [string, number]))]
  return { value: categoricalStatistic(method, rm, cm, ref.numbers!.count, cur.numbers!.count).statistic, exact }
}

function ksResult(ref: ProfileColumn, cur: ProfileColumn, threshold: number): NumericResult {
  const drifts = (p: number) => pValueDrifts('ks', p, threshold)
  const n = ref.numbers!.count
  const m = cur.numbers!.count
  const tables = valueTables(ref, cur)
  if (tables) {
    const r = ksPValue(n, m, ksExact(tables[1], tables[2]))
    return { statistic: r.statistic, pValue: r.pValue, exactness: 'exact' }
  }
  const { dLow, dHigh } = ksBounds({ edges: ref.bins!.edges, ref: ref.bins!.counts, cur: cur.bins!.counts })
  const ks = ksInterval(dLow, dHigh, n, m, drifts)
  const mid = ksPValue(n, m, (dLow + dHigh) / 2)
  const note = `K-S D in [${fmt(dLow)}, ${fmt(dHigh)}], p in [${fmt(ks.pLow)}, ${fmt(ks.pHigh)}] (bounded on ${ref.bins!.counts.length} bins): ${ks.verdict}`
  return { statistic: (dLow + dHigh) / 2, pValue: mid.pValue, exactness: 'bounded', verdict: ks.verdict, ks, note }
}

/** W₁ of two complete value tables: ∫|F − G| over the distinct values. */
function wassersteinExact([values, r, c]: [number[], number[], number[]]): number {
  const n = r.reduce((a, b) => a + b, 0)
  const m = c.reduce((a, b) => a + b, 0)
  let [i, k, total] = [0, 0, 0]
  for (let j = 0; j < values.length - 1; j++) {
    i += r[j]
    k += c[j]
    total += Math.abs(i / n - k / m) * (values[j + 1] - values[j])
  }
  return total
}

function wassersteinResult(ref: ProfileColumn, cur: ProfileColumn, threshold: number): NumericResult {
  const std = Math.max(Math.sqrt(ref.numbers!.m2 / ref.numbers!.count), 0.001)
  const tables = valueTables(ref, cur)
  if (tables) return { statistic: wassersteinExact(tables) / std, pValue: null, exactness: 'exact' }
  const [a, b] = [ref.bins!, cur.bins!]
  const w = wassersteinBounds({
    edges: a.edges,
    ref: a.counts,
    cur: b.counts,
    refSums: a.sumParts,
    curSums: b.sumParts,
    min: Math.min(ref.numbers!.min, cur.numbers!.min),
    max: Math.max(ref.numbers!.max, cur.numbers!.max),
  })
  const [low, high] = [w.low / std, w.high / std]
  const verdict = isDrifted('wasserstein', low, null, threshold) ? 'drift' : !isDrifted('wasserstein', high, null, threshold) ? 'no drift' : 'inconclusive'
  const note = `Wasserstein (normed) in [${fmt(low)}, ${fmt(high)}] (bounded on ${a.counts.length} bins): ${verdict}`
  return { statistic: (low + high) / 2, pValue: null, exactness: 'bounded', verdict, wasserstein: { low, high }, note }
}

/** Chi-square or z on the distinct values when both sides counted them all, otherwise chi-square over the bins. */
function countTest(method: 'chisquare' | 'z', ref: ProfileColumn, cur: ProfileColumn): NumericResult {
  const tables = valueTables(ref, cur)
  if (tables) {
    const toMap = (counts: number[]) => new Map(tables[0].map((v, i) => [String(v), counts[i]] as [string, number]).filter(([, n]) => n > 0))
    const r = categoricalStatistic(method, toMap(tables[1]), toMap(tables[2]), ref.numbers!.count, cur.numbers!.count)
    return { statistic: r.statistic, pValue: r.pValue, exactness: 'exact' }
  }
  const r = categoricalStatistic('chisquare', bucketMap(ref.bins!.counts), bucketMap(cur.bins!.counts), ref.numbers!.count, cur.numbers!.count)
  return { statistic: r.statistic, pValue: r.pValue, exactness: 'exact', note: `chi-square over the ${ref.bins!.counts.length} reference bins (the values are too many to count one by one)` }
}

/** The value test of a numeric column on its profiles (both binned on the same edges). */
export function numericOnBins(method: DriftMethod, ref: ProfileColumn, cur: ProfileColumn, threshold: number): NumericResult {
  switch (method) {
    case 'ks':
      return ksResult(ref, cur, threshold)
    case 'wasserstein':
      return wassersteinResult(ref, cur, threshold)
    case 'chisquare':
    case 'z':
      return countTest(method, ref, cur)
    default: {
      const d = binnedDistance(method, ref, cur)
      const note = d.exact ? `${method} over the reference's deciles (exact on those bins)` : `${method} over the profile's bins nearest the reference's deciles`
      return { statistic: d.value, pValue: null, exactness: d.exact ? 'exact' : 'approximate', note }
    }
  }
}

/** A quantile estimated from the bins: linear within the bucket that holds its rank (approximate). */
function binQuantile(c: ProfileColumn, p: number): number {
  const { counts, edges } = c.bins!
  const n = c.numbers!.count
  if (n === 0) return NaN
  const rank = p * (n - 1)
  let below = 0
  for (let j = 0; j < counts.length; j++) {
    if (below + counts[j] > rank) {
      const lo = j === 0 ? c.numbers!.min : Math.max(edges[j - 1], c.numbers!.min)
      const hi = j === counts.length - 1 ? c.numbers!.max : Math.min(edges[j], c.numbers!.max)
      return counts[j] === 1 ? lo : lo + ((hi - lo) * (rank - below)) / (counts[j] - 1 || 1)
    }
    below += counts[j]
  }
  return c.numbers!.max
}

/** The decile histogram pair of a numeric column, as exact mode draws it. */
export function binHistogram(ref: ProfileColumn, cur: ProfileColumn): Histogram {
  const { edges, groups } = decileGroups(ref.bins!)
  const f = (v: number) => String(Number(v.toPrecision(3)))
  const labels = Array.from({ length: edges.length + 1 }, (_, i) => (i === 0 ? `< ${f(edges[0])}` : i === edges.length ? `≥ ${f(edges[i - 1])}` : `${f(edges[i - 1])}–${f(edges[i])}`))
  const share = (c: ProfileColumn) => grouped(c.bins!.counts, groups).map((v) => v / Math.max(c.numbers!.count, 1))
  return { labels, reference: share(ref), current: share(cur) }
}

/** Mean and population std of the running moments (exact to rounding). */
export function momentsOf(c: ProfileColumn): { mean: number; std: number } {
  const s = c.numbers!
  return { mean: s.count ? s.mean : NaN, std: s.count ? Math.sqrt(s.m2 / s.count) : NaN }
}

/** The why of a numeric column: moments (exact), median (approximate), and a bounded statistic's interval. */
export function numericWhy(out: ColumnDrift, ref: ProfileColumn, cur: ProfileColumn, note?: string): void {
  const [a, b] = [momentsOf(ref), momentsOf(cur)]
  const quantiles = [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => ({ p, reference: binQuantile(ref, p), current: binQuantile(cur, p) }))
  out.quantiles = quantiles
  out.moments = { reference: a, current: b }
  const shift = b.mean - a.mean
  const med = quantiles[2]
  const parts = [
    `mean ${fmt(a.mean)} → ${fmt(b.mean)} (${shift >= 0 ? '+' : ''}${fmt(shift / (a.std || 1))} sd), median ≈ ${fmt(med.reference)} → ${fmt(med.current)}, std ${fmt(a.std)} → ${fmt(b.std)}`,
  ]
  if (note) parts.push(note)
  out.why = parts.join('; ')
}
