import fc from 'fast-check'
import type { Constraints, Field, FieldQuality, FieldType, Schema } from '../../packages/core/src/schema/model.ts'
import type { CsvShape, Flavour } from './generators.ts'
import { cellOf, cleanCellOf, csvShape, ENUM_POOL, FLAVOURS, MISSING_SPELLINGS, PATTERNS, rowsOf, TEXTS } from './generators.ts'

// Generated datasets for validate-data: a table of flavoured columns, then a schema whose
// constraints are either drawn from pools or fitted to the table's own cells, so that many cases
// pass (the fast scan then answers) and many sit one cell or one unit away from failing.

export const NAMES = ['id', 'amount', 'kind', 'flag', 'note', 'é名', 'a b', 'x,y', 'count', 'code']

export interface ColumnSpec {
  flavour: Flavour
  /** Only valid-looking cells (no blanks or missing spellings). */
  clean: boolean
  /** Cells replaced by distinct values (candidate keys). */
  keys: boolean
}

export interface TableCase {
  names: string[]
  specs: ColumnSpec[]
  /** One or two shards of the same header. */
  shards: string[][][]
  shape: CsvShape
  seed: number
}

export interface ValidateCase {
  table: TableCase
  /** The header as written: the field names, or a near miss of them. */
  header: string[]
  schema: Schema
  maxErrors: number
}

const spec: fc.Arbitrary<ColumnSpec> = fc.record({
  flavour: fc.constantFrom(...FLAVOURS),
  clean: fc.integer({ min: 0, max: 2 }).map((n) => n > 0),
  keys: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
})

function distinctCell(flavour: Flavour, i: number): string {
  if (flavour === 'integer') return String(i * 3 - 40)
  if (flavour === 'number') return String(i / 4 - 2)
  return `k${i}${i % 3 ? 'é' : ''}`
}

export const tableCase: fc.Arbitrary<TableCase> = fc
  .uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 })
  .chain((names) => fc.tuple(fc.constant(names), fc.tuple(...names.map(() => spec))))
  .chain(([names, specs]) =>
    fc.record({
      names: fc.constant(names),
      specs: fc.constant(specs),
      rows: rowsOf(
        specs.map((s) => (s.clean ? cleanCellOf(s.flavour) : cellOf(s.flavour))),
        { minLength: 1, maxLength: 60 },
        !specs.every((s) => s.clean),
      ),
      cut: fc.option(fc.nat(60), { freq: 3 }),
      shape: csvShape,
      seed: fc.integer(),
    }),
  )
  .map(({ names, specs, rows, cut, shape, seed }) => {
    const keyed = rows.map((r, i) => r.map((c, j) => (specs[j]?.keys && specs[j].flavour !== 'boolean' ? distinctCell(specs[j].flavour, i) : c)))
    const shards = cut === null || cut >= keyed.length ? [keyed] : [keyed.slice(0, cut), keyed.slice(cut)]
    return { names, specs, shards, shape, seed }
  })

/** The cells of column j over every shard (present cells only). */
export function columnCells(t: TableCase, j: number): string[] {
  return t.shards.flat().flatMap((r) => (j < r.length ? [r[j]] : []))
}

const codePoints = (s: string) => [...s].length
const finiteNumbers = (cells: string[]) => cells.map((c) => (c.trim() === '' ? NaN : Number(c))).filter((v) => Number.isFinite(v))

function typeFor(s: ColumnSpec): fc.Arbitrary<FieldType> {
  const natural: Record<Flavour, FieldType[]> = {
    integer: ['integer', 'number'],
    number: ['number'],
    boolean: ['boolean'],
    text: ['string', 'string', 'string', 'any'],
    mixed: ['string', 'string', 'any'],
  }
  const all: FieldType[] = ['string', 'integer', 'number', 'boolean', 'any', 'date']
  return fc.oneof({ arbitrary: fc.constantFrom(...natural[s.flavour]), weight: 16 }, { arbitrary: fc.constantFrom(...all), weight: 1 })
}

/** Off-grid bounds: a statistic of the cells almost never ties with one. */
const bound = fc.constantFrom(-1000.123456789, -1.123456789, 0.123456789, 1.377777, 2.5123456789, 10.123456789, 1e5 + 0.123)
const range = fc.record({ min: bound, max: bound }, { requiredKeys: [] })

