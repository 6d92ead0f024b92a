import { createHash } from 'node:crypto'
import { sha256File } from '../fs.ts'
import type { FileDigest } from '../report/model.ts'
import type { CategoricalColumn, Column, NumericColumn, Table } from '../table/types.ts'
import { ConfigurationError } from '../errors.ts'
import { readsInParallel } from './fast/eligible.ts'
import { fastReadTable } from './fast/read-columns.ts'
import { isBooleanWord, isMissingText } from '../schema/cell-rules.ts'
import type { Row } from './row.ts'
import { readRows } from './records.ts'
import type { FormatOption } from './sources.ts'
import { absolutePath, resolveSources } from './sources.ts'

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

export interface ReadTableOptions {
  format?: FormatOption
  delimiter?: string
  /** Only these columns (all when undefined). */
  columns?: string[]
  /** Columns not to read. */
  exclude?: string[]
  cwd?: string
  role?: string
  /** Why the parallel reader gave way to the row reader (for debug logs). */
  onFallback?: (reason: string) => void
  /** See FastReadOptions: mostly unique text columns may be left unencoded past this many values. */
  textLimit?: number
  fullText?: string[]
  /** The table may come before its files' digests: see Table.digested. */
  deferDigests?: boolean
  /** false: text columns may come counted only, without codes or dictionary (see FastReadOptions). */
  textCodes?: boolean
  /** An earlier read of the same files whose digests are still to come: they are used, not computed again. */
  digestsFrom?: Table
  /** Columns read as text, each value as written, even when they hold numbers (codes such as zip codes). */
  text?: string[]
}

/**
 * Reads one dataset (a file, a glob or a list of shards of the same columns) into typed columns:
 * numbers as Float64Array with NaN for missing, everything else dictionary-encoded.
 */
export async function readTable(paths: string | string[], options: ReadTableOptions = {}): Promise<Table> {
  const cwd = options.cwd ?? '.'
  const role = options.role ?? 'data'
  const sources = await resolveSources(paths, cwd, options.format ?? 'auto', role)
  if (readsInParallel(sources)) {
    const table = await fastReadTable(sources, {
      cwd,
      delimiter: options.delimiter,
      columns: options.columns,
      exclude: options.exclude,
      onFallback: options.onFallback,
      textLimit: options.textLimit,
      fullText: options.fullText,
      deferDigests: options.deferDigests,
      textCodes: options.textCodes,
      digestsFrom: options.digestsFrom,
      text: options.text,
    })
    if (table) return table
  }
  let builders: ColumnBuilder[] | undefined
  let picks: number[] = []
  let rowCount = 0
  const files: FileDigest[] = []
  for (const source of sources) {
    let map: number[] = []
    const hash = createHash('sha256')
    let bytes = 0
    await readRows(
      source,
      {
        header: (names) => {
          if (!builders) {
            const wanted = (options.columns ? names.filter((n) => options.columns!.includes(n)) : names).filter((n) => !options.exclude?.includes(n))
            for (const c of options.columns ?? []) if (!names.includes(c)) throw new ConfigurationError(`${source.path}: column '${c}' does not exist; columns are ${names.join(', ')}.`)
            builders = wanted.map((n) => new ColumnBuilder(n, options.text?.includes(n)))
            picks = wanted.map((n) => names.indexOf(n))
            map = picks
          } else {
            map = builders.map((b) => names.indexOf(b.name))
            const missing = builders.filter((_, i) => map[i] < 0).map((b) => b.name)
            if (missing.length) throw new ConfigurationError(`${source.path}: shard lacks column(s) ${missing.join(', ')} that ${sources[0].path} has.`)
          }
        },
        row: (row) => {
          rowCount++
          const bs = builders!
          for (let j = 0; j < bs.length; j++) bs[j].add(row, map[j])
        },
      },
      {
        cwd,
        delimiter: options.delimiter,
        // the file's digest comes from the same read
        onFileBytes: (b) => {
          hash.update(b)
          bytes += b.length
        },
      },
    )
    files.push(source.format === 'parquet' ? { ...(await sha256File(absolutePath(source.path, cwd), `${role} file`)), path: source.path } : { path: source.path, bytes, sha256: hash.digest('hex') })
  }
  return { columns: (builders ?? []).map((b) => b.build()), rowCount, files }
}
