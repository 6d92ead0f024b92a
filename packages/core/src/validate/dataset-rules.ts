import { fmt } from '../report/markdown.ts'
import type { Range, Schema } from '../schema/model.ts'
import type { ValidationError } from './errors.ts'
import type { FieldCheck } from './field-check.ts'

function outside(value: number, range: Range | undefined): string | undefined {
  if (!range) return undefined
  if (Number.isNaN(value)) return 'cannot be computed (no numeric values)'
  if (range.min !== undefined && value < range.min) return `${fmt(value)} is below the minimum ${range.min}`
  if (range.max !== undefined && value > range.max) return `${fmt(value)} is above the maximum ${range.max}`
  return undefined
}

/** Dataset-level expectations: row count, null share, distinct count and statistics per field. */
export function datasetRuleErrors(schema: Schema | undefined, checks: FieldCheck[], rowCount: number): ValidationError[] {
  const out: ValidationError[] = []
  const rows = outside(rowCount, schema?.rows)
  if (rows) out.push({ type: 'row-count', rule: `row count: ${rows}`, message: `The dataset has ${rowCount} rows: ${rows}.` })
  for (const c of checks) {
    const q = c.field.quality
    if (!q) continue
    const p = c.profile
    const name = c.field.name
    if (q.nullShare?.max !== undefined && p.nullShare > q.nullShare.max) {
      const rule = `missing in ${fmt(p.nullShare * 100)}% of rows, more than the allowed ${fmt(q.nullShare.max * 100)}%`
      out.push({ type: 'null-share', fieldName: name, rule, message: `Field '${name}' is ${rule}.` })
    }
    const stat = (label: string, value: number, range: Range | undefined) => {
      const why = outside(value, range)
      if (why) out.push({ type: 'statistic', fieldName: name, rule: `${label} ${why}`, message: `The ${label} of field '${name}' ${why}.` })
    }
    if (q.distinct) stat('distinct count', p.distinct?.size ?? NaN, q.distinct)
    stat('mean', p.numeric ? p.mean : NaN, q.mean)
    stat('median', p.quantile(0.5), q.median)
    stat('minimum', p.numeric ? p.min : NaN, q.min)
    stat('maximum', p.numeric ? p.max : NaN, q.max)
    stat('standard deviation', p.stdev, q.stdev)
    for (const [k, range] of Object.entries(q.quantiles ?? {})) stat(`${k} quantile`, p.quantile(Number(k)), range)
  }
  return out
}
