import { stringify } from 'yaml'
import { writeFileAtomic } from '../fs.ts'
import { absolutePath, FORMAT_OPTIONS } from '../io/sources.ts'
import { newReport } from '../report/model.ts'
import { SchemaInferrer } from '../schema/infer.ts'
import { loadSchema } from '../schema/load.ts'
import { defineTask } from '../task.ts'
import type { TaskContext } from '../task.ts'
import { openDataset } from '../dataset/index.ts'
import { validationReport } from './validate-data-report.ts'
import { namesProfiles } from './profile.ts'
import { runProfileValidation } from './validate-data-profile.ts'

import { FAIL_ON } from './validate-data-report.ts'

export const validateData = defineTask({
  id: 'validate-data',
  title: 'mlgate: validate data',
  description: 'Validate datasets (CSV, TSV, JSON, JSONL, Parquet, gzip, shards) against a schema and data-quality rules.',
  guid: '6f1d2a0e-3b7c-4c1e-9a55-1d7b0c9e2a01',
  icon: 'check-square',
  color: 'green',
  inputs: {
    data: {
      type: 'string',
      required: true,
      description: 'Data file, glob or comma-separated list of files (shards form one dataset), or profiles (*.profile.json[.gz], merged): checked on the dataset rules and the key.',
    },
    format: { type: 'choice', choices: FORMAT_OPTIONS, default: 'auto', description: 'Data format; auto detects it from the extension (.gz is unpacked).' },
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

export async function runValidateData(ctx: TaskContext) {
  const report = newReport('validate-data', 'Validate data')
  const { inputs } = ctx
  const maxErrors = inputs.number('max-errors', { min: 0, integer: true }) ?? 1000
  const failOn = inputs.choice('fail-on', FAIL_ON)
  // profiles (of shards, merged) are checked on the schema's dataset rules and the key across shards
  if (namesProfiles(inputs.string('data'), 'data')) return runProfileValidation(ctx, report, { failOn })
  const data = await openDataset(inputs.string('data'), { cwd: ctx.cwd, format: inputs.choice('format', FORMAT_OPTIONS), delimiter: inputs.optional('delimiter') })
  const schemaPath = inputs.optional('schema')
  const jsonSchemaPath = inputs.optional('json-schema')
  const inferPath = inputs.optional('infer-schema')
  const inferrer = inferPath ? new SchemaInferrer() : undefined
  const paths = data.sources.map((s) => s.path)
  const { validator, files } = await data.validate({
    maxErrors,
    schema: async () => (schemaPath ? await loadSchema(schemaPath, ctx.cwd, paths) : undefined),
    recordCheck: jsonSchemaPath ? async () => (await import('../validate/json-schema.ts')).loadRecordCheck(jsonSchemaPath, ctx.cwd) : undefined,
    inferrer,
    references: schemaPath ? async (resource) => (await import('../validate/package-resources.ts')).packageResource(schemaPath, ctx.cwd, resource, paths) : undefined,
    progress: ctx.progress,
    log: ctx.log,
  })
  report.inputs = files
  if (inferPath && inferrer) {
    await writeFileAtomic(absolutePath(inferPath, ctx.cwd), `# Inferred by mlgate validate-data from ${paths.join(', ')}\n${stringify(inferrer.schema({ ranges: inputs.boolean('infer-ranges') }))}`, {
      signal: ctx.signal,
    })
  }
  return validationReport(report, validator, { schemaPath, jsonSchemaPath, inferPath, failOn, maxErrors, sources: data.sources })
}
