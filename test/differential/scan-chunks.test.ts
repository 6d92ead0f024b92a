import * as fs from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readCsvHead } from '../../packages/core/src/io/fast/csv-head.ts'
import { compilePlan } from '../../packages/core/src/validate/fast/plan.ts'
import type { ScanPlan } from '../../packages/core/src/validate/fast/plan.ts'
import { ScanJobs } from '../../packages/core/src/validate/fast/scan-job.ts'
import type { ScanChunkReply } from '../../packages/core/src/validate/fast/scan-job.ts'
import type { ColumnScan, ScanOutcome } from '../../packages/core/src/validate/fast/scan.ts'
import { scanChunks } from '../../packages/core/src/validate/fast/scan.ts'
import type { RunScanChunk } from '../../packages/core/src/validate/fast/scan.ts'
import { DatasetValidator } from '../../packages/core/src/validate/validator.ts'
import { threadsInProcess } from './agreement.ts'
import { csvText, forcedQuotes } from './generators.ts'
import type { ValidateCase } from './schema-cases.ts'
import { validateCase } from './schema-cases.ts'

// A file's scan in many chunk jobs (each chunk's tallies as a value, merged here) against its scan in
// one chunk: the same verdict and the same columns, whatever the cuts.

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

/** Cuts only add reasons to give way (a quoted line break across one): a clean scan in pieces is clean in one, and the same. */
function same(a: ScanOutcome, b: ScanOutcome): void {
  if (!b.clean) expect(a.clean).toBe(false)
  if (!a.clean) return
  expect(b.clean).toBe(true)
  if (!b.clean) return
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
  const jobs = new ScanJobs(fs)
  // replies cross a thread boundary: copied, their buffers moved
  const run: RunScanChunk = (r) => {
    const { reply, transfer } = jobs.scanChunk({ kind: 'scan-chunk', id: 0, ...r })
    return Promise.resolve(structuredClone(reply, { transfer }) as ScanChunkReply)
  }
  const [whole, chunked] = [job++, job++]
  const once = await scanChunks(plan, whole, head.dataStart, source.bytes, run, { chunkBytes: 1 << 30 })
  const pieces = await scanChunks(plan, chunked, head.dataStart, source.bytes, run, { chunkBytes, workers: 2 })
  jobs.close(whole)
  jobs.close(chunked)
  if (pieces.clean) tally.clean++
  same(pieces, once)
}

describe('the scan in many chunks, against the scan in one', () => {
  it('gives the same verdict and columns on generated schemas and files', async () => {
    await fc.assert(fc.asyncProperty(validateCase, fc.constantFrom(1024, 2048), sameScans), { numRuns: 300 })
    expect(tally.clean).toBeGreaterThan(tally.cases * 0.2)
  }, 120_000)
})
