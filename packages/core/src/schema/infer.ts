import type { Row } from '../io/row.ts'
import { casterFor, INVALID } from './cast.ts'
import { INTEGER_NUMBER, isBooleanWord } from './cell-rules.ts'
import type { Field, FieldType, Schema } from './model.ts'

const asDate = casterFor({ name: 'd', type: 'date' })
const asDateTime = casterFor({ name: 'd', type: 'datetime' })
const ENUM_MAX = 20
const DISTINCT_CAP = 2_000_000

/** Learns one column's type, presence, domain and range from the values it sees. */
class ColumnProfile {
  missing = 0
  present = 0
  // candidate types still consistent with every value seen
  integer = true
  number = true
  boolean = true
  date = true
  datetime = true
  object = true
  array = true
  min = Infinity
  max = -Infinity
  distinct: Set<string> | undefined = new Set()

  constructor(readonly name: string) {}

  add(row: Row, j: number): void {
    if (j >= row.count || row.isEmpty(j) || row.value(j) === null || row.value(j) === undefined) {
      this.missing++
      return
    }
    this.present++
    const v = row.value(j)
    const text = row.text(j)
    if (this.distinct) {
      this.distinct.add(text)
      if (this.distinct.size > DISTINCT_CAP) this.distinct = undefined
    }
    if (typeof v === 'object') {
      this.integer = this.number = this.boolean = this.date = this.datetime = false
      if (Array.isArray(v)) this.object = false
      else this.array = false
      return
    }
    this.object = this.array = false
    if (typeof v === 'boolean') {
      this.integer = this.number = this.date = this.datetime = false
      return
    }
    if (!isBooleanWord(text)) this.boolean = false
    if (typeof v === 'number') {
      this.date = this.datetime = false
      if (!Number.isInteger(v)) this.integer = false
      this.range(v)
      return
    }
    if (this.integer && !INTEGER_NUMBER.test(text.trim())) this.integer = false
    if (this.number) {
      const n = row.number(j)
      if (Number.isNaN(n) || !/\d/.test(text)) this.number = false
      else this.range(n)
    }
    if (this.date && asDate(row, j) === INVALID) this.date = false
    if (this.datetime && asDateTime(row, j) === INVALID) this.datetime = false
  }

  private range(n: number): void {
    if (n < this.min) this.min = n
    if (n > this.max) this.max = n
  }

  type(): FieldType {
    if (this.present === 0) return 'string'
    if (this.object) return 'object'
    if (this.array) return 'array'
    if (this.integer) return 'integer'
    if (this.number) return 'number'
    if (this.boolean) return 'boolean'
    if (this.date) return 'date'
    if (this.datetime) return 'datetime'
    return 'string'
  }

  field(options: { ranges: boolean }): Field {
    const type = this.type()
    const field: Field = { name: this.name, type }
    const constraints: NonNullable<Field['constraints']> = {}
    if (this.missing === 0 && this.present > 0) constraints.required = true
    const distinct = this.distinct?.size
    // an id-like column: every value different (integers or text, enough rows to tell)
    if (distinct !== undefined && distinct === this.present && this.present >= 10 && (type === 'integer' || type === 'string' || type === 'date' || type === 'datetime')) constraints.unique = true
    else if (type === 'string' && distinct !== undefined && distinct > 0 && distinct <= ENUM_MAX && distinct * 2 <= this.present) constraints.enum = [...this.distinct!].sort()
    if (options.ranges && (type === 'integer' || type === 'number') && this.present > 0) {
      constraints.minimum = this.min
      constraints.maximum = this.max
    }
    if (Object.keys(constraints).length) field.constraints = constraints
    return field
  }
}

/** Infers a schema while rows stream in (TFDV-like: presence, small string domains; ranges on request). */
export class SchemaInferrer {
  private columns: ColumnProfile[] = []
  private map: number[] = []

  private rows = 0

  /** The columns of the rows to come; a column first seen now was missing from every row before. */
  header(names: string[]): void {
    for (const n of names)
      if (!this.columns.some((c) => c.name === n)) {
        const column = new ColumnProfile(n)
        column.missing = this.rows
        this.columns.push(column)
      }
    this.map = this.columns.map((c) => names.indexOf(c.name))
  }

  row(row: Row): void {
    this.rows++
    for (let k = 0; k < this.columns.length; k++) {
      const j = this.map[k]
      if (j < 0) this.columns[k].missing++
      else this.columns[k].add(row, j)
    }
  }

  schema(options: { ranges: boolean }): Schema {
    return { fields: this.columns.map((c) => c.field(options)), missingValues: [''] }
  }
}
