// Job kind 'read-chunk': one byte-range chunk of a CSV/TSV file read into typed columns. The kernel
// splits rows and reads numbers; text is dictionary-encoded per distinct byte sequence, per thread.
// A numeric column that meets text, or a ragged row, makes the chunk "dirty": the caller then reads
// the file with the row reader, which decides those cases.
import { byteTable } from '../../io/fast/byte-table.ts'
import { cellSpan } from '../../io/fast/cell-span.ts'
import { chunkReader } from '../../io/fast/chunk-reader.ts'
import type { ChunkReader } from '../../io/fast/chunk-reader.ts'
import { CSV_KERNEL_BASE64 } from '../../io/fast/csv-kernel.wasm.ts'
import { kernelHost } from '../../io/fast/kernel-host.ts'
import type { KernelHost, KernelKind } from '../../io/fast/kernel-host.ts'
import { MISSING_TEXTS, textNumber } from '../../schema/cell-rules.ts'
import { dirty, dirtyReason, parseChunk } from '../chunk-loop.ts'
import type { Answer, WorkerContext } from '../main.ts'
import type { Request } from '../protocol.ts'

/** Columns a thread builds from one file: numbers as Float64Array (NaN missing), text as dictionary codes (−1 missing). */
export interface ColumnReadPlan {
  path: string
  delimiter: number
  width: number
  /** `limit`: a text column stops encoding new values past this many per thread (their cells then count as unencoded). */
  columns: { index: number; numeric: boolean; limit?: number }[]
  /** false: text columns travel as counts only (their codes stay here, in buffers used again). */
  codes?: boolean
}

/** One chunk's columns; text codes refer to the thread's dictionary of that column (`words`, new entries only). */
export interface ChunkColumns {
  job: number
  chunk: number
  rows: number
  start: number
  end: number
  worker: number
  values: (Float64Array | Int32Array)[]
  /** Per column: entries added to the thread's dictionary by this chunk, in code order. */
  words: (string[] | undefined)[]
  /** Per numeric column: 0 when a present value was not an integer. */
  integer: number[]
  /** Per numeric column: finite values. */
  present: number[]
  /** Per text column: [thread code, cells, …] for the codes in this chunk, and missing cells. */
  counts: (Int32Array | undefined)[]
  missing: number[]
  /** Per text column: present cells left unencoded (the column passed its limit), and their FNV-1a hashes. */
  unencoded: number[]
  hashes: (Int32Array | undefined)[]
}

const MISSING = new Set<string>(MISSING_TEXTS)
const LONGEST_MISSING = Math.max(0, ...[...MISSING].map((m) => Buffer.byteLength(m)))
const KERNEL = Buffer.from(CSV_KERNEL_BASE64, 'base64')

/** The code of a value the column has no room for (its dictionary reached its limit). */
const UNENCODED = -2

/** The codes of one text column of one job: by byte sequence, and the words in code order. */
class Dictionary {
  bytes = byteTable(1024, true)
  words: string[] = []
  fresh: string[] = []
  index = new Map<string, number>()
  /** Cells per code while a chunk is counted (zero between chunks). */
  tally = new Int32Array(64)
  /** FNV-1a hashes of this chunk's unencoded cells (their count of distinct hashes bounds the distinct values from below). */
  hashes: number[] = []
  constructor(readonly limit = Infinity) {}

  /** Code of a text value: the dictionary's, or a new one; −1 for a missing spelling. */
  codeOfText(t: string): number {
    if (MISSING.has(t) || t.trim() === '') return -1
    let c = this.index.get(t)
    if (c === undefined) {
      if (this.words.length >= this.limit) return UNENCODED
      c = this.words.length
      this.words.push(t)
      this.fresh.push(t)
      this.index.set(t, c)
    }
    return c
  }

  /**
   * A chunk's cells counted: [code, cells, …] for the codes it holds (as many pairs as codes seen,
   * not as the dictionary holds), missing and unencoded cells.
   */
  count(codes: Int32Array, rows: number): { pairs: Int32Array; missing: number; unencoded: number } {
    if (this.tally.length < this.words.length) this.tally = new Int32Array(Math.max(this.words.length, this.tally.length * 2))
    const tally = this.tally
    const seen: number[] = []
    let missing = 0
    let unencoded = 0
    for (let i = 0; i < rows; i++) {
      const code = codes[i]
      if (code === UNENCODED) unencoded++
      else if (code < 0) missing++
      else if (tally[code]++ === 0) seen.push(code)
    }
    const pairs = new Int32Array(seen.length * 2)
    seen.forEach((code, i) => {
      pairs[2 * i] = code
      pairs[2 * i + 1] = tally[code]
      tally[code] = 0
    })
    return { pairs, missing, unencoded }
  }
}

interface Job {
  plan: ColumnReadPlan
  host: KernelHost
  reader: ChunkReader
  dicts: (Dictionary | undefined)[]
}

