import type { CategoricalColumn, Column, NumericColumn, Table } from '../table/types.ts'
import { ConfigurationError } from '../errors.ts'
import { isBooleanWord, isMissingText } from '../schema/cell-rules.ts'
import type { Row } from './row.ts'
import { readRows } from './records.ts'
import type { DataSource } from './sources.ts'

/** Builds one column while rows stream in: numeric until a value that is not a number appears. */
class ColumnBuilder {
  private numbers = new Float64Array(1 << 16)
  private codes: Int32Array | undefined
  private dictionary: string[] = []
  private index = new Map<string, number>()
  private integer = true
  private booleans = true
  private sawValue = false
  length = 0

  /** `asText`: every value is kept as written ("01001" stays a code, not the number 1001). */
  constructor(
    readonly name: string,
    asText = false,
  ) {
    if (asText) this.codes = new Int32Array(1024)
  }

  private grow(): void {
    if (this.codes) {
      if (this.length === this.codes.length) {
        const next = new Int32Array(this.codes.length * 2)
        next.set(this.codes)
        this.codes = next
      }
    } else if (this.length === this.numbers.length) {
      const next = new Float64Array(this.numbers.length * 2)
      next.set(this.numbers)
      this.numbers = next
    }
  }

  private code(text: string): number {
    let c = this.index.get(text)
    if (c === undefined) {
      c = this.dictionary.length
      this.dictionary.push(text)
      this.index.set(text, c)
    }
    return c
  }

  /** Switches to dictionary encoding, turning the numbers read so far into text. */
  private toCategorical(): void {
    const codes = new Int32Array(Math.max(1024, this.numbers.length))
    for (let i = 0; i < this.length; i++) {
      const v = this.numbers[i]
      codes[i] = Number.isNaN(v) ? -1 : this.code(String(v))
    }
    this.codes = codes
  }

  add(row: Row, j: number): void {
    if (this.length === (this.codes ? this.codes.length : this.numbers.length)) this.grow()
    const i = this.length++
    if (j < 0 || row.isEmpty(j)) return this.missing(i)
    if (!this.codes) {
      const n = row.number(j)
      if (n === n) {
        // the common case inline: a number in a numeric column
        this.numbers[i] = n
        this.sawValue = true
        if (this.integer && !Number.isInteger(n)) this.integer = false
        this.booleans = false
        return
      }
    }
    const text = row.text(j)
    if (isMissingText(text)) return this.missing(i)
    this.text(i, text, isBooleanWord(text))
  }

  private missing(i: number): void {
    if (this.codes) this.codes[i] = -1
    else this.numbers[i] = NaN
  }

  private text(i: number, text: string, isBoolean: boolean): void {
    if (!isBoolean) this.booleans = false
    if (!this.codes) {
      this.length--
      this.toCategorical()
      this.length++
    }
    this.sawValue = true
    this.codes![i] = this.code(text)
  }

  build(): Column {
    if (!this.codes) {
      // a view, not a copy: the spare capacity is cheaper than copying a million values
      const c: NumericColumn = { type: 'numeric', name: this.name, values: this.numbers.subarray(0, this.length), integer: this.sawValue && this.integer }
      return c
    }
    const c: CategoricalColumn = {
      type: 'categorical',
      name: this.name,
      codes: this.codes.subarray(0, this.length),
      dictionary: this.dictionary,
      source: this.booleans && this.sawValue ? 'boolean' : 'string',
    }
    return c
  }
}

export interface RowColumnsOptions {
  cwd: string
  delimiter?: string
  /** Only these columns (all when undefined). */
  columns?: string[]
  /** Columns not to read. */
  exclude?: string[]
  /** Columns read as text, each value as written, even when they hold numbers (codes such as zip codes). */
  text?: string[]
}

/** What the caller does with each file's own bytes as they are read, and once a file is read (its digest). */
export interface FileHooks {
  bytes: (index: number) => ((b: Buffer) => void) | undefined
  read: (index: number) => Promise<void>
}

/**
 * Reads one dataset (shards of the same columns) row by row into typed columns: numbers as
 * Float64Array with NaN for missing, everything else dictionary-encoded.
 */
export async function readRowColumns(sources: DataSource[], options: RowColumnsOptions, hooks: FileHooks): Promise<Pick<Table, 'columns' | 'rowCount'>> {
  let builders: ColumnBuilder[] | undefined
  let rowCount = 0
  for (const [index, source] of sources.entries()) {
    let map: number[] = []
    await readRows(
      source,
      {
        header: (names) => {
          if (!builders) {
            builders = firstBuilders(source, names, options)
            map = builders.map((b) => names.indexOf(b.name))
          } else map = shardMap(source, sources[0], names, builders)
        },
        row: (row) => {
          rowCount++
          const bs = builders!
          for (let j = 0; j < bs.length; j++) bs[j].add(row, map[j])
        },
      },
      { cwd: options.cwd, delimiter: options.delimiter, onFileBytes: hooks.bytes(index) },
    )
    await hooks.read(index)
  }
  return { columns: (builders ?? []).map((b) => b.build()), rowCount }
}

/** The columns to build from the first file's header. */
function firstBuilders(source: DataSource, names: string[], options: RowColumnsOptions): ColumnBuilder[] {
  const wanted = (options.columns ? names.filter((n) => options.columns!.includes(n)) : names).filter((n) => !options.exclude?.includes(n))
  for (const c of options.columns ?? []) if (!names.includes(c)) throw new ConfigurationError(`${source.path}: column '${c}' does not exist; columns are ${names.join(', ')}.`)
  return wanted.map((n) => new ColumnBuilder(n, options.text?.includes(n)))
}

/** Where a later shard holds each column the first one has. */
function shardMap(source: DataSource, first: DataSource, names: string[], builders: ColumnBuilder[]): number[] {
  const map = builders.map((b) => names.indexOf(b.name))
  const missing = builders.filter((_, i) => map[i] < 0).map((b) => b.name)
  if (missing.length) throw new ConfigurationError(`${source.path}: shard lacks column(s) ${missing.join(', ')} that ${first.path} has.`)
  return map
}
