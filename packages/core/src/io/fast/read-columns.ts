import type { CategoricalColumn, Column, NumericColumn, Table } from '../../table/types.ts'
import { TroubleError } from '../../errors.ts'
import { isBooleanWord, scannableDelimiter } from '../../schema/cell-rules.ts'
import type { DataSource } from '../sources.ts'
import { absolutePath } from '../sources.ts'
import { concatTyped } from './concat.ts'
import { sampleFile } from './sample.ts'
import type { ChunkColumns, ColumnReadPlan } from '../../worker/jobs/read-columns.ts'
import { sharedPool, WorkerPool } from '../../worker/pool.ts'
import type { Failed, Reply } from '../../worker/protocol.ts'
import { isFailed } from '../../worker/protocol.ts'

type Moments = { mean: number; std: number }

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
  const r = pairOf(await sharedPool().run<'sort-pair'>({ kind: 'sort-pair', pair: [x, y], dense, wasserstein }, buffers(x, y)), 'sorting')
  return { sorted: r.pair, moments: r.moments, infinite: r.infinite, ...(r.wasserstein !== undefined ? { wasserstein: r.wasserstein } : {}) }
}

/** A worker's reply about a pair, or the sentence of a thread that died (killed, out of memory): the machine's trouble, not a bug (exit 2). */
function pairOf<K extends 'sort-pair' | 'distance'>(r: Reply<K>, what: string): Exclude<Reply<K>, Failed> {
  if (isFailed(r)) throw new TroubleError(`${what} on a worker thread failed (${r.lost ? `a reading thread ${r.failed}` : r.failed}); nothing was decided, run it again.`)
  return r as Exclude<Reply<K>, Failed>
}

/**
 * Two sorted columns' Wasserstein-1 distance, computed on a worker thread ahead of queued sorts:
 * both arrays travel there and back (no copy) and are unusable after the call; use the returned ones.
 */
