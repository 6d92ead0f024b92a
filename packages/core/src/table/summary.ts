import { ConfigurationError } from '../errors.ts'

/** The version of the JSON form written by `summaryToJSON`; `summaryFromJSON` reads this one only. */
export const SUMMARY_VERSION = 1

/**
 * Running moments of a column's finite numbers: Welford's state (count, mean, sum of squared
 * deviations M2), merged by Chan's formula, and the extremes (±Infinity when there is no number).
 */
export interface NumberStats {
  count: number
  mean: number
  m2: number
  min: number
  max: number
}

/** A distinct key of a column's values (a number, a string, a boolean: see schema/cast.ts valueKey). */
export type DistinctKey = string | number | boolean

/**
 * What is known of one column of one dataset (or of one shard of it), whatever read it: the validator
 * row by row, the parallel scan, the drift readers. Every field but `name`, `source`, `rows`, `missing`
 * and `integer` is there only when its producer measured it. Summaries of shards merge into the
 * summary of their union (`mergeSummaries`); counts, extremes, sorted values and keys merge exactly,
 * the running moments to rounding.
 */
export interface ColumnSummary {
  name: string
  /** What the column was read as: numbers, text, or booleans. */
  source: 'number' | 'string' | 'boolean'
  /** Cells, missing ones included. */
  rows: number
  missing: number
  /** True when every number is whole (an integer column, or all values integral). */
  integer: boolean
  /** Running moments and extremes of the finite numbers. */
  numbers?: NumberStats
  /** ±Infinity values (not missing, left out of the moments). */
  infinite?: number
  /** Present cells that are not numbers, in a column read as numbers. */
  nonNumeric?: number
  /** Every finite number, sorted ascending (−0 before 0, as Float64Array.prototype.sort orders them). */
  sorted?: Float64Array
  /**
   * The population mean and standard deviation of `sorted` in two passes over it (stats/binned.ts
   * meanStd), when its producer measured them: a function of the values alone, so exact. A merge
   * leaves them out (the merged values are measured again); JSON and equality leave them out too.
   */
  moments?: { mean: number; std: number }
  /** The Wasserstein-1 distance of `sorted` to the other side's of a drift pair, when measured with their sort (derived, like `moments`). */
  wasserstein?: number
  /** Value → count of the present cells (text and booleans; numbers when compared as categories). */
  counts?: Map<string, number>
  /** The distinct keys of the present values, when a rule needs them. */
  distinct?: Set<DistinctKey>
  /** When some values were not kept (a mostly unique column read with a text limit): a lower bound of the distinct values. */
  distinctAtLeast?: number
  /** Of a text summary, once measured: the share of its counted cells that are numbers, and whether one has a leading zero (derived, like `moments`). */
  numberShare?: { share: number; leadingZero: boolean }
}

export function emptyNumberStats(): NumberStats {
  return { count: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity }
}

/** Cells that hold a value. */
export function presentCells(s: ColumnSummary): number {
  return s.rows - s.missing
}

/** Share of the cells that are missing (0 for no cells). */
export function nullShare(s: ColumnSummary): number {
  return s.rows === 0 ? 0 : s.missing / s.rows
}

/** Sample standard deviation (n − 1) of the running moments, as pandas and Great Expectations report it. */
export function sampleStd(n: NumberStats): number {
  if (n.count < 2) return NaN
  // values near the double range overflow the squared deviations (to ∞, or NaN as ∞ − ∞, depending
  // on the order they were summed in): the spread is beyond what a double holds either way
  return Number.isFinite(n.m2) ? Math.sqrt(n.m2 / (n.count - 1)) : Infinity
}

/** Welford's update of running moments by one finite number. */
export function addNumber(n: NumberStats, value: number): void {
  const d = value - n.mean
  n.mean += d / ++n.count
  n.m2 += d * (value - n.mean)
  if (value < n.min) n.min = value
  if (value > n.max) n.max = value
}

