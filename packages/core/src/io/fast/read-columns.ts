import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { CategoricalColumn, Column, NumericColumn, Table } from '../../table/types.ts'
import { TroubleError } from '../../errors.ts'
import { DECIMAL_NUMBER, isBooleanWord, MISSING_TEXTS, NUMBER_WORDS, scannableDelimiter } from '../../schema/cell-rules.ts'
import type { DataSource } from '../sources.ts'
import { absolutePath } from '../sources.ts'
import { makeSorter } from '../../stats/sort.ts'
import { meanStd, wasserstein } from '../../stats/binned.ts'
import { RADIX_SORT_BASE64 } from '../../stats/radix-sort.wasm.ts'
import { byteTable } from './byte-table.ts'
import { cellSpan } from './cell-span.ts'
import { chunkReader } from './chunk-reader.ts'
import { concatTyped } from './concat.ts'
import { sampleFile } from './sample.ts'
import { CSV_KERNEL_BASE64 } from './csv-kernel.wasm.ts'
import { KERNEL_ERRORS, kernelHost } from './kernel-host.ts'
import type { ChunkColumns, ColumnPlan } from './column-worker.ts'
import { columnWorker } from './column-worker.ts'
import { codeThread } from './early-threads.ts'

type Moments = { mean: number; std: number }
type Reply =
  | ChunkColumns
  | { job: number; chunk: number; dirty: string }
  | { job: number; chunk: number; failed: string }
  | { pair: [Float64Array, Float64Array]; moments?: [Moments, Moments]; wasserstein?: number; infinite?: [number, number] }

interface Task {
  message: Record<string, unknown>
  transfer: ArrayBuffer[]
  done: (r: Reply) => void
}

/**
 * Worker threads shared by concurrent reads (reference and current data read at once share them).
 * Each worker holds up to two tasks, so that it starts the next chunk while this thread is still
 * busy with the last reply.
 */
class ColumnPool {
  private readonly workers: Worker[] = []
  private readonly queue: Task[] = []
  private readonly inFlight = new Map<Worker, Task[]>()
  /** Output buffers whose contents are copied: they go back to the workers with the next chunks. */
  private readonly spare: ArrayBuffer[] = []
  private nextJob = 1

  constructor(
    private readonly size: number,
    readonly chunkBytes = 4 << 20,
  ) {}

  job(): number {
    return this.nextJob++
  }

  private spawn(): Worker {
    const id = this.workers.length
    kernel ??= Buffer.from(CSV_KERNEL_BASE64, 'base64')
    radix ??= Buffer.from(RADIX_SORT_BASE64, 'base64')
    const source = `(${columnWorker.toString()})(require, ${chunkReader.toString()}, ${id}, ${makeSorter.toString()}, ${kernelHost.toString()}, ${JSON.stringify(KERNEL_ERRORS)}, ${cellSpan.toString()}, ${byteTable.toString()}, { meanStd: ${meanStd.toString()}, wasserstein: ${wasserstein.toString()} })`
    const w = codeThread(source, { wasm: kernel, radix, dataCap: this.chunkBytes + (2 << 20), missing: MISSING_TEXTS, decimal: DECIMAL_NUMBER.source, numberWords: NUMBER_WORDS })
    this.inFlight.set(w, [])
    w.on('message', (r: Reply) => {
      // replies come in the order the tasks were sent
      const t = this.inFlight.get(w)!.shift()
      this.fill(w)
      t?.done(r)
    })
    w.on('error', (e) => this.lose(w, e.message))
    w.on('exit', (code) => this.lose(w, `a reading thread stopped (exit code ${code})`))
    this.workers.push(w)
    return w
  }

  /** A worker that crashed or ended leaves the pool; its tasks report the failure. */
  private lose(w: Worker, why: string): void {
    const lost = this.inFlight.get(w)
    if (!lost) return
    this.inFlight.delete(w)
    this.workers.splice(this.workers.indexOf(w), 1)
    for (const t of lost) t.done({ job: 0, chunk: -1, failed: why })
  }

  /** Gives the worker queued tasks up to two; lets the process exit when no worker has any. */
  private fill(w: Worker): void {
    const tasks = this.inFlight.get(w)
    if (!tasks) return
    while (tasks.length < 2 && this.queue.length) {
      const t = this.queue.shift()!
      tasks.push(t)
      const spare = this.spare.splice(0, 16)
      w.postMessage(spare.length ? { ...t.message, spare } : t.message, [...t.transfer, ...spare])
    }
    if (tasks.length) w.ref()
    else if ([...this.inFlight.values()].every((x) => x.length === 0)) for (const x of this.workers) x.unref()
  }

