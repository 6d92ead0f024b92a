import { chunkReader } from '../../io/fast/chunk-reader.ts'
import type { ChunkReader, ChunkRequest } from '../../io/fast/chunk-reader.ts'
import { CSV_KERNEL_BASE64 } from '../../io/fast/csv-kernel.wasm.ts'
import type { KernelHost, KernelKind } from '../../io/fast/kernel-host.ts'
import { kernelHost } from '../../io/fast/kernel-host.ts'
import type { ColumnSummary, DistinctKey } from '../../table/summary.ts'
import { emptySummary, KIND } from './plan.ts'
import type { ScanPlan } from './plan.ts'
import { dirtyReason, parseChunk } from '../../worker/chunk-loop.ts'
import type { Answer } from '../../worker/main.ts'
import type { Request } from '../../worker/protocol.ts'
import { ScanColumn } from './scan-column.ts'
import type { Pass, PassInput } from './scan-passes.ts'
import { generalPass, numberPass, textPass } from './scan-passes.ts'

/**
 * What one chunk's scan learned about one planned column: its summary (cells, missing, moments and
 * extremes of the finite numbers, sorted kept values, distinct keys), and its unique keys — the
 * integers in [0, 2^25) as they came (the caller marks them in one bitset per file), the others
 * sorted, NaN keys counted apart.
 */
export interface ChunkTally {
  summary: ColumnSummary
  smallKeys: Float64Array
  keyRun: Float64Array
  nanKeys: number
}

/** What a scanning thread needs besides the plan: the kernel's binary and its data area. */
export interface ScanEnv {
  wasm: Uint8Array
  /** Bytes of the kernel's data area: the largest chunk (with the row that ends it) a scan can take. */
  dataCap: number
}

