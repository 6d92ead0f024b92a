/**
 * A Table Schema descriptor (v1, with the v2 additions mlgate reads) as mlgate's schema: the keys the
 * specs allow besides mlgate's are set aside (language-tagged keys, keys of other vocabularies), v2
 * forms are read into the v1 ones (object missingValues, categories, fieldsMatch, the fmt: prefix), and
 * what mlgate cannot check yet is refused with a sentence that says so — a check is never skipped.
 * docs/table-schema.md lists every key and what becomes of it.
 */
import { editDistance } from '../text.ts'
import { castLiteral, INVALID, valueKey } from './cast.ts'
import { formatProblem } from './formats.ts'
import { withoutFmtPrefix } from './temporal.ts'
import { shapeSchema } from './shape-validator.generated.ts'
import type { Field } from './model.ts'

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v)

interface ShapeSchema {
  properties: Json
  definitions: { field: { properties: Json } }
}
const shape = shapeSchema as unknown as ShapeSchema
const SCHEMA_KEYS = Object.keys(shape.properties)
const FIELD_KEYS = Object.keys(shape.definitions.field.properties)

/** Keys of Table Schema v2 that mlgate does not read yet: refused, never ignored. */
const V2_SCHEMA_KEYS = ['uniqueKeys']
const V2_FIELD_KEYS: string[] = []
const V2_CONSTRAINT_KEYS = ['exclusiveMinimum', 'exclusiveMaximum', 'jsonSchema']

/** fieldsMatch (v2) in mlgate's `columns` words: Table Schema's subset (the data has more) is mlgate's superset. */
const FIELDS_MATCH: Record<string, string> = { exact: 'exact', equal: 'exact', subset: 'superset', superset: 'subset' }

/** The problem a descriptor has, as a clause of the sentence "The schema 'x' is invalid: …". */
export class DescriptorProblem extends Error {}

const v2 = (what: string, at = 'the top level') => new DescriptorProblem(`${at === 'the top level' ? '' : `${at}: `}${what} is Table Schema v2, not supported yet`)

/** A key one slip away from a key mlgate reads: a typo of it, refused so that its check is not lost. */
function typoOf(key: string, known: string[]): string | undefined {
  const k = key.toLowerCase()
  return known.find((c) => {
    const d = editDistance(k, c.toLowerCase())
    return d === 0 || (d === 1 && Math.max(key.length, c.length) >= 4) || (d === 2 && key.length >= 8)
  })
}

/**
 * The keys of an object mlgate keeps as they are: `read` ones are the caller's to read, v2 ones it
 * cannot read are refused, a typo of either is refused, language-tagged and other keys are set aside.
 */
function knownKeys(o: Json, known: string[], read: string[], v2Keys: string[], at: string): Json {
  const out: Json = {}
  for (const [key, value] of Object.entries(o)) {
    if (known.includes(key)) out[key] = value
    else if (read.includes(key) || key.includes('@')) continue
    else if (v2Keys.includes(key)) throw v2(key, at)
    else {
      const typo = typoOf(key, [...known, ...read])
      if (typo) throw new DescriptorProblem(`unknown key '${key}' in ${at} — did you mean '${typo}'?`)
    }
  }
  return out
}

/** Constraints as they are (the shape check refuses a key it does not know), but the v2 ones, refused. */
function constraintsOf(constraints: unknown, at: string): unknown {
  if (isObject(constraints)) for (const key of V2_CONSTRAINT_KEYS) if (key in constraints) throw v2(key, at)
  return constraints
}

/** missingValues as strings: the v2 objects ({value, label}) by their value. */
function missingStrings(value: unknown, at: string): unknown {
  if (!Array.isArray(value)) return value
  return value.map((v, i) => {
    if (!isObject(v)) return v
    if (typeof v.value !== 'string') throw new DescriptorProblem(`${at}[${i}] must have a string 'value'`)
    return v.value
  })
}

/** categories (v2) as the enum constraint they amount to; an enum beside them must be a subset of them. */
function categoriesAsEnum(field: Json, categories: unknown, at: string): void {
  if (!Array.isArray(categories) || categories.length === 0) throw new DescriptorProblem(`${at}.categories must be a non-empty array`)
  const values = categories.map((c) => (isObject(c) ? c.value : c))
  const constraints = isObject(field.constraints) ? { ...field.constraints } : {}
  if (Array.isArray(constraints.enum)) {
    const key = (v: unknown) => {
      const cast = castLiteral(field as unknown as Field, v)
      return cast === INVALID ? v : valueKey(cast)
    }
    const allowed = new Set(values.map(key))
    const outside = constraints.enum.find((v) => !allowed.has(key(v)))
    if (outside !== undefined) throw new DescriptorProblem(`${at}.constraints.enum must be a subset of its categories, and ${JSON.stringify(outside)} is not one`)
  } else constraints.enum = values
  field.constraints = constraints
}

