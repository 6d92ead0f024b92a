import { CsvRow } from '../../io/bytes-csv.ts'
import { byteTable } from '../../io/fast/byte-table.ts'
import { valueKey } from '../../schema/cast.ts'
import type { ValidationError } from '../errors.ts'
import { ErrorCollector } from '../errors.ts'
import { FieldCheck, MISSING_CELL } from '../field-check.ts'
import { dirty } from '../../worker/chunk-loop.ts'
import { KIND } from './plan.ts'
import type { ScanColumnPlan } from './plan.ts'

/** Why a cell made the scan give way: the rule its field check reports broken. */
function reasonOf(error: ValidationError): string {
  return `breaks '${error.rule ?? error.type}'`
}

function grow(a: Float64Array, need = 0): Float64Array {
  const next = new Float64Array(Math.max(a.length * 2, need))
  next.set(a)
  return next
}

/** A 53-bit key of a text value, for unique checks (a collision only costs a slow re-check). */
export function textKey(t: string): number {
  const b = Buffer.from(t)
  let h1 = 0x811c9dc5
  let h2 = 0x9747b28c
  for (let p = 0; p < b.length; p++) {
    h1 = Math.imul(h1 ^ b[p], 0x01000193)
    h2 = Math.imul(h2 ^ b[p], 0x5bd1e995)
    h2 ^= h2 >>> 15
  }
  return (h1 >>> 0) * 2097152 + (h2 & 0x1fffff)
}

/**
 * One planned column as the scan checks it: the row validator's own FieldCheck, compiled from the
 * same field (its missing spellings, caster and constraints), and the column's running tally —
 * counts, moments, extremes, unique keys, kept values and distinct values, which the validator
 * would otherwise gather cell by cell. Uniqueness and the profile are the tally's; every other rule
 * is the check's.
 */
export class ScanColumn {
  readonly check: FieldCheck
  private readonly errors = new ErrorCollector(1)
  private readonly row = new CsvRow()
  /** Limits and enum of the check, for numbers the kernel read (NaN: none). */
  readonly minimum: number
  readonly maximum: number
  readonly enumKeys: ReadonlySet<unknown> | undefined
  /** Passing verdicts per byte sequence, for columns whose text has a rule. */
  readonly memo: ReturnType<typeof byteTable> | undefined
  readonly numeric: boolean

  present = 0
  missing = 0
  count = 0
  mean = 0
  m2 = 0
  min = Infinity
  max = -Infinity
  keys: Float64Array
  keyCount = 0
  values: Float64Array
  valueCount = 0
  distinct: Set<unknown> | undefined

  constructor(readonly plan: ScanColumnPlan) {
    this.check = new FieldCheck(plan.field, plan.number, { fields: [] }, plan.required)
    this.numeric = plan.kind === KIND.integer || plan.kind === KIND.number
    const limit = (v: unknown) => (typeof v === 'number' ? v : NaN)
    this.minimum = limit(this.check.minimum)
    this.maximum = limit(this.check.maximum)
    this.enumKeys = this.check.enumKeys
    this.memo = plan.textRules ? byteTable(4096, false) : undefined
    this.keys = new Float64Array(plan.unique ? 1 << 16 : 0)
    this.values = new Float64Array(plan.values ? 1 << 16 : 0)
    this.distinct = plan.distinct ? new Set() : undefined
  }

  /** Starts the tally of a new chunk (the compiled check and its memo stay). */
  reset(): void {
    this.present = this.missing = this.count = this.mean = this.m2 = 0
    this.min = Infinity
    this.max = -Infinity
    this.keyCount = this.valueCount = 0
    if (this.distinct) this.distinct = new Set()
  }

  /** The cell buf[s, e) (escaped: holds doubled quotes) through the field check; tallied when it passes. */
  cell(buf: Buffer, s: number, e: number, escaped: boolean): void {
    const value = this.checked(buf, s, e, escaped)
    if (value === MISSING_CELL) this.missing++
    else if (this.numeric) this.addNumber(value as number)
    else this.addText(buf, s, e, escaped)
  }

  /** Checks a present text cell once per byte sequence (h: its hash, as the kernel computes it); gives way when it fails. */
  learn(buf: Buffer, s: number, e: number, h: number): void {
    const memo = this.memo!
    if (memo.get(buf, s, e, h) !== undefined) return
    this.checked(buf, s, e, false)
    memo.set(buf, s, e, h, 1)
  }

  /** The field check's typed value of a cell (or MISSING_CELL); gives way on a broken rule. */
  private checked(buf: Buffer, s: number, e: number, escaped: boolean): unknown {
    const row = this.row
    row.buf = buf
    row.count = 1
    row.starts[0] = s
    row.ends[0] = e
    row.escaped[0] = escaped ? 1 : 0
    const value = this.check.check(row, 0, '', this.errors)
    if (this.errors.total > 0) dirty(reasonOf(this.errors.errors[0]))
    return value
  }

  /** Room for `more` keys and values. */
  reserve(more: number): void {
    if (this.plan.unique && this.keyCount + more > this.keys.length) this.keys = grow(this.keys, this.keyCount + more)
    if (this.plan.values && this.valueCount + more > this.values.length) this.values = grow(this.values, this.valueCount + more)
  }

  /** A number that passed its check: counted, keyed, kept, and in the moments when finite. */
  addNumber(v: number): void {
    this.present++
    this.reserve(1)
    if (this.plan.unique) this.keys[this.keyCount++] = v
    this.distinct?.add(v === 0 ? 0 : v)
    if (v - v !== 0) return // NaN and ±Infinity are values, not statistics
    const n = ++this.count
    const d = v - this.mean
    this.mean += d / n
    this.m2 += d * (v - this.mean)
    if (v < this.min) this.min = v
    if (v > this.max) this.max = v
    if (this.plan.values) this.values[this.valueCount++] = v
  }

  /** A text that passed its check: counted, and keyed or kept as a distinct value when asked. */
  addText(buf: Buffer, s: number, e: number, escaped: boolean): void {
    this.present++
    if (!this.plan.unique && this.distinct === undefined) return
    const t = buf.toString('utf8', s, e)
    const text = escaped ? t.replaceAll('""', '"') : t
    if (this.plan.unique) {
      this.reserve(1)
      this.keys[this.keyCount++] = textKey(text)
    }
    this.distinct?.add(text)
  }

  /** Whether a number the kernel read is in the field's enum. */
  inEnum(v: number): boolean {
    return this.enumKeys === undefined || this.enumKeys.has(valueKey(v))
  }

  /** Folds shifted sums of numbers the kernel read into the moments (Chan et al.). */
  fold(n: number, shift: number, s1: number, s2: number, lo: number, hi: number): void {
    this.present += n
    if (n > 0) {
      const mb = shift + s1 / n
      const m2b = Math.max(0, s2 - (s1 * s1) / n)
      const na = this.count
      const total = na + n
      const delta = mb - this.mean
      this.mean += (delta * n) / total
      this.m2 += m2b + (delta * delta * na * n) / total
      this.count = total
    }
    if (lo < this.min) this.min = lo
    if (hi > this.max) this.max = hi
  }
}
