import { readHead } from '../drift/head.ts'
import type { DataHead } from '../drift/head.ts'
import type { DataSource, FormatOption } from '../io/sources.ts'
import { resolveSources } from '../io/sources.ts'
import type { Table } from '../table/types.ts'
import { readColumns } from './columns.ts'
import type { ColumnRead, ColumnRequest } from './columns.ts'
import type { DatasetFiles } from './files.ts'
import { amountOf } from './files.ts'
import { validateDataset } from './validation.ts'
import type { Validation, ValidateRequest } from './validation.ts'

export { countedOnly } from './columns.ts'
export type { ColumnRead, ColumnRequest } from './columns.ts'
export type { Validation, ValidateRequest } from './validation.ts'
export { measurePair } from './measure.ts'
export { TEXT_LIMIT, WORKER_SORT_MIN_VALUES } from './policy.ts'
export { csvParts, pieceLabel, readPieceRows, RecordBoundaries, shardPieces } from './shard.ts'
export type { ShardPiece } from './shard.ts'

export interface OpenOptions {
  cwd: string
  format?: FormatOption
  /** How the task calls the data in its sentences (default 'data'). */
  role?: string
  /** Field delimiter of CSV files (default: comma, tab for TSV). */
  delimiter?: string
}

/**
 * What a task names as data (a file, a glob, a list of shards), opened: its files, and the ways to
 * read them (first rows, typed columns, validation), each choosing its engine and computing the
 * files' digests by the one rule (see digests.ts).
 */
export class Dataset implements DatasetFiles {
  readonly bytes: number

  private constructor(
    readonly sources: DataSource[],
    readonly cwd: string,
    readonly role: string,
    readonly delimiter: string | undefined,
  ) {
    this.bytes = sources.reduce((a, s) => a + s.bytes, 0)
  }

  /** Resolves the files (a missing file or a pattern that matches none is the user's mistake, in one sentence). */
  static async open(spec: string | string[], options: OpenOptions): Promise<Dataset> {
    const role = options.role ?? 'data'
    const sources = await resolveSources(spec, options.cwd, options.format ?? 'auto', role)
    return new Dataset(sources, options.cwd, role, options.delimiter)
  }

  /** "'a.csv' (12.3 MB)", "3 files (146 MB)" */
  amount(): string {
    return amountOf(this.sources)
  }

  /** The header and first rows of the first file: every column and which hold codes written with leading zeros. */
  head(): Promise<DataHead> {
    return readHead(this.sources[0], this.cwd)
  }

  /** Typed columns; the table comes first, the digests when asked for. */
  columns(request: ColumnRequest = {}): Promise<ColumnRead> {
    return readColumns(this, request)
  }

  /** Every row checked against a schema, by the engine that covers the files; with the files' digests. */
  validate(request: ValidateRequest): Promise<Validation> {
    return validateDataset(this, request)
  }
}

export function openDataset(spec: string | string[], options: OpenOptions): Promise<Dataset> {
  return Dataset.open(spec, options)
}

export interface ReadTableOptions extends ColumnRequest {
  cwd?: string
  format?: FormatOption
  role?: string
  delimiter?: string
}

/** A dataset read into typed columns with its files' digests, in one call. */
export async function readTable(spec: string | string[], options: ReadTableOptions = {}): Promise<Table> {
  const { cwd = '.', format, role, delimiter, ...request } = options
  const read = await (await openDataset(spec, { cwd, format, role, delimiter })).columns(request)
  await read.digests()
  return read.table
}
