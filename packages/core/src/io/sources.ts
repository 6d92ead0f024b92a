import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { createGunzip } from 'node:zlib'
import { glob } from 'tinyglobby'
import { ConfigurationError, fileError } from '../errors.ts'
import { splitList } from '../inputs.ts'

/** The values of every task's `format` input: a data format, or auto (from the file's extension). */
export const FORMAT_OPTIONS = ['auto', 'csv', 'tsv', 'json', 'jsonl', 'parquet'] as const
export type FormatOption = (typeof FORMAT_OPTIONS)[number]
export type DataFormat = Exclude<FormatOption, 'auto'>

export interface DataSource {
  path: string
  format: DataFormat
  gzip: boolean
  bytes: number
}

const GLOB_CHARS = /[*?[\]{}]/

/** Expands a path, a glob or a comma/newline list of them into existing files, sorted, in order of mention. */
export async function expandPaths(spec: string | string[], cwd: string, role = 'data'): Promise<string[]> {
  const items = Array.isArray(spec) ? spec.flatMap((s) => splitList(s)) : splitList(spec)
  if (items.length === 0) throw new ConfigurationError(`No ${role} file was given.`)
  const out: string[] = []
  for (const item of items) {
    if (GLOB_CHARS.test(item)) {
      const matches = (await glob(item, { cwd, absolute: false, onlyFiles: true, expandDirectories: false })).sort()
      if (matches.length === 0) throw new ConfigurationError(`The ${role} pattern '${item}' matches no file.`)
      out.push(...matches)
    } else out.push(item)
  }
  return [...new Set(out)]
}

export function detectFormat(path: string, option: FormatOption = 'auto'): { format: DataFormat; gzip: boolean } {
  const lower = path.toLowerCase()
  const gzip = lower.endsWith('.gz')
  if (option !== 'auto') return { format: option, gzip }
  const base = gzip ? lower.slice(0, -3) : lower
  const ext = base.slice(base.lastIndexOf('.') + 1)
  const byExt: Record<string, DataFormat> = { csv: 'csv', tsv: 'tsv', tab: 'tsv', txt: 'csv', json: 'json', jsonl: 'jsonl', ndjson: 'jsonl', parquet: 'parquet', pq: 'parquet' }
  const format = byExt[ext]
  if (!format) throw new ConfigurationError(`Cannot tell the format of '${path}' from its extension; set the format input (csv, tsv, json, jsonl, parquet).`)
  return { format, gzip }
}

export async function resolveSources(spec: string | string[], cwd: string, format: FormatOption = 'auto', role = 'data'): Promise<DataSource[]> {
  const paths = await expandPaths(spec, cwd, role)
  const sources: DataSource[] = []
  for (const path of paths) {
    const abs = isAbsolute(path) ? path : resolve(cwd, path)
    let bytes = 0
    try {
      const s = await stat(abs)
      if (s.isDirectory()) throw Object.assign(new Error('dir'), { code: 'EISDIR' })
      bytes = s.size
    } catch (e) {
      fileError(e, path, `${role} file`)
    }
    sources.push({ path, ...detectFormat(path, format), bytes })
  }
  return sources
}

/** Raw bytes of a source (gunzipped when needed), in chunks of about 1 MiB. */
export async function* readBytes(source: DataSource, cwd: string, onFileBytes?: (b: Buffer) => void): AsyncGenerator<Buffer> {
  const abs = isAbsolute(source.path) ? source.path : resolve(cwd, source.path)
  const stream = createReadStream(abs, { highWaterMark: 1 << 20 })
  // the file's own bytes (before gunzip), e.g. for its sha256
  if (onFileBytes) stream.on('data', (c) => onFileBytes(c as Buffer))
  const body = source.gzip ? stream.pipe(createGunzip()) : stream
  try {
    for await (const chunk of body) yield chunk as Buffer
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' || (e as NodeJS.ErrnoException).code === 'Z_BUF_ERROR')
      throw new ConfigurationError(`${source.path}: source-error — the file is not valid gzip (${(e as Error).message}).`)
    fileError(e, source.path, 'data file')
  }
}

/** Offset of the first byte that breaks UTF-8 in `buf`, or -1. */
function firstInvalidUtf8(buf: Uint8Array): number {
  for (let i = 0; i < buf.length;) {
    const b = buf[i]
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    if (len === 0) return i
    if (i + len > buf.length) return -1 // cut by the chunk boundary: the decoder carries it
    for (let k = 1; k < len; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i
    i += len
  }
  return -1
}

/** Decoded text chunks of a source; invalid UTF-8 is an encoding-error naming the line. */
export async function* readText(source: DataSource, cwd: string, onFileBytes?: (b: Buffer) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  let lines = 1
  for await (const chunk of readBytes(source, cwd, onFileBytes)) {
    let text: string
    try {
      text = decoder.decode(chunk, { stream: true })
    } catch {
      const at = firstInvalidUtf8(chunk)
      let line = lines
      for (let i = 0; i < Math.max(at, 0); i++) if (chunk[i] === 10) line++
      throw new ConfigurationError(`${source.path}: encoding-error — invalid UTF-8 at line ${line}; save the file as UTF-8.`)
    }
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++
    yield text
  }
  const tail = decoder.decode()
  if (tail) yield tail
}

export function absolutePath(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path)
}
