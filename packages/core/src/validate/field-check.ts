import { ConfigurationError } from '../errors.ts'
import type { Row } from '../io/row.ts'
import { castLiteral, casterFor, INVALID, valueKey } from '../schema/cast.ts'
import type { Caster } from '../schema/cast.ts'
import type { Field, Schema } from '../schema/model.ts'
import { shorten } from '../text.ts'
import type { ErrorCollector } from './errors.ts'
import { FieldProfile } from './stats.ts'

/** What a cell check found: a typed value, a missing cell, or an error already reported. */
export const MISSING_CELL: unique symbol = Symbol('missing')
export const BAD_CELL: unique symbol = Symbol('bad')

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
}

/** One schema field compiled for fast checking: caster, missing values, constraints, profile. */
export class FieldCheck {
  readonly caster: Caster
  readonly missing: Set<string>
  readonly required: boolean
  private readonly seen: Set<unknown> | undefined
  private readonly onlyEmptyIsMissing: boolean
  /** The limits and enum as typed values (the scan compares numbers it read from bytes against them). */
  readonly minimum: unknown
  readonly maximum: unknown
  private readonly pattern: RegExp | undefined
  readonly enumKeys: Set<unknown> | undefined
  readonly profile: FieldProfile
  /** Column index in the current file's header, −1 when absent. */
  index = -1

  constructor(
    readonly field: Field,
    readonly number: number,
    schema: Schema,
    requiredByKey: boolean,
    /** The field alone is the primary key: one set serves unique and the key, reported as primary-key. */
    private readonly soleKey = false,
  ) {
    const c = field.constraints ?? {}
    this.caster = casterFor(field)
    this.missing = new Set(field.missingValues ?? schema.missingValues ?? [''])
    this.required = Boolean(c.required) || requiredByKey
    this.onlyEmptyIsMissing = this.missing.size === 1 && this.missing.has('')
    if (c.unique || soleKey) this.seen = new Set()
    this.minimum = c.minimum === undefined ? undefined : this.literal('minimum', c.minimum)
    this.maximum = c.maximum === undefined ? undefined : this.literal('maximum', c.maximum)
    if (c.pattern !== undefined) {
      try {
        this.pattern = new RegExp(`^(?:${c.pattern})$`, 'u')
      } catch (e) {
        throw new ConfigurationError(`The pattern of field '${field.name}' is not a valid regular expression: ${(e as Error).message}.`)
      }
    }
    if (c.enum) this.enumKeys = new Set(c.enum.map((v, i) => valueKey(this.literal(`enum[${i}]`, v))))
    this.profile = new FieldProfile(field)
  }

  private literal(what: string, v: unknown): unknown {
    const cast = castLiteral(this.field, v)
    if (cast === INVALID) throw new ConfigurationError(`The ${what} constraint of field '${this.field.name}' (${JSON.stringify(v)}) is not a valid ${this.field.type ?? 'string'}.`)
    return cast
  }

  isMissing(row: Row, j: number): boolean {
    if (row.isEmpty(j)) return true
    if (this.onlyEmptyIsMissing) {
      if (!row.typed) return false
      const v = row.value(j)
      return v === null || v === undefined
    }
    const v = row.value(j)
    return typeof v === 'string' ? this.missing.has(v) : v === null || v === undefined
  }

  /** Integer keys in [0, 2^25) (row ids) are remembered in a bitset: 4 MB instead of a Set of millions. */
  private seenBits: Uint32Array | undefined

  /** True when the key was seen before; remembers it otherwise. */
  private repeats(key: unknown): boolean {
    if (typeof key === 'number' && key >= 0 && key < 1 << 25 && key === Math.floor(key)) {
      this.seenBits ??= new Uint32Array(1 << 20)
      const word = key >>> 5
      const bit = 1 << (key & 31)
      if (this.seenBits[word] & bit) return true
      this.seenBits[word] |= bit
      return false
    }
    if (this.seen!.has(key)) return true
    this.seen!.add(key)
    return false
  }

  /**
   * Reports a constraint error on the cell and returns BAD_CELL: `rule` names what was broken, `what` says it of
   * the cell in the message, `perValue` when the value itself is the problem.
   */
  private fail(row: Row, j: number, file: string, errors: ErrorCollector, rule: string, what = `is ${rule}`, perValue = false): typeof BAD_CELL {
    const cell = shorten(row.text(j))
    errors.add({
      type: 'constraint-error',
      file,
      rowNumber: row.line,
      fieldName: this.field.name,
      fieldNumber: this.number,
      cell,
      rule,
      perValue,
      message: `'${cell}' in field '${this.field.name}' ${what}.`,
    })
    return BAD_CELL
  }

