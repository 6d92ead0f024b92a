import { valueKey } from '../schema/cast.ts'
import type { FieldQuality } from '../schema/model.ts'

/** Running profile of one field: counts, Welford mean/variance, extremes, and values only when a rule needs them. */
export class FieldProfile {
  present = 0
  missing = 0
  mean = 0
  private m2 = 0
  min = Infinity
  max = -Infinity
  numeric = 0
  readonly distinct: Set<unknown> | undefined
  private values: Float64Array | undefined
  private n = 0

  constructor(
    readonly name: string,
    quality: FieldQuality | undefined,
    trackDistinct = false,
  ) {
    if (quality?.distinct || trackDistinct) this.distinct = new Set()
    if (quality?.median || quality?.quantiles) this.values = new Float64Array(1024)
  }

  addMissing(): void {
    this.missing++
  }

  add(value: unknown, key: unknown): void {
    this.present++
    this.distinct?.add(key)
    if (typeof value !== 'number' || !Number.isFinite(value)) return
    this.numeric++
    const d = value - this.mean
    this.mean += d / this.numeric
    this.m2 += d * (value - this.mean)
    if (value < this.min) this.min = value
    if (value > this.max) this.max = value
    if (this.values) {
      if (this.n === this.values.length) {
        const next = new Float64Array(this.n * 2)
        next.set(this.values)
        this.values = next
      }
      this.values[this.n++] = value
    }
  }

  /** Takes over a profile computed elsewhere (the parallel scan): counts, moments, extremes, values. */
  absorb(p: { present: number; missing: number; count: number; mean: number; m2: number; min: number; max: number; values: Float64Array; distinct?: unknown[] }): void {
    this.present = p.present
    this.missing = p.missing
    this.numeric = p.count
    this.mean = p.mean
    this.m2 = p.m2
    this.min = p.min
    this.max = p.max
    if (this.values) {
      this.values = p.values
      this.n = p.values.length
    }
    if (this.distinct) for (const v of p.distinct ?? []) this.distinct.add(valueKey(v))
  }

  /** Sample standard deviation (n − 1), as pandas and Great Expectations report it. */
  get stdev(): number {
    if (this.numeric < 2) return NaN
    // values near the double range overflow the squared deviations (to ∞, or NaN as ∞ − ∞, depending
    // on the order they were summed in): the spread is beyond what a double holds either way
    return Number.isFinite(this.m2) ? Math.sqrt(this.m2 / (this.numeric - 1)) : Infinity
  }

  get nullShare(): number {
    const all = this.present + this.missing
    return all === 0 ? 0 : this.missing / all
  }

  quantile(p: number): number {
    if (!this.values || this.n === 0) return NaN
    return quantileLinear(this.values.subarray(0, this.n).sort(), p)
  }
}

/** Quantile of sorted values with linear interpolation between order statistics (numpy's default). */
export function quantileLinear(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN
  const idx = p * (sorted.length - 1)
  const lo = Math.floor(idx)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (idx - lo)
}
