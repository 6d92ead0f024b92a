import * as fs from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readCsvHead } from '../../packages/core/src/io/fast/csv-head.ts'
import { compilePlan } from '../../packages/core/src/validate/fast/plan.ts'
import type { ScanPlan } from '../../packages/core/src/validate/fast/plan.ts'
import { ScanJobs } from '../../packages/core/src/validate/fast/scan-job.ts'
import type { ColumnScan, ScanOutcome } from '../../packages/core/src/validate/fast/scan.ts'
import { scanChunks, scanFile } from '../../packages/core/src/validate/fast/scan.ts'
import { DatasetValidator } from '../../packages/core/src/validate/validator.ts'
import { threadsInProcess } from './agreement.ts'
import { csvText, forcedQuotes } from './generators.ts'
import type { ValidateCase } from './schema-cases.ts'
import { validateCase } from './schema-cases.ts'

// A file's scan as chunk jobs (each chunk's tallies as a value, merged here) against the scan of
// whole threads (each thread's tallies, merged at its end): the same verdict and the same columns.

const { files } = threadsInProcess('mlgate-diff-scan-chunks-')

/** What a column scan says, whatever the order its parts arrived in. */
function canonical(c: ColumnScan) {
  const zero = (v: number) => (v === 0 ? 0 : v)
  const keys = [...c.keyRuns.flatMap((r) => [...r])].sort((a, b) => a - b)
  const bits: number[] = []
  for (const b of c.keyBits) b.forEach((w, i) => w && bits.push(i, w))
  const n = c.numbers!
  return {
    rows: c.rows,
    missing: c.missing,
    count: n.count,
    min: zero(n.min),
    max: zero(n.max),
    mean: n.count ? Math.round(n.mean * 1e6) / 1e6 : 0,
    keys,
    nanKeys: c.nanKeys,
    bits,
    sorted: c.sorted && [...c.sorted].map(zero),
    distinct: c.distinct && [...c.distinct].sort(),
  }
}

function same(a: ScanOutcome, b: ScanOutcome): void {
  expect(a.clean).toBe(b.clean)
  if (!a.clean || !b.clean) return
  expect(a.rows).toBe(b.rows)
  expect(a.columns.map(canonical)).toEqual(b.columns.map(canonical))
}

let job = 0
const tally = { cases: 0, clean: 0 }

async function sameScans(c: ValidateCase, chunkBytes: number): Promise<void> {
  const d = c.table.shape.delimiter
  const source = files.write(csvText(c.header, c.table.shards[0], c.table.shape, forcedQuotes(c.table.seed, c.table.shape.quoteShare)))
  let validator: DatasetValidator
  try {
    validator = new DatasetValidator(c.schema, { maxErrors: 10 })
  } catch {
    return
  }
  const head = await readCsvHead(source.path, source.path, d, source.bytes, 1 << 20)
  if (!head) return
  validator.startFile(source.path)
  validator.onHeader(head.names, 1)
  if (validator.errors.total > 0) return
  const plan = compilePlan(source.path, d, head.names, c.schema, validator.checks) as ScanPlan | string
  if (typeof plan === 'string') return
  tally.cases++
  const threads = await scanFile(plan, head.dataStart, source.bytes, { chunkBytes, workers: 1 })
  const jobs = new ScanJobs(fs)
  const id = job++
  const chunked = await scanChunks(plan, id, head.dataStart, source.bytes, (r) => Promise.resolve(structuredClone(jobs.scanChunk(r).reply)), { chunkBytes, workers: 2 })
  jobs.close(id)
  if (chunked.clean) tally.clean++
  same(chunked, threads)
}

describe('the scan as chunk jobs, against the scan of whole threads', () => {
  it('gives the same verdict and columns on generated schemas and files', async () => {
    await fc.assert(fc.asyncProperty(validateCase, fc.constantFrom(1024, 4 << 20), sameScans), { numRuns: 300 })
    expect(tally.clean).toBeGreaterThan(tally.cases * 0.2)
  }, 120_000)
})