/** The chunk being read: output arrays (replaced when they grow), flags and counts. */
interface ChunkState {
  out: (Float64Array | Int32Array)[]
  integer: number[]
  present: number[]
}

/** A cell the kernel left to JavaScript in a numeric column: a number spelled outside its grammar (read by the cell rules), or a missing spelling; text makes the chunk dirty. */
function numberCell(t: string, st: ChunkState, k: number): number {
  const trimmed = t.trim()
  const n = textNumber(trimmed)
  if (n === n) {
    if (n - n === 0) st.present[k]++
    if (!Number.isInteger(n)) st.integer[k] = 0
    return n
  }
  if (MISSING.has(t) || trimmed === '') return NaN
  return dirty(`text '${t.slice(0, 20)}' in a numeric column`)
}

/** A thread's column reading: its open jobs (one per file) and the chunk it is reading. */
export class ColumnReading {
  private readonly jobs = new Map<number, Job>()
  private buf: Buffer = Buffer.alloc(0)
  private dicts: (Dictionary | undefined)[] = []
  private delim = 44

  constructor(private readonly ctx: WorkerContext) {}

  /** A job is over: its file is closed. */
  close(job: number): void {
    this.jobs.get(job)?.reader.close()
    this.jobs.delete(job)
  }

  /** One chunk of a job's file, read into columns; whole arrays travel (moved, not copied), `rows` says how much of each is used. */
  readChunk(msg: Request<'read-chunk'>): Answer {
    try {
      const job = this.open(msg)
      const st = this.chunkState(job, msg.estimate)
      const parsed = parseChunk(job.reader, job.host, msg, (data, at, rows) => {
        this.buf = data
        this.take(job, st, at, rows)
      })
      const columns = this.reply(job, msg, st, parsed)
      return { reply: { kind: 'read-chunk', id: msg.id, columns }, transfer: columns.values.map((v) => v.buffer as ArrayBuffer) }
    } catch (e) {
      return { reply: { kind: 'read-chunk', id: msg.id, dirty: dirtyReason(e) } }
    }
  }

  private open(msg: Request<'read-chunk'>): Job {
    let job = this.jobs.get(msg.job)
    if (!job) {
      const plan = msg.plan
      const kinds = Array.from({ length: plan.width }, (): KernelKind => 0)
      for (const c of plan.columns) kinds[c.index] = c.numeric ? 1 : 2
      const host = kernelHost(KERNEL, msg.dataCap, kinds, plan.delimiter, 16384, false)
      job = { plan, host, reader: chunkReader(this.ctx.io, plan.path, host.data), dicts: plan.columns.map((c) => (c.numeric ? undefined : new Dictionary(c.limit))) }
      this.jobs.set(msg.job, job)
    }
    this.delim = job.plan.delimiter
    this.dicts = job.dicts
    for (const d of this.dicts)
      if (d) {
        d.fresh = []
        d.hashes = []
      }
    return job
  }

  private chunkState(job: Job, estimate: number): ChunkState {
    // a multiple of 8 192 rows: the buffers of one file then fit the chunks of another
    const cap = Math.ceil(Math.max(64, estimate ?? 1024) / 8192) * 8192
    return {
      out: job.plan.columns.map((c) => (c.numeric ? this.array(Float64Array, 8, cap) : this.array(Int32Array, 4, cap))),
      integer: job.plan.columns.map(() => 1),
      present: job.plan.columns.map(() => 0),
    }
  }

  private reply(job: Job, msg: Request<'read-chunk'>, st: ChunkState, parsed: { rows: number; start: number; end: number }): ChunkColumns {
    const { plan } = job
    const { rows } = parsed
    const values = st.out
    const tallies = plan.columns.map((c, k) => (c.numeric ? undefined : this.dicts[k]!.count(values[k] as Int32Array, rows)))
    if (plan.codes === false)
      plan.columns.forEach((c, k) => {
        if (c.numeric) return
        this.ctx.spare.push(values[k].buffer as ArrayBuffer)
        values[k] = new Int32Array(0)
      })
    return {
      job: msg.job,
      chunk: msg.chunk,
      rows,
      start: parsed.start,
      end: parsed.end,
      worker: this.ctx.workerId,
      values,
      words: this.dicts.map((d) => d?.fresh),
      integer: st.integer,
      present: st.present,
      counts: tallies.map((t) => t?.pairs),
      missing: tallies.map((t) => t?.missing ?? 0),
      unencoded: tallies.map((t) => t?.unencoded ?? 0),
      hashes: this.dicts.map((d) => (d ? Int32Array.from(d.hashes) : undefined)),
    }
  }

  /** An array of n elements, on the smallest spare buffer large enough when there is one. */
  private array<T extends Float64Array | Int32Array>(make: new (b: ArrayBuffer, o: number, n: number) => T, bytes: number, n: number): T {
    const spare = this.ctx.spare
    let best = -1
    for (let i = 0; i < spare.length; i++) if (spare[i].byteLength >= n * bytes && (best < 0 || spare[i].byteLength < spare[best].byteLength)) best = i
    const buffer = best >= 0 ? spare.splice(best, 1)[0] : new ArrayBuffer(n * bytes)
    return new make(buffer, 0, n)
  }

