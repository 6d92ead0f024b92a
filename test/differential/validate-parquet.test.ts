import { writeFileSync } from 'node:fs'
import fc from 'fast-check'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { afterAll, describe, expect, it } from 'vitest'
import { sha256File } from '../../packages/core/src/fs.ts'
import { readRows } from '../../packages/core/src/io/records.ts'
import type { DataSource } from '../../packages/core/src/io/sources.ts'
import type { Schema } from '../../packages/core/src/schema/model.ts'
import { fastValidateParquet } from '../../packages/core/src/validate/fast/parquet-validate.ts'
import { DatasetValidator } from '../../packages/core/src/validate/validator.ts'
import type { Flavour } from './generators.ts'
import { expectHonestGiveWay, refused } from './agreement.ts'
import { cellOf, cleanCellOf, FLAVOURS, scratch } from './generators.ts'
import { fieldFor, NAMES } from './schema-cases.ts'

// validate-data checks plain Parquet files column chunk by column chunk and answers from that when
// nothing is wrong; otherwise the row validator does. On generated files both must agree.

const files = scratch('mlgate-diff-parquet-')
afterAll(() => files.remove())

type Kind = 'INT32' | 'INT64' | 'DOUBLE' | 'STRING' | 'BOOLEAN'

interface ParquetColumn {
  name: string
  kind: Kind
  /** What the values look like, for the schema's fitted constraints. */
  flavour: Flavour
  values: unknown[]
}

function valuesOf(kind: Kind, flavour: Flavour, rows: number): fc.Arbitrary<unknown[]> {
  const value: Record<Kind, fc.Arbitrary<unknown>> = {
    INT32: fc.integer({ min: -50, max: 50 }),
    INT64: fc.oneof(fc.bigInt({ min: -50n, max: 50n }), fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n })),
    DOUBLE: fc.oneof(fc.double(), fc.constantFrom(0.5, -0, 1e5, NaN, Infinity, -Infinity)),
    STRING: fc.oneof({ arbitrary: cleanCellOf(flavour), weight: 4 }, { arbitrary: cellOf(flavour), weight: 1 }),
    BOOLEAN: fc.boolean(),
  }
  return fc.array(fc.oneof({ arbitrary: value[kind], weight: 30 }, { arbitrary: fc.constant(null), weight: 1 }), { minLength: rows, maxLength: rows })
}

const FLAVOUR_OF: Record<Exclude<Kind, 'STRING'>, Flavour> = { INT32: 'integer', INT64: 'integer', DOUBLE: 'number', BOOLEAN: 'boolean' }

const column = (name: string, rows: number): fc.Arbitrary<ParquetColumn> =>
  fc.record({ kind: fc.constantFrom<Kind>('INT32', 'INT64', 'DOUBLE', 'STRING', 'STRING', 'BOOLEAN'), flavour: fc.constantFrom(...FLAVOURS) }).chain(({ kind, flavour }) => {
    const f = kind === 'STRING' ? flavour : FLAVOUR_OF[kind]
    return valuesOf(kind, f, rows).map((values) => ({ name, kind, flavour: f, values }))
  })

interface ParquetCase {
  columns: ParquetColumn[]
  rowGroupSize: number
  schema: Schema
  maxErrors: number
}

const cellText = (v: unknown) => (typeof v === 'bigint' ? String(v) : typeof v === 'string' ? v : JSON.stringify(v))

const parquetCase: fc.Arbitrary<ParquetCase> = fc
  .tuple(fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 40 }))
  .chain(([names, rows]) => fc.tuple(...names.map((n) => column(n, rows))))
  .chain((columns) =>
    fc.record({
      columns: fc.constant(columns),
      // a file holds one row group or several (each column chunk of each is checked apart)
      rowGroupSize: fc.oneof({ arbitrary: fc.constant(1000), weight: 9 }, { arbitrary: fc.constant(13), weight: 1 }),
      schema: fc
        .record({
          fields: fc.tuple(...columns.map((c) => fieldFor(c.name, { flavour: c.flavour, clean: true, keys: false }, c.values.filter((v) => v !== null).map(cellText)))),
          primaryKey: fc.option(fc.constantFrom(...columns.map((c) => c.name)), { nil: undefined, freq: 2 }),
        })
        .map((s) => (s.primaryKey === undefined ? { fields: s.fields } : s)),
      maxErrors: fc.constantFrom(1000, 2),
    }),
  )

