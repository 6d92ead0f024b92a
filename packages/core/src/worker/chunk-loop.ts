// The loop every chunk job runs on its thread: read a byte range of a file, let the WebAssembly CSV
// kernel split and read its rows batch by batch, and say why a chunk cannot be read this way.
import { isUtf8 } from 'node:buffer'
import type { ChunkRequest, ChunkReader } from '../io/fast/chunk-reader.ts'
import type { KernelHost } from '../io/fast/kernel-host.ts'
import { KERNEL_ERRORS } from '../io/fast/kernel-host.ts'

/** The file calls a chunk reader makes (node:fs, or a stand-in that counts open files in tests). */
export interface FileIo {
  openSync(path: string, flags: string): number
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number
  closeSync(fd: number): void
}

/**
 * A chunk the fast path cannot read as the row reader would (text in a numeric column, a ragged
 * row, a quoted line break across chunks, invalid UTF-8): the caller reads the file row by row.
 */
export class Dirty {
  constructor(readonly reason: string) {}
}

export function dirty(reason: string): never {
  throw new Dirty(reason)
}

/** What a chunk held: its rows, and the byte range they came from (neighbours must meet). */
export interface ParsedChunk {
  rows: number
  start: number
  end: number
}

/**
 * Reads one chunk and runs the kernel over it; `take(data, at, n)` receives each batch of n rows
 * (the kernel's outputs hold them; `data` is the chunk's bytes, `at` the rows taken before).
 */
export function parseChunk(reader: ChunkReader, host: KernelHost, range: ChunkRequest, take: (data: Buffer, at: number, rows: number) => void): ParsedChunk {
  const chunk = reader.load(range)
  let rows = 0
  if (chunk.empty) return { rows, start: chunk.start, end: chunk.end }
  if (!isUtf8(chunk.area.subarray(chunk.offset, chunk.length))) dirty('invalid UTF-8')
  const data = chunk.area.subarray(0, chunk.length)
  let pos = chunk.offset
  while (pos < chunk.length) {
    const n = host.parse(pos, chunk.length)
    if (n < 0) dirty(KERNEL_ERRORS[n] ?? 'kernel error')
    take(data, rows, n)
    rows += n
    pos = host.end()
  }
  if (pos !== chunk.length) dirty('chunk boundary inside a quoted field')
  return { rows, start: chunk.start, end: chunk.end }
}

/** Why a chunk was given up, for an error thrown while reading it; anything else is a bug and is thrown on. */
export function dirtyReason(e: unknown): string {
  if (e instanceof Dirty) return e.reason
  if ((e as Error)?.message === 'mlgate: row too long') return 'a row longer than the read buffer'
  throw e
}