  /** Starts every worker now, idle (a worker takes ~40 ms to boot: better while this thread samples the files). */
  warm(): void {
    while (this.workers.length < this.size) this.spawn().unref()
  }

  /** Queues a task (`first`: ahead of those waiting). */
  run(message: Record<string, unknown>, transfer: ArrayBuffer[] = [], first = false): Promise<Reply> {
    return new Promise((done) => {
      if (first) this.queue.unshift({ message, transfer, done })
      else this.queue.push({ message, transfer, done })
      // the least busy worker takes it; a new one while the pool is not full
      let w = this.workers.find((x) => this.inFlight.get(x)!.length === 0)
      if (!w && this.workers.length < this.size) w = this.spawn()
      w ??= this.workers.find((x) => this.inFlight.get(x)!.length < 2)
      if (w) this.fill(w)
    })
  }

  /** Buffers no longer needed here, for the workers to fill again. */
  recycle(buffers: ArrayBuffer[]): void {
    for (const b of buffers) if (this.spare.length < 64 && b.byteLength > 0) this.spare.push(b)
  }

  /** Drops the queued chunks of a job that has already failed. */
  drop(job: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const t = this.queue[i]
      if (t.message.job !== job) continue
      this.queue.splice(i, 1)
      t.done({ job, chunk: t.message.chunk as number, dirty: 'dropped' })
    }
  }

  /** Tells every worker that a job is over (they close its file). */
  close(job: number): void {
    for (const w of this.workers) w.postMessage({ job, close: true })
  }
}

let pool: ColumnPool | undefined
let kernel: Uint8Array | undefined
let radix: Uint8Array | undefined

function sharedPool(): ColumnPool {
  pool ??= new ColumnPool(Math.max(1, Math.min(availableParallelism(), 4)))
  return pool
}

/** Transfer list of two arrays' buffers; a shared buffer cannot travel, so the caller copies first. */
function buffers(a: Float64Array, b: Float64Array): ArrayBuffer[] {
  return a.buffer === b.buffer ? [a.buffer as ArrayBuffer] : [a.buffer as ArrayBuffer, b.buffer as ArrayBuffer]
}

const own = (v: Float64Array) => (v.buffer instanceof SharedArrayBuffer ? v.slice() : v)

/** What a worker measured of a pair of sorted columns: the arrays handed back, and figures computed there by the functions of stats/binned.ts. */
export interface SortedPair {
  sorted: [Float64Array, Float64Array]
  moments: [Moments, Moments]
  /** How many values of each side were ±Infinity (dropped). */
  infinite: [number, number]
  /** Their Wasserstein-1 distance, when asked for. */
  wasserstein?: number
}

/**
 * Both sides of a numeric column, finite values only and sorted (`dense`: a side known to hold only
 * finite values skips the pass that drops the others), computed on a worker thread with
 * their moments, how many values of each side were ±Infinity and, when `wasserstein` is set, their
 * Wasserstein-1 distance. The arrays themselves travel (no copy) and
 * are unusable after the call. Several calls at once keep every core busy.
 */
export async function sortedPairOnWorker(a: Float64Array, b: Float64Array, wasserstein: boolean, dense: [boolean, boolean] = [false, false]): Promise<SortedPair> {
  const [x, y] = [own(a), own(b)]
  const r = pairOf(await sharedPool().run({ job: 0, sortPair: [x, y], dense, wasserstein }, buffers(x, y)), 'sorting')
  return { sorted: r.pair, moments: r.moments!, infinite: r.infinite ?? [0, 0], ...(r.wasserstein !== undefined ? { wasserstein: r.wasserstein } : {}) }
}

type PairReply = Extract<Reply, { pair: unknown }>

/** A worker's reply about a pair, or the sentence of a thread that died (killed, out of memory): the machine's trouble, not a bug (exit 2). */
function pairOf(r: Reply, what: string): PairReply {
  if (!('pair' in r)) throw new TroubleError(`${what} on a worker thread failed (${'failed' in r ? r.failed : 'no result'}); nothing was decided, run it again.`)
  return r
}

