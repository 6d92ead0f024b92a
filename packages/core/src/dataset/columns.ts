import { fastReadTable } from '../io/fast/read-columns.ts'
import { readsInParallel } from '../io/fast/eligible.ts'
import { readRowColumns } from '../io/table.ts'
import type { FileDigest } from '../report/model.ts'
import type { Column, Table } from '../table/types.ts'
import { SourceDigests } from './digests.ts'
import type { DatasetFiles } from './files.ts'
import { TEXT_LIMIT } from './policy.ts'

export interface ColumnRequest {
  /** Only these columns (all when undefined). */
  columns?: string[]
  /** Columns not to read. */
  exclude?: string[]
  /** Columns read as text, each value as written, even when they hold numbers (codes such as zip codes). */
  text?: string[]
  /**
   * Mostly unique text columns may come counted only (`unencoded` cells) past TEXT_LIMIT distinct
   * values, except the columns named here; `ColumnRead.inFull()` reads them again with every value.
   */
  countText?: { except: string[] }
  /** false: text columns may come with their counts only, without codes or dictionary. */
  textCodes?: boolean
  /** Why the worker-thread reader gave way to the row reader (for debug logs). */
  onFallback?: (reason: string) => void
}

/** A dataset read into typed columns. The table comes before its files' digests. */
export interface ColumnRead {
  readonly table: Table
  /** The files' digests in order (also set as `table.files`); rejects naming a file that changed while it was read. */
  digests(): Promise<FileDigest[]>
  /** Whether some text column was only counted past the text limit (its values are unknown). */
  readonly partial: boolean
  /** The same files read again with every value of every text column (this read when none was only counted); the digests are shared. */
  inFull(): Promise<ColumnRead>
}

/** A text column counted only past the text limit: some of its values are unknown. */
export function countedOnly(c: Column): boolean {
  return c.type === 'categorical' && (c.unencoded ?? 0) > 0
}

/** Reads a dataset into typed columns: on worker threads when it is large plain CSV/TSV, row by row otherwise or when those give way. */
export async function readColumns(data: DatasetFiles, request: ColumnRequest, digests = new SourceDigests(data.sources, data.cwd, data.role)): Promise<ColumnRead> {
  const table = (await readOnThreads(data, request, digests)) ?? (await readByRows(data, request, digests))
  const partial = table.columns.some(countedOnly)
  const read: ColumnRead = {
    table,
    partial,
    digests: async () => (table.files = await digests.all()),
    // the files are the same: this read's digests serve
    inFull: async () => (partial ? readColumns(data, { ...request, countText: undefined }, digests) : read),
  }
  return read
}

async function readOnThreads(data: DatasetFiles, request: ColumnRequest, digests: SourceDigests): Promise<Table | undefined> {
  if (!readsInParallel(data.sources)) return undefined
  // the files' digests are computed on this thread while the workers parse (once the first file is
  // sampled: the workers wait for that, not for the digests)
  const fresh = digests.inBackground(false)
  const table = await fastReadTable(data.sources, {
    cwd: data.cwd,
    delimiter: data.delimiter,
    columns: request.columns,
    exclude: request.exclude,
    onFallback: request.onFallback,
    textLimit: request.countText ? TEXT_LIMIT : undefined,
    fullText: request.countText?.except,
    textCodes: request.textCodes,
    text: request.text,
    onSampled: () => digests.start(),
  })
  if (!table && fresh) digests.abandon()
  return table
}

async function readByRows(data: DatasetFiles, request: ColumnRequest, digests: SourceDigests): Promise<Table> {
  const hashes = data.sources.map((_, i) => digests.reading(i))
  const { columns, rowCount } = await readRowColumns(
    data.sources,
    { cwd: data.cwd, delimiter: data.delimiter, columns: request.columns, exclude: request.exclude, text: request.text },
    {
      bytes: (i) => hashes[i]?.update,
      // each file's digest from the same read (a Parquet file's after it, as its reader takes no bytes)
      read: async (i) => {
        hashes[i]?.done()
        await digests.file(i)
      },
    },
  )
  return { columns, rowCount, files: [] }
}