/** Chan et al.'s pairwise update: the moments of the union of two sets of numbers. */
export function mergeNumberStats(a: NumberStats, b: NumberStats): NumberStats {
  const n = a.count + b.count
  const delta = b.mean - a.mean
  return {
    count: n,
    mean: n === 0 ? 0 : a.mean + (delta * b.count) / n,
    m2: n === 0 ? 0 : a.m2 + b.m2 + (delta * delta * a.count * b.count) / n,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
  }
}

/** Whether x comes before y in the order of Float64Array.prototype.sort (−0 before 0). */
function before(x: number, y: number): boolean {
  return x < y || (x === y && Object.is(x, -0) && !Object.is(y, -0))
}

/** The sorted union of two sorted arrays. */
export function mergeSorted(a: Float64Array, b: Float64Array): Float64Array {
  if (a.length === 0) return b
  if (b.length === 0) return a
  const out = new Float64Array(a.length + b.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < a.length && j < b.length) out[k++] = before(b[j], a[i]) ? b[j++] : a[i++]
  while (i < a.length) out[k++] = a[i++]
  while (j < b.length) out[k++] = b[j++]
  return out
}

function mergeCounts(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map(a)
  for (const [k, n] of b) out.set(k, (out.get(k) ?? 0) + n)
  return out
}

/** a + b when both are known, the known one when one is, undefined when neither. */
function sum(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : a + b
}

/** Both parts when both sides have them, otherwise neither side's (a part one shard lacks is unknown for the union). */
function both<T>(a: T | undefined, b: T | undefined, merge: (x: T, y: T) => T): T | undefined {
  return a === undefined || b === undefined ? undefined : merge(a, b)
}

function checkMergeable(a: ColumnSummary, b: ColumnSummary): void {
  if (a.name !== b.name) throw new ConfigurationError(`The summaries of columns '${a.name}' and '${b.name}' cannot be merged: they describe different columns.`)
  if (a.source !== b.source)
    throw new ConfigurationError(
      `The summaries of column '${a.name}' cannot be merged: one was read as ${a.source === 'number' ? 'numbers' : a.source}, the other as ${b.source === 'number' ? 'numbers' : b.source}.`,
    )
}

/** A lower bound of the distinct values of the union, when either side kept only a bound. */
function distinctBound(a: ColumnSummary, b: ColumnSummary, counts: Map<string, number> | undefined): number | undefined {
  if (a.distinctAtLeast === undefined && b.distinctAtLeast === undefined) return undefined
  return Math.max(a.distinctAtLeast ?? a.counts?.size ?? 0, b.distinctAtLeast ?? b.counts?.size ?? 0, counts?.size ?? 0)
}

/**
 * The summary of the union of two shards of one column. Order-independent: counts, extremes, sorted
 * values, counts per value and keys merge exactly; the running moments by Chan's formula (equal either
 * way to rounding). A part that only one side measured is left out. Refuses shards of different columns.
 */
export function mergeSummaries(a: ColumnSummary, b: ColumnSummary): ColumnSummary {
  checkMergeable(a, b)
  const counts = both(a.counts, b.counts, mergeCounts)
  const merged: ColumnSummary = { name: a.name, source: a.source, rows: a.rows + b.rows, missing: a.missing + b.missing, integer: a.integer && b.integer }
  const parts: Partial<ColumnSummary> = {
    numbers: both(a.numbers, b.numbers, mergeNumberStats),
    infinite: sum(a.infinite, b.infinite),
    nonNumeric: sum(a.nonNumeric, b.nonNumeric),
    sorted: both(a.sorted, b.sorted, mergeSorted),
    counts,
    distinct: both(a.distinct, b.distinct, (x, y) => new Set([...x, ...y])),
    distinctAtLeast: distinctBound(a, b, counts),
  }
  for (const [k, v] of Object.entries(parts)) if (v !== undefined) Object.assign(merged, { [k]: v })
  return merged
}

/** Numbers as JSON holds them exactly: finite ones as numbers, −0, ±Infinity and NaN as words. */
type JsonNumber = number | '-0' | 'Infinity' | '-Infinity' | 'NaN'