/**
 * Two sorted columns' Wasserstein-1 distance, computed on a worker thread ahead of queued sorts:
 * both arrays travel there and back (no copy) and are unusable after the call; use the returned ones.
 */
export async function wassersteinOnWorker(a: Float64Array, b: Float64Array): Promise<{ sorted: [Float64Array, Float64Array]; wasserstein: number }> {
  const [x, y] = [own(a), own(b)]
  const r = pairOf(await sharedPool().run({ job: 0, pair: [x, y] }, buffers(x, y), true), 'comparing')
  return { sorted: r.pair, wasserstein: r.wasserstein! }
}

export interface FastReadOptions {
  cwd: string
  delimiter?: string
  /** Only these columns (all when undefined). */
  columns?: string[]
  /** Columns not to read. */
  exclude?: string[]
  chunkBytes?: number
  workers?: number
  /**
   * Text columns stop encoding new values past this many distinct values per worker thread, except
   * those in `fullText`: their remaining cells are counted as `unencoded` (see CategoricalColumn).
   */
  textLimit?: number
  fullText?: string[]
  onFallback?: (reason: string) => void
  /** Called once the first file is sampled: the workers have their work, this thread is free (the dataset hashes the files then). */
  onSampled?: () => void
  /** false: text columns come with their counts only; their codes and dictionary are not kept. */
  textCodes?: boolean
  /** Columns read as text, each value as written, even when they hold numbers (see ReadTableOptions.text). */
  text?: string[]
}

/**
 * Reads uncompressed CSV/TSV files into typed columns on worker threads, the same table the row
 * reader builds. Returns undefined when the files hold anything the row reader decides differently
 * (mixed-type columns, ragged rows, a quoted line break across chunks): the caller then reads row by row.
 */
export async function fastReadTable(sources: DataSource[], options: FastReadOptions): Promise<Table | undefined> {
  return readOnPool(sources, options)
}

/** Reads the files on the pool; the table's `files` are left to the caller (the dataset computes the digests). */
async function readOnPool(sources: DataSource[], options: FastReadOptions): Promise<Table | undefined> {
  const give = (reason: string) => {
    options.onFallback?.(reason)
    return undefined
  }
  const chunkBytes = Math.max(1024, options.chunkBytes ?? 4 << 20)
  const workersPool = options.workers || options.chunkBytes ? new ColumnPool(options.workers ?? 2, chunkBytes) : sharedPool()
  workersPool.warm()
  let wanted: string[] | undefined
  let numericByName: Map<string, boolean> | undefined
  let assembler: Assembler | undefined
  for (const source of sources) {
    const path = absolutePath(source.path, options.cwd)
    const delimiter = options.delimiter ?? (source.format === 'tsv' ? '\t' : ',')
    if (!scannableDelimiter(delimiter)) return give('delimiter')
    const sample = await sampleFile(path, source, delimiter)
    options.onSampled?.()
    if (!sample) return give(`${source.path}: no complete rows in the first 256 KiB`)
    if (!wanted) {
      const absent = (options.columns ?? []).filter((c) => !sample.names.includes(c))
      if (absent.length) return give(`${source.path}: no column ${absent.join(', ')}`)
      wanted = (options.columns ? sample.names.filter((n) => options.columns!.includes(n)) : sample.names).filter((n) => !options.exclude?.includes(n))
      if (new Set(sample.names).size !== sample.names.length) return give(`${source.path}: repeated column names`)
      numericByName = new Map()
      for (const name of wanted) {
        const kind = sample.kinds[sample.names.indexOf(name)]
        const asText = options.text?.includes(name) === true
        if (kind === 'unknown' || (kind === 'mixed' && !asText)) return give(`${source.path}: column '${name}' is ${kind === 'mixed' ? 'of mixed type' : 'empty'} in the first rows`)
        numericByName.set(name, kind === 'numeric' && !asText)
      }
      const totalBytes = sources.reduce((a, s) => a + s.bytes, 0)
      assembler = new Assembler(
        wanted,
        wanted.map((n) => numericByName!.get(n)!),
        Math.max(1024, Math.ceil((totalBytes / Math.max(1, sample.rowBytes)) * 1.05)),
        options.textCodes !== false,
      )
    }
    const plan: ColumnPlan = { path, delimiter: delimiter.charCodeAt(0), width: sample.names.length, columns: [], codes: options.textCodes !== false }
    for (const name of wanted) {
      const index = sample.names.indexOf(name)
      if (index < 0) return give(`${source.path}: lacks column '${name}'`)
      const limit = options.textLimit !== undefined && !options.fullText?.includes(name) ? options.textLimit : undefined
      plan.columns.push({ index, numeric: numericByName!.get(name)!, limit })
    }
    const job = workersPool.job()
    const bounds: number[] = []
    for (let b = sample.dataStart; b < source.bytes; b += chunkBytes) bounds.push(b)
    bounds.push(source.bytes)
    const estimate = Math.ceil((chunkBytes / Math.max(1, sample.rowBytes)) * 1.25)
    // chunks are taken into the table in file order as soon as their predecessors are in
    const waiting = new Map<number, ChunkColumns>()
    let next = 0
    let lastEnd = -1
    let problem: string | undefined
    const take = (r: Reply) => {
      if (problem) return
      if ('dirty' in r) problem = r.dirty
      else if ('failed' in r) problem = `worker failed: ${r.failed}`
      if (problem) return workersPool.drop(job)
      waiting.set((r as ChunkColumns).chunk, r as ChunkColumns)
      for (let c = waiting.get(next); c; c = waiting.get(next)) {
        waiting.delete(next)
        if (next > 0 && c.start !== lastEnd) {
          problem = `chunk ${next} does not start where chunk ${next - 1} ended`
          return
        }
        lastEnd = c.end
        workersPool.recycle(assembler!.add(job, c))
        next++
      }
    }
    const reads = Promise.all(bounds.slice(0, -1).map((from, k) => workersPool.run({ job, plan, chunk: k, from, to: bounds[k + 1], first: k === 0, size: source.bytes, estimate }).then(take)))
    await reads
    workersPool.close(job)
    if (problem) return give(`${source.path}: ${problem}`)
  }
  if (!wanted || !assembler) return give('no file')
  return { columns: assembler.columns(), rowCount: assembler.rows, files: [] }
}

