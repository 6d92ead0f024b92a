import type { FileDigest } from '../report/model.ts'

/** A numeric column: NaN marks a missing value (±Infinity are kept as values and reported by users of the column). */
export interface NumericColumn {
  type: 'numeric'
  name: string
  values: Float64Array
  /** True when every present value is an integer (source was an integer column or all values integral). */
  integer: boolean
  /** How many values are finite, when the reader counted them (NaN marks missing; ±Infinity may be present). */
  finite?: number
}

/** A dictionary-encoded column of strings (also booleans and other categories): code −1 marks a missing value. */
export interface CategoricalColumn {
  type: 'categorical'
  name: string
  codes: Int32Array
  dictionary: string[]
  /** Source type, kept for column typing decisions (bool → categorical). */
  source: 'string' | 'boolean'
  /**
   * Value → count and the number of missing cells, when the reader counted them as it read: a
   * profile then needs neither the codes nor the dictionary (which the reader may build on first use).
   */
  counts?: Map<string, number>
  missing?: number
  /**
   * Present cells whose values were not kept: the reader was asked to stop encoding this column past
   * a number of distinct values (a mostly unique column, e.g. ids). `counts` then cover the other
   * cells, its size is a lower bound of the distinct values, and `codes`/`dictionary` are unavailable.
   */
  unencoded?: number
  /** With `unencoded`: a lower bound of the distinct values (from the counted values and the unencoded cells' hashes). */
  distinctAtLeast?: number
}

export type Column = NumericColumn | CategoricalColumn

/** A whole dataset held by column, never as row objects. */
export interface Table {
  columns: Column[]
  rowCount: number
  files: FileDigest[]
}

export function isMissing(c: Column, i: number): boolean {
  return c.type === 'numeric' ? Number.isNaN(c.values[i]) : c.codes[i] < 0
}
