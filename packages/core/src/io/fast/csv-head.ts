import { open } from 'node:fs/promises'
import { ByteCsvReader } from '../bytes-csv.ts'
import type { CsvRow } from '../bytes-csv.ts'

export interface CsvHead {
  names: string[]
  /** Offset of the first data row (after the header line and any BOM). */
  dataStart: number
  /** End of the last complete row read (the rows given to onRow lie in dataStart..sampleEnd). */
  sampleEnd: number
  /** The bytes read from the start of the file (at least up to sampleEnd). */
  bytes: Buffer
}

/**
 * Reads the first `maxBytes` of a delimited file: the header's names and where the data starts, and
 * each complete data row in that span to `onRow`. Undefined when the header does not end in the span
 * or the bytes are unreadable (the row reader then reports what is wrong).
 */
export async function readCsvHead(path: string, displayPath: string, delimiter: string, size: number, maxBytes: number, onRow?: (row: CsvRow) => void): Promise<CsvHead | undefined> {
  const fh = await open(path, 'r')
  try {
    const head = Buffer.alloc(Math.min(size, maxBytes))
    const { bytesRead } = await fh.read(head, 0, head.length, 0)
    const bytes = head.subarray(0, bytesRead)
    // the header ends at the first line feed outside quotes
    let inQuote = false
    let dataStart = -1
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 34) inQuote = !inQuote
      else if (bytes[i] === 10 && !inQuote) {
        dataStart = i + 1
        break
      }
    }
    if (dataStart < 0) return undefined
    let names: string[] | undefined
    const reader = new ByteCsvReader(displayPath, delimiter, (row) => {
      if (names) onRow?.(row)
      else names = Array.from({ length: row.count }, (_, i) => row.text(i))
    })
    const sampleEnd = onRow ? bytes.lastIndexOf(10) + 1 : dataStart
    reader.push(bytes.subarray(0, sampleEnd))
    reader.end()
    return names ? { names, dataStart, sampleEnd, bytes } : undefined
  } catch {
    return undefined
  } finally {
    await fh.close()
  }
}
