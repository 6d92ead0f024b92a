import { didYouMean } from '../text.ts'
import type { Schema } from './model.ts'

interface ForeignKey {
  fields?: unknown
  reference?: { resource?: unknown; fields?: unknown }
}

/** The field names a key lists (a name or a list of names); other values are left to the shape check. */
export function namesOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** The first problem of a schema's field names: two fields of one name, or a key naming no field. */
export function schemaReferenceProblem(schema: Schema): string | undefined {
  const first = new Map<string, number>()
  for (const [i, f] of schema.fields.entries()) {
    const earlier = first.get(f.name)
    if (earlier !== undefined) return `fields[${earlier}] and fields[${i}] are both named '${f.name}'`
    first.set(f.name, i)
  }
  const names = [...first.keys()]
  const unknown = (where: string, value: unknown) => {
    const name = namesOf(value).find((n) => !first.has(n))
    return name === undefined ? undefined : `${where} names '${name}', which is not a field${didYouMean(name, names)}`
  }
  const problems = [unknown('primaryKey', schema.primaryKey)]
  for (const [i, fk] of ((schema.foreignKeys ?? []) as ForeignKey[]).entries()) {
    problems.push(unknown(`foreignKeys[${i}].fields`, fk?.fields))
    // a reference to this same resource ("" or absent) names fields of this schema
    const resource = fk?.reference?.resource
    if (resource === '' || resource === undefined) problems.push(unknown(`foreignKeys[${i}].reference.fields`, fk?.reference?.fields))
  }
  return problems.find((p) => p !== undefined)
}
