import { isUtf8 } from 'node:buffer'
import { CSV_KERNEL_BASE64 } from '../../io/fast/csv-kernel.wasm.ts'
import type { KernelKind } from '../../io/fast/kernel-host.ts'
import { KERNEL_ERRORS, kernelHost } from '../../io/fast/kernel-host.ts'
import { makeSorter } from '../../stats/sort.ts'
import type { Sorter } from '../../stats/sort.ts'
import { RADIX_SORT_BASE64 } from '../../stats/radix-sort.wasm.ts'
import { KIND } from './plan.ts'
import type { ScanPlan } from './plan.ts'
import { Dirty, dirty, ScanColumn } from './scan-column.ts'
import type { Pass, PassInput } from './scan-passes.ts'
import { generalPass, numberPass, textPass } from './scan-passes.ts'

/** What a scan learned about one planned column: counts, moments, extremes, and kept keys/values. */
export interface ColumnScan {
  present: number
  missing: number
  count: number
  mean: number
  m2: number
  min: number
  max: number
  /** Sorted runs of the unique keys (one per worker and file), NaN keys counted apart. */
  keyRuns: Float64Array[]
  nanKeys: number
  /** Bitsets of the integer keys in [0, 2^25), one per worker and file. */
  keyBits: Uint32Array[]
  values: Float64Array
  distinct?: unknown[]
}

/** What a scanning thread needs besides the plan: the kernel's and the sorter's binaries, and its data area. */
export interface ScanEnv {
  wasm: Uint8Array
  radix: Uint8Array
  /** Bytes of the kernel's data area: the largest chunk (with the row that ends it) a scan can take. */
  dataCap: number
}

/** The rows of one chunk, or why the scan gives way there. */
export type ChunkScan = { rows: number } | { dirty: string }

/** One file's scan on one thread: chunks go through `chunk`, then `finish` hands over the columns. */
export interface Scanner {
  /** The kernel's data area: a chunk is read into it, its rows at [offset, length). */
  readonly data: Buffer
  chunk(area: Buffer, offset: number, length: number): ChunkScan
  /** The columns' tallies, and the buffers to transfer with them. */
  finish(): { columns: ColumnScan[]; transfer: ArrayBuffer[] }
}

/** The kernel reads numbers (1), hashes text (2) or skips (0) each file column. */
function kernelKinds(plan: ScanPlan, columns: ScanColumn[]): KernelKind[] {
  const kinds: KernelKind[] = Array.from({ length: plan.width }, () => 0)
  for (const c of columns) kinds[c.plan.index] = c.numeric && !c.plan.ownMissing ? 1 : 2
  return kinds
}

function passOf(c: ScanColumn): Pass {
  if (c.numeric && !c.plan.ownMissing) return numberPass
  return c.plan.ownMissing || c.plan.kind === KIND.skip ? generalPass : textPass
}

/** A column's tally as it travels: unique keys sorted (NaN counted apart, −0 as 0). */
function columnScan(c: ScanColumn, sort: Sorter, transfer: ArrayBuffer[]): ColumnScan {
  const key = c.keys.subarray(0, c.keyCount)
  let nanKeys = 0
  let n = 0
  for (let i = 0; i < key.length; i++) {
    const v = key[i]
    if (v !== v) nanKeys++
    else key[n++] = v === 0 ? 0 : v
  }
  const run = sort(key.slice(0, n))
  const values = c.values.slice(0, c.valueCount)
  transfer.push(run.buffer as ArrayBuffer, values.buffer)
  if (c.keyBits) transfer.push(c.keyBits.buffer as ArrayBuffer)
  const { present, missing, count, mean, m2, min, max } = c
  const keyRuns = key.length ? [run] : []
  const keyBits = c.keyBits ? [c.keyBits] : []
  return { present, missing, count, mean, m2, min, max, keyRuns, nanKeys, keyBits, values, distinct: c.distinct ? [...c.distinct] : undefined }
}

/**
 * Opens the scan of one CSV file against a compiled plan. It checks rows without building a string
 * per cell: the WebAssembly kernel (csv-kernel.wat) splits rows, reads numbers from bytes and sums
 * them per column; a pass per column checks the rest through the field checks. The first
 * irregularity of any kind makes a chunk "dirty": the caller then runs the row validator, which
 * words the errors. A clean scan is therefore the same verdict, only faster.
 */
export function openScan(plan: ScanPlan, env: ScanEnv): Scanner {
  const columns = plan.columns.map((c) => new ScanColumn(c))
  const passes = columns.map(passOf)
  const host = kernelHost(env.wasm, env.dataCap, kernelKinds(plan, columns), plan.delimiter, 16384)
  const input: PassInput = { host, buf: host.data, delimiter: plan.delimiter }

  /** Rows of the area's bytes [from, to): the kernel splits and reads them, the passes check them. */
  function parseRange(from: number, to: number): number {
    let pos = from
    let rows = 0
    while (pos < to) {
      const n = host.parse(pos, to)
      if (n < 0) dirty(KERNEL_ERRORS[n] ?? 'kernel error')
      for (let k = 0; k < columns.length; k++) passes[k](columns[k], input, n)
      rows += n
      pos = host.end()
    }
    if (pos !== to) dirty('chunk boundary inside a quoted field')
    return rows
  }

  return {
    data: host.data,
    chunk(area, offset, length) {
      try {
        if (!isUtf8(area.subarray(offset, length))) dirty('invalid UTF-8')
        input.buf = area.subarray(0, length)
        return { rows: parseRange(offset, length) }
      } catch (e) {
        if (e instanceof Dirty) return { dirty: e.reason }
        throw e
      }
    },
    finish() {
      const sort = makeSorter(env.radix)
      const transfer: ArrayBuffer[] = []
      return { columns: columns.map((c) => columnScan(c, sort, transfer)), transfer }
    },
  }
}

/** The binaries a scan runs on, decoded once per thread. */
export function scanBinaries(): { wasm: Uint8Array; radix: Uint8Array } {
  return { wasm: Buffer.from(CSV_KERNEL_BASE64, 'base64'), radix: Buffer.from(RADIX_SORT_BASE64, 'base64') }
}

/**
 * The scan of one chunk's bytes (its rows, each ended by a line feed) on this thread: its rows and
 * columns, or why it gives way.
 */
export function scanBytes(plan: ScanPlan, bytes: Uint8Array): { rows: number; columns: ColumnScan[] } | { dirty: string } {
  const scanner = openScan(plan, { ...scanBinaries(), dataCap: bytes.length + 1 })
  if (bytes.length === 0) return { rows: 0, columns: scanner.finish().columns }
  const area = scanner.data
  area.set(bytes)
  let length = bytes.length
  // a final line feed as sentinel, as the chunk reader leaves one
  if (area[length - 1] !== 10) area[length++] = 10
  const result = scanner.chunk(area, 0, length)
  if ('dirty' in result) return result
  return { rows: result.rows, columns: scanner.finish().columns }
}
