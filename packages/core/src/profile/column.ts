import type { Row } from '../io/row.ts'
import { isBooleanWord, isMissingText } from '../schema/cell-rules.ts'
import { addNumber, emptyNumberStats } from '../table/summary.ts'
import type { NumberStats } from '../table/summary.ts'
import { CategoryCounter } from './categories.ts'
import { addTo, canonical, roundedSum } from './exact-sum.ts'
import type { ProfileBins, ProfileColumn } from './model.ts'

/** The bucket of v: how many edges are ≤ v (numpy's searchsorted side='right'). */
export function bucketOf(edges: Float64Array, v: number): number {
  let lo = 0
  let hi = edges.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (edges[mid] <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Counts and exact sums of finite values over fixed edges. */
class BinCounter {
  readonly counts: Float64Array
  readonly sums: number[][]

  constructor(readonly edges: Float64Array) {
    this.counts = new Float64Array(edges.length + 1)
    this.sums = Array.from({ length: edges.length + 1 }, () => [])
  }

  add(v: number): void {
    const b = bucketOf(this.edges, v)
    this.counts[b]++
    addTo(this.sums[b], v)
  }

  result(): ProfileBins {
    const parts = this.sums.map(canonical)
    return { edges: [...this.edges], counts: [...this.counts], sums: parts.map(roundedSum), sumParts: parts }
  }
}

/**
 * What a profile keeps of one column while its cells stream in, as the row readers type them
 * (io/table.ts): an empty cell or a missing spelling is missing, a number (±Infinity too) is a number,
 * any other text is a word (a boolean word when it is one). Memory is flat: moments, bins, and at most
 * twice `cap` distinct values.
 */
export class ColumnAccumulator {
  rows = 0
  private missing = 0
  private readonly numbers: NumberStats = emptyNumberStats()
  private infinite = 0
  private words = 0
  private booleanWords = 0
  private integer = true
  private readonly bins: BinCounter | undefined
  private readonly categories: CategoryCounter

  constructor(
    readonly name: string,
    edges: Float64Array | undefined,
    cap: number,
    private readonly asText = false,
  ) {
    this.bins = edges && new BinCounter(edges)
    this.categories = new CategoryCounter(cap)
  }

  /** Rows of a file that has no such column: missing cells. */
  absent(rows: number): void {
    this.rows += rows
    this.missing += rows
  }

  add(row: Row, j: number): void {
    this.rows++
    if (j < 0 || row.isEmpty(j)) return void this.missing++
    if (!this.asText) {
      const n = row.number(j)
      if (n === n) return this.addNumber(n)
    }
    const text = row.text(j)
    if (isMissingText(text)) return void this.missing++
    this.words++
    if (isBooleanWord(text)) this.booleanWords++
    this.categories.addText(text)
  }

  private addNumber(n: number): void {
    if (n - n !== 0) return void this.infinite++
    addNumber(this.numbers, n)
    if (this.integer && !Number.isInteger(n)) this.integer = false
    this.bins?.add(n)
    this.categories.addNumber(n)
  }

  private source(): ProfileColumn['source'] {
    if (this.asText || this.words > 0) return this.numbers.count + this.infinite === 0 && this.words === this.booleanWords && this.words > 0 ? 'boolean' : 'string'
    return 'number'
  }

  result(): ProfileColumn {
    const source = this.source()
    const out: ProfileColumn = { name: this.name, source, rows: this.rows, missing: this.missing, integer: this.integer }
    out.numbers = { ...this.numbers }
    out.infinite = this.infinite
    out.nonNumeric = this.words
    if (this.bins) out.bins = this.bins.result()
    out.categories = this.categories.result()
    return out
  }
}
