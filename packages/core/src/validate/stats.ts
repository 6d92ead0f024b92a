import type { Field } from '../schema/model.ts'
import { quantile } from '../stats/binned.ts'
import type { ColumnSummary, DistinctKey, NumberStats } from '../table/summary.ts'
import { addNumber, emptyNumberStats, nullShare, presentCells, sampleStd } from '../table/summary.ts'

/** The summary source of a schema field's values. */
export function sourceOf(field: Pick<Field, 'type'>): ColumnSummary['source'] {
  return field.type === 'number' || field.type === 'integer' ? 'number' : field.type === 'boolean' ? 'boolean' : 'string'
}

/**
 * A field's column summary as the row validator builds it cell by cell (Welford's moments, extremes,
 * distinct keys and values only when a rule needs them), with the figures the dataset rules read.
 */
export class FieldProfile {
  private readonly s: ColumnSummary & { numbers: NumberStats }
  readonly distinct: Set<DistinctKey> | undefined
  /** The kept numbers in reading order (sorted once asked for a quantile), when a rule needs them. */
  private values: Float64Array | undefined
  private n = 0

  constructor(field: Pick<Field, 'name' | 'type' | 'quality'>, trackDistinct = false) {
    const source = sourceOf(field)
    this.s = { name: field.name, source, rows: 0, missing: 0, integer: field.type === 'integer', numbers: emptyNumberStats() }
    if (field.quality?.distinct || trackDistinct) this.s.distinct = this.distinct = new Set()
    if (field.quality?.median || field.quality?.quantiles) this.values = new Float64Array(1024)
  }

  addMissing(): void {
    this.s.rows++
    this.s.missing++
  }

  add(value: unknown, key: unknown): void {
    this.s.rows++
    this.distinct?.add(key as DistinctKey)
    if (typeof value !== 'number' || !Number.isFinite(value)) return
    addNumber(this.s.numbers, value)
    if (this.values) {
      if (this.n === this.values.length) {
        const next = new Float64Array(this.n * 2)
        next.set(this.values)
        this.values = next
      }
      this.values[this.n++] = value
    }
  }

  /** Takes over a summary computed elsewhere (the parallel scan): cells, moments, extremes, kept values, keys. */
  absorb(s: ColumnSummary): void {
    this.s.rows = s.rows
    this.s.missing = s.missing
    this.s.numbers = { ...(s.numbers ?? emptyNumberStats()) }
    if (this.values) {
      this.values = s.sorted ?? new Float64Array(0)
      this.n = this.values.length
      this.s.sorted = undefined
    }
    if (this.distinct) for (const k of s.distinct ?? []) this.distinct.add(k)
  }

  /** The field's column summary (its kept numbers sorted). */
  get summary(): ColumnSummary {
    if (this.values) this.s.sorted = this.sortedValues()
    return this.s
  }

  private sortedValues(): Float64Array {
    if (this.s.sorted?.length !== this.n) this.s.sorted = this.values!.subarray(0, this.n).sort()
    return this.s.sorted
  }

  get present(): number {
    return presentCells(this.s)
  }

  get missing(): number {
    return this.s.missing
  }

  /** Finite numbers among the values. */
  get numeric(): number {
    return this.s.numbers.count
  }

  get mean(): number {
    return this.s.numbers.mean
  }

  get min(): number {
    return this.s.numbers.min
  }

  get max(): number {
    return this.s.numbers.max
  }

  /** Sample standard deviation (n − 1), as pandas and Great Expectations report it. */
  get stdev(): number {
    return sampleStd(this.s.numbers)
  }

  get nullShare(): number {
    return nullShare(this.s)
  }

  quantile(p: number): number {
    if (!this.values || this.n === 0) return NaN
    return quantile(this.sortedValues(), p)
  }
}
