import { createHash } from 'node:crypto'
import { stringify } from 'yaml'
import { ConfigurationError } from '../errors.ts'
import { sha256File, writeFileAtomic } from '../fs.ts'
import { readRows } from '../io/records.ts'
import type { DataSource, FormatOption } from '../io/sources.ts'
import { absolutePath, resolveSources } from '../io/sources.ts'
import { thousands } from '../report/markdown.ts'
import { newReport } from '../report/model.ts'
import type { FileDigest } from '../report/model.ts'
import { SchemaInferrer } from '../schema/infer.ts'
import { loadSchema } from '../schema/load.ts'
import type { Schema } from '../schema/model.ts'
import { defineTask } from '../task.ts'
import type { TaskContext } from '../task.ts'
import { errorSections } from '../validate/render.ts'
import { errorAnnotations, profileSection } from '../validate/summary.ts'
import { DatasetValidator } from '../validate/validator.ts'
import type { RecordCheck } from '../validate/validator.ts'
import { BackgroundDigests } from '../io/fast/background-digests.ts'
import { readsInParallel } from '../io/fast/eligible.ts'
import { fastValidate } from '../validate/fast/fast-validate.ts'

const FORMATS = ['auto', 'csv', 'tsv', 'json', 'jsonl', 'parquet'] as const
const FAIL_ON = ['error', 'warning', 'never'] as const

export const validateData = defineTask({
  id: 'validate-data',
  title: 'mlgate: validate data',
  description: 'Validate datasets (CSV, TSV, JSON, JSONL, Parquet, gzip, shards) against a schema and data-quality rules.',
  guid: '6f1d2a0e-3b7c-4c1e-9a55-1d7b0c9e2a01',
  icon: 'check-square',
  color: 'green',
  inputs: {
    data: { type: 'string', required: true, description: 'Data file, glob or comma-separated list of files (shards form one dataset).' },
    format: { type: 'choice', choices: FORMATS, default: 'auto', description: 'Data format; auto detects it from the extension (.gz is unpacked).' },
    schema: { type: 'path', default: '', description: 'Schema: mlgate YAML/JSON, a Frictionless Table Schema, or a datapackage.json.' },
    'json-schema': { type: 'path', default: '', description: 'JSON Schema (draft-07 or 2020-12) that every record must satisfy.' },
    'infer-schema': { type: 'path', default: '', description: 'Write a schema inferred from the data to this path (YAML).' },
    'infer-ranges': { type: 'boolean', default: 'false', description: 'Include minimum/maximum of numeric columns in the inferred schema.', group: 'advanced' },
    'max-errors': { type: 'integer', default: '1000', description: 'Errors listed in the report (totals stay exact).', group: 'advanced' },
    delimiter: { type: 'string', default: '', description: 'Field delimiter of CSV files (default , and tab for TSV).', group: 'advanced' },
    'fail-on': { type: 'choice', choices: FAIL_ON, default: 'error', description: 'Fail the step on errors, on warnings too, or never.' },
  },
  outputs: {
    valid: { description: 'true when the data satisfies the schema.' },
    'row-count': { description: 'Number of data rows read.' },
    'error-count': { description: 'Total number of errors found (exact, even when the list is capped).' },
  },
  run: (ctx) => runValidateData(ctx),
})

function bytesOf(sources: DataSource[]): number {
  return sources.reduce((a, s) => a + s.bytes, 0)
}

/** "3 files (146 MB)" */
function amountOf(sources: DataSource[]): string {
  const bytes = bytesOf(sources)
  const size = bytes < 1e6 ? `${thousands(bytes)} bytes` : `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`
  return `${sources.length === 1 ? `'${sources[0].path}'` : `${sources.length} files`} (${size})`
}

