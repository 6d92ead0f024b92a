import { textInteger, textNumber } from '../schema/cell-rules.ts'

/** Read access to one record, whatever the format: byte-backed for CSV, value-backed for JSON and Parquet. */
export interface Row {
  /** False for text formats (CSV/TSV), whose cells are all strings. */
  readonly typed: boolean
  /** Line in the file where the record starts (record index + 1 for formats without lines). */
  line: number
  /** Number of cells present in the record. */
  count: number
  /** True when the cell is absent or an empty string. */
  isEmpty(i: number): boolean
  /** The cell as text (JSON values serialised). */
  text(i: number): string
  /** The cell as a number, or NaN when it is not one (empty cells are NaN too). */
  number(i: number): number
  /** The cell as an integer written without sign noise, decimals or exponent ("42", "-7"), or NaN. */
  integer(i: number): number
  /** The cell as it was read: string for CSV, JSON value otherwise. */
  value(i: number): unknown
}

/** A record of JSON/Parquet values. */
export class ValueRow implements Row {
  readonly typed = true
  line = 0
  count = 0
  values: unknown[] = []

  set(values: unknown[], line: number): this {
    this.values = values
    this.count = values.length
    this.line = line
    return this
  }

  isEmpty(i: number): boolean {
    const v = this.values[i]
    return v === null || v === undefined || v === ''
  }

  text(i: number): string {
    const v = this.values[i]
    if (v === null || v === undefined) return ''
    return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)
  }

  number(i: number): number {
    const v = this.values[i]
    if (typeof v === 'number') return v
    if (typeof v === 'string') return textNumber(v.trim())
    return NaN
  }

  integer(i: number): number {
    const v = this.values[i]
    if (typeof v === 'number') return Number.isInteger(v) ? v : NaN
    return typeof v === 'string' ? textInteger(v.trim()) : NaN
  }

  value(i: number): unknown {
    return this.values[i]
  }
}