/** arrayItem: the field each item of an array is cast as — its type, format and their options, not constraints. */
function readArrayItem(raw: unknown, at: string): unknown {
  if (!isObject(raw)) return raw
  for (const key of ['constraints', 'categories', 'missingValues', 'quality'])
    if (raw[key] !== undefined) throw new DescriptorProblem(`${at}.${key}: constraints on the items of an array are not supported yet`)
  return readField({ name: 'item', ...raw }, at)
}

function readField(raw: unknown, i: number | string): unknown {
  const at = typeof i === 'string' ? i : `fields[${i}]`
  if (!isObject(raw)) return raw
  const field = knownKeys(raw, FIELD_KEYS, ['categories', 'categoriesOrdered'], V2_FIELD_KEYS, at)
  if (field.arrayItem !== undefined) field.arrayItem = readArrayItem(field.arrayItem, `${at}.arrayItem`)
  if (typeof field.format === 'string') field.format = withoutFmtPrefix(field.format)
  if (field.missingValues !== undefined) field.missingValues = missingStrings(field.missingValues, `${at}.missingValues`)
  if (field.constraints !== undefined) field.constraints = constraintsOf(field.constraints, `${at}.constraints`)
  if (raw.categories !== undefined) categoriesAsEnum(field, raw.categories, at)
  const problem = formatProblem(field)
  if (problem) throw new DescriptorProblem(`${at}: ${problem}`)
  return field
}

/** A parsed Table Schema descriptor as the document mlgate's shape check reads (see the module comment). */
export function readDescriptor(doc: unknown): unknown {
  if (!isObject(doc)) return doc
  const schema = knownKeys(doc, SCHEMA_KEYS, ['fieldsMatch'], V2_SCHEMA_KEYS, 'the top level')
  if (doc.fieldsMatch !== undefined) {
    if (doc.columns !== undefined) throw new DescriptorProblem("both fieldsMatch and columns say which columns the data has: keep one (fieldsMatch 'subset' is columns 'superset')")
    const columns = FIELDS_MATCH[String(doc.fieldsMatch)]
    if (doc.fieldsMatch === 'partial') throw v2("fieldsMatch 'partial'")
    if (!columns) throw new DescriptorProblem(`fieldsMatch must be one of exact, equal, subset, superset, partial, not ${JSON.stringify(doc.fieldsMatch)}`)
    schema.columns = columns
  }
  if (schema.missingValues !== undefined) schema.missingValues = missingStrings(schema.missingValues, 'missingValues')
  if (Array.isArray(schema.fields)) schema.fields = schema.fields.map(readField)
  return schema
}

/** Dialect keys (CSV Dialect v1, Table Dialect v2) and the value each must have to read as mlgate reads CSV. */
const DIALECT_AS_READ: Record<string, (v: unknown) => boolean> = {
  header: (v) => v === true,
  headerRows: (v) => Array.isArray(v) && v.length === 1 && v[0] === 1,
  quoteChar: (v) => v === '"',
  doubleQuote: (v) => v === true,
  skipInitialSpace: (v) => v === false,
}
/** Dialect keys whose value does not change what mlgate reads (the delimiter comes from its own input). */
const DIALECT_IGNORED = ['$schema', 'delimiter', 'lineTerminator', 'caseSensitiveHeader', 'csvddfVersion']

/** Why a resource's dialect cannot be read as mlgate reads the data (a clause naming the key), or undefined. */
export function dialectProblem(dialect: unknown): string | undefined {
  if (dialect === undefined || typeof dialect === 'string') return undefined
  if (!isObject(dialect)) return 'its dialect must be an object'
  for (const [key, value] of Object.entries(dialect)) {
    if (DIALECT_IGNORED.includes(key) || key.includes('@')) continue
    const asRead = DIALECT_AS_READ[key]
    if (!asRead?.(value))
      return `its dialect sets ${key} to ${JSON.stringify(value)}, which mlgate does not read yet (it reads a header row, '"' quotes doubled, no comments, escapes or null sequence)`
  }
  return undefined
}