export async function wassersteinOnWorker(a: Float64Array, b: Float64Array): Promise<{ sorted: [Float64Array, Float64Array]; wasserstein: number }> {
  const [x, y] = [own(a), own(b)]
  const r = pairOf(await sharedPool().run<'distance'>({ kind: 'distance', pair: [x, y] }, buffers(x, y), true), 'comparing')
  return { sorted: r.pair, wasserstein: r.wasserstein }
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

/** The columns read from every file: their names, which are numeric, and the table they go into. */
interface Layout {
  wanted: string[]
  numeric: Map<string, boolean>
  assembler: Assembler
}

/** Reads the files on the pool; the table's `files` are left to the caller (the dataset computes the digests). */
async function readOnPool(sources: DataSource[], options: FastReadOptions): Promise<Table | undefined> {
  const give = (reason: string) => {
    options.onFallback?.(reason)
    return undefined
  }
  const chunkBytes = Math.max(1024, options.chunkBytes ?? 4 << 20)
  const pool = options.workers || options.chunkBytes ? new WorkerPool(options.workers ?? 2) : sharedPool()
  pool.warm()
  let layout: Layout | string | undefined
  for (const source of sources) {
    const path = absolutePath(source.path, options.cwd)
    const delimiter = options.delimiter ?? (source.format === 'tsv' ? '\t' : ',')
    if (!scannableDelimiter(delimiter)) return give('delimiter')
    const sample = await sampleFile(path, source, delimiter)
    options.onSampled?.()
    if (!sample) return give(`${source.path}: no complete rows in the first 256 KiB`)
    layout ??= layoutOf(sources, source, sample, options)
    if (typeof layout === 'string') return give(layout)
    const plan = planOf(layout, path, delimiter, source, sample, options)
    if (typeof plan === 'string') return give(plan)
    const problem = await readChunks(pool, plan, { bytes: source.bytes, dataStart: sample.dataStart, rowBytes: sample.rowBytes }, chunkBytes, layout.assembler)
    if (problem) return give(`${source.path}: ${problem}`)
  }
  if (!layout || typeof layout === 'string') return give('no file')
  return { columns: layout.assembler.columns(), rowCount: layout.assembler.rows, files: [] }
}

type Sample = NonNullable<Awaited<ReturnType<typeof sampleFile>>>

/** The columns to read, typed from the first file's sample, or why the fast path gives way. */
function layoutOf(sources: DataSource[], source: DataSource, sample: Sample, options: FastReadOptions): Layout | string {
  const absent = (options.columns ?? []).filter((c) => !sample.names.includes(c))
  if (absent.length) return `${source.path}: no column ${absent.join(', ')}`
  const wanted = (options.columns ? sample.names.filter((n) => options.columns!.includes(n)) : sample.names).filter((n) => !options.exclude?.includes(n))
  if (new Set(sample.names).size !== sample.names.length) return `${source.path}: repeated column names`
  const numeric = new Map<string, boolean>()
  for (const name of wanted) {
    const kind = sample.kinds[sample.names.indexOf(name)]
    const asText = options.text?.includes(name) === true
    if (kind === 'unknown' || (kind === 'mixed' && !asText)) return `${source.path}: column '${name}' is ${kind === 'mixed' ? 'of mixed type' : 'empty'} in the first rows`
    numeric.set(name, kind === 'numeric' && !asText)
  }
  const totalBytes = sources.reduce((a, s) => a + s.bytes, 0)
  const capacity = Math.max(1024, Math.ceil((totalBytes / Math.max(1, sample.rowBytes)) * 1.05))
  return {
    wanted,
    numeric,
    assembler: new Assembler(
      wanted,
      wanted.map((n) => numeric.get(n)!),
      capacity,
      options.textCodes !== false,
    ),
  }
}

/** What the threads read of one file, or why it cannot be read so. */
function planOf(layout: Layout, path: string, delimiter: string, source: DataSource, sample: Sample, options: FastReadOptions): ColumnReadPlan | string {
  const plan: ColumnReadPlan = { path, delimiter: delimiter.charCodeAt(0), width: sample.names.length, columns: [], codes: options.textCodes !== false }
  for (const name of layout.wanted) {
    const index = sample.names.indexOf(name)
    if (index < 0) return `${source.path}: lacks column '${name}'`
    const limit = options.textLimit !== undefined && !options.fullText?.includes(name) ? options.textLimit : undefined
    plan.columns.push({ index, numeric: layout.numeric.get(name)!, limit })
  }
  return plan
}

/** Reads one file's chunks on the pool into the table, in file order; why it could not, or undefined. */
async function readChunks(pool: WorkerPool, plan: ColumnReadPlan, file: { bytes: number; dataStart: number; rowBytes: number }, chunkBytes: number, assembler: Assembler): Promise<string | undefined> {
  const job = pool.job()
  const bounds: number[] = []
  for (let b = file.dataStart; b < file.bytes; b += chunkBytes) bounds.push(b)
  bounds.push(file.bytes)
  const estimate = Math.ceil((chunkBytes / Math.max(1, file.rowBytes)) * 1.25)
  // chunks are taken into the table in file order as soon as their predecessors are in
  const waiting = new Map<number, ChunkColumns>()
  let next = 0
  let lastEnd = -1
  let problem: string | undefined
  const take = (r: Reply<'read-chunk'>) => {
    if (problem) return
    if (isFailed(r)) problem = `worker failed: ${r.lost ? `a reading thread ${r.failed}` : r.failed}`
    else if ('dirty' in r) problem = r.dirty
    if (problem) return pool.drop((q) => q.kind === 'read-chunk' && q.job === job, 'dropped')
    const { columns } = r as Extract<Reply<'read-chunk'>, { columns: ChunkColumns }>
    waiting.set(columns.chunk, columns)
    for (let c = waiting.get(next); c; c = waiting.get(next)) {
      waiting.delete(next)
      if (next > 0 && c.start !== lastEnd) {
        problem = `chunk ${next} does not start where chunk ${next - 1} ended`
        return
      }
      lastEnd = c.end
      pool.recycle(assembler.add(job, c))
      next++
    }
  }
  const dataCap = chunkBytes + (2 << 20)
  const chunk = (from: number, k: number) => ({ kind: 'read-chunk' as const, job, plan, chunk: k, from, to: bounds[k + 1], first: k === 0, size: file.bytes, estimate, dataCap })
  await Promise.all(bounds.slice(0, -1).map((from, k) => pool.run<'read-chunk'>(chunk(from, k)).then(take)))
  pool.broadcast({ kind: 'close', job })
  return problem
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
