import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readRows } from '../../packages/core/src/io/records.ts'
import type { DataSource } from '../../packages/core/src/io/sources.ts'
import type { Schema } from '../../packages/core/src/schema/model.ts'
import { fastValidate } from '../../packages/core/src/validate/fast/fast-validate.ts'
import { SourceDigests } from '../../packages/core/src/dataset/digests.ts'
import { DatasetValidator } from '../../packages/core/src/validate/validator.ts'
import { csvText, forcedQuotes } from './generators.ts'
import { expectHonestGiveWay, refused, threadsInProcess } from './agreement.ts'
import type { Outcome } from './agreement.ts'
import { threadsStarted } from './in-process-threads.ts'
import type { ValidateCase } from './schema-cases.ts'
import { validateCase } from './schema-cases.ts'

// validate-data answers from the parallel CSV scan when it comes back clean and from the row
// validator otherwise. The two must agree on every generated dataset: a clean scan gives the row
// validator's report and profiles, and a scan that gives way because a rule is broken is only
// right when the row validator finds an error.

const { files, withRealThreads } = threadsInProcess('mlgate-diff-validate-')

/** Reasons the scan gives way that say the data breaks a rule (the others say the scan does not cover it). */
const RULE_BROKEN =
  /^(header errors|required cell is empty|below minimum|above maximum|not in enum|not an integer|not a number|text constraint|repeated key|ragged row|extra cells|blank row|.+: repeated values)$/

function writeCase(c: ValidateCase): (DataSource & { sha256: string })[] {
  return c.table.shards.map((rows, k) => files.write(csvText(c.header, rows, c.table.shape, forcedQuotes(c.table.seed + k, c.table.shape.quoteShare))))
}

/** What validate-data does when it reads row by row. */
function rowEngine(sources: DataSource[], schema: Schema, maxErrors: number, delimiter: string): Promise<Outcome> {
  return refused(async () => {
    const validator = new DatasetValidator(schema, { maxErrors })
    for (const source of sources) {
      validator.startFile(source.path)
      await readRows(source, { header: (names, line) => validator.onHeader(names, line), row: (row) => validator.onRow(row) }, { cwd: files.dir, delimiter })
    }
    validator.finish()
    return { validator, reasons: [] }
  })
}

function fastEngine(sources: DataSource[], schema: Schema, maxErrors: number, delimiter: string, o: { chunkBytes: number; workers: number }): Promise<Outcome> {
  return refused(async () => {
    const reasons: string[] = []
    // the dataset hashes the files while the workers scan them
    const digests = new SourceDigests(sources, files.dir, 'data')
    digests.inBackground(true)
    const fast = await fastValidate(sources, schema, { maxErrors, cwd: files.dir, delimiter, chunkBytes: o.chunkBytes, workers: o.workers, onFallback: (r) => reasons.push(r) })
    return { validator: fast?.validator, digests: fast ? await digests.all() : undefined, reasons }
  })
}

/** The report's content: counts, errors in order, files (statistic messages hold rounded figures: their type and field only). */
function report(v: DatasetValidator) {
  return {
    rowCount: v.rowCount,
    files: v.files.map((f) => ({ path: f.path, rows: f.rows, header: f.header })),
    total: v.errors.total,
    counts: v.errors.counts,
    errors: v.errors.errors.map((e) => (e.type === 'statistic' ? { type: e.type, fieldName: e.fieldName } : e)),
  }
}

function close(a: number, b: number): boolean {
  return Object.is(a, b) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))
}

/** Profiles field by field: counts and extremes exactly, moments to 1e-9 (the scan sums in another order). */
function expectSameProfiles(fast: DatasetValidator, row: DatasetValidator): void {
  row.checks.forEach((c, k) => {
    const a = fast.checks[k].profile
    const b = c.profile
    // −0 and 0 are one value to a report (the scan merges extremes with Math.max, the row validator keeps the first)
    const zero = (v: number) => (v === 0 ? 0 : v)
    const exact = (p: typeof a) => ({
      field: c.field.name,
      present: p.present,
      missing: p.missing,
      numeric: p.numeric,
      min: zero(p.min),
      max: zero(p.max),
      distinct: p.distinct?.size,
      median: zero(p.quantile(0.5)),
      q90: zero(p.quantile(0.9)),
    })
    expect(exact(a)).toEqual(exact(b))
    for (const what of ['mean', 'stdev'] as const) if (!close(a[what], b[what])) expect({ field: c.field.name, [what]: a[what] }).toEqual({ field: c.field.name, [what]: b[what] })
  })
}

const engines = fc.record({ chunkBytes: fc.constantFrom(1024, 1024, 4 << 20), workers: fc.constantFrom(1, 2) })

const tally = { cases: 0, scanned: 0, refused: 0, gaveWay: 0 }

async function sameVerdict(c: ValidateCase, o: { chunkBytes: number; workers: number }): Promise<void> {
  tally.cases++
  const sources = writeCase(c)
  const row = await rowEngine(sources, c.schema, c.maxErrors, c.table.shape.delimiter)
  const fast = await fastEngine(sources, c.schema, c.maxErrors, c.table.shape.delimiter, o)
  for (const r of fast.reasons) expect(r).not.toMatch(/worker (error|failed)/)
  if (row.error !== undefined) {
    // a schema or file the row validator refuses: the scan refuses it alike, or gives way
    tally.refused++
    expect(fast.validator).toBeUndefined()
    if (fast.error !== undefined) expect(fast.error).toBe(row.error)
    return
  }
  expect(fast.error).toBeUndefined()
  const slow = row.validator!
  if (fast.validator) {
    tally.scanned++
    expect(report(fast.validator)).toEqual(report(slow))
    expectSameProfiles(fast.validator, slow)
    expect(fast.digests).toEqual(sources.map((s) => ({ path: s.path, bytes: s.bytes, sha256: s.sha256 })))
    return
  }
  tally.gaveWay++
  expectHonestGiveWay(fast.reasons, 'csv', RULE_BROKEN, slow.errors.total)
}

describe('validate-data: parallel CSV scan against the row validator', () => {
  it('give the same report on generated schemas and files', async () => {
    await fc.assert(fc.asyncProperty(validateCase, engines, sameVerdict), { numRuns: 1000 })
    // the comparison is only worth something when both answers occur often
    expect(threadsStarted()).toBeGreaterThan(0)
    expect(tally.scanned).toBeGreaterThan(tally.cases * 0.08)
    expect(tally.gaveWay).toBeGreaterThan(tally.cases * 0.15)
  }, 120_000)

  it('give the same report with the scan on real worker threads', async () => {
    await withRealThreads(async () => {
      await fc.assert(fc.asyncProperty(validateCase, engines, sameVerdict), { numRuns: 25 })
    })
  }, 120_000)
})