async function readAll(ctx: TaskContext, sources: DataSource[], validator: DatasetValidator, inferrer: SchemaInferrer | undefined, delimiter: string | undefined): Promise<FileDigest[]> {
  const digests: FileDigest[] = []
  ctx.progress.phase(`reading ${amountOf(sources)} row by row`, { bytes: bytesOf(sources), files: sources.length })
  for (const source of sources) {
    validator.startFile(source.path)
    const hash = createHash('sha256')
    let size = 0
    await readRows(
      source,
      {
        header: (names, line) => {
          validator.onHeader(names, line)
          inferrer?.header(names)
        },
        newColumns: (names, line) => {
          validator.onNewColumns(names, line)
          inferrer?.header(validator.files[validator.files.length - 1].header)
        },
        absentColumns: (names) => validator.onAbsentColumns(names),
        row: (row) => {
          validator.onRow(row)
          inferrer?.row(row)
          if ((validator.rowCount & 0xfff) === 0) ctx.progress.advance({ rows: 0x1000 })
        },
      },
      {
        cwd: ctx.cwd,
        delimiter,
        columns: validator.declaredColumns(),
        onFileBytes: (b) => {
          hash.update(b)
          size += b.length
          ctx.progress.advance({ bytes: b.length })
        },
      },
    )
    ctx.progress.advance({ files: 1 })
    digests.push(source.format === 'parquet' ? { ...(await sha256File(absolutePath(source.path, ctx.cwd))), path: source.path } : { path: source.path, bytes: size, sha256: hash.digest('hex') })
  }
  return digests
}

export async function runValidateData(ctx: TaskContext) {
  const report = newReport('validate-data', 'Validate data')
  const { inputs } = ctx
  const maxErrors = inputs.number('max-errors', { min: 0, integer: true }) ?? 1000
  const failOn = inputs.choice('fail-on', FAIL_ON)
  const delimiter = inputs.optional('delimiter')
  const sources = await resolveSources(inputs.string('data'), ctx.cwd, inputs.choice('format', FORMATS) as FormatOption)
  const schemaPath = inputs.optional('schema')
  const jsonSchemaPath = inputs.optional('json-schema')
  const inferPath = inputs.optional('infer-schema')
  // large plain CSV/TSV files are checked on worker threads first
  const parallel = !jsonSchemaPath && !inferPath && readsInParallel(sources)
  // the files' digests start now, on the core that would otherwise wait for the schema to be read
  const digests = parallel ? new BackgroundDigests(sources.map((s) => absolutePath(s.path, ctx.cwd))) : undefined
  let validator: DatasetValidator | undefined
  let schema: Schema | undefined
  let recordCheck: RecordCheck | undefined
  try {
    schema = schemaPath
      ? await loadSchema(
          schemaPath,
          ctx.cwd,
          sources.map((s) => s.path),
        )
      : undefined
    recordCheck = jsonSchemaPath ? await (await import('../validate/json-schema.ts')).loadRecordCheck(jsonSchemaPath, ctx.cwd) : undefined
    if (parallel) {
      ctx.progress.phase(`scanning ${amountOf(sources)} on worker threads`, { bytes: bytesOf(sources), files: sources.length })
      const scanStarted = Date.now()
      const fast = await fastValidate(sources, schema, {
        maxErrors,
        cwd: ctx.cwd,
        delimiter,
        digests,
        onProgress: (bytes, rows) => ctx.progress.advance({ bytes, rows }),
        onFallback: (reason) => ctx.log.debug(`parallel scan gave way to the row validator: ${reason}`),
      })
      if (fast) {
        ctx.log.debug(`parallel scan: ${fast.validator.rowCount} rows of ${sources.length} file(s) checked in ${Date.now() - scanStarted} ms`)
        validator = fast.validator
        report.inputs = fast.digests
      }
    }
    if (!validator && !recordCheck && !inferPath && sources.every((s) => s.format === 'parquet' && !s.gzip)) {
      // Parquet column by column: one column chunk in memory at a time
      ctx.progress.phase(`checking ${amountOf(sources)} column by column`, { files: sources.length })
      const fast = await (
        await import('../validate/fast/parquet-validate.ts')
      ).fastValidateParquet(sources, schema, {
        maxErrors,
        cwd: ctx.cwd,
        onFallback: (reason) => ctx.log.debug(`column-wise Parquet check gave way to the row validator: ${reason}`),
      })
      if (fast) {
        validator = fast.validator
        report.inputs = fast.digests
      }
    }
  } finally {
    digests?.stop()
  }
  const inferrer = inferPath ? new SchemaInferrer() : undefined
  if (!validator) {
    validator = new DatasetValidator(schema, { maxErrors, recordCheck })
    report.inputs = await readAll(ctx, sources, validator, inferrer, delimiter)
    validator.finish()
  }
  if (inferPath && inferrer) {
    await writeFileAtomic(
      absolutePath(inferPath, ctx.cwd),
      `# Inferred by mlgate validate-data from ${sources.map((s) => s.path).join(', ')}\n${stringify(inferrer.schema({ ranges: inputs.boolean('infer-ranges') }))}`,
      { signal: ctx.signal },
    )
  }
  return buildResult(report, validator, { schemaPath, jsonSchemaPath, inferPath, failOn, maxErrors, sources })
}

