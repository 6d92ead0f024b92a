import { ConfigurationError } from '../errors.ts'
import type { DataSource } from '../io/sources.ts'
import { thousands } from '../report/markdown.ts'
import type { Report } from '../report/model.ts'
import { errorSections } from '../validate/render.ts'
import { errorAnnotations, profileSection } from '../validate/summary.ts'
import type { DatasetValidator } from '../validate/validator.ts'

export const FAIL_ON = ['error', 'warning', 'never'] as const

/** Fills validate-data's report from the validator's state (verdict, headline, checks, annotations, sections, body); returns it with the outputs. */
export function validationReport(
  report: Report,
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