function encodeNumber(v: number): JsonNumber {
  if (Number.isFinite(v) && !Object.is(v, -0)) return v
  return Object.is(v, -0) ? '-0' : (String(v) as JsonNumber)
}

/** The JSON form of a column summary (`version` first). */
export interface ColumnSummaryJSON {
  version: number
  name: string
  source: ColumnSummary['source']
  rows: number
  missing: number
  integer: boolean
  numbers?: { count: number; mean: JsonNumber; m2: JsonNumber; min: JsonNumber; max: JsonNumber }
  infinite?: number
  nonNumeric?: number
  sorted?: JsonNumber[]
  /** [value, count] in the summary's order. */
  counts?: [string, number][]
  /** Each key tagged by its type: n (number), s (string), b (boolean). */
  distinct?: (['n', JsonNumber] | ['s', string] | ['b', boolean])[]
  distinctAtLeast?: number
}

function encodeKey(k: DistinctKey): ['n', JsonNumber] | ['s', string] | ['b', boolean] {
  return typeof k === 'number' ? ['n', encodeNumber(k)] : typeof k === 'string' ? ['s', k] : ['b', k]
}

/** The versioned JSON form of a summary; `summaryFromJSON` reads it back to an equal summary. */
export function summaryToJSON(s: ColumnSummary): ColumnSummaryJSON {
  const out: ColumnSummaryJSON = { version: SUMMARY_VERSION, name: s.name, source: s.source, rows: s.rows, missing: s.missing, integer: s.integer }
  const n = s.numbers
  if (n) out.numbers = { count: n.count, mean: encodeNumber(n.mean), m2: encodeNumber(n.m2), min: encodeNumber(n.min), max: encodeNumber(n.max) }
  if (s.infinite !== undefined) out.infinite = s.infinite
  if (s.nonNumeric !== undefined) out.nonNumeric = s.nonNumeric
  if (s.sorted) out.sorted = Array.from(s.sorted, encodeNumber)
  if (s.counts) out.counts = [...s.counts]
  if (s.distinct) out.distinct = [...s.distinct].map(encodeKey)
  if (s.distinctAtLeast !== undefined) out.distinctAtLeast = s.distinctAtLeast
  return out
}

/** Reads the JSON form back; `what` names it in a refusal ("column summary 'x.json'"). */
export function summaryFromJSON(json: unknown, what = 'column summary'): ColumnSummary {
  const bad = (why: string): never => {
    throw new ConfigurationError(`The ${what} cannot be read: ${why}.`)
  }
  const j = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : bad('it is not a JSON object')
  if (j.version !== SUMMARY_VERSION) bad(`it is of version ${JSON.stringify(j.version ?? null)}, and this version of mlgate reads version ${SUMMARY_VERSION} only`)
  const read = new JsonReader(bad)
  const s: ColumnSummary = {
    name: read.string(j.name, 'name'),
    source: read.oneOf(j.source, ['number', 'string', 'boolean'] as const, 'source'),
    rows: read.count(j.rows, 'rows'),
    missing: read.count(j.missing, 'missing'),
    integer: read.boolean(j.integer, 'integer'),
  }
  if (j.numbers !== undefined) s.numbers = read.numbers(j.numbers)
  if (j.infinite !== undefined) s.infinite = read.count(j.infinite, 'infinite')
  if (j.nonNumeric !== undefined) s.nonNumeric = read.count(j.nonNumeric, 'nonNumeric')
  if (j.sorted !== undefined) s.sorted = Float64Array.from(read.array(j.sorted, 'sorted'), (v) => read.number(v, 'sorted'))
  if (j.counts !== undefined) s.counts = new Map(read.array(j.counts, 'counts').map((e) => read.countEntry(e)))
  if (j.distinct !== undefined) s.distinct = new Set(read.array(j.distinct, 'distinct').map((e) => read.key(e)))
  if (j.distinctAtLeast !== undefined) s.distinctAtLeast = read.count(j.distinctAtLeast, 'distinctAtLeast')
  return s
}

/** Checked reads of the parts of a summary's JSON form; `bad` throws the refusal. */
class JsonReader {
  constructor(private readonly bad: (why: string) => never) {}

