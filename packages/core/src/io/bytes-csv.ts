import { isUtf8 } from 'node:buffer'
import { ConfigurationError } from '../errors.ts'
import { textInteger, textNumber } from '../schema/cell-rules.ts'
import type { Row } from './row.ts'

const LF = 10
const CR = 13
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

/** A CSV record as byte ranges into the current chunk; text is decoded only when asked for. */
export class CsvRow implements Row {
  readonly typed = false
  line = 0
  count = 0
  buf: Buffer = Buffer.alloc(0)
  starts = new Int32Array(64)
  ends = new Int32Array(64)
  /** 1 when the field was quoted and holds doubled quotes to unescape. */
  escaped = new Uint8Array(64)

  ensure(n: number): void {
    if (n < this.starts.length) return
    const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
      const next = new (a.constructor as new (n: number) => T)(a.length * 2)
      next.set(a)
      return next
    }
    this.starts = grow(this.starts)
    this.ends = grow(this.ends)
    this.escaped = grow(this.escaped)
  }

  /** Field i spans [start, end) of the chunk. */
  field(i: number, start: number, end: number, escaped: number): void {
    this.starts[i] = start
    this.ends[i] = end
    this.escaped[i] = escaped
  }

  isEmpty(i: number): boolean {
    return i >= this.count || this.ends[i] === this.starts[i]
  }

  text(i: number): string {
    if (i >= this.count) return ''
    const s = this.buf.toString('utf8', this.starts[i], this.ends[i])
    return this.escaped[i] ? s.replaceAll('""', '"') : s
  }

  value(i: number): unknown {
    return this.text(i)
  }

  integer(i: number): number {
    if (i >= this.count) return NaN
    const b = this.buf
    let p = this.starts[i]
    const end = this.ends[i]
    let neg = false
    if (p < end && (b[p] === 45 || b[p] === 43)) neg = b[p++] === 45
    if (p === end || end - p > 15) {
      return textInteger(this.text(i).trim())
    }
    let v = 0
    for (; p < end; p++) {
      const c = b[p]
      if (c < 48 || c > 57) return NaN
      v = v * 10 + (c - 48)
    }
    return neg ? -v : v
  }

  /** Decimal numbers are parsed from bytes (Clinger's exact fast path); anything else goes through the number grammar. */
  number(i: number): number {
    if (i >= this.count) return NaN
    const b = this.buf
    let p = this.starts[i]
    const end = this.ends[i]
    if (p === end) return NaN
    let neg = false
    let c = b[p]
    if (c === 45 || c === 43) {
      neg = c === 45
      p++
    }
    let mant = 0
    let digits = 0
    let frac = 0
    let any = false
    while (p < end && (c = b[p]) >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48)
      digits++
      p++
      any = true
    }
    if (p < end && b[p] === 46) {
      p++
      while (p < end && (c = b[p]) >= 48 && c <= 57) {
        mant = mant * 10 + (c - 48)
        digits++
        frac++
        p++
        any = true
      }
    }
    if (p === end && any && digits <= 15 && frac <= 22) {
      const v = frac === 0 ? mant : mant / POW10[frac]
      return neg ? -v : v
    }
    return textNumber(this.text(i).trim())
  }
}

/** Where an unquoted field that starts at `pos` ends: at the delimiter, a line break or the end of the chunk. */
function unquotedEnd(buf: Buffer, pos: number, delim: number): number {
  const n = buf.length
  while (pos < n) {
    const c = buf[pos]
    if (c === delim || c === LF || c === CR) break
    pos++
  }
  return pos
}

/**
 * RFC 4180 reader over raw bytes: quoted fields, doubled quotes, embedded newlines, CRLF or LF,
 * BOM, a one-byte delimiter. Rows cut by a chunk boundary are carried into the next chunk.
 */
export class ByteCsvReader {
  private carry: Buffer | undefined
  private line = 1
  private first = true
  private readonly row = new CsvRow()
  private readonly delim: number

  constructor(
    private readonly file: string,
    delimiter: string,
    private readonly onRow: (row: CsvRow) => void,
  ) {
    if (Buffer.byteLength(delimiter) !== 1) throw new ConfigurationError(`The delimiter must be one character, got '${delimiter}'.`)
    this.delim = delimiter.charCodeAt(0)
  }

  push(chunk: Buffer): void {
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk
    if (this.first) {
      if (buf.length < 3 && buf.length > 0 && buf[0] === 0xef) {
        this.carry = buf
        return
      }
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3)
      this.first = false
    }
    const used = this.parse(buf, false)
    this.carry = used < buf.length ? Buffer.from(buf.subarray(used)) : undefined
  }

  end(): void {
    if (this.carry && this.carry.length > 0) this.parse(this.carry, true)
    this.carry = undefined
  }

  private checkUtf8(buf: Buffer, from: number, to: number, line: number): void {
    if (isUtf8(buf.subarray(from, to))) return
    let bad = from
    // locate the row: re-check line by line
    let l = line
    for (let i = from; i < to; i++) {
      if (buf[i] === LF) {
        if (!isUtf8(buf.subarray(bad, i))) break
        bad = i + 1
        l++
      }
    }
    throw new ConfigurationError(`${this.file}: encoding-error — invalid UTF-8 at line ${l}; save the file as UTF-8.`)
  }

  private parse(buf: Buffer, final: boolean): number {
    const n = buf.length
    const delim = this.delim
    const row = this.row
    row.buf = buf
    let pos = 0
    let lastChecked = 0
    let checkedLine = this.line
    while (pos < n) {
      const rowStart = pos
      const rowLine = this.line
      let newlines = 0
      let count = 0
      for (;;) {
        row.ensure(count + 1)
        if (pos < n && buf[pos] === 34) {
          const qLine = rowLine + newlines
          const start = ++pos
          let escaped = 0
          let closed = false
          while (pos < n) {
            const c = buf[pos]
            if (c === 34) {
              if (pos + 1 < n && buf[pos + 1] === 34) {
                escaped = 1
                pos += 2
                continue
              }
              if (pos + 1 >= n && !final) break
              closed = true
              break
            }
            if (c === LF) newlines++
            pos++
          }
          if (!closed) {
            if (!final) return rowStart
            throw new ConfigurationError(`${this.file}: format-error — unclosed quote starting at line ${qLine}.`)
          }
          row.field(count, start, pos, escaped)
          pos++
          // bytes after the closing quote up to the delimiter are dropped, as most readers do
          while (pos < n && buf[pos] !== delim && buf[pos] !== LF && buf[pos] !== CR) pos++
        } else {
          const start = pos
          pos = unquotedEnd(buf, pos, delim)
          row.field(count, start, pos, 0)
        }
        count++
        if (pos >= n) {
          if (!final) return rowStart
          break
        }
        const c = buf[pos]
        if (c === delim) {
          pos++
          continue
        }
        if (c === CR) {
          if (pos + 1 >= n && !final) return rowStart
          pos += pos + 1 < n && buf[pos + 1] === LF ? 2 : 1
        } else pos++
        newlines++
        break
      }
      if (pos - lastChecked > 1 << 16 || pos >= n) {
        this.checkUtf8(buf, lastChecked, pos, checkedLine)
        lastChecked = pos
        checkedLine = rowLine + newlines
      }
      row.count = count
      row.line = rowLine
      this.line = rowLine + newlines
      this.onRow(row)
    }
    return pos
  }
}
