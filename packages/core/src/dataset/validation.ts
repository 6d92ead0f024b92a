import { ConfigurationError } from '../errors.ts'
import type { Logger } from '../platform.ts'
import type { Progress } from '../progress.ts'
import { readsInParallel } from '../io/fast/eligible.ts'
import { readRows } from '../io/records.ts'
import type { FileDigest } from '../report/model.ts'
import type { SchemaInferrer } from '../schema/infer.ts'
import type { Schema } from '../schema/model.ts'
import { fastValidate } from '../validate/fast/fast-validate.ts'
import { ForeignKeyCheck, foreignKeysOf, referencedKeys } from '../validate/foreign-keys.ts'
import type { KeyedTable } from '../validate/foreign-keys.ts'
import { DatasetValidator } from '../validate/validator.ts'
import type { RecordCheck } from '../validate/validator.ts'
import { SourceDigests } from './digests.ts'
import type { DatasetFiles } from './files.ts'
import { amountOf } from './files.ts'

export interface ValidateRequest {
  maxErrors: number
  /** Reads the schema (started after the files' digests, which use the time it takes). */
  schema: () => Promise<Schema | undefined>
  /** Reads a check of every record (JSON Schema): every row is then read by the row validator. */
  recordCheck?: () => Promise<RecordCheck>
  /** Learns a schema from every row (the row validator then reads the data). */
  inferrer?: SchemaInferrer
  /** The table a foreign key references by resource name (a data package's resource). */
  references?: (resource: string) => Promise<KeyedTable | undefined>
  progress: Progress
  log: Logger
}

export interface Validation {
  validator: DatasetValidator
  files: FileDigest[]
}

/**
 * Validates a dataset with the engine that covers it: large plain CSV/TSV files are scanned on worker
 * threads, Parquet column by column, everything else (and whatever those leave to it) row by row, the
 * engine that words every error.
 */
export async function validateDataset(data: DatasetFiles, request: ValidateRequest): Promise<Validation> {
  const digests = new SourceDigests(data.sources, data.cwd, data.role)
  // the files' digests start now, on the core that would otherwise wait for the schema to be read
  const parallel = !request.recordCheck && !request.inferrer && readsInParallel(data.sources)
  if (parallel) digests.inBackground(true)
  let schema: Schema | undefined
  let recordCheck: RecordCheck | undefined
  try {
    schema = await request.schema()
    recordCheck = await request.recordCheck?.()
    if (parallel) digests.wanted()
    const rowsOnly = rowValidatorOnly(schema)
    if (rowsOnly) request.log.debug(`${rowsOnly}: the rows are checked by the row validator`)
    const fast = rowsOnly
      ? undefined
      : ((parallel ? await scanOnWorkers(data, schema, request) : undefined) ?? (!recordCheck && !request.inferrer ? await parquetByColumns(data, schema, request) : undefined))
    if (fast) return { validator: fast.validator, files: await digests.all() }
  } finally {
    digests.abandon()
  }
  const validator = new DatasetValidator(schema, { maxErrors: request.maxErrors, recordCheck })
  if (schema) await useForeignKeys(validator, schema, data, request)
  const files = await validateByRows(data, validator, request, digests)
  validator.finish()
  return { validator, files }
}

/** Why only the row validator can check a schema (foreign keys: the fast engines do not look keys up), so that no check is skipped. */
export function rowValidatorOnly(schema: Schema | undefined): string | undefined {
  return foreignKeysOf(schema).length > 0 ? 'foreign keys' : undefined
}

/** Collects the referenced keys of the schema's foreign keys (each referenced table read once) for the row validator. */
async function useForeignKeys(validator: DatasetValidator, schema: Schema, data: DatasetFiles, request: ValidateRequest): Promise<void> {
  const keys = foreignKeysOf(schema)
  if (keys.length === 0) return
  request.progress.phase('reading the keys that foreign keys reference', { files: data.sources.length })
  const self: KeyedTable = { name: 'the data', sources: data.sources, schema, cwd: data.cwd, delimiter: data.delimiter }
  const other = (name: string) => {
    if (!request.references) throw new ConfigurationError(`A foreign key references resource '${name}': give the datapackage.json that lists it as the schema.`)
    return request.references(name)
  }
  validator.useForeignKeys(new ForeignKeyCheck(keys, await referencedKeys(keys, self, other), validator.checks))
}

async function scanOnWorkers(data: DatasetFiles, schema: Schema | undefined, request: ValidateRequest): Promise<{ validator: DatasetValidator } | undefined> {
  const { progress, log } = request
  progress.phase(`scanning ${amountOf(data.sources)} on worker threads`, { bytes: data.bytes, files: data.sources.length })
  const started = Date.now()
  const fast = await fastValidate(data.sources, schema, {
    maxErrors: request.maxErrors,
    cwd: data.cwd,
    delimiter: data.delimiter,
    onProgress: (bytes, rows) => progress.advance({ bytes, rows }),
    onFallback: (reason) => log.debug(`parallel scan gave way to the row validator: ${reason}`),
  })
  if (fast) log.debug(`parallel scan: ${fast.validator.rowCount} rows of ${data.sources.length} file(s) checked in ${Date.now() - started} ms`)
  return fast
}

/** Parquet column by column: one column chunk in memory at a time. */
async function parquetByColumns(data: DatasetFiles, schema: Schema | undefined, request: ValidateRequest): Promise<{ validator: DatasetValidator } | undefined> {
  if (!data.sources.every((s) => s.format === 'parquet' && !s.gzip)) return undefined
  request.progress.phase(`checking ${amountOf(data.sources)} column by column`, { files: data.sources.length })
  const fast = await (
    await import('../validate/fast/parquet-validate.ts')
  ).fastValidateParquet(data.sources, schema, {
    maxErrors: request.maxErrors,
    cwd: data.cwd,
    onFallback: (reason) => request.log.debug(`column-wise Parquet check gave way to the row validator: ${reason}`),
  })
  return fast && { validator: fast.validator }
}

/** The row validator over every file, each file's digest from the same read. */
async function validateByRows(data: DatasetFiles, validator: DatasetValidator, request: ValidateRequest, digests: SourceDigests): Promise<FileDigest[]> {
  const { progress, inferrer } = request
  const files: FileDigest[] = []
  progress.phase(`reading ${amountOf(data.sources)} row by row`, { bytes: data.bytes, files: data.sources.length })
  for (const [index, source] of data.sources.entries()) {
    validator.startFile(source.path)
    const hash = digests.reading(index)
    await readRows(
      source,
      {
        header: (names, line) => {
          validator.onHeader(names, line)
          inferrer?.header(names)
        },
        newColumns: (names) => {
          validator.onNewColumns(names)
          inferrer?.header(validator.files[validator.files.length - 1].header)
        },
        absentColumns: (names) => validator.onAbsentColumns(names),
        row: (row) => {
          validator.onRow(row)
          inferrer?.row(row)
          if ((validator.rowCount & 0xfff) === 0) progress.advance({ rows: 0x1000 })
        },
      },
      {
        cwd: data.cwd,
        delimiter: data.delimiter,
        columns: validator.declaredColumns(),
        onFileBytes: (b) => {
          hash?.update(b)
          progress.advance({ bytes: b.length })
        },
      },
    )
    progress.advance({ files: 1 })
    hash?.done()
    files.push(await digests.file(index))
  }
  return files
}
