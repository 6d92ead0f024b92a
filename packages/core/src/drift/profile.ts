import { sortFloat64 } from '../stats/sort.ts'
import type { Column } from '../table/types.ts'

/**
 * What drift needs of one column on one side: sorted finite values (numeric) or value counts
 * (categorical), and how many values were missing. Counts and sorted runs merge across shards.
 */
export interface ColumnProfile {
  name: string
  rows: number
  missing: number
  /** Sorted finite values (numeric columns). */
  sorted?: Float64Array
  /** Value → count (categorical columns, and numeric ones compared as categories). */
  counts?: Map<string, number>
  integer: boolean
  source: 'number' | 'string' | 'boolean'
  /** When some values were not kept (a mostly unique column read with a text limit): a lower bound of the distinct values. */
  distinctAtLeast?: number
}

/** The finite values of a numeric column, in a new array of exactly their number. */
function finiteValues(values: Float64Array): Float64Array {
  let n = 0
  for (let i = 0; i < values.length; i++) if (values[i] - values[i] === 0) n++
  const out = new Float64Array(n)
  let k = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v - v === 0) out[k++] = v
  }
  return out
}

export function profileColumn(c: Column): ColumnProfile {
  if (c.type === 'numeric') {
    const finite = finiteValues(c.values)
    return { name: c.name, rows: c.values.length, missing: c.values.length - finite.length, sorted: sortFloat64(finite), integer: c.integer, source: 'number' }
  }
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

/**
 * The profiles of a column's two sides. When both are numeric and large, `sortedFinite` drops the
 * missing values of both and sorts them (e.g. on a worker thread, which may consume the values;
 * `surelyNumeric`: the pair will be compared as numbers, not as categories); otherwise this thread
 * does.
 */
export async function profilePairWith(
  ref: Column,
  cur: Column,
  sortedFinite: (a: Float64Array, b: Float64Array, surelyNumeric: boolean, dense: [boolean, boolean]) => Promise<[Float64Array, Float64Array]>,
  surelyNumeric: boolean,
): Promise<[ColumnProfile, ColumnProfile]> {
  if (ref.type !== 'numeric' || cur.type !== 'numeric' || ref.values.length + cur.values.length < 200_000) return [profileColumn(ref), profileColumn(cur)]
  const [nr, nc] = [ref.values.length, cur.values.length]
  const dense: [boolean, boolean] = [ref.finite === nr, cur.finite === nc]
  const [a, b] = await sortedFinite(ref.values, cur.values, surelyNumeric || !ref.integer || !cur.integer, dense)
  return [
    { name: ref.name, rows: nr, missing: nr - a.length, sorted: a, integer: ref.integer, source: 'number' },
    { name: cur.name, rows: nc, missing: nc - b.length, sorted: b, integer: cur.integer, source: 'number' },
  ]
}

/** Counts of distinct values of a sorted numeric profile. */
export function numericCounts(p: ColumnProfile): Map<string, number> {
  if (p.counts) return p.counts
  const counts = new Map<string, number>()
  const s = p.sorted!
  for (let i = 0; i < s.length; ) {
    const j = pastRun(s, s[i], i)
    counts.set(String(s[i]), j - i)
    i = j
  }
  p.counts = counts
  return counts
}

export function present(p: ColumnProfile): number {
  return p.rows - p.missing
}

/** Distinct values over both sides, stopping early once past `cap`. */
export function distinctOverBoth(a: ColumnProfile, b: ColumnProfile, cap = 1000): number {
  if (a.counts && b.counts) {
    const keys = new Set([...a.counts.keys(), ...b.counts.keys()])
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
export function mostlyUnique(p: ColumnProfile): boolean {
  const unique = Math.max(p.counts?.size ?? 0, p.distinctAtLeast ?? 0)
  return present(p) > 0 && unique > 0.5 * present(p)
}

/**
 * Whether a string column read with a text limit is already known to be text by that rule. When
 * false for a column left partly unencoded, its values must be read in full to type it.
 */
export function countedAsText(c: Column): boolean {
  return c.type === 'categorical' && c.source === 'string' && c.counts !== undefined && mostlyUnique(profileColumn(c))
}