async function writeCase(c: ParquetCase): Promise<DataSource & { sha256: string }> {
  const path = files.name('parquet')
  const buf = parquetWriteBuffer({ columnData: c.columns.map((col) => ({ name: col.name, data: col.values, type: col.kind })), rowGroupSize: c.rowGroupSize } as never)
  writeFileSync(path, Buffer.from(buf))
  const digest = await sha256File(path)
  return { path, format: 'parquet', gzip: false, bytes: digest.bytes, sha256: digest.sha256 }
}

const rowEngine = (source: DataSource, c: ParquetCase) =>
  refused(async () => {
    const validator = new DatasetValidator(c.schema, { maxErrors: c.maxErrors })
    validator.startFile(source.path)
    await readRows(source, { header: (names, line) => validator.onHeader(names, line), row: (row) => validator.onRow(row) }, { cwd: files.dir })
    validator.finish()
    return { validator, reasons: [] }
  })

const fastEngine = (source: DataSource, c: ParquetCase) =>
  refused(async () => {
    const reasons: string[] = []
    const fast = await fastValidateParquet([source], c.schema, { maxErrors: c.maxErrors, cwd: files.dir, onFallback: (r) => reasons.push(r) })
    return { validator: fast?.validator, reasons }
  })

function report(v: DatasetValidator) {
  const zero = (x: number) => (x === 0 ? 0 : x)
  return {
    rowCount: v.rowCount,
    files: v.files.map((f) => ({ rows: f.rows, header: f.header })),
    total: v.errors.total,
    counts: v.errors.counts,
    errors: v.errors.errors.map((e) => ({ ...e, rowNumber: e.type === 'statistic' ? undefined : e.rowNumber })),
    // the same field checks see the same cells in the same order: profiles agree exactly
    profiles: v.checks.map((c) => ({
      present: c.profile.present,
      missing: c.profile.missing,
      numeric: c.profile.numeric,
      mean: c.profile.mean,
      stdev: c.profile.stdev,
      min: zero(c.profile.min),
      max: zero(c.profile.max),
      distinct: c.profile.distinct?.size,
    })),
  }
}

/** Reasons the column check gives way that say the data breaks a rule. */
const RULE_BROKEN = /^(header errors|an error in column '.*'|a blank row)$/

const tally = { cases: 0, answered: 0, gaveWay: 0 }

async function sameVerdict(c: ParquetCase): Promise<void> {
  tally.cases++
  const source = await writeCase(c)
  const row = await rowEngine(source, c)
  const fast = await fastEngine(source, c)
  if (row.error !== undefined) {
    expect(fast.validator).toBeUndefined()
    if (fast.error !== undefined) expect(fast.error).toBe(row.error)
    return
  }
  expect(fast.error).toBeUndefined()
  const slow = row.validator!
  if (fast.validator) {
    tally.answered++
    expect(report(fast.validator)).toEqual(report(slow))
    return
  }
  tally.gaveWay++
  expectHonestGiveWay(fast.reasons, 'parquet', RULE_BROKEN, slow.errors.total)
}

describe('validate-data: column-by-column Parquet check against the row validator', () => {
  it('give the same report on generated schemas and files', async () => {
    await fc.assert(fc.asyncProperty(parquetCase, sameVerdict), { numRuns: 1000 })
    expect(tally.answered).toBeGreaterThan(tally.cases * 0.08)
    expect(tally.gaveWay).toBeGreaterThan(tally.cases * 0.1)
  }, 120_000)
})
