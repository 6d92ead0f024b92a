import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rowValidatorOnly, validateDataset } from '../../packages/core/src/dataset/validation.ts'
import { readRows } from '../../packages/core/src/io/records.ts'
import type { DataSource } from '../../packages/core/src/io/sources.ts'
import { Progress, SILENT_PROGRESS } from '../../packages/core/src/progress.ts'
import { loadSchema } from '../../packages/core/src/schema/load.ts'
import type { Schema } from '../../packages/core/src/schema/model.ts'
import { fastValidate } from '../../packages/core/src/validate/fast/fast-validate.ts'
import { ForeignKeyCheck, foreignKeysOf, referencedKeys } from '../../packages/core/src/validate/foreign-keys.ts'
import { DatasetValidator } from '../../packages/core/src/validate/validator.ts'
import { expectHonestGiveWay, refused, threadsInProcess } from '../differential/agreement.ts'
import type { Outcome } from '../differential/agreement.ts'
import { threadsStarted } from '../differential/in-process-threads.ts'
import { CAST_CASES, caseSchema, csvText } from './cases/types.ts'
import { SEMANTIC_CASES } from './semantics-cases.ts'
import type { TableCase } from './semantics-cases.ts'

// validate-data answers from the worker-thread scan of CSV files when it comes back clean, and from the
// row validator otherwise. On every conformance case (each CSV-able cell of the spec suite, alone and
// among other rows) and on the error-semantics cases (label errors, blank rows, keys), the two paths
// must give the same findings: a clean scan the row validator's exact report and profiles, a scan
// that gives way because a rule is broken only where the row validator finds an error.

const { files, withRealThreads } = threadsInProcess('mlgate-ts-diff-')
const schemaDir = mkdtempSync(join(tmpdir(), 'mlgate-ts-diff-schema-'))

/** Reasons the scan gives way that say the data breaks a rule (the others say the scan does not cover it). */
const RULE_BROKEN =
  /^(header errors|required cell is empty|below minimum|above maximum|not in enum|not an integer|not a number|text constraint|repeated key|ragged row|extra cells|blank row|.+: repeated values)$/

/** validate-data's row path: the row validator over every file, foreign keys looked up in keys read first. */
function rowPath(sources: DataSource[], schema: Schema): Promise<Outcome> {
  return refused(async () => {
    const validator = new DatasetValidator(schema, { maxErrors: 1000 })
    const keys = foreignKeysOf(schema)
    if (keys.length) {
      const lookups = await referencedKeys(keys, { name: 'the data', sources, schema, cwd: files.dir }, () => Promise.reject(new Error('no other resources here')))
      validator.useForeignKeys(new ForeignKeyCheck(keys, lookups, validator.checks))
    }
    for (const source of sources) {
      validator.startFile(source.path)
      await readRows(source, { header: (names, line) => validator.onHeader(names, line), row: (row) => validator.onRow(row) }, { cwd: files.dir })
    }
    validator.finish()
    return { validator, reasons: [] }
  })
}

/**
 * validate-data's fast path: the worker-thread scan (small chunks by default, so rows cross chunk
 * boundaries), or nothing where validate-data leaves a schema to the row validator (foreign keys).
 */
function fastPath(sources: DataSource[], schema: Schema, chunkBytes = 1024): Promise<Outcome> {
  return refused(async () => {
    const reasons: string[] = []
    const rowsOnly = rowValidatorOnly(schema)
    if (rowsOnly) return { reasons: [rowsOnly] }
    const fast = await fastValidate(sources, schema, { maxErrors: 1000, cwd: files.dir, chunkBytes, workers: 2, onFallback: (r) => reasons.push(r) })
    return { validator: fast?.validator, reasons }
  })
}

/** What a report says: counts, errors in order, grouped findings, files, and each field's profile. */
function findings(v: DatasetValidator) {
  return {
    rowCount: v.rowCount,
    files: v.files.map((f) => ({ rows: f.rows, header: f.header })),
    total: v.errors.total,
    counts: v.errors.counts,
    errors: v.errors.errors,
    findings: v.errors.findings.list(),
    profiles: v.checks.map((c) => {
      const p = c.profile
      const zero = (x: number) => (x === 0 ? 0 : x)
      return { field: c.field.name, present: p.present, missing: p.missing, min: zero(p.min), max: zero(p.max), distinct: p.distinct?.size, median: zero(p.quantile(0.5)) }
    }),
  }
}

const tally = { cases: 0, scanned: 0, gaveWay: 0, refused: 0 }

