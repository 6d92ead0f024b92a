import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ConfigurationError } from '../../packages/core/src/errors.ts'
import { readCsvHead } from '../../packages/core/src/io/fast/csv-head.ts'
import { readRows } from '../../packages/core/src/io/records.ts'
import type { DataSource } from '../../packages/core/src/io/sources.ts'
import { compilePlan } from '../../packages/core/src/validate/fast/plan.ts'
import { scanBytes } from '../../packages/core/src/validate/fast/scan-job.ts'
import type { ChunkTally } from '../../packages/core/src/validate/fast/scan-job.ts'
import { DatasetValidator } from '../../packages/core/src/validate/validator.ts'
import { csvText, forcedQuotes, scratch } from './generators.ts'
import type { ValidateCase } from './schema-cases.ts'
import { validateCase } from './schema-cases.ts'

// The scan job on one chunk's bytes, on this thread, against the row validator on the same file:
// a clean scan means no cell of the file breaks a rule (keys and dataset rules are decided after the
// scan, by its caller) and the tallies are the validator's profiles; a scan that gives way saying a
// rule is broken is only right when the row validator finds an error.

const files = scratch('mlgate-diff-scan-job-')

/** Reasons that say a cell breaks a rule (the others say the scan does not cover the data). */
const RULE_BROKEN = /^(breaks '.+'|required cell is empty|below minimum|above maximum|not in enum|not an integer|repeated key|ragged row|extra cells|blank row)$/
/** Errors decided after the scan, from its tallies: keys, and the dataset's rules. */
const AFTER_SCAN = new Set(['unique-error', 'primary-key', 'statistic', 'row-count', 'null-share'])

async function rowValidator(source: DataSource, c: ValidateCase): Promise<DatasetValidator | undefined> {
  try {
    const validator = new DatasetValidator(c.schema, { maxErrors: 1000 })
    validator.startFile(source.path)
    await readRows(source, { header: (names, line) => validator.onHeader(names, line), row: (row) => validator.onRow(row) }, { cwd: files.dir, delimiter: c.table.shape.delimiter })
    return validator
  } catch (e) {
    if (e instanceof ConfigurationError) return undefined
    throw e
  }
}

function expectTalliesOf(row: DatasetValidator, plan: { check: number }[], columns: ChunkTally[]): void {
  plan.forEach((p, k) => {
    const profile = row.checks[p.check].profile
    const s = columns[k].summary
    const c = { present: s.rows - s.missing, missing: s.missing, ...s.numbers!, distinct: s.distinct && [...s.distinct] }
    const zero = (v: number) => (v === 0 ? 0 : v)
    const field = row.checks[p.check].field.name
    expect({ field, present: c.present, missing: c.missing, count: c.count, min: zero(c.min), max: zero(c.max), distinct: c.distinct?.length }).toEqual({
      field,
      present: profile.present,
      missing: profile.missing,
      count: profile.numeric,
      min: zero(profile.min),
      max: zero(profile.max),
      distinct: profile.distinct?.size,
    })
    if (c.count > 0) expect(Math.abs(c.mean - profile.mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(profile.mean)))
  })
}

const tally = { cases: 0, clean: 0, dirty: 0 }

async function sameAsRows(c: ValidateCase): Promise<void> {
  const d = c.table.shape.delimiter
  const source = files.write(csvText(c.header, c.table.shards[0], c.table.shape, forcedQuotes(c.table.seed, c.table.shape.quoteShare)))
  const row = await rowValidator(source, c)
  if (!row || (row.errors.total > 0 && row.errors.errors.some((e) => e.type.endsWith('-label') || e.type === 'blank-header'))) return
  const fast = new DatasetValidator(c.schema, { maxErrors: 1000 })
  const head = await readCsvHead(source.path, source.path, d, source.bytes, 1 << 20)
  if (!head) return
  fast.startFile(source.path)
  fast.onHeader(head.names, 1)
  const plan = compilePlan(source.path, d, head.names, c.schema, fast.checks)
  if (typeof plan === 'string') return
  tally.cases++
  const result = scanBytes(plan, readFileSync(source.path).subarray(head.dataStart))
  const cellErrors = row.errors.errors.filter((e) => !AFTER_SCAN.has(e.type))
  if ('dirty' in result) {
    tally.dirty++
    if (RULE_BROKEN.test(result.dirty)) expect({ reason: result.dirty, rowErrors: row.errors.total > 0 }).toEqual({ reason: result.dirty, rowErrors: true })
    return
  }
  tally.clean++
  expect(cellErrors).toEqual([])
  expect(result.rows).toBe(row.files[0].rows)
  // a repeated key is not in the validator's profile: the scan's caller finds it in the keys and gives way
  if (row.errors.errors.some((e) => e.type === 'unique-error' || e.type === 'primary-key')) return
  expectTalliesOf(row, plan.columns, result.columns)
}

describe('the scan job, in process, against the row validator', () => {
  it('agrees on generated schemas and files', async () => {
    await fc.assert(fc.asyncProperty(validateCase, sameAsRows), { numRuns: 400 })
    // the comparison is only worth something when both answers occur often
    expect(tally.clean).toBeGreaterThan(tally.cases * 0.1)
    expect(tally.dirty).toBeGreaterThan(tally.cases * 0.1)
    files.remove()
  }, 120_000)
})
