import { distinctValues, profileRules } from '../profile/index.ts'
import type { Profile, ProfileColumn } from '../profile/index.ts'
import { fmt } from '../report/markdown.ts'
import type { Field, Schema } from '../schema/model.ts'
import type { ValidationError } from '../validate/errors.ts'
import type { Finding } from '../validate/findings.ts'

/** What a profile could and could not decide of a schema. */
export interface ProfileRuleResult {
  findings: Finding[]
  /** Rules whose answer lies inside a bound of the profile (a quantile between two edges, an estimated distinct count): warnings. */
  undecided: string[]
  /** Rules a profile cannot check (cell patterns, lengths, formats): named, never passed silently. */
  unchecked: string[]
}

const toFinding = (e: ValidationError): Finding => ({ type: e.type, field: e.fieldName, value: e.cell, rule: e.rule ?? e.message, count: 1, first: [] })

/** What a profile decides exactly of a field's cells: numbers that are not (types), required (missing cells), numeric minimum/maximum (the extremes), enum (complete category counts). */
function constraintRules(field: Field, c: ProfileColumn, out: ProfileRuleResult): void {
  const k = field.constraints ?? {}
  const numeric = field.type === 'number' || field.type === 'integer'
  if (numeric && (c.nonNumeric ?? 0) > 0) out.findings.push({ type: 'type-error', field: field.name, rule: `not a ${field.type}`, count: c.nonNumeric!, first: [] })
  if (field.type === 'integer' && c.numbers?.count && !c.integer) out.findings.push({ type: 'type-error', field: field.name, rule: 'holds numbers that are not whole', count: 1, first: [] })
  if (k.required && c.missing > 0) out.findings.push({ type: 'constraint-error', field: field.name, rule: 'required but missing', count: c.missing, first: [] })
  const n = c.numbers
  if (typeof k.minimum === 'number' && n?.count && n.min < k.minimum)
    out.findings.push({ type: 'constraint-error', field: field.name, rule: `below the minimum ${k.minimum} (the smallest value is ${fmt(n.min)})`, count: 1, first: [] })
  if (typeof k.maximum === 'number' && n?.count && n.max > k.maximum)
    out.findings.push({ type: 'constraint-error', field: field.name, rule: `above the maximum ${k.maximum} (the largest value is ${fmt(n.max)})`, count: 1, first: [] })
  const complete = c.categories && distinctValues(c.categories).exact
  if (k.enum && complete) {
    const allowed = new Set(k.enum.map(String))
    for (const [value, count] of Object.entries(c.categories!.counts))
      if (!allowed.has(value)) out.findings.push({ type: 'constraint-error', field: field.name, value, rule: 'not in enum', count, first: [] })
  }
  const cells = ['minLength', 'maxLength', 'pattern', ...(complete ? [] : ['enum'])].filter((r) => k[r as keyof typeof k] !== undefined)
  if (typeof k.minimum === 'string' || typeof k.maximum === 'string') cells.push('minimum/maximum of a non-number')
  if (cells.length) out.unchecked.push(`${cells.join(', ')} on '${field.name}'`)
}

/**
 * A schema on a (merged) profile: the dataset rules and the primary key across shards by the profile's
 * own rules (profile/rules.ts), and the field constraints a profile decides exactly; the rest is named.
 */
export function schemaOnProfile(p: Profile, schema: Schema): ProfileRuleResult {
  const rules = profileRules(p, schema)
  const out: ProfileRuleResult = { findings: rules.errors.map(toFinding), undecided: rules.undecided.map((u) => u.message), unchecked: [] }
  const byName = new Map(p.columns.map((c) => [c.name, c]))
  for (const field of schema.fields) {
    const c = byName.get(field.name)
    if (c) constraintRules(field, c, out)
    else out.findings.push({ type: 'missing-label', field: field.name, rule: 'is not in the data', count: 1, first: [] })
  }
  return out
}
