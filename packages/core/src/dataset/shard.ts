import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { parquetMetadataAsync } from 'hyparquet'
import { ConfigurationError } from '../errors.ts'
import { ByteCsvReader } from '../io/bytes-csv.ts'
import { parquetFile, readParquetRows } from '../io/parquet.ts'
import type { RowHandler } from '../io/records.ts'
import { readRows } from '../io/records.ts'
import type { DataSource } from '../io/sources.ts'
import { absolutePath } from '../io/sources.ts'

/**
 * One piece of a shard: a whole file, a byte range of an uncompressed CSV/TSV file (cut at record
 * starts, see RecordBoundaries), or a range of a Parquet file's row groups.
 */
export interface ShardPiece {
  source: DataSource
  /** [start, end) of the file's bytes: the records that start in it (the header is read from the file's start); `aligned`: both are record starts already. */
  bytes?: { start: number; end: number; aligned?: boolean }
  /** Row groups [from, to). */
  rowGroups?: { from: number; to: number }
}

/** How a piece is named in a profile's shard: "a.csv", "a.csv#bytes=0-1048576", "b.parquet#rowgroups=2-4". */
export function pieceLabel(p: ShardPiece): string {
  if (p.bytes) return `${p.source.path}#bytes=${p.bytes.start}-${p.bytes.end}`
  if (p.rowGroups) return `${p.source.path}#rowgroups=${p.rowGroups.from}-${p.rowGroups.to}`
  return p.source.path
}

/** Parts per file when `count` shards share `files` files: at least one each, the rest by size (largest remainder). */
function partsPerFile(sources: DataSource[], count: number): number[] {
  const total = sources.reduce((a, s) => a + Math.max(s.bytes, 1), 0)
  const extra = count - sources.length
  const raw = sources.map((s) => (extra * Math.max(s.bytes, 1)) / total)
  const parts = raw.map((r) => 1 + Math.floor(r))
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (let k = 0, left = count - parts.reduce((a, b) => a + b, 0); k < left; k++) parts[order[k][1]]++
  return parts
}

function splittable(s: DataSource, parts: number): void {
  if (parts <= 1) return
  if (s.gzip || (s.format !== 'csv' && s.format !== 'tsv' && s.format !== 'parquet'))
    throw new ConfigurationError(
      `The data file '${s.path}' cannot be split into ${parts} shards: only uncompressed CSV/TSV files (by bytes) and Parquet files (by row groups) can be; give at least as many files as shards.`,
    )
}

async function rowGroupCount(s: DataSource, cwd: string): Promise<number> {
  const { buffer, close } = await parquetFile(absolutePath(s.path, cwd))
  try {
    return (await parquetMetadataAsync(buffer)).row_groups.length
  } catch (e) {
    throw new ConfigurationError(`${s.path}: source-error — not a readable Parquet file (${(e as Error).message}).`)
  } finally {
    await close()
  }
}

/** Part k of n of one file. */
async function partOf(s: DataSource, k: number, n: number, cwd: string): Promise<ShardPiece> {
  if (n === 1) return { source: s }
  if (s.format === 'parquet') {
    const groups = await rowGroupCount(s, cwd)
    return { source: s, rowGroups: { from: Math.floor((k * groups) / n), to: Math.floor(((k + 1) * groups) / n) } }
  }
  return { source: s, bytes: { start: Math.floor((k * s.bytes) / n), end: Math.floor(((k + 1) * s.bytes) / n) } }
}

/**
 * The pieces of shard `index` (1 … count) of a dataset: with at least as many files as shards, a run
 * of whole files (files in order, split as evenly as their number allows); with fewer, every file is
 * cut into parts (by size), and shard i is the i-th part in file order. Every row is in exactly one shard.
 */
