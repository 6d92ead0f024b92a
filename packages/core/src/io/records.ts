import { ConfigurationError } from '../errors.ts'
import { ByteCsvReader } from './bytes-csv.ts'
import type { Row } from './row.ts'
import { ValueRow } from './row.ts'
import type { DataSource } from './sources.ts'
import { readBytes, readText } from './sources.ts'

export interface RowHandler {
  /** Column names of this source and the line they are on (0 when the format has no header line). */
  header(names: string[], line: number): void
  /** One record in header order; the object is reused for the next record. */
  row(row: Row): void
  /** Keyed records (JSON): keys first seen in this record (at `line`), appended to the header before the record comes. */
  newColumns?(names: string[], line: number): void
  /** Keyed records (JSON), at the end of a file: header columns that no record of the file had. */
  absentColumns?(names: string[]): void
}

export interface ReadOptions {
  delimiter?: string
  cwd: string
  /** Keyed records (JSON): the columns a file's header starts with, before any key is read (a schema's fields). */
  columns?: string[]
  /** Receives the file's raw bytes as they are read (text formats only). */
  onFileBytes?: (b: Buffer) => void
}

/** Streams every record of one source to the handler, whatever its format. */
export async function readRows(source: DataSource, handler: RowHandler, options: ReadOptions): Promise<void> {
  switch (source.format) {
    case 'csv':
    case 'tsv':
      return readDelimited(source, handler, options.delimiter ?? (source.format === 'tsv' ? '\t' : ','), options)
    case 'jsonl':
      return readJsonLines(source, handler, options)
    case 'json':
      return readJsonArray(source, handler, options)
    case 'parquet':
      // hyparquet and its codecs load only for Parquet input
      return (await import('./parquet.ts')).readParquetRows(source, handler, options.cwd)
  }
}

async function readDelimited(source: DataSource, handler: RowHandler, delimiter: string, options: ReadOptions): Promise<void> {
  let headerSeen = false
  const reader = new ByteCsvReader(source.path, delimiter, (row) => {
    if (!headerSeen) {
      headerSeen = true
      handler.header(
        Array.from({ length: row.count }, (_, i) => row.text(i)),
        row.line,
      )
    } else handler.row(row)
  })
  for await (const chunk of readBytes(source, options.cwd, options.onFileBytes)) reader.push(chunk)
  reader.end()
  if (!headerSeen) throw new ConfigurationError(`${source.path}: the file is empty — expected a header row with column names.`)
}

/**
 * Keyed records (JSON, JSON Lines) as one table: the header is the declared columns, then every key in the
 * order it first appears; a record lacking a key has an empty cell there.
 */
class KeyedRecords {
  private readonly names: string[] = []
  private readonly known = new Set<string>()
  /** Per column: whether a record of the file had it. */
  private readonly seen: boolean[] = []
  private started = false
  private readonly row = new ValueRow()

  constructor(
    private readonly source: DataSource,
    private readonly handler: RowHandler,
    declared: string[] = [],
  ) {
    for (const n of declared) this.add(n)
  }

  private add(name: string): void {
    if (this.known.has(name)) return
    this.known.add(name)
    this.names.push(name)
    this.seen.push(false)
  }

  take(value: unknown, line: number): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new ConfigurationError(
        `${this.source.path}: format-error at line ${line} — expected a JSON object per record, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)?.slice(0, 40)}.`,
      )
    const record = value as Record<string, unknown>
    const added = Object.keys(record).filter((k) => !this.known.has(k))
    for (const k of added) this.add(k)
    // the first record's keys are part of the header; later ones are announced as they come
    if (!this.started) this.start()
    else if (added.length) this.handler.newColumns?.(added, line)
    const cells: unknown[] = new Array(this.names.length)
    for (let i = 0; i < this.names.length; i++) {
      const k = this.names[i]
      if (Object.hasOwn(record, k)) {
        cells[i] = record[k]
        this.seen[i] = true
      }
    }
    this.handler.row(this.row.set(cells, line))
  }

  private start(): void {
    this.started = true
    this.handler.header([...this.names], 0)
  }

  /** Ends the file: the header if no record came, then the columns that no record had. */
  end(): void {
    if (!this.started) this.start()
    const absent = this.names.filter((_, i) => !this.seen[i])
    if (absent.length) this.handler.absentColumns?.(absent)
  }
}

/**
 * Rows as JSON arrays (tabular JSON, as Frictionless reads it): the first array is the header row, the
 * arrays after it the cells of each row in the header's order.
 */
class ArrayRecords {
  private header: string[] | undefined
  private readonly row = new ValueRow()

  constructor(
    private readonly source: DataSource,
    private readonly handler: RowHandler,
  ) {}

  take(value: unknown, line: number): void {
    if (!Array.isArray(value))
      throw new ConfigurationError(`${this.source.path}: format-error at line ${line} — expected a JSON array per row (the first array is the header row), got ${JSON.stringify(value)?.slice(0, 40)}.`)
    if (this.header) {
      this.handler.row(this.row.set(value, line))
      return
    }
    const bad = value.findIndex((v) => typeof v !== 'string')
    if (bad >= 0) throw new ConfigurationError(`${this.source.path}: format-error at line ${line} — the header row's item ${bad + 1} is ${JSON.stringify(value[bad])}, not a column name (a string).`)
    this.header = value as string[]
    this.handler.header([...this.header], line)
  }

  end(): void {
    if (!this.header) this.handler.header([], 0)
  }
}

/** The reader of a file's records, chosen by its first: keyed objects, or arrays after a header row. */
function recordsFor(first: unknown, source: DataSource, handler: RowHandler, options: ReadOptions): KeyedRecords | ArrayRecords {
  return Array.isArray(first) ? new ArrayRecords(source, handler) : new KeyedRecords(source, handler, options.columns)
}

async function readJsonLines(source: DataSource, handler: RowHandler, options: ReadOptions): Promise<void> {
  let records: KeyedRecords | ArrayRecords | undefined
  let carry = ''
  let line = 0
  const take = (text: string) => {
    line++
    if (text.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (e) {
      throw new ConfigurationError(`${source.path}: format-error at line ${line} — not valid JSON (${(e as Error).message}).`)
    }
    records ??= recordsFor(value, source, handler, options)
    records.take(value, line)
  }
  for await (const chunk of readText(source, options.cwd, options.onFileBytes)) {
    const text = carry + chunk
    let start = 0
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      take(
        text
          .slice(start, nl)
          .replace(/\r$/, '')
          .replace(/^\uFEFF/, ''),
      )
      start = nl + 1
    }
    carry = text.slice(start)
  }
  if (carry !== '') take(carry.replace(/\r$/, ''))
  const last = records ?? new KeyedRecords(source, handler, options.columns)
  last.end()
}

async function readJsonArray(source: DataSource, handler: RowHandler, options: ReadOptions): Promise<void> {
  // a JSON array is parsed whole: use JSON Lines for datasets larger than memory
  const chunks: Buffer[] = []
  for await (const b of readBytes(source, options.cwd, options.onFileBytes)) chunks.push(b)
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new ConfigurationError(`${source.path}: format-error — not valid JSON (${(e as Error).message}).`)
  }
  const rows = Array.isArray(value) ? value : (value as { data?: unknown })?.data
  if (!Array.isArray(rows)) throw new ConfigurationError(`${source.path}: format-error — expected a JSON array of records (objects, or arrays after a header row).`)
  const records = recordsFor(rows[0], source, handler, options)
  rows.forEach((r, i) => records.take(r, i + 1))
  records.end()
}