  private text(s: number, e: number, escaped: boolean): string {
    const t = this.buf.toString('utf8', s, e)
    return escaped ? t.replaceAll('""', '"') : t
  }

  /** Code of the bytes [s, e) with FNV hash h, remembered per byte sequence. */
  private codeOf(k: number, s: number, e: number, h: number): number {
    const d = this.dicts[k]!
    let code = d.bytes.get(this.buf, s, e, h)
    if (code === undefined) {
      // a full dictionary: bytes the table does not know, starting with a printable ASCII byte and longer
      // than any missing spelling, are neither missing nor worth a string
      const buf = this.buf
      if (d.words.length >= d.limit && e - s > LONGEST_MISSING && buf[s] > 32 && buf[s] < 127) return UNENCODED
      code = d.codeOfText(this.text(s, e, false))
      // values past the limit are not remembered: they are mostly unique
      if (code !== UNENCODED) d.bytes.set(buf, s, e, h, code)
    }
    return code
  }

  /** The text of the cell starting at `s` (quoted or not). */
  private cellText(s: number): string {
    const span = cellSpan(this.buf, s, this.delim)
    if (!span) dirty('quote runs past the range')
    return this.text(span[0], span[1], span[2] === 1)
  }

  private ensure(st: ChunkState, need: number): void {
    if (st.out[0] && st.out[0].length >= need) return
    st.out = st.out.map((a) => {
      const n = Math.max(need, a.length * 2)
      const next = a instanceof Float64Array ? this.array(Float64Array, 8, n) : this.array(Int32Array, 4, n)
      next.set(a)
      return next
    })
  }

  /** Moves the kernel's output for `rows` rows into the chunk's columns from row `at`. */
  private take(job: Job, st: ChunkState, at: number, rows: number): void {
    const { host, plan } = job
    this.ensure(st, at + rows)
    // a small function per column kind: each is compiled on its own, and stays so
    for (let k = 0; k < plan.columns.length; k++) {
      const c = plan.columns[k]
      if (c.numeric) this.takeNumbers(host, c.index, st, k, at, rows)
      else this.takeTexts(host, c.index, st.out[k] as Int32Array, k, at, rows)
    }
  }

  private takeNumbers(host: KernelHost, index: number, st: ChunkState, k: number, at: number, rows: number): void {
    const stat = host.status[index]
    const vals = host.numbers[index]!
    const sums = host.sums[index]!
    const out = st.out[k] as Float64Array
    out.set(vals.subarray(0, rows), at)
    st.present[k] += sums[0]
    // empty cells come as NaN; cells the kernel did not read need a visit, and numbers with a
    // point only until one is not whole
    const other = sums[7] > 0
    if (other || (sums[8] > 0 && st.integer[k] === 1))
      for (let i = 0; i < rows; i++) {
        const s = stat[i]
        if (s === 2) out[at + i] = numberCell(this.cellText(vals[i]), st, k)
        else if (s === 3 && vals[i] !== Math.floor(vals[i])) {
          st.integer[k] = 0
          if (!other) break
        }
      }
  }

  private takeTexts(host: KernelHost, index: number, out: Int32Array, k: number, at: number, rows: number): void {
    const t = host.texts[index]!
    const sums = host.sums[index]!
    // known byte sequences come with their code (−1 for empty cells); new ones are coded and taught to the kernel
    if (sums[7] === 0 && sums[9] === 0) for (let i = 0; i < rows; i++) out[at + i] = t[4 * i + 3]
    else this.codeTexts(host, index, out, k, at, rows)
  }

  /** takeTexts where some cells are new to the kernel's memo or quoted. */
  private codeTexts(host: KernelHost, index: number, out: Int32Array, k: number, at: number, rows: number): void {
    const stat = host.status[index]
    const t = host.texts[index]!
    const d = this.dicts[k]!
    for (let i = 0; i < rows; i++) {
      const s = stat[i]
      if (s === 0 || s === 1) out[at + i] = t[4 * i + 3]
      else if (s === 4) {
        const code = this.codeOf(k, t[4 * i + 1], t[4 * i + 2], t[4 * i])
        if (code !== UNENCODED) host.remember(index, t[4 * i + 1], t[4 * i + 2], t[4 * i], code)
        else d.hashes.push(t[4 * i])
        out[at + i] = code
      } else {
        const value = this.cellText(t[4 * i + 1])
        const code = (out[at + i] = d.codeOfText(value))
        if (code === UNENCODED) {
          // the hash of the value's bytes, as an unquoted cell of the same value gets from the kernel
          const bytes = Buffer.from(value)
          d.hashes.push(d.bytes.hash(bytes, 0, bytes.length))
        }
      }
    }
  }
}
