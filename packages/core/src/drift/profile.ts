import { isBooleanWord, specialNumber, textNumber } from '../schema/cell-rules.ts'
import { sortFloat64 } from '../worker/sorter.ts'
import type { ColumnSummary } from '../table/summary.ts'
import { presentCells } from '../table/summary.ts'
import type { Column } from '../table/types.ts'

/** The finite values of a numeric column, in a new array of exactly their number, and how many were ±Infinity. */
function finiteValues(values: Float64Array): { finite: Float64Array; infinite: number } {
  let n = 0
  let infinite = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v - v === 0) n++
    else if (v === v) infinite++
  }
  const out = new Float64Array(n)
  let k = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v - v === 0) out[k++] = v
  }
  return { finite: out, infinite }
}

/** Boolean words as JSON writes them: CSV's True/FALSE and JSON's true are the same category. */
export function booleanCounts(counts: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>()
  for (const [k, n] of counts) {
    const key = k.toLowerCase()
    out.set(key, (out.get(key) ?? 0) + n)
  }
  return out
}

export function profileColumn(c: Column): ColumnSummary {
  if (c.type === 'numeric') {
    const { finite, infinite } = finiteValues(c.values)
    return { name: c.name, rows: c.values.length, missing: c.values.length - finite.length - infinite, sorted: sortFloat64(finite), integer: c.integer, source: 'number', infinite }
  }
  const profile = textProfile(c)
  if (profile.source === 'boolean' || (profile.counts!.size > 0 && [...profile.counts!.keys()].every(isBooleanWord))) {
    profile.counts = booleanCounts(profile.counts!)
    profile.source = 'boolean'
  }
  return profile
}

const MAY_START_A_NUMBER = /^\s*[-+.\dIiNn]/

/** A word of a text column as a number (the readers' grammar, with the spellings of ±Infinity a number field takes), or undefined. */
export function numberOfWord(word: string): number | undefined {
  // most words of text columns are rejected by their first character, without a parse
  if (!MAY_START_A_NUMBER.test(word)) return undefined
  const t = word.trim()
  const n = specialNumber(t) ?? textNumber(t)
  return Number.isNaN(n) ? undefined : n
}

/** Whether a number is written with a leading zero ("01001", "-007"): a code, compared as written, not a number. */
export function hasLeadingZero(word: string): boolean {
  return /^\s*[+-]?0\d/.test(word)
}

/** Share of a text profile's present cells that are numbers, and whether any is written with a leading zero. */
export function numberShare(p: ColumnSummary): { share: number; leadingZero: boolean } {
  if (p.sorted || !p.counts) return { share: p.sorted ? 1 : 0, leadingZero: false }
  p.numberShare ??= countNumbers(p.counts)
  return p.numberShare
}

function countNumbers(counts: Map<string, number>): { share: number; leadingZero: boolean } {
  let numbers = 0
  let counted = 0
  let leadingZero = false
  for (const [k, n] of counts) {
    counted += n
    if (numberOfWord(k) === undefined) continue
    numbers += n
    if (hasLeadingZero(k)) leadingZero = true
  }
  // over the counted cells: a column read with a text limit has others whose values are unknown
  return { share: counted ? numbers / counted : 0, leadingZero }
}

/**
 * A text profile read as numbers: its finite numbers sorted, ±Infinity and the cells that are no
 * numbers counted apart. Work per distinct value, then one fill: text columns are small beside numeric ones.
 */
export function asNumbers(p: ColumnSummary): ColumnSummary {
  if (p.sorted || !p.counts) return p
  const values: [number, number][] = []
  if (p.distinctAtLeast !== undefined) throw new Error(`column '${p.name}' was read past its text limit: its values cannot be read as numbers`)
  let nonNumeric = 0
  let infinite = 0
  let n = 0
  for (const [k, count] of p.counts) {
    const v = numberOfWord(k)
    if (v === undefined) nonNumeric += count
    else if (v - v !== 0) infinite += count
    else {
      values.push([v, count])
      n += count
    }
  }
  values.sort((a, b) => a[0] - b[0])
  const sorted = new Float64Array(n)
  let at = 0
  for (const [v, count] of values) {
    sorted.fill(v, at, at + count)
    at += count
  }
  return { name: p.name, rows: p.rows, missing: p.missing, sorted, integer: values.every(([v]) => Number.isInteger(v)), source: 'number', nonNumeric, infinite }
}

function textProfile(c: Column & { type: 'categorical' }): ColumnSummary {
  const source = c.source === 'boolean' ? 'boolean' : 'string'
  if (c.counts) {
    // counted while reading: neither codes nor dictionary are needed
    const missing = c.missing ?? 0
    // cells left unencoded (a mostly unique column) are present, only their values are unknown
    let rows = missing + (c.unencoded ?? 0)
    for (const n of c.counts.values()) rows += n
    return { name: c.name, rows, missing, counts: c.counts, integer: false, source, ...(c.unencoded ? { distinctAtLeast: c.distinctAtLeast ?? c.counts.size } : {}) }
  }
  const byCode = new Float64Array(c.dictionary.length)
  let missing = 0
  const codes = c.codes
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]
    if (code < 0) missing++
    else byCode[code]++
  }
  const counts = new Map<string, number>()
  c.dictionary.forEach((v, i) => {
    if (byCode[i] > 0) counts.set(v, byCode[i])
  })
  return { name: c.name, rows: c.codes.length, missing, counts, integer: false, source }
}

