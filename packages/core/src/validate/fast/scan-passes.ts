import { cellSpan } from '../../io/fast/cell-span.ts'
import type { KernelHost } from '../../io/fast/kernel-host.ts'
import { KIND } from './plan.ts'
import { dirty } from '../../worker/chunk-loop.ts'
import type { ScanColumn } from './scan-column.ts'

/** What a pass reads: the kernel's output for the last rows it split, and the chunk's bytes. */
export interface PassInput {
  host: KernelHost
  buf: Buffer
  delimiter: number
}

/** A pass checks and tallies one column in the rows the kernel split last. */
export type Pass = (col: ScanColumn, input: PassInput, rows: number) => void

/** The cell of column `col` that starts at byte `s` (quoted or not), through the column's check. */
function cellAt(col: ScanColumn, input: PassInput, s: number): void {
  const span = cellSpan(input.buf, s, input.delimiter)
  if (!span) dirty('quote runs past the range')
  col.cell(input.buf, span[0], span[1], span[2] === 1)
}

/** Empty cells the kernel counted: missing, or a give-way when the field is required. */
function countEmpty(col: ScanColumn, empty: number): void {
  if (empty === 0) return
  if (col.check.required) dirty('required cell is empty')
  col.missing += empty
}

/**
 * Numbers of a column: the kernel summed them (count, moments, extremes, empties); values are
 * visited one by one only for an enum, unique keys, kept values, or cells the kernel left over.
 */
export function numberPass(col: ScanColumn, input: PassInput, rows: number): void {
  const { host } = input
  const j = col.plan.index
  const sums = host.sums[j]!
  const n = sums[0]
  if (col.plan.kind === KIND.integer && sums[8] > 0) dirty('not an integer')
  countEmpty(col, sums[6])
  if (n > 0) {
    if (sums[4] < col.minimum) dirty('below minimum')
    if (sums[5] > col.maximum) dirty('above maximum')
    col.fold(n, sums[1], sums[2], sums[3], sums[4], sums[5])
  }
  const { unique, values: keep } = col.plan
  const en = col.enumKeys !== undefined
  const dist = col.distinct
  if (!en && !unique && !keep && dist === undefined && sums[7] === 0) return
  const vals = host.numbers[j]!
  const st = host.status[j]
  col.reserve(rows)
  for (let i = 0; i < rows; i++) {
    const s = st[i]
    if (s === 0 || s === 3) {
      const v = vals[i]
      if (en && !col.inEnum(v)) dirty('not in enum')
      if (unique) col.keys[col.keyCount++] = v
      if (keep) col.values[col.valueCount++] = v
      if (dist !== undefined) dist.add(v === 0 ? 0 : v)
    } else if (s === 2) cellAt(col, input, vals[i])
  }
}

/**
 * Text cells of a column: the kernel knows byte sequences seen before (all of them passed), so only
 * new sequences, quoted cells and unique/distinct columns are visited one by one.
 */
export function textPass(col: ScanColumn, input: PassInput, rows: number): void {
  const { host, buf } = input
  const j = col.plan.index
  const sums = host.sums[j]!
  countEmpty(col, sums[6])
  const extra = col.plan.unique || col.distinct !== undefined
  if (!extra && sums[7] === 0 && sums[9] === 0) {
    col.present += sums[0]
    return
  }
  const t = host.texts[j]!
  const st = host.status[j]
  const check = col.memo !== undefined
  for (let i = 0; i < rows; i++) {
    const s = st[i]
    if (s === 0 || s === 4) {
      const a = t[4 * i + 1]
      const e = t[4 * i + 2]
      if (s === 4) {
        if (check) col.learn(buf, a, e, t[4 * i])
        host.remember(j, a, e, t[4 * i], 1)
      }
      col.addText(buf, a, e, false)
    } else if (s === 2) cellAt(col, input, t[4 * i + 1])
  }
}

/** Columns with their own missing-value spellings, or of type any: every cell through the column's check. */
export function generalPass(col: ScanColumn, input: PassInput, rows: number): void {
  const { host, buf } = input
  const j = col.plan.index
  const t = host.texts[j]!
  const st = host.status[j]
  for (let i = 0; i < rows; i++) {
    const s = st[i]
    if (s === 0 || s === 4) col.cell(buf, t[4 * i + 1], t[4 * i + 2], false)
    else if (s === 1) col.cell(buf, 0, 0, false)
    else cellAt(col, input, t[4 * i + 1])
  }
}