const quality: fc.Arbitrary<FieldQuality> = fc.record(
  {
    nullShare: fc.record({ max: fc.constantFrom(0, 0.1, 0.5, 0.9) }),
    distinct: fc.record({ min: fc.constantFrom(1, 2, 5), max: fc.constantFrom(1, 3, 10, 50) }, { requiredKeys: [] }),
    mean: range,
    median: range,
    min: range,
    max: range,
    stdev: range,
    quantiles: fc.dictionary(fc.constantFrom('0.1', '0.5', '0.9', '1'), range, { maxKeys: 2 }),
  },
  { requiredKeys: [] },
)

function numberConstraints(cells: string[], type: FieldType): fc.Arbitrary<Constraints> {
  const values = finiteNumbers(cells)
  const lo = values.length ? Math.min(...values) : 0
  const hi = values.length ? Math.max(...values) : 0
  const integerish = (v: number) => (type === 'integer' ? Math.round(v) : v)
  const limit = (edge: number) =>
    fc.oneof(
      { arbitrary: fc.constant(integerish(edge)), weight: 3 },
      fc.constantFrom(-1, 0, 5, 10, 42, 1e5, '5', '-0', ' 7 ').map((v) => (type === 'integer' && typeof v === 'number' ? Math.round(v) : v)),
      fc.constant(integerish(edge) + (edge === lo ? 1 : -1)),
    )
  const literals = [...new Set(values.map(integerish))]
  return fc
    .record({
      required: maybe(fc.boolean()),
      unique: maybe(fc.boolean()),
      minimum: maybe(limit(lo)),
      maximum: maybe(limit(hi)),
      enum: rare(
        fc.oneof(
          fc.subarray(literals, { minLength: Math.min(1, literals.length) }),
          fc.constant(literals),
          fc.constant(literals),
          fc.subarray([1, 2, 5, -7, 42, 0, '5', '-0', ...(type === 'number' ? [0.5, 'NaN'] : [])] as (number | string)[], { minLength: 1 }),
        ),
        3,
      ),
      // a text constraint on a number: the scan leaves the field to the row validator
      pattern: rare(fc.constantFrom('\\d+', '-?\\d'), 15),
    })
    .map(compact)
}

/** Mostly a column of distinct values; now and then any column or two of them. */
function primaryKeyFor(t: TableCase): fc.Arbitrary<string | string[] | undefined> {
  const keys = t.names.filter((_, j) => t.specs[j].keys && t.specs[j].flavour !== 'boolean')
  const any = fc.oneof(fc.constantFrom(...t.names), fc.constant(t.names.slice(0, 2)))
  return keys.length ? maybe(fc.oneof({ arbitrary: fc.constantFrom(...keys), weight: 8 }, { arbitrary: any, weight: 1 })) : rare(any, 8)
}

function stringConstraints(cells: string[]): fc.Arbitrary<Constraints> {
  const lengths = cells.map(codePoints)
  const shortest = lengths.length ? Math.min(...lengths) : 0
  const longest = lengths.length ? Math.max(...lengths) : 0
  const distinct = [...new Set(cells)]
  // fitted to the cells (passes, or misses by one value or one character) more often than drawn from a pool
  const fitted = <T>(own: fc.Arbitrary<T>, pool: fc.Arbitrary<T>) => fc.oneof({ arbitrary: own, weight: 3 }, { arbitrary: pool, weight: 1 })
  return fc
    .record({
      required: maybe(fc.boolean()),
      unique: maybe(fc.boolean()),
      pattern: maybe(fitted(fc.constantFrom('.*', '[^"]*', '(?:.|\\n|\\r)*'), fc.constantFrom(...PATTERNS))),
      enum: rare(fitted(fc.oneof(fc.constant(distinct), fc.subarray(distinct, { minLength: Math.min(1, distinct.length) })), fc.subarray([...ENUM_POOL, ...TEXTS.slice(0, 8)], { minLength: 1 })), 3),
      minLength: maybe(fitted(fc.constantFrom(shortest, shortest + 1), fc.constantFrom(0, 1, 3))),
      maxLength: maybe(fitted(fc.constantFrom(longest, Math.max(0, longest - 1)), fc.constantFrom(1, 3, 5, 8))),
    })
    .map(compact)
}

