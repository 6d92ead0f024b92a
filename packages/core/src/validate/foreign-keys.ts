import { ConfigurationError } from '../errors.ts'
import type { Row } from '../io/row.ts'
import { readRows } from '../io/records.ts'
import type { DataSource } from '../io/sources.ts'
import { valueKey } from '../schema/cast.ts'
import type { Schema } from '../schema/model.ts'
import { namesOf } from '../schema/references.ts'
import { shorten } from '../text.ts'
import type { ErrorCollector } from './errors.ts'
import { BAD_CELL, FieldCheck, MISSING_CELL } from './field-check.ts'

/** One foreign key of a schema, its field lists as lists: `resource` '' is the resource itself. */
export interface ForeignKey {
  fields: string[]
  resource: string
  referenced: string[]
}

/** The schema's foreign keys (Table Schema `foreignKeys`), a name or a list of names each side. */
export function foreignKeysOf(schema: Schema | undefined): ForeignKey[] {
  return ((schema?.foreignKeys ?? []) as { fields?: unknown; reference?: { resource?: unknown; fields?: unknown } }[]).map((fk) => ({
    fields: namesOf(fk?.fields),
    resource: typeof fk?.reference?.resource === 'string' ? fk.reference.resource : '',
    referenced: namesOf(fk?.reference?.fields),
  }))
}

/**
 * The one key of a tuple of typed values (a missing part as null): a single value as schema/cast
 * keys it (numbers stay numbers: a Set of a million ids stays fast), a tuple as JSON of its parts' keys.
 * 1 and "1" differ, as typed values do.
 */
export function tupleKey(values: unknown[]): unknown {
  if (values.length === 1) return valueKey(values[0])
  return JSON.stringify(values.map((v) => (v === null || v === undefined ? null : valueKey(v))))
}

/** Integer keys in [0, 2^25) (row ids) are kept in a bitset: a Set of a million numbers costs ten times more to fill. */
const SMALL_KEYS = 1 << 25

/** The referenced keys of one foreign key: a set of tuple keys (see tupleKey). */
export class KeySet {
  private bits: Uint32Array | undefined
  private readonly others = new Set<unknown>()

  add(key: unknown): void {
    if (typeof key === 'number' && key >= 0 && key < SMALL_KEYS && (key | 0) === key) {
      this.bits ??= new Uint32Array(SMALL_KEYS >>> 5)
      this.bits[key >>> 5] |= 1 << (key & 31)
    } else this.others.add(key)
  }

  has(key: unknown): boolean {
    if (typeof key === 'number' && key >= 0 && key < SMALL_KEYS && (key | 0) === key) return this.bits !== undefined && (this.bits[key >>> 5] & (1 << (key & 31))) !== 0
    return this.others.has(key)
  }
}

/** A table whose key tuples are collected: its files, their schema and how they are read. */
export interface KeyedTable {
  /** How sentences name it: "resource 'cities' of 'datapackage.json'". */
  name: string
  sources: DataSource[]
  schema: Schema
  cwd: string
  delimiter?: string
}

/** The field checks of a key's fields in a schema (they read each cell as the field's type). */
function checksOf(table: KeyedTable, fields: string[]): FieldCheck[] {
  return fields.map((name) => {
    const i = table.schema.fields.findIndex((f) => f.name === name)
    if (i < 0) throw new ConfigurationError(`A foreign key references field '${name}' of ${table.name}, which has no such field.`)
    return new FieldCheck(table.schema.fields[i], i + 1, table.schema, false)
  })
}

/**
 * Reads a table once and collects, for each list of fields, the set of key tuples its rows hold
 * (rows whose parts are all missing hold none), as Frictionless builds its lookup of a reference.
 */
