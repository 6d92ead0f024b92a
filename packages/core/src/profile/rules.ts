import { fmt } from '../report/markdown.ts'
import type { Field, Range, Schema } from '../schema/model.ts'
import type { DistinctKey } from '../table/summary.ts'
import { datasetRuleErrors } from '../validate/dataset-rules.ts'
import type { ValidationError } from '../validate/errors.ts'
import type { FieldCheck } from '../validate/field-check.ts'
import { FieldProfile } from '../validate/stats.ts'
import { complete, distinctValues } from './categories.ts'
import { bucketOf } from './column.ts'
import { duplicateKeys } from './keys.ts'
import type { Exactness, Profile, ProfileColumn } from './model.ts'
import { profileRows } from './model.ts'

/** A dataset rule a profile could not decide: said in the report, never passed silently. */
export interface UndecidedRule {
  fieldName: string
  rule: string
  message: string
  exactness: Exactness
}

export interface ProfileRules {
  /** Broken rules, as validate-data reports them (the same sentences as a run over every row). */
  errors: ValidationError[]
  undecided: UndecidedRule[]
}

/** Bounds of #{v < x} (strict) or #{v ≤ x} from the bins: exact below the bucket of x, that bucket's count unknown in between. */
function countBounds(c: ProfileColumn, x: number, strict: boolean): [number, number] {
  const { counts, edges } = c.bins!
  const n = c.numbers!.count
  if (strict ? x <= c.numbers!.min : x < c.numbers!.min) return [0, 0]
  if (strict ? x > c.numbers!.max : x >= c.numbers!.max) return [n, n]
  const j = bucketOf(Float64Array.from(edges), x)
  let below = 0
  for (let i = 0; i < j; i++) below += counts[i]
  // x on the bucket's lower edge: every value of the bucket is ≥ x
  if (strict && j > 0 && edges[j - 1] === x) return [below, below]
  return [below, below + counts[j]]
}

/**
 * A range check of the q-quantile (numpy's linear interpolation between the order statistics lo and hi
 * around q·(n − 1)) as counts: p_q ≤ max is certain when at least hi + 1 values are ≤ max, broken when at
 * most lo are; p_q ≥ min is certain when at most lo values are < min, broken when at least hi + 1 are.
 */
function quantileCheck(c: ProfileColumn, q: number, range: Range, label: string): { broken?: string; undecided?: string } {
  const n = c.numbers!.count
  if (n === 0) return { broken: 'cannot be computed (no numeric values)' }
  const h = q * (n - 1)
  const [lo, hi] = [Math.floor(h), Math.ceil(h)]
  const out: { broken?: string; undecided?: string } = {}
  if (range.max !== undefined) {
    const [a, b] = countBounds(c, range.max, false)
    if (b <= lo) out.broken = `is above the maximum ${range.max} (at most ${b} of ${n} values are ≤ ${range.max})`
    else if (a < hi + 1) out.undecided = `${label} ≤ ${range.max} cannot be decided on the profile's bins (between ${a} and ${b} of ${n} values are ≤ ${range.max})`
  }
  if (range.min !== undefined && !out.broken) {
    const [a, b] = countBounds(c, range.min, true)
    if (a >= hi + 1) out.broken = `is below the minimum ${range.min} (at least ${a} of ${n} values are < ${range.min})`
    else if (b > lo) out.undecided = `${label} ≥ ${range.min} cannot be decided on the profile's bins (between ${a} and ${b} of ${n} values are < ${range.min})`
  }
  return out
}

