import type { Row } from '../io/row.ts'
import type { Schema } from '../schema/model.ts'
import { shorten } from '../text.ts'
import { ErrorCollector } from './errors.ts'
import type { ValidationError } from './errors.ts'
import { BAD_CELL, FieldCheck, MISSING_CELL } from './field-check.ts'
import { datasetRuleErrors } from './dataset-rules.ts'
import { valueKey } from '../schema/cast.ts'
import type { ForeignKeyCheck } from './foreign-keys.ts'

export type RecordCheck = (record: Record<string, unknown>) => string[] | undefined

export interface ValidatorOptions {
  maxErrors: number
  /** Validates each record as an object (JSON Schema); returns messages for a failing record. */
  recordCheck?: RecordCheck
}

export interface FileSummary {
  path: string
  rows: number
  header: string[]
}

/**
 * Validates a dataset record by record (several files form one dataset): header checks per file,
 * cells against the schema, uniqueness and primary keys across files, dataset rules at the end.
 */
export class DatasetValidator {
  readonly errors: ErrorCollector
  readonly checks: FieldCheck[]
  readonly files: FileSummary[] = []
  rowCount = 0
  private header: string[] = []
  private file = ''
  private readonly primaryKey: string[]
  private readonly keys = new Set<unknown>()
  private pkChecks: FieldCheck[] = []
  private firstHeader: string[] | undefined
  /** This file's columns with an extra-label, whose cells are extra-cells on each row. */
  private extraColumns: number[] = []
  /** This file's fields with a missing-label, whose cells are missing-cells on each row. */
  private absentChecks: FieldCheck[] = []
  /** Per header column, the field check that tells whether its cell is missing (an empty cell is, otherwise). */
  private blankTest: (FieldCheck | undefined)[] = []
  private foreignKeys: ForeignKeyCheck | undefined

  constructor(
    readonly schema: Schema | undefined,
    private readonly options: ValidatorOptions,
  ) {
    this.errors = new ErrorCollector(options.maxErrors)
    this.primaryKey = schema?.primaryKey === undefined ? [] : [schema.primaryKey].flat()
    const soleKey = this.primaryKey.length === 1 ? this.primaryKey[0] : undefined
    this.checks = (schema?.fields ?? []).map((f, i) => new FieldCheck(f, i + 1, schema!, this.primaryKey.includes(f.name), f.name === soleKey))
  }

  startFile(path: string): void {
    this.file = path
    this.files.push({ path, rows: 0, header: [] })
  }

  /** A label error: about the file's columns, so it has no row (as in Frictionless). */
  private headerError(type: ValidationError['type'], rule: string, message: string, fieldName?: string, fieldNumber?: number): void {
    this.errors.add({ type, rule, message, file: this.file, fieldName, fieldNumber, cell: fieldName })
  }

  // the label errors a column gets, in the same words whether a header or a record (JSON) brought it

  private notInSchema(name: string, fieldNumber: number): void {
    this.headerError('extra-label', 'column not in the schema', `Column '${name}' is not in the schema.`, name, fieldNumber)
  }

  private notInFirstFile(name: string, fieldNumber?: number): void {
    this.headerError('extra-label', 'column not in the first file', `Column '${name}' is not in the first file.`, name, fieldNumber)
  }

  private lacksFirstFileColumn(name: string): void {
    this.headerError('missing-label', 'column of the first file, missing from this file', `Column '${name}' of the first file is missing from this file.`, name)
  }

  /** Whether a file must have the field's column: always, except an optional field under `columns: subset`. */
  private columnRequired(c: FieldCheck): boolean {
    return (this.schema?.columns ?? 'exact') !== 'subset' || c.required
  }