/** The number of distinct values among arrays of hashes. */
function distinctHashes(parts: Int32Array[]): number {
  const all = concatTyped(parts, (n) => new Int32Array(n)).sort()
  let n = 0
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) n++
  return n
}

/**
 * Builds the table's columns from chunks taken in file order. Text columns are counted per value as
 * chunks come in; their codes (renumbered in order of first appearance) and dictionary are built from
 * the kept chunk codes on first use, which drift never needs.
 */
class Assembler {
  rows = 0
  private numeric: (Float64Array | undefined)[]
  private readonly integer: boolean[]
  private readonly present: number[]
  /** Per text column: the chunks' worker codes with the worker's words, in file order, until codes are built. */
  private pending: { codes: Int32Array; local: { words: string[][]; maps: Int32Array[] } }[][]
  private readonly codes: (Int32Array | undefined)[]
  private readonly dictionaries: string[][]
  private readonly globals: Map<string, number>[]
  private readonly counts: Map<string, number>[]
  private readonly missing: number[]
  private readonly unencoded: number[]
  private readonly unencodedHashes: Int32Array[][]
  /** Per job and worker, per column: the worker's words in code order and their global codes. */
  private locals = new Map<string, { words: string[][]; maps: Int32Array[] }>()

  constructor(
    private readonly names: string[],
    private readonly isNumeric: boolean[],
    private capacity: number,
    /** false: the chunks bring text columns as counts only (see FastReadOptions.textCodes). */
    private readonly keepCodes: boolean,
  ) {
    this.numeric = isNumeric.map((n) => (n ? new Float64Array(capacity) : undefined))
    this.pending = names.map(() => [])
    this.codes = names.map(() => undefined)
    this.dictionaries = names.map(() => [])
    this.globals = names.map(() => new Map())
    this.counts = names.map(() => new Map())
    this.missing = names.map(() => 0)
    this.unencoded = names.map(() => 0)
    this.unencodedHashes = names.map(() => [])
    this.integer = names.map(() => true)
    this.present = names.map(() => 0)
  }

  private grow(need: number): void {
    while (this.capacity < need) this.capacity *= 2
    this.numeric = this.numeric.map((a) => {
      if (!a) return a
      const next = new Float64Array(this.capacity)
      next.set(a.subarray(0, this.rows))
      return next
    })
  }

