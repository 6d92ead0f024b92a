import { parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet'
import type { FileMetaData } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { memoryCeiling } from '../../io/memory-ceiling.ts'
import { parquetFile } from '../../io/parquet.ts'
import { ValueRow } from '../../io/row.ts'
import type { DataSource } from '../../io/sources.ts'
import { absolutePath } from '../../io/sources.ts'
import type { Schema } from '../../schema/model.ts'
import type { FieldCheck } from '../field-check.ts'
import { DatasetValidator } from '../validator.ts'

/** One column chunk's cells [from, to) through the field's checks; marks the rows that have a value. */
function checkChunk(
  values: ArrayLike<unknown>,
  chunkStart: number,
  from: number,
  to: number,
  groupStart: number,
  filled: Uint8Array,
  check: FieldCheck | undefined,
  row: ValueRow,
  cell: unknown[],
  path: string,
  validator: DatasetValidator,
): void {
  for (let r = from; r < to; r++) {
    let v = values[r - chunkStart]
    if (typeof v === 'bigint') v = Number(v)
    else if (v instanceof Date) v = v.toISOString()
    if (!check) {
      if (v !== null && v !== undefined && v !== '') filled[r - groupStart] = 1
      continue
    }
    cell[0] = v
    row.set(cell, r + 1)
    // a cell fills its row unless it is missing by its field's missing values (the row validator's blank rule)
    if (!check.isMissing(row, 0)) filled[r - groupStart] = 1
    check.check(row, 0, path, validator.errors)
  }
}

export interface ParquetValidateOptions {
  maxErrors: number
  cwd: string
  onFallback?: (reason: string) => void
}

/**
 * Validates Parquet files column by column: each column chunk of each row group is decoded alone
 * and its cells go through the schema's own field checks, so memory holds one column of one row
 * group instead of whole rows. Returns undefined on the first error or anything it does not cover
 * (compound keys, unreadable files): the caller then validates row by row, which orders and words
 * the errors.
 */
export async function fastValidateParquet(sources: DataSource[], schema: Schema | undefined, options: ParquetValidateOptions): Promise<{ validator: DatasetValidator } | undefined> {
  const give = (reason: string) => {
    options.onFallback?.(reason)
    return undefined
  }
  const validator = new DatasetValidator(schema, { maxErrors: options.maxErrors })
  const pk = schema?.primaryKey === undefined ? [] : [schema.primaryKey].flat()
  if (pk.length > 1) return give('compound primary key')
  const row = new ValueRow()
  const cell: unknown[] = [undefined]
  const ceiling = memoryCeiling(150)
  for (const source of sources) {
    if (source.gzip) return give(`${source.path}: gzip`)
    const path = absolutePath(source.path, options.cwd)
    const { buffer, close } = await parquetFile(path)
    try {
      let metadata: FileMetaData
      try {
        metadata = await parquetMetadataAsync(buffer)
      } catch {
        return give(`${source.path}: metadata`)
      }
      const names = parquetSchema(metadata).children.map((c) => c.element.name)
      validator.startFile(source.path)
      validator.onHeader(names, 0)
      if (validator.errors.total > 0) return give(`${source.path}: header errors`)
      const checkAt = names.map((_, j) => validator.checks.find((c) => c.index === j))
      let start = 0
      for (const group of metadata.row_groups) {
        const rows = Number(group.num_rows)
        const end = start + rows
        // a row is blank when no column has a value in it
        const filled = new Uint8Array(rows)
        for (let j = 0; j < names.length; j++) {
          const check = checkAt[j]
          let failed = false
          try {
            await parquetRead({
              file: buffer,
              metadata,
              compressors,
              columns: [names[j]],
              rowStart: start,
              rowEnd: end,
              onChunk: (chunk) => {
                checkChunk(
                  chunk.columnData as ArrayLike<unknown>,
                  chunk.rowStart,
                  Math.max(start, chunk.rowStart),
                  Math.min(end, chunk.rowEnd),
                  start,
                  filled,
                  check,
                  row,
                  cell,
                  source.path,
                  validator,
                )
                if (validator.errors.total > 0) failed = true
              },
            })
          } catch {
            return give(`${source.path}: rows ${start + 1}–${end} cannot be decoded`)
          }
          if (failed) return give(`${source.path}: an error in column '${names[j]}'`)
          ceiling()
        }
        if (filled.includes(0)) return give(`${source.path}: a blank row`)
        validator.rowCount += rows
        validator.files[validator.files.length - 1].rows += rows
        start = end
      }
    } finally {
      await close()
    }
  }
  validator.finish()
  return { validator }
}