/** The field's summary as validate-data's dataset rules read it; the rules a profile cannot decide that way are left to `quantileRules`. */
function fieldCheck(field: Field, c: ProfileColumn): FieldCheck {
  const q = field.quality ?? {}
  const exactDistinct = !!c.categories && complete(c.categories)
  const quality = { ...q, median: undefined, quantiles: undefined, distinct: exactDistinct ? q.distinct : undefined }
  const profile = new FieldProfile({ name: field.name, type: field.type, quality }, exactDistinct)
  const distinct = exactDistinct ? new Set<DistinctKey>(Object.keys(c.categories!.counts)) : undefined
  profile.absorb({ name: c.name, source: c.source, rows: c.rows, missing: c.missing, integer: c.integer, numbers: c.numbers, distinct })
  return { field: { ...field, quality }, profile } as unknown as FieldCheck
}

function quantileRules(field: Field, c: ProfileColumn, errors: ValidationError[], undecided: UndecidedRule[]): void {
  const q = field.quality ?? {}
  const checks: [string, number, Range][] = [
    ...(q.median ? [['median', 0.5, q.median] as [string, number, Range]] : []),
    ...Object.entries(q.quantiles ?? {}).map(([k, r]) => [`${k} quantile`, Number(k), r] as [string, number, Range]),
  ]
  for (const [label, p, range] of checks) {
    if (!c.bins || !c.numbers) {
      undecided.push({ fieldName: field.name, rule: label, message: `The ${label} of field '${field.name}' cannot be checked on the profile: the column has no bins.`, exactness: 'approximate' })
      continue
    }
    const r = quantileCheck(c, p, range, label)
    if (r.broken) errors.push({ type: 'statistic', fieldName: field.name, rule: `${label} ${r.broken}`, message: `The ${label} of field '${field.name}' ${r.broken}.` })
    if (r.undecided) undecided.push({ fieldName: field.name, rule: label, message: `The ${r.undecided} of field '${field.name}'.`, exactness: 'bounded' })
  }
  if (q.distinct && c.categories && !complete(c.categories)) {
    const d = distinctValues(c.categories).value
    undecided.push({
      fieldName: field.name,
      rule: 'distinct count',
      message: `The distinct count of field '${field.name}' is about ${fmt(d)} (an estimate past the profile's cap of ${c.categories.cap}): not checked.`,
      exactness: 'approximate',
    })
  }
}

/** The primary key across shards, from the merged key hashes (unique up to the collision bound). */
function keyRule(p: Profile, schema: Schema, errors: ValidationError[], undecided: UndecidedRule[]): void {
  const key = schema.primaryKey === undefined ? undefined : ([] as string[]).concat(schema.primaryKey)
  if (!key) return
  if (!p.keys || p.keys.fields.join('\u0000') !== key.join('\u0000')) {
    undecided.push({
      fieldName: key.join(', '),
      rule: 'primary key',
      message: `The primary key (${key.join(', ')}) cannot be checked on the profile: it holds no hashes of that key; profile with keys ${key.join(',')}.`,
      exactness: 'exact',
    })
    return
  }
  const dup = duplicateKeys(p.keys)
  const n = profileRows(p)
  if (dup > 0)
    errors.push({
      type: 'primary-key',
      fieldName: key.join(', '),
      rule: 'duplicate key across shards',
      message: `${dup} row(s) repeat a primary key (${key.join(', ')}) of another row, by their 64-bit hashes over ${n} rows (two distinct keys share a hash with probability about ${fmt((n * n) / 2 ** 65)}).`,
    })
}

/** validate-data's dataset rules checked on a (merged) profile: exact where counts decide, said where they cannot. */
export function profileRules(p: Profile, schema: Schema | undefined): ProfileRules {
  const rows = profileRows(p)
  const byName = new Map(p.columns.map((c) => [c.name, c]))
  const fields = (schema?.fields ?? []).filter((f) => f.quality && byName.has(f.name))
  const errors = datasetRuleErrors(
    schema,
    fields.map((f) => fieldCheck(f, byName.get(f.name)!)),
    rows,
  )
  const undecided: UndecidedRule[] = []
  for (const f of fields) quantileRules(f, byName.get(f.name)!, errors, undecided)
  if (schema) keyRule(p, schema, errors, undecided)
  return { errors, undecided }
}
