import { ConfigurationError } from '../errors.ts'
import type { DataSource } from '../io/sources.ts'
import { thousands } from '../report/markdown.ts'
import type { FileDigest, Report } from '../report/model.ts'
import type { Profile } from '../profile/index.ts'
import { profileRows } from '../profile/index.ts'
import type { TaskResult } from '../task.ts'
import type { Finding } from '../validate/findings.ts'
import type { ProfileRuleResult } from './validate-data-rules.ts'
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

/** Uniqueness of a key across shards, from the profiles' key hashes (see validate-data-profile.ts). */
export interface KeyCheck {
  fields: string[]
  checked: boolean
  keys: number
  duplicates: number
  hashBits: number
  /** Upper bound of the probability that a duplicate is reported where the keys all differ. */
  collisionBound: number
  /** Why it was not checked. */
  why?: string
}

function keyCheckLine(k: KeyCheck): { status: 'pass' | 'fail' | 'warn'; message: string } {
  if (!k.checked) return { status: 'warn', message: `not checked: ${k.why}` }
  const bound = `${k.hashBits}-bit hashes: a real duplicate is never missed; one reported where all ${thousands(k.keys)} keys differ has probability ≤ ${k.collisionBound.toExponential(1)}`
  return k.duplicates
    ? { status: 'fail', message: `${thousands(k.duplicates)} duplicate key(s) among ${thousands(k.keys)} rows (${bound})` }
    : { status: 'pass', message: `${thousands(k.keys)} keys, all distinct (${bound})` }
}

function findingText(f: Finding): string {
  return [f.field, f.value !== undefined ? `'${f.value}'` : undefined, f.rule].filter((s) => s !== undefined && s !== '').join(' ')
}

/** Fills validate-data's report for profiles: the schema's dataset rules on the merged profile and the key across shards. */
export function profileValidationReport(
  report: Report,
  o: { profile: Profile; files: FileDigest[]; schemaPath?: string; failOn: (typeof FAIL_ON)[number]; rules: ProfileRuleResult; key?: KeyCheck },
): TaskResult {
  const { profile, key } = o
  const { findings } = o.rules
  const rows = profileRows(profile)
  // duplicate keys are among the findings (profile/rules.ts), the key check says how they were counted
  const errorCount = findings.reduce((a, f) => a + f.count, 0)
  const warnings: string[] = []
  if (!o.schemaPath) warnings.push('No schema was given: a profile can only be checked against the dataset rules of a schema.')
  if (rows === 0) warnings.push('The dataset has no data rows.')
  for (const u of o.rules.undecided) warnings.push(`Undecided on the profile: ${u}.`)
  // a profile holds no cells: the rules about cells are named, never passed in silence
  if (o.rules.unchecked.length) warnings.push(`Not checked on a profile (they need the cells; validate each shard's data for them): ${o.rules.unchecked.join('; ')}.`)
  const valid = errorCount === 0
  report.inputs = o.files
  report.verdict = !valid ? (o.failOn === 'never' ? 'warn' : 'fail') : warnings.length && o.failOn === 'warning' ? 'fail' : warnings.length ? 'warn' : 'pass'
  const counts: Record<string, number> = {}
  for (const f of findings) counts[f.type] = (counts[f.type] ?? 0) + f.count
  report.headline = valid
    ? `${thousands(rows)} rows meet the schema's dataset rules, checked on their profile${warnings.length ? ` — ${warnings[0]}` : '.'}`
    : `${thousands(errorCount)} error(s) in ${thousands(rows)} rows, checked on their profile: ${Object.entries(counts)
        .map(([t, n]) => `${n} ${t}`)
        .join(', ')}.`
  const failStatus = report.verdict === 'warn' ? 'warn' : 'fail'
  report.checks.push({
    id: 'dataset-rules',
    title: 'Dataset rules (on the profile)',
    status: findings.length ? failStatus : 'pass',
    message: findings.length ? findings.map(findingText).slice(0, 5).join('; ') : 'rows, missing shares, means, extremes and quantile ranges within the schema',
  })
  if (key) {
    const line = keyCheckLine(key)
    report.checks.push({ id: 'key', title: `Unique key (${key.fields.join(', ')}) across shards`, status: line.status === 'fail' ? failStatus : line.status, message: line.message })
  }
  for (const w of warnings) report.checks.push({ id: 'warning', title: 'Warning', status: o.failOn === 'warning' ? 'fail' : 'warn', message: w })
  report.policy = { schema: o.schemaPath ?? null, failOn: o.failOn, on: 'profile', shards: profile.shards.map((s) => s.id) }
  report.body = {
    valid,
    rowCount: rows,
    fieldCount: profile.columns.length,
    errorCount,
    errorCounts: counts,
    errors: [],
    findings,
    files: o.files,
    warnings,
    inferredSchema: null,
    profile: { shards: profile.shards, edgesFingerprint: profile.edgesFingerprint },
    key: key ?? null,
  }
  return { report, outputs: { valid: String(valid), 'row-count': String(rows), 'error-count': String(errorCount) } }
}