  /**
   * A repeated value: a unique field's unique-error, then, when the field alone is the primary key,
   * the key's primary-key error (Frictionless reports both for a unique key field).
   */
  private repeated(row: Row, j: number, file: string, errors: ErrorCollector): void {
    const cell = shorten(row.text(j))
    const name = this.field.name
    const at = { file, rowNumber: row.line, fieldName: name, fieldNumber: this.number, cell }
    if (this.field.constraints?.unique)
      errors.add({ type: 'unique-error', ...at, rule: 'repeats an earlier value (unique)', message: `'${cell}' in field '${name}' repeats an earlier value; the field must be unique.` })
    if (this.soleKey) errors.add({ type: 'primary-key', ...at, rule: 'repeats an earlier row (primary key)', message: `The primary key (${name}) = (${cell}) repeats an earlier row.` })
  }

  /** The cell's typed value, or null when it is missing or not of the field's type (as a reference key reads it). */
  valueOf(row: Row, j: number): unknown {
    if (j < 0 || j >= row.count || this.isMissing(row, j)) return null
    const value = this.caster(row, j)
    return value === INVALID ? null : value
  }

  /** Checks one cell; reports errors; returns the typed value, MISSING_CELL or BAD_CELL. */
  check(row: Row, j: number, file: string, errors: ErrorCollector): unknown {
    const name = this.field.name
    if (j < 0 || j >= row.count || this.isMissing(row, j)) {
      this.profile.addMissing()
      if (this.required)
        errors.add({
          type: 'constraint-error',
          file,
          rowNumber: row.line,
          fieldName: name,
          fieldNumber: this.number,
          cell: '',
          rule: 'required but empty',
          message: `Field '${name}' is required but the cell is empty.`,
        })
      return MISSING_CELL
    }
    const value = this.caster(row, j)
    if (value === INVALID) {
      const cell = shorten(row.text(j))
      const kind = `${this.field.type ?? 'string'}${this.field.format && this.field.format !== 'default' ? ` (${this.field.format})` : ''}`
      errors.add({
        type: 'type-error',
        file,
        rowNumber: row.line,
        fieldName: name,
        fieldNumber: this.number,
        cell,
        rule: `not a valid ${kind}`,
        perValue: true,
        message: `'${cell}' is not a valid ${kind} for field '${name}'.`,
      })
      this.profile.addMissing()
      return BAD_CELL
    }
    if (this.minimum !== undefined && compare(value, this.minimum) < 0) return this.fail(row, j, file, errors, `below the minimum ${String(this.field.constraints!.minimum)}`)
    if (this.maximum !== undefined && compare(value, this.maximum) > 0) return this.fail(row, j, file, errors, `above the maximum ${String(this.field.constraints!.maximum)}`)
    const c = this.field.constraints
    if (c && (c.minLength !== undefined || c.maxLength !== undefined)) {
      const len = typeof value === 'string' ? [...value].length : Array.isArray(value) ? value.length : value && typeof value === 'object' ? Object.keys(value).length : String(value).length
      if (c.minLength !== undefined && len < c.minLength) return this.fail(row, j, file, errors, `shorter than minLength ${c.minLength}`)
      if (c.maxLength !== undefined && len > c.maxLength) return this.fail(row, j, file, errors, `longer than maxLength ${c.maxLength}`)
    }
    if (this.pattern && !this.pattern.test(row.text(j))) {
      const rule = `does not match the pattern ${c!.pattern}`
      return this.fail(row, j, file, errors, rule, rule)
    }
    const key = this.enumKeys || this.seen || this.profile.distinct ? valueKey(value) : undefined
    if (this.enumKeys && !this.enumKeys.has(key)) return this.fail(row, j, file, errors, 'not in enum', `is not one of ${shorten((c!.enum ?? []).map(String).join(', '), 80)}`, true)
    if (this.seen && this.repeats(key)) {
      this.repeated(row, j, file, errors)
      return BAD_CELL
    }
    this.profile.add(value, key)
    return value
  }
}