export async function collectKeys(table: KeyedTable, keyLists: string[][]): Promise<KeySet[]> {
  const sets = keyLists.map(() => new KeySet())
  const checks = keyLists.map((fields) => checksOf(table, fields))
  for (const source of table.sources) {
    let header: string[] = []
    const columns = () => keyLists.map((fields) => fields.map((f) => header.indexOf(f)))
    let at = columns()
    await readRows(
      source,
      {
        header: (names, line) => {
          header = names.map((n) => n.trim())
          at = columns()
          const absent = line > 0 ? keyLists.flat().find((f) => !header.includes(f)) : undefined
          if (absent !== undefined) throw new ConfigurationError(`${source.path}: ${table.name} has no column '${absent}', which a foreign key references.`)
        },
        newColumns: (names) => {
          header.push(...names.map((n) => n.trim()))
          at = columns()
        },
        row: (row) => {
          for (let k = 0; k < sets.length; k++) {
            const cols = at[k]
            if (cols.length === 1) {
              const v = checks[k][0].valueOf(row, cols[0])
              if (v !== null) sets[k].add(valueKey(v))
              continue
            }
            const parts = cols.map((j, p) => checks[k][p].valueOf(row, j))
            if (parts.some((v) => v !== null)) sets[k].add(tupleKey(parts))
          }
        },
      },
      { cwd: table.cwd, delimiter: table.delimiter, columns: table.schema.fields.map((f) => f.name) },
    )
  }
  return sets
}

/** The referencing side of the foreign keys: each row's key tuple looked up in the referenced keys. */
export class ForeignKeyCheck {
  private readonly parts: number[][]

  constructor(
    private readonly keys: ForeignKey[],
    /** Per key, the tuples of the referenced fields. */
    private readonly lookups: KeySet[],
    private readonly checks: FieldCheck[],
  ) {
    this.parts = keys.map((fk) => fk.fields.map((f) => checks.findIndex((c) => c.field.name === f)))
  }

  /** The value of check k in the row: a cell that broke a constraint still has its typed value; a missing or mistyped one is null. */
  private value(row: Row, values: unknown[], k: number): unknown {
    const v = values[k]
    if (v === MISSING_CELL || v === undefined) return null
    if (v === BAD_CELL) return this.checks[k].valueOf(row, this.checks[k].index)
    return v
  }

  /** Reports a foreign-key error for each key whose tuple (not wholly missing) is not among the referenced ones. */
  check(row: Row, values: unknown[], file: string, errors: ErrorCollector): void {
    for (let i = 0; i < this.keys.length; i++) {
      const at = this.parts[i]
      if (at.length === 1) {
        const v = this.value(row, values, at[0])
        if (v === null || this.lookups[i].has(valueKey(v))) continue
      } else {
        const parts = at.map((k) => this.value(row, values, k))
        if (parts.every((v) => v === null) || this.lookups[i].has(tupleKey(parts))) continue
      }
      const fk = this.keys[i]
      const shown = shorten(this.parts[i].map((k) => (this.checks[k].index < 0 ? '' : row.text(this.checks[k].index))).join(', '))
      const where = fk.resource === '' ? 'this resource' : `resource '${fk.resource}'`
      errors.add({
        type: 'foreign-key',
        file,
        rowNumber: row.line,
        fieldName: fk.fields.join(','),
        fieldNumber: fk.fields.length === 1 ? this.checks[this.parts[i][0]].number : undefined,
        cell: shown,
        rule: `not found in ${where} (${fk.referenced.join(', ')})`,
        message: `The foreign key (${fk.fields.join(', ')}) = (${shown}) is not found in ${where} as (${fk.referenced.join(', ')}).`,
      })
    }
  }
}

/**
 * The referenced key tuples of every foreign key, each referenced table read once for all the keys
 * that reference it: '' is `self` (the data being validated), any other name comes from `resource` (undefined there: the resource being validated, so the data too).
 */
export async function referencedKeys(keys: ForeignKey[], self: KeyedTable, resource: (name: string) => Promise<KeyedTable | undefined>): Promise<KeySet[]> {
  const lookups: KeySet[] = new Array(keys.length)
  const uneven = keys.findIndex((fk) => fk.fields.length !== fk.referenced.length || fk.fields.length === 0)
  if (uneven >= 0) {
    const fk = keys[uneven]
    throw new ConfigurationError(`foreignKeys[${uneven}] pairs ${fk.fields.length} field(s) with ${fk.referenced.length} referenced field(s); a foreign key lists as many of each.`)
  }
  for (const name of new Set(keys.map((fk) => fk.resource))) {
    const which = keys.flatMap((fk, i) => (fk.resource === name ? [i] : []))
    // a resource named as the one being validated is the data itself (undefined from `resource`)
    const table = name === '' ? self : ((await resource(name)) ?? self)
    const sets = await collectKeys(
      table,
      which.map((i) => keys[i].referenced),
    )
    which.forEach((i, n) => (lookups[i] = sets[n]))
  }
  return lookups
}