/** What `profilePairWith`'s sorter hands back: both sides sorted, with what was measured of them (see sortedPairOnWorker). */
export interface SortedFinitePair {
  sorted: [Float64Array, Float64Array]
  moments: [{ mean: number; std: number }, { mean: number; std: number }]
  infinite: [number, number]
  wasserstein?: number
}

/**
 * The profiles of a column's two sides. When both are numeric and hold `minValues` values or more, `sortedFinite` drops the
 * missing and infinite values of both (saying how many were infinite) and sorts them (e.g. on a worker thread, which may consume the values;
 * `surelyNumeric`: the pair will be compared as numbers, not as categories, and its distance is wanted); otherwise this thread
 * does. The moments and distance measured with the sort travel on the profiles.
 */
export async function profilePairWith(
  ref: Column,
  cur: Column,
  sortedFinite: (a: Float64Array, b: Float64Array, surelyNumeric: boolean, dense: [boolean, boolean]) => Promise<SortedFinitePair>,
  surelyNumeric: boolean,
  minValues: number,
): Promise<[ColumnSummary, ColumnSummary]> {
  if (ref.type !== 'numeric' || cur.type !== 'numeric' || ref.values.length + cur.values.length < minValues) return [profileColumn(ref), profileColumn(cur)]
  const [nr, nc] = [ref.values.length, cur.values.length]
  const dense: [boolean, boolean] = [ref.finite === nr, cur.finite === nc]
  const { sorted, moments, infinite, wasserstein } = await sortedFinite(ref.values, cur.values, surelyNumeric || !ref.integer || !cur.integer, dense)
  const [a, b] = sorted
  const distance = wasserstein !== undefined ? { wasserstein } : {}
  return [
    { name: ref.name, rows: nr, missing: nr - a.length - infinite[0], sorted: a, integer: ref.integer, source: 'number', infinite: infinite[0], moments: moments[0], ...distance },
    { name: cur.name, rows: nc, missing: nc - b.length - infinite[1], sorted: b, integer: cur.integer, source: 'number', infinite: infinite[1], moments: moments[1], ...distance },
  ]
}

/** Counts of a profile's distinct values: its own counts, or those of its sorted numbers (kept on it). */
export function numericCounts(p: ColumnSummary): Map<string, number> {
  if (p.counts) return p.counts
  const counts = new Map<string, number>()
  const s = p.sorted!
  for (let i = 0; i < s.length;) {
    const j = pastRun(s, s[i], i)
    counts.set(String(s[i]), j - i)
    i = j
  }
  p.counts = counts
  return counts
}

/** The values a test compares: the finite numbers of a numeric profile, the present cells of a text one. */
export function valueCount(p: ColumnSummary): number {
  return p.sorted ? p.sorted.length : presentCells(p)
}

/** Distinct values over both sides, stopping early once past `cap`. */
export function distinctOverBoth(a: ColumnSummary, b: ColumnSummary, cap = 1000): number {
  if (!a.sorted || !b.sorted) {
    const keys = new Set([...numericCounts(a).keys(), ...numericCounts(b).keys()])
    return keys.size
  }
  // one value per step, merged over both sorted sides; runs of equal values are jumped over
  const x = a.sorted!
  const y = b.sorted!
  let i = 0
  let j = 0
  let n = 0
  while ((i < x.length || j < y.length) && n <= cap) {
    const v = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j]
    i = pastRun(x, v, i)
    j = pastRun(y, v, j)
    n++
  }
  return n
}

/** The first index from `from` on whose value is above v (sorted s): a gallop, then a binary search. */
function pastRun(s: Float64Array, v: number, from: number): number {
  if (from >= s.length || s[from] > v) return from
  let step = 1
  let lo = from
  while (lo + step < s.length && s[lo + step] <= v) {
    lo += step
    step *= 2
  }
  let hi = Math.min(s.length, lo + step)
  // s[lo] ≤ v; s[hi] > v or hi = length
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1
    if (s[mid] <= v) lo = mid
    else hi = mid
  }
  return hi
}

/** Evidently's rule for strings: text when more than half the present values are distinct (a lower bound suffices). */
export function mostlyUnique(p: ColumnSummary): boolean {
  const unique = Math.max(p.counts?.size ?? 0, p.distinctAtLeast ?? 0)
  return presentCells(p) > 0 && unique > 0.5 * presentCells(p)
}

/**
 * Whether a string column read with a text limit is already known to be text by that rule (and not
 * numbers with some words among them). When
 * false for a column left partly unencoded, its values must be read in full to type it.
 */
export function countedAsText(c: Column): boolean {
  if (c.type !== 'categorical' || c.source !== 'string' || c.counts === undefined) return false
  const p = profileColumn(c)
  // mostly numbers (floats with a few words) are compared as numbers, so every value is needed; codes with leading zeros stay text
  const numbers = numberShare(p)
  return mostlyUnique(p) && (numbers.share < 0.5 || numbers.leadingZero)
}
