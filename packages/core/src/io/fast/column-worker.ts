import type { chunkReader } from './chunk-reader.ts'
import type { byteTable } from './byte-table.ts'
import type { cellSpan as cellSpanOf } from './cell-span.ts'
import type { kernelHost } from './kernel-host.ts'
import type { makeSorter as makeSorterOf } from '../../stats/sort.ts'
import type { meanStd, wasserstein } from '../../stats/binned.ts'

/** Columns a worker builds from one file: numbers as Float64Array (NaN missing), text as dictionary codes (−1 missing). */
export interface ColumnPlan {
  path: string
  delimiter: number
  width: number
  /** `limit`: a text column stops encoding new values past this many per worker (their cells then count as unencoded). */
  columns: { index: number; numeric: boolean; limit?: number }[]
  /** false: text columns travel as counts only (their codes stay here, in buffers used again). */
  codes?: boolean
}

/** One chunk's columns; text codes refer to the worker's dictionary of that column (`words`, new entries only). */
export interface ChunkColumns {
  job: number
  chunk: number
  rows: number
  start: number
  end: number
  worker: number
  values: (Float64Array | Int32Array)[]
  /** Per column: entries added to the worker's dictionary by this chunk, in code order. */
  words: (string[] | undefined)[]
  /** Per numeric column: 0 when a present value was not an integer. */
  integer: number[]
  /** Per numeric column: finite values. */
  present: number[]
  /** Per text column: [worker code, cells, …] for the codes in this chunk, and missing cells. */
  counts: (Int32Array | undefined)[]
  missing: number[]
  /** Per text column: present cells left unencoded (the column passed its limit), and their FNV-1a hashes. */
  unencoded: number[]
  hashes: (Int32Array | undefined)[]
}

/**
 * Body of a column-reading worker, run from its own source text: it must not reference anything
 * outside this function. It serves jobs (one per file) chunk by chunk: the WebAssembly kernel
 * splits rows and reads numbers, text is dictionary-encoded per distinct byte sequence.
 * A numeric column that meets text, or a ragged row, makes the chunk "dirty": the caller then reads
 * the file with the row reader, which decides those cases.
 */
