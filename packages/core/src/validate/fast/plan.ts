import type { FieldCheck } from '../field-check.ts'
import type { Schema } from '../../schema/model.ts'
import { DECIMAL_NUMBER, scannableDelimiter, TABLE_SCHEMA_FALSE_VALUES, TABLE_SCHEMA_TRUE_VALUES } from '../../schema/cell-rules.ts'
import { castLiteral, formatPattern, INVALID } from '../../schema/cast.ts'

export const KIND = { skip: 0, integer: 1, number: 2, text: 3, boolean: 4 } as const

/** One checked column, as plain data a worker can receive. */
export interface ColumnPlan {
  /** Position in the file's header. */
  index: number
  /** Position of the field's check in the validator. */
  check: number
  kind: (typeof KIND)[keyof typeof KIND]
  required: boolean
  /** Spellings of a missing value besides the empty cell (undefined: only the empty cell). */
  missingValues?: string[]
  minimum?: number
  maximum?: number
  enumNumbers?: number[]
  enumTexts?: string[]
  /** Anchored regular expression sources. */
  pattern?: string
  format?: string
  minLength?: number
  maxLength?: number
  trueValues?: string[]
  falseValues?: string[]
  unique: boolean
  distinct: boolean
  /** Keep the values (median or quantile rules). */
  values: boolean
}

export interface ScanPlan {
  path: string
  delimiter: number
  width: number
  columns: ColumnPlan[]
  /** Source of the regular expression of decimal numbers (the one number grammar, handed to the workers). */
  decimal: string
}

function numericLiteral(check: FieldCheck, v: unknown): number | undefined {
  const cast = castLiteral(check.field, v)
  return typeof cast === 'number' ? cast : undefined
}

/**
 * Compiles the schema's checks for a file's header into a scan plan, or says why the fast scan
 * cannot check this schema exactly (the row-by-row validator then does all the work).
 */
export function compilePlan(path: string, delimiter: string, header: string[], schema: Schema | undefined, checks: FieldCheck[]): ScanPlan | string {
  if (!scannableDelimiter(delimiter)) return 'delimiter'
  const pk = schema?.primaryKey === undefined ? [] : [schema.primaryKey].flat()
  if (pk.length > 1) return 'compound primary key'
  const columns: ColumnPlan[] = []
  for (const [k, c] of checks.entries()) {
    if (c.index < 0) continue
    const f = c.field
    const con = f.constraints ?? {}
    const type = f.type ?? 'string'
    const format = f.format ?? 'default'
    const plan: ColumnPlan = {
      index: c.index,
      check: k,
      kind: KIND.skip,
      required: c.required,
      unique: Boolean(con.unique) || pk.includes(f.name),
      distinct: Boolean(f.quality?.distinct),
      values: Boolean(f.quality?.median || f.quality?.quantiles),
    }
    const missing = [...c.missing].filter((v) => v !== '')
    if (missing.length) plan.missingValues = missing
    if (type === 'integer' || type === 'number') {
      if (format !== 'default' || f.groupChar || (f.decimalChar && f.decimalChar !== '.') || f.bareNumber === false) return `number format of '${f.name}'`
      if (con.pattern !== undefined || con.minLength !== undefined || con.maxLength !== undefined) return `text constraint on number '${f.name}'`
      plan.kind = type === 'integer' ? KIND.integer : KIND.number
      if (con.minimum !== undefined) plan.minimum = numericLiteral(c, con.minimum)
      if (con.maximum !== undefined) plan.maximum = numericLiteral(c, con.maximum)
      if (con.enum) plan.enumNumbers = con.enum.map((v) => numericLiteral(c, v)).filter((v): v is number => v !== undefined)
    } else if (type === 'string') {
      if (con.minimum !== undefined || con.maximum !== undefined) return `minimum/maximum on text '${f.name}'`
      const re = format === 'default' ? undefined : formatPattern(format)
      if (format !== 'default' && !re) return `format '${format}' of '${f.name}'`
      plan.kind = KIND.text
      if (re) plan.format = re.source
      if (con.pattern !== undefined) plan.pattern = `^(?:${con.pattern})$`
      if (con.enum) plan.enumTexts = con.enum.map((v) => castLiteral(f, v)).filter((v): v is string => v !== INVALID && typeof v === 'string')
      plan.minLength = con.minLength
      plan.maxLength = con.maxLength
    } else if (type === 'boolean') {
      if (plan.unique || plan.distinct || con.enum || con.minimum !== undefined || con.maximum !== undefined || con.pattern !== undefined) return `constraint on boolean '${f.name}'`
      plan.kind = KIND.boolean
      plan.trueValues = f.trueValues ?? [...TABLE_SCHEMA_TRUE_VALUES]
      plan.falseValues = f.falseValues ?? [...TABLE_SCHEMA_FALSE_VALUES]
    } else if (type === 'any' && !plan.unique && !plan.distinct && Object.keys(con).every((k) => k === 'required')) {
      plan.kind = KIND.skip
    } else return `type '${type}' of '${f.name}'`
    columns.push(plan)
  }
  return { path, delimiter: delimiter.charCodeAt(0), width: header.length, columns, decimal: DECIMAL_NUMBER.source }
}