/** Both paths on one case: the same refusal, the same findings, or an honest give-way. */
async function samePaths(c: TableCase): Promise<void> {
  tally.cases++
  const sources = c.files.map((text) => files.write(text))
  const row = await rowPath(sources, c.schema)
  const fast = await fastPath(sources, c.schema)
  for (const r of fast.reasons) expect(r).not.toMatch(/worker (error|failed)/)
  if (row.error !== undefined) {
    tally.refused++
    expect({ id: c.id, fast: fast.validator === undefined }).toEqual({ id: c.id, fast: true })
    if (fast.error !== undefined) expect(fast.error).toBe(row.error)
    return
  }
  expect({ id: c.id, error: fast.error }).toEqual({ id: c.id, error: undefined })
  if (fast.validator) {
    tally.scanned++
    expect({ id: c.id, ...findings(fast.validator) }).toEqual({ id: c.id, ...findings(row.validator!) })
    return
  }
  tally.gaveWay++
  expectHonestGiveWay(fast.reasons, 'csv', RULE_BROKEN, row.validator!.errors.total)
}

/** A case's descriptor read as validate-data reads it (so v2 forms such as categories or object missingValues apply). */
async function loaded(descriptor: unknown): Promise<Schema> {
  const path = join(schemaDir, 'schema.json')
  writeFileSync(path, JSON.stringify(descriptor))
  return loadSchema(path, schemaDir)
}

/** The conformance suite's CSV-able cells: alone in a one-column file, and between an id and a missing cell in a two-column file. */
async function castTables(): Promise<TableCase[]> {
  const out: TableCase[] = []
  for (const c of CAST_CASES.filter((c) => c.csv !== false)) {
    const cell = csvText(c).slice(2, -1)
    const descriptor = caseSchema(c)
    out.push({ id: c.id, schema: await loaded(descriptor), files: [csvText(c)] })
    const idSchema = await loaded({ fields: [{ name: 'id', type: 'integer' }, ...descriptor.fields] })
    out.push({ id: `${c.id} among rows`, schema: idSchema, files: [`id,v\n1,${cell}\n2,\n3,${cell}\n`] })
  }
  return out
}

describe('validate-data: the fast and row paths on the Table Schema conformance suite', () => {
  it('give the same findings on every CSV-able cast case', async () => {
    for (const c of await castTables()) await samePaths(c)
    expect(threadsStarted()).toBeGreaterThan(0)
    // the comparison is worth something only when the scan answers often
    expect(tally.scanned).toBeGreaterThan(tally.cases * 0.2)
  }, 60_000)

  it('give the same findings on the error-semantics cases (labels, blank rows, keys)', async () => {
    const before = { ...tally }
    for (const c of SEMANTIC_CASES) await samePaths(c)
    expect(tally.gaveWay - before.gaveWay).toBeGreaterThan(0)
    expect(tally.scanned - before.scanned).toBeGreaterThan(0)
  })

  it('give the same findings with the scan on real worker threads', async () => {
    await withRealThreads(async () => {
      for (const c of [...(await castTables()).filter((_, i) => i % 25 === 0), ...SEMANTIC_CASES.slice(0, 4)]) await samePaths(c)
    })
  }, 60_000)
})

describe('foreign keys on a file large enough for the worker-thread scan', () => {
  it('are checked by the row path, never skipped: the scan alone would call the file clean', async () => {
    const rows = 700_000
    const lines = ['id,parent']
    for (let i = 1; i <= rows; i++) lines.push(`${i},${i === rows ? rows + 1 : i === 1 ? '' : i - 1}`)
    const path = files.name('csv')
    writeFileSync(path, lines.join('\n') + '\n')
    const schema: Schema = {
      fields: [
        { name: 'id', type: 'integer' },
        { name: 'parent', type: 'integer' },
      ],
      foreignKeys: [{ fields: 'parent', reference: { resource: '', fields: 'id' } }],
    }
    const source = { path, format: 'csv' as const, gzip: false, bytes: Buffer.byteLength(lines.join('\n') + '\n') }
    expect(source.bytes).toBeGreaterThanOrEqual(8 << 20)
    // the scan alone, as validate-data would run it without the foreign keys
    const scan = await fastValidate([source], { ...schema, foreignKeys: undefined }, { maxErrors: 10, cwd: files.dir })
    expect(scan?.validator.errors.total).toBe(0)
    const debug: string[] = []
    const log = { info: () => {}, warn: () => {}, error: () => {}, debug: (m: string) => debug.push(m), group: <T>(_: string, fn: () => Promise<T>) => fn() }
    const { validator } = await validateDataset(
      { sources: [source], cwd: files.dir, role: 'data', bytes: source.bytes },
      { maxErrors: 10, schema: async () => schema, progress: new Progress(SILENT_PROGRESS), log },
    )
    expect(validator.errors.errors).toEqual([expect.objectContaining({ type: 'foreign-key', rowNumber: rows + 1, cell: String(rows + 1) })])
    expect(debug).toContain('foreign keys: the rows are checked by the row validator')
  }, 60_000)
})
