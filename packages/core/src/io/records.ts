import { ConfigurationError } from '../errors.ts'
import { ByteCsvReader } from './bytes-csv.ts'
import type { Row } from './row.ts'
import { ValueRow } from './row.ts'
import type { DataSource } from './sources.ts'
import { readBytes, readText } from './sources.ts'

export interface RowHandler {
  /** Column names of this source and the line they are on (0 when the format has no header line). */
  header(names: string[], line: number): void
  /** One record in header order; the object is reused for the next record. `extraKeys`: JSON keys not in the header. */
  row(row: Row, extraKeys?: string[]): void
}

export interface ReadOptions {
  delimiter?: string
  cwd: string
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
      handler.header(Array.from({ length: row.count }, (_, i) => row.text(i)), row.line)
    } else handler.row(row)
  })
  for await (const chunk of readBytes(source, options.cwd, options.onFileBytes)) reader.push(chunk)
  reader.end()
  if (!headerSeen) throw new ConfigurationError(`${source.path}: the file is empty — expected a header row with column names.`)
}

const shared = new ValueRow()

function objectRow(value: unknown, names: string[] | undefined, line: number, source: DataSource, handler: RowHandler): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigurationError(`${source.path}: format-error at line ${line} — expected a JSON object per record, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)?.slice(0, 40)}.`)
  const record = value as Record<string, unknown>
  let header = names
  if (!header) {
    header = Object.keys(record)
    handler.header(header, 0)
  }
  const cells = header.map((k) => (k in record ? record[k] : undefined))
  const extra = Object.keys(record).filter((k) => !header.includes(k))
  handler.row(shared.set(cells, line), extra.length ? extra : undefined)
  return header
}

async function readJsonLines(source: DataSource, handler: RowHandler, options: ReadOptions): Promise<void> {
  let names: string[] | undefined
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
    names = objectRow(value, names, line, source, handler)
  }
  for await (const chunk of readText(source, options.cwd, options.onFileBytes)) {
    const text = carry + chunk
    let start = 0
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      take(text.slice(start, nl).replace(/\r$/, '').replace(/^\uFEFF/, ''))
      start = nl + 1
    }
    carry = text.slice(start)
  }
  if (carry !== '') take(carry.replace(/\r$/, ''))
  if (!names) handler.header([], 0)
}

async function readJsonArray(source: DataSource, handler: RowHandler, options: ReadOptions): Promise<void> {
  // a JSON array is parsed whole: use JSON Lines for datasets larger than memory
  const chunks: Buffer[] = []
  for await (const b of readBytes(source, options.cwd, options.onFileBytes)) chunks.push(b)
  const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new ConfigurationError(`${source.path}: format-error — not valid JSON (${(e as Error).message}).`)
  }
  const rows = Array.isArray(value) ? value : (value as { data?: unknown })?.data
  if (!Array.isArray(rows)) throw new ConfigurationError(`${source.path}: format-error — expected a JSON array of records.`)
  let names: string[] | undefined
  rows.forEach((r, i) => {
    names = objectRow(r, names, i + 1, source, handler)
  })
  if (!names) handler.header([], 0)
}

