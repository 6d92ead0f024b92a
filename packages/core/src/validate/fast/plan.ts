import type { FieldCheck } from '../field-check.ts'
import { sourceOf } from '../stats.ts'
import type { Field, Schema } from '../../schema/model.ts'
import type { ColumnSummary } from '../../table/summary.ts'
import { plainNumberOptions, scannableDelimiter } from '../../schema/cell-rules.ts'
import { formatPattern } from '../../schema/cast.ts'

export const KIND = { skip: 0, integer: 1, number: 2, text: 3, boolean: 4 } as const

/** One checked column, as plain data a worker can receive. */
export interface ScanColumnPlan {
  /** Position in the file's header. */
  index: number
  /** Position of the field's check in the validator. */
  check: number
  kind: (typeof KIND)[keyof typeof KIND]
  required: boolean
  /**
   * The field as the scan's thread compiles its FieldCheck from it: the validator's field with its
   * missing spellings, less what the scan tallies itself (unique keys, quality rules).
   */
  field: Field
  /** The field's number in the schema (1-based), as the validator's check has it. */
  number: number
  /** Missing spellings besides the empty cell: every cell then goes through the field check. */
  ownMissing: boolean
  /** The text has a rule besides its type's (format, length, pattern, enum, boolean words): present cells are checked. */
  textRules: boolean
  unique: boolean
  distinct: boolean
  /** Keep the values (median or quantile rules). */
  values: boolean
}

export interface ScanPlan {
  path: string
  delimiter: number
  width: number
  columns: ScanColumnPlan[]
}

/** The summary of a planned column before any cell: what it is read as, and the parts the plan keeps. */
export function emptySummary(c: ScanColumnPlan): ColumnSummary {
  const summary: ColumnSummary = {
    name: c.field.name,
    source: sourceOf(c.field),
    rows: 0,
    missing: 0,
    integer: c.field.type === 'integer',
    numbers: { count: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity },
  }
  if (c.values) summary.sorted = new Float64Array(0)
  if (c.distinct) summary.distinct = new Set()
  return summary
}

/** The field as the scan's thread checks it: its missing spellings, no unique key and no quality rules (the scan tallies those). */
function scanField(check: FieldCheck): Field {
  const { unique: _unique, ...constraints } = check.field.constraints ?? {}
  return { ...check.field, constraints, quality: undefined, missingValues: [...check.missing] }
}

/** A number column's plan, or why the scan cannot check it. */
function numberColumn(plan: ScanColumnPlan, c: FieldCheck): string | undefined {
  const f = c.field
  const con = f.constraints ?? {}
  if ((f.format ?? 'default') !== 'default' || !plainNumberOptions(f)) return `number format of '${f.name}'`
  if (con.pattern !== undefined || con.minLength !== undefined || con.maxLength !== undefined) return `text constraint on number '${f.name}'`
  plan.kind = f.type === 'integer' ? KIND.integer : KIND.number
  return undefined
}

/** A text column's plan, or why the scan cannot check it. */
function textColumn(plan: ScanColumnPlan, c: FieldCheck): string | undefined {
  const f = c.field
  const con = f.constraints ?? {}
  const format = f.format ?? 'default'
  if (con.minimum !== undefined || con.maximum !== undefined) return `minimum/maximum on text '${f.name}'`
  const re = format === 'default' ? undefined : formatPattern(format)
  if (format !== 'default' && !re) return `format '${format}' of '${f.name}'`
  plan.kind = KIND.text
  plan.textRules = Boolean(re) || con.pattern !== undefined || con.enum !== undefined || con.minLength !== undefined || con.maxLength !== undefined
  return undefined
}

/** A boolean column's plan, or why the scan cannot check it. */
function booleanColumn(plan: ScanColumnPlan, c: FieldCheck): string | undefined {
  const f = c.field
  const con = f.constraints ?? {}
  if (plan.unique || plan.distinct || con.enum || con.minimum !== undefined || con.maximum !== undefined || con.pattern !== undefined) return `constraint on boolean '${f.name}'`
  plan.kind = KIND.boolean
  plan.textRules = true
  return undefined
}

/** The plan of the column of check `c` (number k), or why the scan cannot check it. */
function columnPlan(c: FieldCheck, k: number, pk: string[]): ScanColumnPlan | string {
  const f = c.field
  const con = f.constraints ?? {}
  const type = f.type ?? 'string'
  const missing = [...c.missing].filter((v) => v !== '')
  const plan: ScanColumnPlan = {
    index: c.index,
    check: k,
    kind: KIND.skip,
    required: c.required,
    field: scanField(c),
    number: c.number,
    ownMissing: missing.length > 0,
    textRules: false,
    unique: Boolean(con.unique) || pk.includes(f.name),
    distinct: Boolean(f.quality?.distinct),
    values: Boolean(f.quality?.median || f.quality?.quantiles),
  }
  let refusal: string | undefined
  if (type === 'integer' || type === 'number') refusal = numberColumn(plan, c)
  else if (type === 'string') refusal = textColumn(plan, c)
  else if (type === 'boolean') refusal = booleanColumn(plan, c)
  else if (type !== 'any' || plan.unique || plan.distinct || !Object.keys(con).every((key) => key === 'required')) refusal = `type '${type}' of '${f.name}'`
  return refusal ?? plan
}

/**
 * Compiles the schema's checks for a file's header into a scan plan, or says why the fast scan
 * cannot check this schema exactly (the row-by-row validator then does all the work).
 */
export function compilePlan(path: string, delimiter: string, header: string[], schema: Schema | undefined, checks: FieldCheck[]): ScanPlan | string {
  if (!scannableDelimiter(delimiter)) return 'delimiter'
  const pk = schema?.primaryKey === undefined ? [] : [schema.primaryKey].flat()
  if (pk.length > 1) return 'compound primary key'
  const columns: ScanColumnPlan[] = []
  for (const [k, c] of checks.entries()) {
    if (c.index < 0) continue
    const plan = columnPlan(c, k, pk)
    if (typeof plan === 'string') return plan
    columns.push(plan)
  }
  return { path, delimiter: delimiter.charCodeAt(0), width: header.length, columns }
}