  onHeader(labels: string[], line: number): void {
    // labels are trimmed, as Frictionless reads them: `a, b` is the labels a and b
    const names = labels.map((n) => n.trim())
    this.header = names
    this.files[this.files.length - 1].header = names
    this.extraColumns = []
    this.absentChecks = []
    const seen = new Map<string, number>()
    names.forEach((n, i) => {
      if (n === '') this.headerError('blank-header', 'column without a name', `Column ${i + 1} has no name in the header.`, undefined, i + 1)
      else if (seen.has(n)) this.headerError('duplicate-label', 'column twice in the header', `Column '${n}' appears twice in the header (columns ${seen.get(n)! + 1} and ${i + 1}).`, n, i + 1)
      else seen.set(n, i)
    })
    if (this.firstHeader && !this.schema) {
      // shards without a schema must share the first file's columns
      for (const n of this.firstHeader) if (!names.includes(n)) this.lacksFirstFileColumn(n)
      for (const n of names) if (!this.firstHeader.includes(n)) this.notInFirstFile(n)
    }
    // the first file's columns, grown by keys its later records bring (a copy: the file's own header grows too)
    this.firstHeader ??= [...names]
    if (!this.schema) return
    const policy = this.schema.columns ?? 'exact'
    // under exact columns, a header row's label errors come with their cells' errors on every row (Frictionless' default)
    const companions = policy === 'exact' && line > 0
    for (const c of this.checks) {
      c.index = names.indexOf(c.field.name)
      if (c.index < 0 && this.columnRequired(c)) {
        this.headerError('missing-label', 'column in the schema, missing from the header', `Column '${c.field.name}' is in the schema but missing from the header.`, c.field.name, c.number)
        if (companions) this.absentChecks.push(c)
      }
    }
    if (policy !== 'superset') {
      const known = new Set(this.checks.map((c) => c.field.name))
      names.forEach((n, i) => {
        if (n === '' || known.has(n)) return
        this.notInSchema(n, i + 1)
        if (companions) this.extraColumns.push(i)
      })
    }
    this.blankTest = names.map((n) => this.checks.find((c) => c.index >= 0 && c.field.name === n))
    // a single-field key is checked by its field's own set (see FieldCheck)
    this.pkChecks = this.primaryKey.length > 1 ? this.primaryKey.map((k) => this.checks.find((c) => c.field.name === k)!).filter(Boolean) : []
  }

  /** The columns a keyed (JSON) file is read as before its keys are seen: the schema's fields, else the first file's. */
  declaredColumns(): string[] | undefined {
    return this.schema ? this.schema.fields.map((f) => f.name) : this.files.length > 1 ? this.firstHeader : undefined
  }

  /** Keys of a JSON file first seen: appended to the header; undeclared ones are reported once, without a row. */
  onNewColumns(keys: string[]): void {
    const header = this.header
    for (const n of keys.map((k) => k.trim())) {
      header.push(n)
      if (this.schema) {
        if ((this.schema.columns ?? 'exact') !== 'superset') this.notInSchema(n, header.length)
      } else if (this.files.length === 1) this.firstHeader!.push(n)
      else if (!this.firstHeader!.includes(n)) this.notInFirstFile(n, header.length)
    }
  }

  /** Declared columns that no record of a JSON file had. */
  onAbsentColumns(names: string[]): void {
    if (!this.schema) {
      for (const n of names) this.lacksFirstFileColumn(n)
      return
    }
    for (const c of this.checks)
      if (names.includes(c.field.name) && this.columnRequired(c))
        this.headerError('missing-label', 'column in the schema, in no record', `Column '${c.field.name}' is in the schema but no record of the file has it.`, c.field.name, c.number)
  }

  /** Foreign keys to check on every row, their referenced tuples collected before the first row. */
  useForeignKeys(check: ForeignKeyCheck): void {
    this.foreignKeys = check
  }

  /**
   * A row is blank when every cell of the header's columns is missing (by its field's missing values; an
   * empty cell for a column without a field); cells past the header do not count (Frictionless' rule).
   */
  private isBlank(row: Row): boolean {
    const n = Math.min(row.count, this.header.length)
    for (let j = 0; j < n; j++) {
      const c = this.blankTest[j]
      if (c ? !c.isMissing(row, j) : !row.isEmpty(j)) return false
    }
    return true
  }

