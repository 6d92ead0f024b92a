import { open } from 'node:fs/promises'
import { parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet'
import type { AsyncBuffer, FileMetaData } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { ConfigurationError } from '../errors.ts'
import type { RowHandler } from './records.ts'
import { ValueRow } from './row.ts'
import type { DataSource } from './sources.ts'
import { absolutePath } from './sources.ts'

/** A Parquet file as hyparquet reads it: byte ranges on demand. */
export async function parquetFile(path: string): Promise<{ buffer: AsyncBuffer; close: () => Promise<void> }> {
  const handle = await open(path, 'r')
  const size = (await handle.stat()).size
  const buffer: AsyncBuffer = {
    byteLength: size,
    async slice(start: number, end?: number) {
      const stop = end ?? size
      const out = Buffer.alloc(stop - start)
      await handle.read(out, 0, out.length, start)
      return out.buffer.slice(out.byteOffset, out.byteOffset + out.length)
    },
  }
  return { buffer, close: () => handle.close() }
}

function normalise(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v)
  if (v instanceof Date) return v.toISOString()
  return v
}

/** Reads a Parquet file one row group at a time (snappy, gzip, zstd, brotli pages); `groups`: only row groups [from, to) (a shard). */
export async function readParquetRows(source: DataSource, handler: RowHandler, cwd: string, groups?: { from: number; to: number }): Promise<void> {
  if (source.gzip) throw new ConfigurationError(`${source.path}: gzip around Parquet is not supported; Parquet compresses its own pages.`)
  const { buffer, close } = await parquetFile(absolutePath(source.path, cwd))
  try {
    let metadata: FileMetaData
    try {
      metadata = await parquetMetadataAsync(buffer)
    } catch (e) {
      throw new ConfigurationError(`${source.path}: source-error — not a readable Parquet file (${(e as Error).message}).`)
    }
    const names = parquetSchema(metadata).children.map((c) => c.element.name)
    handler.header(names, 0)
    const row = new ValueRow()
    let start = 0
    for (const [g, group] of metadata.row_groups.entries()) {
      const end = start + Number(group.num_rows)
      if (groups && (g < groups.from || g >= groups.to)) {
        start = end
        continue
      }
      let rows: unknown[][] = []
      try {
        await parquetRead({ file: buffer, metadata, compressors, rowStart: start, rowEnd: end, onComplete: (r) => (rows = r as unknown[][]) })
      } catch (e) {
        throw new ConfigurationError(`${source.path}: source-error — cannot decode rows ${start + 1}–${end} (${(e as Error).message}).`)
      }
      for (let i = 0; i < rows.length; i++) handler.row(row.set(rows[i].map(normalise), start + i + 1))
      start = end
    }
  } finally {
    await close()
  }
}