export async function shardPieces(sources: DataSource[], shard: { index: number; count: number }, cwd: string): Promise<ShardPiece[]> {
  const { index, count } = shard
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 1 || index > count)
    throw new ConfigurationError(`The shard ${index}/${count} does not exist: write it i/n with 1 ≤ i ≤ n.`)
  const k = index - 1
  if (sources.length >= count) return sources.slice(Math.floor((k * sources.length) / count), Math.floor(((k + 1) * sources.length) / count)).map((source) => ({ source }))
  const parts = partsPerFile(sources, count)
  let first = 0
  for (const [f, s] of sources.entries()) {
    if (k < first + parts[f]) {
      splittable(s, parts[f])
      return [await partOf(s, k - first, parts[f], cwd)]
    }
    first += parts[f]
  }
  return []
}

const QUOTE = 34
const LF = 10
const CR = 13

/**
 * Record starts of a CSV file at byte offsets, as io/bytes-csv.ts reads it: a quote opens a quoted field
 * only at a field's start, a doubled quote inside one is a quote, and a line break inside one is part of
 * the field. The state at an offset is found by walking the file from its start quote to quote (a scan
 * at disk speed, nothing is parsed), so a quoted field across a cut is seen: its record belongs to the
 * shard it starts in, never split between two. Offsets must be asked for in increasing order.
 */
export class RecordBoundaries {
  private pos = 0
  private inQuotes = false
  private pendingQuote = false
  /** The last byte consumed (−1 at the start of the file, after its BOM). */
  private prev = -1
  /** Whether the last scan stopped after a line break outside quotes. */
  private foundLf = false
  /** The last record start found. */
  private last = 0
  private readonly buf = Buffer.alloc(1 << 20)

  private constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
    private readonly delim: number,
  ) {}

  static async open(path: string, delimiter: string): Promise<RecordBoundaries> {
    const handle = await open(path, 'r')
    const b = new RecordBoundaries(handle, (await handle.stat()).size, delimiter.charCodeAt(0))
    const head = Buffer.alloc(3)
    await handle.read(head, 0, 3, 0)
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) b.pos = 3
    return b
  }

  close(): Promise<void> {
    return this.handle.close()
  }

  /** The first record start at or after `at`: 0, the offset after a line break outside quotes, or the file's size. */
  async at(at: number): Promise<number> {
    if (at <= 0) return 0
    if (at >= this.size) return this.size
    if (at <= this.last) return this.last
    this.last = await this.next(at)
    return this.last
  }

  private async next(at: number): Promise<number> {
    // consume [pos, at − 1): the byte at − 1 may be the line break that ends the record before `at`
    while (this.pos < at - 1) await this.chunk(at - 1, false)
    while (this.pos < this.size) {
      const lf = await this.chunk(this.size, true)
      if (lf >= 0) return lf + 1
    }
    return this.size
  }

  /** Reads and consumes bytes up to `limit`; with `lookForLf`, stops after the first line break outside quotes and returns its offset. */
  private async chunk(limit: number, lookForLf: boolean): Promise<number> {
    const want = Math.min(this.buf.length, limit - this.pos)
    const { bytesRead } = await this.handle.read(this.buf, 0, want, this.pos)
    if (bytesRead <= 0) {
      this.pos = limit
      return -1
    }
    const used = this.scan(this.buf.subarray(0, bytesRead), lookForLf)
    const base = this.pos
    this.pos += used
    return this.foundLf ? base + used - 1 : -1
  }

  /** Walks buf; returns how many bytes were consumed (all, or through the first line break outside quotes when looking for one). */
  private scan(buf: Buffer, lookForLf: boolean): number {
    this.foundLf = false
    let i = 0
    const n = buf.length
    while (i < n) {
      if (this.pendingQuote) {
        this.pendingQuote = false
        if (buf[i] === QUOTE) {
          i++
          this.prev = QUOTE
          continue
        }
        this.inQuotes = false
      }
      if (this.inQuotes) {
        const q = buf.indexOf(QUOTE, i)
        if (q < 0) return this.consumed(buf, n)
        this.pendingQuote = true
        this.prev = QUOTE
        i = q + 1
        continue
      }
      const q = buf.indexOf(QUOTE, i)
      if (lookForLf) {
        const lf = buf.subarray(0, q < 0 ? n : q).indexOf(LF, i)
        if (lf >= 0) {
          this.prev = LF
          this.foundLf = true
          return lf + 1
        }
      }
      if (q < 0) return this.consumed(buf, n)
      const before = q === i ? this.prev : buf[q - 1]
      if (before === -1 || before === this.delim || before === LF || before === CR) this.inQuotes = true
      this.prev = QUOTE
      i = q + 1
    }
    return n
  }

  private consumed(buf: Buffer, n: number): number {
    this.prev = buf[n - 1]
    return n
  }
}