  onRow(row: Row): void {
    this.rowCount++
    this.files[this.files.length - 1].rows++
    if (this.isBlank(row)) {
      this.errors.add({ type: 'blank-row', file: this.file, rowNumber: row.line, rule: 'blank row', message: 'The row is blank.' })
      return
    }
    if (this.checks.length === 0) {
      this.cellCountErrors(row)
      return this.checkRecord(row, undefined)
    }
    const values: unknown[] = new Array(this.checks.length)
    for (let k = 0; k < this.checks.length; k++) {
      const c = this.checks[k]
      if (c.index >= 0) values[k] = c.check(row, c.index, this.file, this.errors)
    }
    // a field without a column (its missing-label reported) reads as missing on every row: required errors first
    for (const c of this.absentChecks) values[c.number - 1] = c.check(row, -1, this.file, this.errors)
    this.cellCountErrors(row)
    if (this.pkChecks.length) this.checkPrimaryKey(row, values)
    this.foreignKeys?.check(row, values, this.file, this.errors)
    this.checkRecord(row, values)
  }

  /** extra-cell for each cell past the header or in an extra-label column, missing-cell for each cell the row lacks. */
  private cellCountErrors(row: Row): void {
    const width = this.header.length
    for (const j of this.extraColumns) if (j < row.count) this.extraCell(row, j, 'cell of a column not in the schema', `The cell is in column '${this.header[j]}', which is not in the schema.`)
    for (let j = width; j < row.count; j++) this.extraCell(row, j, 'cell past the last column', `The row has ${row.count} cells but the header has ${width} columns.`)
    // a short row lacks no cell of an extra-label column: that column is not the schema's
    for (let j = row.count; j < width; j++)
      if (!this.extraColumns.includes(j)) this.missingCell(row, this.header[j], j + 1, `The row has ${row.count} cells but the header has ${width} columns; '${this.header[j]}' is missing.`)
    for (const c of this.absentChecks) this.missingCell(row, c.field.name, c.number, `Field '${c.field.name}' has no column in the file, so the row has no cell for it.`)
  }

  private extraCell(row: Row, j: number, rule: string, why: string): void {
    this.errors.add({ type: 'extra-cell', file: this.file, rowNumber: row.line, fieldNumber: j + 1, cell: shorten(row.text(j)), rule, message: why })
  }

  private missingCell(row: Row, fieldName: string, fieldNumber: number, why: string): void {
    this.errors.add({ type: 'missing-cell', file: this.file, rowNumber: row.line, fieldName, fieldNumber, rule: 'missing from the row', message: why })
  }

  private checkPrimaryKey(row: Row, values: unknown[]): void {
    if (this.pkChecks.length === 1) {
      const v = values[this.pkChecks[0].number - 1]
      if (v === MISSING_CELL || v === BAD_CELL || v === undefined) return
      const key = valueKey(v)
      if (!this.keys.has(key)) {
        this.keys.add(key)
        return
      }
      return this.duplicateKey(row)
    }
    const parts: unknown[] = []
    for (const c of this.pkChecks) {
      const v = values[c.number - 1]
      if (v === MISSING_CELL || v === BAD_CELL || v === undefined) return
      parts.push(valueKey(v))
    }
    const key = JSON.stringify(parts)
    if (this.keys.has(key)) this.duplicateKey(row)
    else this.keys.add(key)
  }

  private duplicateKey(row: Row): void {
    {
      const shown = this.pkChecks.map((c) => row.text(c.index)).join(', ')
      this.errors.add({
        type: 'primary-key',
        file: this.file,
        rowNumber: row.line,
        fieldName: this.primaryKey.join(','),
        cell: shorten(shown),
        rule: 'repeats an earlier row (primary key)',
        message: `The primary key (${this.primaryKey.join(', ')}) = (${shorten(shown)}) repeats an earlier row.`,
      })
    }
  }

  private checkRecord(row: Row, values: unknown[] | undefined): void {
    const check = this.options.recordCheck
    if (!check) return
    const record: Record<string, unknown> = {}
    this.header.forEach((name, j) => {
      const k = this.checks.findIndex((c) => c.field.name === name)
      const v = values && k >= 0 ? values[k] : undefined
      if (v === MISSING_CELL) return
      if (v !== undefined && v !== BAD_CELL) record[name] = v
      else if (!row.isEmpty(j)) record[name] = row.value(j)
    })
    for (const message of check(record) ?? []) this.errors.add({ type: 'json-schema-error', file: this.file, rowNumber: row.line, message })
  }

  finish(): void {
    for (const e of datasetRuleErrors(this.schema, this.checks, this.rowCount)) this.errors.add(e)
  }
}