  /** Takes the next chunk; returns the buffers it has copied (free for the workers again). */
  add(job: number, c: ChunkColumns): ArrayBuffer[] {
    if (this.rows + c.rows > this.capacity) this.grow(this.rows + c.rows)
    const key = `${job}:${c.worker}`
    let local = this.locals.get(key)
    if (!local) this.locals.set(key, (local = { words: this.names.map(() => []), maps: this.names.map(() => new Int32Array(16).fill(-1)) }))
    const copied: ArrayBuffer[] = []
    for (let k = 0; k < this.names.length; k++) {
      if (this.isNumeric[k]) {
        this.numeric[k]!.set((c.values[k] as Float64Array).subarray(0, c.rows), this.rows)
        copied.push(c.values[k].buffer as ArrayBuffer)
        if (c.integer[k] === 0) this.integer[k] = false
        this.present[k] += c.present[k]
        continue
      }
      const words = local.words[k]
      for (const w of c.words[k] ?? []) words.push(w)
      if (local.maps[k].length < words.length) {
        const next = new Int32Array(words.length * 2).fill(-1)
        next.set(local.maps[k])
        local.maps[k] = next
      }
      const pairs = c.counts[k]!
      const counts = this.counts[k]
      for (let i = 0; i < pairs.length; i += 2) {
        const word = words[pairs[i]]
        counts.set(word, (counts.get(word) ?? 0) + pairs[i + 1])
      }
      this.missing[k] += c.missing[k]
      this.unencoded[k] += c.unencoded[k]
      if (c.unencoded[k] > 0) this.unencodedHashes[k].push(c.hashes[k]!)
      if (this.keepCodes) this.pending[k].push({ codes: (c.values[k] as Int32Array).subarray(0, c.rows), local })
    }
    this.rows += c.rows
    return copied
  }

  /** The table codes of text column k, built once from the kept chunks. */
  private codesOf(k: number): Int32Array {
    let dst = this.codes[k]
    if (dst) return dst
    if (this.unencoded[k] > 0) throw new Error(`column '${this.names[k]}' was read past its text limit: its codes were not kept`)
    if (!this.keepCodes) throw new Error(`column '${this.names[k]}' was read as counts only: its codes were not kept`)
    dst = this.codes[k] = new Int32Array(this.rows)
    let o = 0
    for (const { codes, local } of this.pending[k]) {
      this.recode(k, codes, o, local.maps[k], local.words[k], dst)
      o += codes.length
    }
    this.pending[k] = []
    return dst
  }

  /** Worker codes → table codes, numbering new words in order of first appearance. */
  private recode(k: number, src: Int32Array, o: number, map: Int32Array, words: string[], dst: Int32Array): void {
    for (let i = 0; i < src.length; i++) {
      const l = src[i]
      if (l < 0) {
        dst[o + i] = -1
        continue
      }
      const g = map[l]
      dst[o + i] = g >= 0 ? g : (map[l] = this.globalCode(k, words[l]))
    }
  }

  private globalCode(k: number, word: string): number {
    const global = this.globals[k]
    let g = global.get(word)
    if (g === undefined) {
      g = this.dictionaries[k].length
      this.dictionaries[k].push(word)
      global.set(word, g)
    }
    return g
  }

  columns(): Column[] {
    return this.names.map((name, k) => {
      if (this.isNumeric[k]) {
        // a view, not a copy: the spare capacity is cheaper than copying a million values
        const col: NumericColumn = { type: 'numeric', name, values: this.numeric[k]!.subarray(0, this.rows), integer: this.present[k] > 0 && this.integer[k], finite: this.present[k] }
        return col
      }
      const codes = () => this.codesOf(k)
      const dictionary = () => (this.codesOf(k), this.dictionaries[k])
      const words = [...this.counts[k].keys()]
      const col: CategoricalColumn = {
        type: 'categorical',
        name,
        get codes() {
          return codes()
        },
        get dictionary() {
          return dictionary()
        },
        source: words.length > 0 && words.every(isBooleanWord) ? 'boolean' : 'string',
        counts: this.counts[k],
        missing: this.missing[k],
        ...(this.unencoded[k] > 0 ? { unencoded: this.unencoded[k], distinctAtLeast: Math.max(this.counts[k].size, distinctHashes(this.unencodedHashes[k])) } : {}),
      }
      return col
    })
  }
}