/**
 * A piece of an uncompressed CSV/TSV file cut into parts of about `size` bytes at record starts (one walk
 * over the file: the same parts whatever reads them), or undefined for a piece that is no such file.
 */
export async function csvParts(piece: ShardPiece, size: number, cwd: string, delimiter?: string): Promise<ShardPiece[] | undefined> {
  const s = piece.source
  if (s.gzip || (s.format !== 'csv' && s.format !== 'tsv') || piece.rowGroups) return undefined
  const bounds = await RecordBoundaries.open(absolutePath(s.path, cwd), delimiter ?? (s.format === 'tsv' ? '\t' : ','))
  try {
    const from = piece.bytes ? await bounds.at(piece.bytes.start) : 0
    const to = piece.bytes ? await bounds.at(piece.bytes.end) : s.bytes
    const cuts = [from]
    for (let at = from + size; at < to; at += size) {
      const b = await bounds.at(at)
      if (b >= to) break
      if (b > cuts[cuts.length - 1]) cuts.push(b)
    }
    cuts.push(to)
    return cuts.slice(1).map((end, i) => ({ source: s, bytes: { start: cuts[i], end, aligned: true } }))
  } finally {
    await bounds.close()
  }
}

/** Streams a CSV piece: the file's header record, then the records that start in [start, end). */
async function readCsvRange(piece: ShardPiece, handler: RowHandler, delimiter: string, cwd: string): Promise<void> {
  const path = absolutePath(piece.source.path, cwd)
  const bounds = await RecordBoundaries.open(path, delimiter)
  let headerEnd: number
  let start: number
  let end: number
  try {
    headerEnd = await bounds.at(1)
    const { start: s, end: e, aligned } = piece.bytes!
    start = aligned ? s : Math.max(await bounds.at(s), s === 0 ? 0 : headerEnd)
    end = aligned ? e : Math.max(await bounds.at(e), start)
  } finally {
    await bounds.close()
  }
  let headerSeen = false
  const reader = new ByteCsvReader(piece.source.path, delimiter, (row) => {
    if (headerSeen) return handler.row(row)
    headerSeen = true
    handler.header(
      Array.from({ length: row.count }, (_, i) => row.text(i)),
      row.line,
    )
  })
  const ranges =
    start === 0
      ? [[0, end]]
      : [
          [0, headerEnd],
          [start, end],
        ]
  for (const [from, to] of ranges) {
    if (to <= from) continue
    for await (const chunk of createReadStream(path, { start: from, end: to - 1, highWaterMark: 1 << 20 })) reader.push(chunk as Buffer)
  }
  reader.end()
  if (!headerSeen) throw new ConfigurationError(`${piece.source.path}: the file is empty — expected a header row with column names.`)
}

/** Streams every record of a piece to the handler (header first), whatever its format. */
export async function readPieceRows(piece: ShardPiece, handler: RowHandler, o: { cwd: string; delimiter?: string }): Promise<void> {
  if (piece.bytes) return readCsvRange(piece, handler, o.delimiter ?? (piece.source.format === 'tsv' ? '\t' : ','), o.cwd)
  if (piece.rowGroups) return readParquetRows(piece.source, handler, o.cwd, piece.rowGroups)
  return readRows(piece.source, handler, { cwd: o.cwd, delimiter: o.delimiter })
}
