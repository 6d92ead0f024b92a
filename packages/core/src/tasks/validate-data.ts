import { readFile } from 'node:fs/promises'
import { parse as parseYaml } from 'yaml'
import { ConfigurationError, fileError } from '../errors.ts'
import { sha256File } from '../fs.ts'
import { newReport, worstVerdict } from '../report/model.ts'
import { defineTask } from '../task.ts'

export const validateData = defineTask({
  id: 'validate-data',
  title: 'mlgate: validate data',
  description: 'Validate datasets (CSV, TSV, JSON, JSONL, Parquet, gzip, shards) against a schema and data-quality rules.',
  guid: '6f1d2a0e-3b7c-4c1e-9a55-1d7b0c9e2a01',
  icon: 'check-square',
  color: 'green',
  inputs: {
    data: { type: 'string', required: true, description: 'Data file, glob or comma-separated list of files (shards form one dataset).' },
    schema: { type: 'path', default: '', description: 'Schema: mlgate YAML/JSON, a Frictionless Table Schema, or a datapackage.json.' },
  },
  outputs: {
    valid: { description: 'true when the data satisfies the schema.' },
    'row-count': { description: 'Number of data rows read.' },
    'error-count': { description: 'Total number of errors found (exact, even when the list is capped).' },
  },
  async run(ctx) {
    const report = newReport('validate-data', 'Validate data')
    const path = ctx.inputs.string('data')
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (e) {
      fileError(e, path, 'data file')
    }
    report.inputs.push(await sha256File(path))
    const lines = text.split(/\r?\n/).filter((l) => l !== '')
    const header = (lines[0] ?? '').split(',')
    const rows = Math.max(0, lines.length - 1)
    const schemaPath = ctx.inputs.optional('schema')
    const missing: string[] = []
    if (schemaPath) {
      let schema: { fields?: { name: string; constraints?: { required?: boolean } }[] }
      try {
        schema = parseYaml(await readFile(schemaPath, 'utf8'))
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code) fileError(e, schemaPath, 'schema file')
        throw new ConfigurationError(`The schema file '${schemaPath}' is neither JSON nor YAML: ${(e as Error).message}`)
      }
      for (const f of schema.fields ?? []) if (!header.includes(f.name)) missing.push(f.name)
    }
    for (const name of missing) {
      report.checks.push({ id: `missing-label:${name}`, title: `Column '${name}'`, status: 'fail', message: 'missing-label: the column is in the schema but not in the data' })
      report.annotations.push({ level: 'error', file: path, line: 1, title: 'missing-label', message: `Column '${name}' is declared in the schema but missing from the header.` })
    }
    report.checks.push({ id: 'rows', title: 'Rows', status: 'pass', message: `${rows} rows read` })
    report.verdict = worstVerdict(report.checks.map((c) => c.status))
    report.headline = missing.length ? `${missing.length} required column(s) missing: ${missing.join(', ')}.` : `${rows} rows valid.`
    report.body = { valid: missing.length === 0, rowCount: rows, fieldCount: header.length, errorCounts: missing.length ? { 'missing-label': missing.length } : {}, errors: [] }
    return { report, outputs: { valid: String(missing.length === 0), 'row-count': String(rows), 'error-count': String(missing.length) } }
  },
})