/** One file's scan on one thread: the kernel splits a chunk's rows, `take` checks each batch, `tallies` hands over the chunk's columns. */
export interface Scanner {
  readonly host: KernelHost
  /** Checks and tallies the batch of `rows` rows the kernel split last (`data`: the chunk's bytes). */
  take(data: Buffer, rows: number): void
  /** The tallies of the chunk taken since the last call. */
  tallies(): ChunkTally[]
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

/** Integer keys in [0, 2^25): the caller marks them in a bitset (a 4 MB bitset instead of a sorted run of millions). */
const SMALL_KEYS = 1 << 25

/** A column's keys split as they travel: small integers as they came, others sorted (−0 as 0), NaN counted. */
function splitKeys(c: ScanColumn): { smallKeys: Float64Array; keyRun: Float64Array; nanKeys: number } {
  const key = c.keys.subarray(0, c.keyCount)
  const small = new Float64Array(key.length)
  const other = new Float64Array(key.length)
  let s = 0
  let o = 0
  let nanKeys = 0
  for (let i = 0; i < key.length; i++) {
    const v = key[i]
    if (v !== v) nanKeys++
    else if (v >= 0 && v < SMALL_KEYS && v === Math.floor(v)) small[s++] = v
    else other[o++] = v === 0 ? 0 : v
  }
  return { smallKeys: small.slice(0, s), keyRun: other.subarray(0, o).sort(), nanKeys }
}

/** A column's tally of one chunk, as it travels. */
function chunkTally(c: ScanColumn): ChunkTally {
  const { count, mean, m2, min, max } = c
  const summary: ColumnSummary = { ...emptySummary(c.plan), rows: c.present + c.missing, missing: c.missing, numbers: { count, mean, m2, min, max } }
  if (c.plan.values) summary.sorted = c.values.slice(0, c.valueCount).sort()
  // texts as they are, numbers with −0 as 0: the values schema/cast valueKey keys them by
  if (c.distinct) summary.distinct = c.distinct as Set<DistinctKey>
  return { summary, ...(c.plan.unique ? splitKeys(c) : { smallKeys: new Float64Array(0), keyRun: new Float64Array(0), nanKeys: 0 }) }
}

/** The buffers a chunk's tallies move with (not copied). */
export function tallyBuffers(tallies: ChunkTally[]): ArrayBuffer[] {
  return tallies.flatMap((t) => [t.smallKeys.buffer as ArrayBuffer, t.keyRun.buffer as ArrayBuffer, ...(t.summary.sorted ? [t.summary.sorted.buffer as ArrayBuffer] : [])])
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
  return {
    host,
    take(data, rows) {
      input.buf = data
      for (let k = 0; k < columns.length; k++) passes[k](columns[k], input, rows)
    },
    tallies() {
      const out = columns.map(chunkTally)
      for (const c of columns) c.reset()
      return out
    },
  }
}

/** The CSV kernel's binary. */
export const KERNEL: Uint8Array = Buffer.from(CSV_KERNEL_BASE64, 'base64')

/**
 * The scan of one chunk's bytes (its rows, each ended by a line feed) on this thread: its rows and
 * columns, or why it gives way.
 */
export function scanBytes(plan: ScanPlan, bytes: Uint8Array): { rows: number; columns: ChunkTally[] } | { dirty: string } {
  const scanner = openScan(plan, { wasm: KERNEL, dataCap: bytes.length + 1 })
  if (bytes.length === 0) return { rows: 0, columns: scanner.tallies() }
  const area = scanner.host.data
  area.set(bytes)
  let length = bytes.length
  // a final line feed as sentinel, as the chunk reader leaves one
  if (area[length - 1] !== 10) area[length++] = 10
  const whole: ChunkReader = { load: () => ({ empty: false, area, offset: 0, length, start: 0, end: length }), close: () => undefined }
  try {
    const { rows } = parseChunk(whole, scanner.host, { from: 0, to: length, first: true, size: length }, (data, _at, n) => scanner.take(data, n))
    return { rows, columns: scanner.tallies() }
  } catch (e) {
    return { dirty: dirtyReason(e) }
  }
}

/** A chunk of a file to scan: the job (one file's scan) it belongs to, with the plan every chunk of it carries. */
export interface ScanChunkRequest extends ChunkRequest {
  job: number
  plan: ScanPlan
  chunk: number
  /** Bytes of the kernel's data area (the chunk size and room for the row that ends the chunk). */
  dataCap: number
}

/** A scanned chunk: its rows, the byte range they came from (neighbours must meet), its columns; or why it gives way. */
export type ScanChunkReply = { rows: number; start: number; end: number; columns: ChunkTally[] } | { dirty: string }

/** The scans a thread serves, one per job (file): each keeps its kernel, compiled checks and reader between chunks. */
export class ScanJobs {
  private readonly jobs = new Map<number, { scanner: Scanner; reader: ChunkReader }>()

  constructor(private readonly io: Parameters<typeof chunkReader>[0]) {}

  /** One chunk of a job's file, scanned; its tallies move with the reply (not copied). */
  scanChunk(msg: Request<'scan-chunk'>): Answer {
    let job = this.jobs.get(msg.job)
    try {
      if (!job) {
        const scanner = openScan(msg.plan, { wasm: KERNEL, dataCap: msg.dataCap })
        job = { scanner, reader: chunkReader(this.io, msg.plan.path, scanner.host.data) }
        this.jobs.set(msg.job, job)
      }
      const scanner = job.scanner
      const { rows, start, end } = parseChunk(job.reader, scanner.host, msg, (data, _at, n) => scanner.take(data, n))
      const columns = scanner.tallies()
      return { reply: { kind: 'scan-chunk', id: msg.id, rows, start, end, columns }, transfer: tallyBuffers(columns) }
    } catch (e) {
      // a chunk given up midway leaves nothing in the next one's tallies
      job?.scanner.tallies()
      return { reply: { kind: 'scan-chunk', id: msg.id, dirty: dirtyReason(e) } }
    }
  }

  /** A job is over: its file is closed. */
  close(job: number): void {
    this.jobs.get(job)?.reader.close()
    this.jobs.delete(job)
  }
}
