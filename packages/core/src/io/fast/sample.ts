import { ByteCsvReader } from '../bytes-csv.ts'
import type { CsvRow } from '../bytes-csv.ts'
import { isMissingText, textNumber } from '../../schema/cell-rules.ts'
import type { DataSource } from '../sources.ts'
import { cellSpan } from './cell-span.ts'
import { readCsvHead } from './csv-head.ts'
import { CSV_KERNEL_BASE64 } from './csv-kernel.wasm.ts'
import { kernelHost } from './kernel-host.ts'

export type SampledKind = 'numeric' | 'text' | 'unknown' | 'mixed'

export interface FileSample {
  names: string[]
  dataStart: number
  kinds: SampledKind[]
  rowBytes: number
}

/**
 * Header, first data offset and column kinds decided from the file's first rows, as the row reader
 * would: 64 KiB, or 256 KiB when a column has no value in the first 64 (a column found mixed or
 * text later on makes its chunk fall back to the row reader either way). The rows are read by the
 * CSV kernel, every column as numbers; the cells it cannot read as a decimal are looked at here.
 */
export async function sampleFile(path: string, source: DataSource, delimiter: string, bytes = 64 << 10): Promise<FileSample | undefined> {
  const head = await readCsvHead(path, source.path, delimiter, source.bytes, bytes)
  if (!head) return undefined
  const end = head.bytes.lastIndexOf(10) + 1
  const sampled = head.bytes.subarray(0, end)
  const kinds = (end > head.dataStart ? kernelKinds(sampled, head.dataStart, head.names.length, delimiter) : undefined) ?? rowKinds(sampled, source.path, delimiter)
  if (!kinds) return undefined
  if (bytes < 256 << 10 && source.bytes > bytes && head.names.some((_, j) => kinds.seen[j] === undefined)) return sampleFile(path, source, delimiter, 256 << 10)
  if (kinds.rows === 0) return undefined
  return { names: head.names, dataStart: head.dataStart, kinds: head.names.map((_, j) => kinds.seen[j] ?? 'unknown'), rowBytes: (end - head.dataStart) / kinds.rows }
}

/** What the values of one column looked like so far. */
function note(seen: SampledKind[], j: number, numeric: boolean): void {
  const kind = seen[j] ?? 'unknown'
  if (kind === 'unknown') seen[j] = numeric ? 'numeric' : 'text'
  else if (kind === 'numeric' && !numeric) seen[j] = 'mixed'
}

/** A cell the kernel did not read as a decimal: a number all the same, missing (undefined) or text. */
function classify(text: string): boolean | undefined {
  const trimmed = text.trim()
  if (!Number.isNaN(textNumber(trimmed))) return true
  return isMissingText(text) ? undefined : false
}

/** Kinds from the kernel; undefined when a row is irregular (the row reader then decides). */
function kernelKinds(buf: Buffer, start: number, width: number, delimiter: string): { seen: SampledKind[]; rows: number } | undefined {
  // a few kilobytes to decode, once per sampled file
  const kernel = Buffer.from(CSV_KERNEL_BASE64, 'base64')
  const host = kernelHost(
    kernel,
    buf.length + 16,
    Array.from({ length: width }, () => 1 as const),
    delimiter.charCodeAt(0),
    4096,
    false,
  )
  buf.copy(host.data)
  const data = host.data.subarray(0, buf.length)
  const delim = delimiter.charCodeAt(0)
  const seen: SampledKind[] = []
  let rows = 0
  for (let pos = start; pos < buf.length; pos = host.end()) {
    const n = host.parse(pos, buf.length)
    if (n <= 0) return undefined
    for (let j = 0; j < width; j++) {
      // only the first value and the cells that are not decimals can change what the column is
      const others = host.sums[j]![7] > 0
      if (seen[j] !== undefined && !others) continue
      const stat = host.status[j]
      for (let i = 0; i < n; i++) {
        if (stat[i] === 1) continue
        let numeric: boolean | undefined = true
        if (stat[i] === 2) {
          const span = cellSpan(data, host.numbers[j]![i], delim)
          if (!span) return undefined
          const text = data.toString('utf8', span[0], span[1])
          numeric = classify(span[2] ? text.replaceAll('""', '"') : text)
          if (numeric === undefined) continue
        }
        note(seen, j, numeric)
        if (!others) break
      }
    }
    rows += n
  }
  return { seen, rows }
}

/** Kinds from the row reader (what the kernel leaves to it: ragged or blank rows, bare carriage returns), over the same bytes. */
function rowKinds(buf: Buffer, displayPath: string, delimiter: string): { seen: SampledKind[]; rows: number } | undefined {
  const seen: SampledKind[] = []
  let rows = -1
  const reader = new ByteCsvReader(displayPath, delimiter, (row: CsvRow) => {
    // the first row is the header
    if (rows++ < 0) return
    for (let j = 0; j < row.count; j++) {
      if (row.isEmpty(j)) continue
      const numeric = !Number.isNaN(row.number(j)) || classify(row.text(j))
      if (numeric !== undefined) note(seen, j, numeric)
    }
  })
  try {
    reader.push(buf)
    reader.end()
  } catch {
    // bytes the row reader rejects: it reports them when it reads the file
    return undefined
  }
  return { seen, rows: Math.max(rows, 0) }
}
