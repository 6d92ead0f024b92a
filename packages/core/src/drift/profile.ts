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
  return { name: c.name, rows: c.codes.length, missing, counts, integer: false, source: c.source === 'boolean' ? 'boolean' : 'string' }
}

/**
 * A column's profile, with the finite values of a large numeric column dropped-and-sorted by
 * `sortedFinite` (e.g. on a worker thread, which may consume the values); small ones stay here.
 */
export async function profileColumnWith(c: Column, sortedFinite: (values: Float64Array) => Promise<Float64Array>): Promise<ColumnProfile> {
  if (c.type !== 'numeric' || c.values.length < 200_000) return profileColumn(c)
  const rows = c.values.length
  const sorted = await sortedFinite(c.values)
  return { name: c.name, rows, missing: rows - sorted.length, sorted, integer: c.integer, source: 'number' }
}

/** Counts of distinct values of a sorted numeric profile. */
export function numericCounts(p: ColumnProfile): Map<string, number> {
  if (p.counts) return p.counts
  const counts = new Map<string, number>()
  const s = p.sorted!
  for (let i = 0; i < s.length; ) {
    let j = i
    while (j < s.length && s[j] === s[i]) j++
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
  const seen = new Set<number>()
  for (const s of [a.sorted!, b.sorted!]) {
    for (let i = 0; i < s.length; i++) {
      if (i > 0 && s[i] === s[i - 1]) continue
      seen.add(s[i])
      if (seen.size > cap) return seen.size
    }
  }
  return seen.size
}
