export interface ChunkRequest {
  /** Nominal byte range of the chunk; the first chunk starts exactly at `from` (the first data row). */
  from: number
  to: number
  first: boolean
  /** File size. */
  size: number
}

/** A chunk in the reader's buffer: rows start at `offset` and end before `length` (a line feed is always last). */
export type LoadedChunk = { empty: true; start: number; end: number } | { empty: false; area: Buffer; offset: number; length: number; start: number; end: number }

export interface ChunkReader {
  load(req: ChunkRequest): LoadedChunk
  close(): void
}

/**
 * Reads the rows of one byte-range chunk of a delimited file into a reused buffer. Runs inside worker
 * threads from its source text, so it references nothing outside itself (`fs` is handed in).
 *
 * A chunk owns the rows that start in it: from just after the first line feed at or after
 * `from − 1` to just after the first line feed at or after `to − 1`. Neighbouring chunks therefore
 * meet at the same offset; the caller proves it by parsing exactly up to `end`.
 */
export function chunkReader(fs: any, path: string, fixed?: Buffer): ChunkReader {
  const LF = 10
  const fd = fs.openSync(path, 'r')
  /** One read buffer, reused chunk after chunk (with a spare byte for the sentinel line feed); `fixed` never grows. */
  let area: Buffer = fixed ?? Buffer.allocUnsafe(0)

  function fill(position: number, offset: number, length: number): number {
    let got = 0
    while (got < length) {
      const n = fs.readSync(fd, area, offset + got, length - got, position + got)
      if (n === 0) break
      got += n
    }
    return got
  }

  /** Reads more bytes after the `got` already in the area, up to file offset `to`. */
  function readMore(from: number, got: number, to: number): number {
    if (area.length < to - from + 1) {
      if (fixed) throw new Error('mlgate: row too long')
      const next = Buffer.allocUnsafe(Math.max(to - from + 1, area.length * 2))
      area.copy(next, 0, 0, got)
      area = next
    }
    return got + fill(from + got, got, to - from - got)
  }

  return {
    load({ from, to, first, size }) {
      // bytes from one before the range (to find its first row) to the first line feed after it
      const readFrom = first ? from : from - 1
      let got = readMore(readFrom, 0, Math.min(size, to + 65536))
      let end = to >= size ? size : -1
      while (end < 0) {
        const i = area.indexOf(LF, to - 1 - readFrom)
        if (i >= 0 && i < got) end = readFrom + i + 1
        else if (readFrom + got >= size) end = size
        else got = readMore(readFrom, got, Math.min(size, readFrom + got + (1 << 20)))
      }
      let start = from
      if (!first) {
        const i = area.indexOf(LF, 0)
        start = i >= 0 && i < got ? readFrom + i + 1 : size
      }
      if (start >= end) return { empty: true, start, end }
      let length = end - readFrom
      // a final line feed as sentinel: scan loops stop at one without a bounds check
      if (area[length - 1] !== LF) {
        if (length === area.length) readMore(readFrom, got, readFrom + got)
        area[length++] = LF
      }
      return { empty: false, area, offset: start - readFrom, length, start, end }
    },
    close() {
      fs.closeSync(fd)
    },
  }
}