function buildResult(
  report: ReturnType<typeof newReport>,
  validator: DatasetValidator,
  o: { schemaPath?: string; jsonSchemaPath?: string; inferPath?: string; failOn: (typeof FAIL_ON)[number]; maxErrors: number; sources: DataSource[] },
) {
  const { errors } = validator
  const warnings: string[] = []
  if (!o.schemaPath && !o.jsonSchemaPath) warnings.push('No schema was given: only the file structure was checked.')
  if (validator.rowCount === 0) warnings.push('The dataset has no data rows.')
  const valid = errors.total === 0
  report.verdict = !valid ? (o.failOn === 'never' ? 'warn' : 'fail') : warnings.length && o.failOn === 'warning' ? 'fail' : warnings.length ? 'warn' : 'pass'
  const fields = validator.schema?.fields.length ?? validator.files[0]?.header.length ?? 0
  report.headline = valid
    ? `${thousands(validator.rowCount)} rows in ${o.sources.length} file(s) are valid${warnings.length ? ` — ${warnings[0]}` : '.'}`
    : `${thousands(errors.total)} error(s) in ${thousands(validator.rowCount)} rows: ${Object.entries(errors.counts)
        .map(([t, n]) => `${n} ${t}`)
        .join(', ')}.`
  report.checks.push({ id: 'structure', title: 'Structure and types', status: valid ? 'pass' : report.verdict === 'warn' ? 'warn' : 'fail', message: valid ? 'no errors' : `${errors.total} error(s)` })
  for (const w of warnings) report.checks.push({ id: 'warning', title: 'Warning', status: o.failOn === 'warning' ? 'fail' : 'warn', message: w })
  const lineFiles = new Set(o.sources.filter((s) => s.format === 'csv' || s.format === 'tsv' || s.format === 'jsonl').map((s) => s.path))
  report.annotations = errorAnnotations(errors, (f) => f !== undefined && lineFiles.has(f))
  report.sections = [...errorSections(errors, o.sources.length > 1), ...[profileSection(validator.checks)].filter((s) => s !== undefined)]
  report.policy = { schema: o.schemaPath ?? null, jsonSchema: o.jsonSchemaPath ?? null, failOn: o.failOn, maxErrors: o.maxErrors, columns: validator.schema?.columns ?? 'exact' }
  report.body = {
    valid,
    rowCount: validator.rowCount,
    fieldCount: fields,
    errorCount: errors.total,
    errorCounts: errors.counts,
    errors: errors.errors.map((e) => ({
      type: e.type,
      file: e.file,
      rowNumber: e.rowNumber ?? null,
      fieldName: e.fieldName ?? null,
      fieldNumber: e.fieldNumber ?? null,
      cell: e.cell ?? null,
      message: e.message,
    })),
    findings: errors.findings.list(),
    files: report.inputs.map((f) => ({ ...f, rows: validator.files.find((x) => x.path === f.path)?.rows ?? 0 })),
    warnings,
    inferredSchema: o.inferPath ?? null,
  }
  if (!report.inputs.length) throw new ConfigurationError('No data was read.')
  return { report, outputs: { valid: String(valid), 'row-count': String(validator.rowCount), 'error-count': String(errors.total) } }
}