export function columnWorker(
  load: (id: string) => any,
  makeReader: typeof chunkReader,
  workerId: number,
  makeSorter: typeof makeSorterOf,
  makeKernel: typeof kernelHost,
  errors: Record<number, string>,
  cellSpan: typeof cellSpanOf,
  makeTable: typeof byteTable,
  measures: { meanStd: typeof meanStd; wasserstein: typeof wasserstein },
): void {
  const { parentPort, workerData } = load('node:worker_threads')
  const fs = load('node:fs')
  const { isUtf8 } = load('node:buffer')
  const sortFloat64 = makeSorter(workerData.radix)
  const MISSING = new Set<string>(workerData.missing)
  const LONGEST_MISSING = Math.max(0, ...[...MISSING].map((m) => Buffer.byteLength(m)))
  // the one number grammar, as data: decimals, and the words the row reader reads as numbers
  const DECIMAL = new RegExp(workerData.decimal)
  const NUMBER_WORDS = new Set<string>(workerData.numberWords)

  class Dirty {
    constructor(readonly reason: string) {}
  }

  /** The codes of one text column of one job: by byte sequence, and the words in code order. */
  class Dictionary {
    bytes = makeTable(1024, true)
    words: string[] = []
    fresh: string[] = []
    index = new Map<string, number>()
    /** Cells per code while a chunk is counted (zero between chunks). */
    tally = new Int32Array(64)
    /** FNV-1a hashes of this chunk's unencoded cells (their count of distinct hashes bounds the distinct values from below). */
    hashes: number[] = []
    constructor(readonly limit = Infinity) {}
  }

  /** The code of a value the column has no room for (its dictionary reached its limit). */
  const UNENCODED = -2

  /**
   * A chunk's cells of one text column counted: [code, cells, …] for the codes it holds (as many
   * pairs as codes seen, not as the dictionary holds), missing and unencoded cells.
   */
  function countCodes(d: Dictionary, codes: Int32Array, rows: number): { pairs: Int32Array; missing: number; unencoded: number } {
    if (d.tally.length < d.words.length) d.tally = new Int32Array(Math.max(d.words.length, d.tally.length * 2))
    const tally = d.tally
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

  interface Job {
    plan: ColumnPlan
    host: ReturnType<typeof kernelHost>
    reader: ReturnType<typeof chunkReader>
    dicts: (Dictionary | undefined)[]
  }

  const jobs = new Map<number, Job>()
  // Fresh memory costs a page fault per 4 KiB (~2.6 µs here): output buffers come back from the
  // main thread once copied and are used again (and the sorter keeps its memory for the next sort).
  const spare: ArrayBuffer[] = []

  /** An array of n elements, on the smallest spare buffer large enough when there is one. */
  function array<T extends Float64Array | Int32Array>(make: new (b: ArrayBuffer, o: number, n: number) => T, bytes: number, n: number): T {
    let best = -1
    for (let i = 0; i < spare.length; i++) if (spare[i].byteLength >= n * bytes && (best < 0 || spare[i].byteLength < spare[best].byteLength)) best = i
    const buffer = best >= 0 ? spare.splice(best, 1)[0] : new ArrayBuffer(n * bytes)
    return new make(buffer, 0, n)
  }
  let buf: Buffer = Buffer.alloc(0)
  let dicts: (Dictionary | undefined)[] = []
  let delim = 44

  function dirty(reason: string): never {
    throw new Dirty(reason)
  }

  function text(s: number, e: number, escaped: boolean): string {
    const t = buf.toString('utf8', s, e)
    return escaped ? t.replaceAll('""', '"') : t
  }

  /** Code of a text value: the dictionary's, or a new one; −1 for a missing spelling. */
  function codeOfText(k: number, t: string): number {
    if (MISSING.has(t) || t.trim() === '') return -1
    const d = dicts[k]!
    let c = d.index.get(t)
    if (c === undefined) {
      if (d.words.length >= d.limit) return UNENCODED
      c = d.words.length
      d.words.push(t)
      d.fresh.push(t)
      d.index.set(t, c)
    }
    return c
  }

  /** Code of the bytes [s, e) with FNV hash h, remembered per byte sequence. */
  function codeOf(k: number, s: number, e: number, h: number): number {
    const table = dicts[k]!.bytes
    let code = table.get(buf, s, e, h)
    if (code === undefined) {
      // a full dictionary: bytes the table does not know, starting with a printable ASCII byte and longer
      // than any missing spelling, are neither missing nor worth a string
      const d = dicts[k]!
      if (d.words.length >= d.limit && e - s > LONGEST_MISSING && buf[s] > 32 && buf[s] < 127) return UNENCODED
      code = codeOfText(k, text(s, e, false))
      // values past the limit are not remembered: they are mostly unique
      if (code !== UNENCODED) table.set(buf, s, e, h, code)
    }
    return code
  }

  /** The text of the cell starting at `s` (quoted or not). */
  function cellText(s: number): string {
    const span = cellSpan(buf, s, delim)
    if (!span) dirty('quote runs past the range')
    return text(span[0], span[1], span[2] === 1)
  }

  /** A number spelled outside the kernel's grammar, or a missing spelling; text makes the chunk dirty. */
  function slowNumber(t: string, st: { integer: number[]; present: number[] }, k: number): number {
    const trimmed = t.trim()
    const n = DECIMAL.test(trimmed) || NUMBER_WORDS.has(trimmed) ? Number(trimmed) : NaN
    if (n === n) {
      if (n - n === 0) st.present[k]++
      if (!Number.isInteger(n)) st.integer[k] = 0
      return n
    }
    if (MISSING.has(t) || trimmed === '') return NaN
    return dirty(`text '${t.slice(0, 20)}' in a numeric column`)
  }

  /** The chunk being read: output arrays (replaced when they grow), flags and counts. */
  interface ChunkState {
    out: (Float64Array | Int32Array)[]
    integer: number[]
    present: number[]
  }

  function ensure(st: ChunkState, need: number): void {
    if (st.out[0] && st.out[0].length >= need) return
    st.out = st.out.map((a) => {
      const n = Math.max(need, a.length * 2)
      const next = a instanceof Float64Array ? array(Float64Array, 8, n) : array(Int32Array, 4, n)
      next.set(a)
      return next
    })
  }

  /** Moves the kernel's output for `rows` rows into the chunk's columns from row `at`. */
  function take(job: Job, st: ChunkState, at: number, rows: number): void {
    const { host, plan } = job
    ensure(st, at + rows)
    // a small function per column kind: each is compiled on its own, and stays so
    for (let k = 0; k < plan.columns.length; k++) {
      const c = plan.columns[k]
      if (c.numeric) takeNumbers(host, c.index, st, k, at, rows)
      else takeTexts(host, c.index, st.out[k] as Int32Array, k, at, rows)
    }
  }

  function takeNumbers(host: Job['host'], index: number, st: ChunkState, k: number, at: number, rows: number): void {
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
        if (s === 2) out[at + i] = slowNumber(cellText(vals[i]), st, k)
        else if (s === 3 && vals[i] !== Math.floor(vals[i])) {
          st.integer[k] = 0
          if (!other) break
        }
      }
  }

  function takeTexts(host: Job['host'], index: number, out: Int32Array, k: number, at: number, rows: number): void {
    const t = host.texts[index]!
    const sums = host.sums[index]!
    // known byte sequences come with their code (−1 for empty cells); new ones are coded and taught to the kernel
    if (sums[7] === 0 && sums[9] === 0) for (let i = 0; i < rows; i++) out[at + i] = t[4 * i + 3]
    else codeTexts(host, index, out, k, at, rows)
  }

  /** takeTexts where some cells are new to the kernel's memo or quoted. */
  function codeTexts(host: Job['host'], index: number, out: Int32Array, k: number, at: number, rows: number): void {
    const stat = host.status[index]
    const t = host.texts[index]!
    for (let i = 0; i < rows; i++) {
      const s = stat[i]
      if (s === 0 || s === 1) out[at + i] = t[4 * i + 3]
      else if (s === 4) {
        const code = codeOf(k, t[4 * i + 1], t[4 * i + 2], t[4 * i])
        if (code !== UNENCODED) host.remember(index, t[4 * i + 1], t[4 * i + 2], t[4 * i], code)
        else dicts[k]!.hashes.push(t[4 * i])
        out[at + i] = code
      } else {
        const value = cellText(t[4 * i + 1])
        const code = (out[at + i] = codeOfText(k, value))
        if (code === UNENCODED) {
          // the hash of the value's bytes, as an unquoted cell of the same value gets from the kernel
          const bytes = Buffer.from(value)
          dicts[k]!.hashes.push(dicts[k]!.bytes.hash(bytes, 0, bytes.length))
        }
      }
    }
  }

  /** Moves the finite values to the front; returns how many there are, and puts how many were ±Infinity in infinite[side] (a function of its own, so it gets optimized). */
  function compactFinite(a: Float64Array, infinite: number[], side: number): number {
    let n = 0
    let inf = 0
    for (let i = 0; i < a.length; i++) {
      const v = a[i]
      if (v - v === 0) a[n++] = v
      else if (v === v) inf++
    }
    infinite[side] = inf
    return n
  }

  type Message = {
    job: number
    plan?: ColumnPlan
    chunk?: number
    from?: number
    to?: number
    first?: boolean
    size?: number
    estimate?: number
    close?: boolean
    sortPair?: [Float64Array, Float64Array]
    dense?: [boolean, boolean]
    wasserstein?: boolean
    pair?: [Float64Array, Float64Array]
    spare?: ArrayBuffer[]
  }

  /** Sends a pair of columns back (moved, not copied) with what was measured of them. */
  function sendPair(a: Float64Array, b: Float64Array, measured: { moments?: unknown; wasserstein?: number; infinite?: number[] }): void {
    parentPort.postMessage({ pair: [a, b], ...measured }, a.buffer === b.buffer ? [a.buffer] : [a.buffer, b.buffer])
  }

  /** Both sides of a column: the finite values, compacted in place and sorted, how many were ±Infinity, their moments and, when asked, their Wasserstein-1 distance. */
  function sortPair(msg: Message): void {
    const infinite = [0, 0]
    const [a, b] = msg.sortPair!.map((v, i) => sortFloat64(msg.dense?.[i] ? v : v.subarray(0, compactFinite(v, infinite, i))))
    sendPair(a, b, { moments: [measures.meanStd(a), measures.meanStd(b)], wasserstein: msg.wasserstein ? measures.wasserstein(a, b) : undefined, infinite })
  }

  /** Two sorted columns: their Wasserstein-1 distance, and both back. */
  function distance(msg: Message): void {
    const [a, b] = msg.pair!
    sendPair(a, b, { wasserstein: measures.wasserstein(a, b) })
  }

  parentPort.on('message', (msg: Message) => {
    if (msg.spare) for (const b of msg.spare) if (spare.length < 64) spare.push(b)
    if (msg.sortPair) sortPair(msg)
    else if (msg.pair) distance(msg)
    else if (msg.close) {
      jobs.get(msg.job)?.reader.close()
      jobs.delete(msg.job)
    } else readChunk(msg)
  })

  /** One chunk of a job's file, read into columns and sent back. */
  function readChunk(msg: Message): void {
    let job = jobs.get(msg.job)
    try {
      if (!job) {
        const plan = msg.plan!
        const kinds = Array.from({ length: plan.width }, () => 0 as 0 | 1 | 2)
        for (const c of plan.columns) kinds[c.index] = c.numeric ? 1 : 2
        const host = makeKernel(workerData.wasm, workerData.dataCap, kinds, plan.delimiter, 16384, false)
        job = { plan, host, reader: makeReader(fs, plan.path, host.data), dicts: plan.columns.map((c) => (c.numeric ? undefined : new Dictionary(c.limit))) }
        jobs.set(msg.job, job)
      }
      const { plan, host } = job
      const chunk = job.reader.load({ from: msg.from!, to: msg.to!, first: msg.first!, size: msg.size! })
      delim = plan.delimiter
      dicts = job.dicts
      for (const d of dicts)
        if (d) {
          d.fresh = []
          d.hashes = []
        }
      // a multiple of 8 192 rows: the buffers of one file then fit the chunks of another
      const cap = Math.ceil(Math.max(64, msg.estimate ?? 1024) / 8192) * 8192
      const st: ChunkState = {
        out: plan.columns.map((c) => (c.numeric ? array(Float64Array, 8, cap) : array(Int32Array, 4, cap))),
        integer: plan.columns.map(() => 1),
        present: plan.columns.map(() => 0),
      }
      let rows = 0
      if (!chunk.empty) {
        if (!isUtf8(chunk.area.subarray(chunk.offset, chunk.length))) dirty('invalid UTF-8')
        buf = chunk.area.subarray(0, chunk.length)
        let pos = chunk.offset
        while (pos < chunk.length) {
          const n = host.parse(pos, chunk.length)
          if (n < 0) dirty(errors[n] ?? 'kernel error')
          take(job, st, rows, n)
          rows += n
          pos = host.end()
        }
        if (pos !== chunk.length) dirty('chunk boundary inside a quoted field')
      }
      // whole arrays travel (moved, not copied); `rows` says how much of each is used
      const values = st.out
      const tallies = plan.columns.map((c, k) => (c.numeric ? undefined : countCodes(dicts[k]!, values[k] as Int32Array, rows)))
      if (plan.codes === false)
        plan.columns.forEach((c, k) => {
          if (c.numeric) return
          spare.push(values[k].buffer as ArrayBuffer)
          values[k] = new Int32Array(0)
        })
      const reply: ChunkColumns = {
        job: msg.job,
        chunk: msg.chunk!,
        rows,
        start: chunk.start,
        end: chunk.end,
        worker: workerId,
        values,
        words: dicts.map((d) => d?.fresh),
        integer: st.integer,
        present: st.present,
        counts: tallies.map((t) => t?.pairs),
        missing: tallies.map((t) => t?.missing ?? 0),
        unencoded: tallies.map((t) => t?.unencoded ?? 0),
        hashes: dicts.map((d) => (d ? Int32Array.from(d.hashes) : undefined)),
      }
      parentPort.postMessage(
        reply,
        values.map((v) => v.buffer),
      )
    } catch (e) {
      if (e instanceof Dirty) parentPort.postMessage({ job: msg.job, chunk: msg.chunk, dirty: e.reason })
      else if ((e as Error)?.message === 'mlgate: row too long') parentPort.postMessage({ job: msg.job, chunk: msg.chunk, dirty: 'a row longer than the read buffer' })
      else parentPort.postMessage({ job: msg.job, chunk: msg.chunk, failed: String((e as Error)?.stack ?? e) })
    }
  }
}