/** Present in about half the cases. */
function maybe<T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(a, { nil: undefined, freq: 2 })
}

/** Present in about one case in `n`. */
function rare<T>(a: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: n - 1 }, { arbitrary: a, weight: 1 })
}

function hashOf(v: unknown): number {
  let h = 7
  for (const ch of JSON.stringify(v)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619)
  return h
}

/** The object without its undefined keys (a schema as a file would hold it). */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

const missingValues = fc.constantFrom<string[]>([''], ['', 'NA'], ['-'], ['NA', 'n/a', ' '], ['', 'null', 'NULL'], [], ['', ...MISSING_SPELLINGS.slice(0, 4)])

export function fieldFor(name: string, s: ColumnSpec, cells: string[]): fc.Arbitrary<Field> {
  return typeFor(s).chain((type) => {
    const constraints: fc.Arbitrary<Constraints> =
      type === 'integer' || type === 'number'
        ? numberConstraints(cells, type)
        : type === 'string'
          ? stringConstraints(cells)
          : type === 'boolean'
            ? fc.record({ required: maybe(fc.boolean()), unique: rare(fc.boolean(), 30), enum: rare(fc.constant([true]), 30) }).map(compact)
            : fc.record({ required: fc.boolean() }, { requiredKeys: [] })
    return fc
      .record({
        name: fc.constant(name),
        type: fc.constant(type),
        constraints,
        // a distinct count on a boolean or untyped field also leaves it to the row validator
        quality: rare(type === 'boolean' || type === 'any' ? quality.map((q) => (hashOf(q) % 5 === 0 ? q : compact({ ...q, distinct: undefined }))) : quality, 3),
        missingValues: maybe(missingValues),
        format: type === 'string' ? rare(fc.constantFrom('default', 'email', 'uri', 'uuid', 'binary'), 3) : type === 'number' ? rare(fc.constant('currency'), 40) : fc.constant(undefined),
        trueValues: type === 'boolean' ? rare(fc.constantFrom(['true', 'True', 'TRUE', '1'], ['yes', 'Yes', 'y'], ['T', 'tRUE']), 3) : fc.constant(undefined),
        falseValues: type === 'boolean' ? rare(fc.constantFrom(['false', 'False', 'FALSE', '0'], ['no', 'NO', 'n'], ['F', 'fALSE']), 3) : fc.constant(undefined),
        bareNumber: type === 'number' ? rare(fc.constant(false), 40) : fc.constant(undefined),
        groupChar: type === 'number' ? rare(fc.constant('_'), 40) : fc.constant(undefined),
      })
      .map((f) => compact(f) as Field)
  })
}

function headerFor(names: string[]): fc.Arbitrary<string[]> {
  const variant = (a: fc.Arbitrary<string[]>, weight: number) => ({ arbitrary: a, weight })
  return fc.oneof(
    variant(fc.constant(names), 60),
    variant(fc.shuffledSubarray(names, { minLength: names.length, maxLength: names.length }), 2),
    variant(fc.constant(names.length > 1 ? names.slice(0, -1) : names), 1),
    variant(fc.constant([...names, 'extra']), 1),
    variant(fc.constant([...names, names[0]]), 1),
    variant(fc.constant([...names.slice(0, -1), '']), 1),
  )
}

export const validateCase: fc.Arbitrary<ValidateCase> = tableCase.chain((table) =>
  fc.record({
    table: fc.constant(table),
    header: headerFor(table.names),
    schema: fc
      .record({
        fields: fc.tuple(...table.names.map((n, j) => fieldFor(n, table.specs[j], columnCells(table, j)))),
        missingValues: maybe(missingValues),
        primaryKey: primaryKeyFor(table),
        columns: maybe(fc.constantFrom('exact' as const, 'subset' as const, 'superset' as const)),
        rows: rare(fc.record({ min: fc.constantFrom(1, 5, 30), max: fc.constantFrom(10, 40, 100) }, { requiredKeys: [] }), 3),
      })
      .map((s) => compact(s) as Schema),
    maxErrors: fc.constantFrom(1000, 1000, 2),
  }),
)