  string(v: unknown, field: string): string {
    return typeof v === 'string' ? v : this.bad(`its ${field} is not a string`)
  }

  boolean(v: unknown, field: string): boolean {
    return typeof v === 'boolean' ? v : this.bad(`its ${field} is not true or false`)
  }

  oneOf<T extends string>(v: unknown, choices: readonly T[], field: string): T {
    return choices.includes(v as T) ? (v as T) : this.bad(`its ${field} is not one of ${choices.join(', ')}`)
  }

  count(v: unknown, field: string): number {
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : this.bad(`its ${field} is not a count`)
  }

  number(v: unknown, field: string): number {
    if (typeof v === 'number') return v
    if (v === '-0') return -0
    if (v === 'Infinity' || v === '-Infinity' || v === 'NaN') return Number(v)
    return this.bad(`a value of its ${field} is not a number`)
  }

  array(v: unknown, field: string): unknown[] {
    return Array.isArray(v) ? v : this.bad(`its ${field} is not a list`)
  }

  numbers(v: unknown): NumberStats {
    const o = v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : this.bad('its numbers are not an object')
    return {
      count: this.count(o.count, 'numbers.count'),
      mean: this.number(o.mean, 'numbers'),
      m2: this.number(o.m2, 'numbers'),
      min: this.number(o.min, 'numbers'),
      max: this.number(o.max, 'numbers'),
    }
  }

  countEntry(e: unknown): [string, number] {
    if (!Array.isArray(e) || e.length !== 2) return this.bad('an entry of its counts is not a [value, count] pair')
    return [this.string(e[0], 'counts value'), this.count(e[1], 'counts')]
  }

  key(e: unknown): DistinctKey {
    if (!Array.isArray(e) || e.length !== 2) return this.bad('a distinct key is not a [type, value] pair')
    if (e[0] === 'n') return this.number(e[1], 'distinct keys')
    if (e[0] === 's') return this.string(e[1], 'distinct keys')
    if (e[0] === 'b') return this.boolean(e[1], 'distinct keys')
    return this.bad(`a distinct key has the unknown type ${JSON.stringify(e[0])}`)
  }
}

const same = (x: number | undefined, y: number | undefined) => Object.is(x, y)

function sameArrays(a: Float64Array | undefined, b: Float64Array | undefined): boolean {
  if (!a || !b) return a === b
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false
  return true
}

function sameCounts(a: Map<string, number> | undefined, b: Map<string, number> | undefined): boolean {
  if (!a || !b) return a === b
  if (a.size !== b.size) return false
  for (const [k, n] of a) if (b.get(k) !== n) return false
  return true
}

function sameKeys(a: Set<DistinctKey> | undefined, b: Set<DistinctKey> | undefined): boolean {
  if (!a || !b) return a === b
  if (a.size !== b.size) return false
  for (const k of a) if (!b.has(k)) return false
  return true
}

function sameNumbers(a: NumberStats | undefined, b: NumberStats | undefined): boolean {
  if (!a || !b) return a === b
  return same(a.count, b.count) && same(a.mean, b.mean) && same(a.m2, b.m2) && same(a.min, b.min) && same(a.max, b.max)
}

/**
 * Whether two summaries say the same of a column: every measured part equal (numbers bit for bit,
 * counts per value and keys in any order). The derived `moments`, `wasserstein` and `numberShare` are left out.
 */
export function summariesEqual(a: ColumnSummary, b: ColumnSummary): boolean {
  return (
    a.name === b.name &&
    a.source === b.source &&
    a.rows === b.rows &&
    a.missing === b.missing &&
    a.integer === b.integer &&
    same(a.infinite, b.infinite) &&
    same(a.nonNumeric, b.nonNumeric) &&
    same(a.distinctAtLeast, b.distinctAtLeast) &&
    sameNumbers(a.numbers, b.numbers) &&
    sameArrays(a.sorted, b.sorted) &&
    sameCounts(a.counts, b.counts) &&
    sameKeys(a.distinct, b.distinct)
  )
}
