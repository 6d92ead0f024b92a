import { availableParallelism } from 'node:os'
import type { ScanColumnPlan, ScanPlan } from './plan.ts'
import { emptySummary } from './plan.ts'
import { ColumnTally, mergeAll } from './file-tally.ts'
import type { ScanChunkReply, ScanChunkRequest } from './scan-job.ts'
import { mergeSummaries } from '../../table/summary.ts'
import type { ColumnSummary } from '../../table/summary.ts'
import { sharedPool } from '../../worker/pool.ts'
import { isFailed } from '../../worker/protocol.ts'

/**
 * What a scan learned about one planned column of one file or more: its column summary (cells,
 * missing, moments and extremes, sorted kept values, distinct keys), and the evidence of its unique
 * keys that the caller checks for repeats once every file is scanned.
 */
export interface ColumnScan extends ColumnSummary {
  /** Sorted runs of the unique keys (several per file), NaN keys counted apart. */
  keyRuns: Float64Array[]
  nanKeys: number
  /** Bitsets of the integer keys in [0, 2^25), one per file. */
  keyBits: Uint32Array[]
}

export type ScanOutcome = { clean: true; rows: number; columns: ColumnScan[] } | { clean: false; reason: string }

export interface ScanOptions {
  /** Bytes per chunk handed to a worker (default 4 MiB). */
  chunkBytes?: number
  /** Worker threads (default: one per core, at most 4). */
  workers?: number
  /** Called as chunks finish. */
  onProgress?: (bytes: number, rows: number) => void
}

/** Merges the scans of a column in two files: their summaries, and their keys' evidence side by side. */
export function mergeScans(a: ColumnScan, b: ColumnScan): ColumnScan {
  return { ...mergeSummaries(a, b), keyRuns: [...a.keyRuns, ...b.keyRuns], keyBits: [...a.keyBits, ...b.keyBits], nanKeys: a.nanKeys + b.nanKeys }
}

/** Runs one chunk's scan somewhere (a pool's thread, or this thread) and answers with its reply. */
export type RunScanChunk = (request: ScanChunkRequest) => Promise<ScanChunkReply>

/** The file's column, from its chunks. */
function columnScanOf(t: ColumnTally, c: ScanColumnPlan): ColumnScan {
  return { ...(t.summaries.length ? mergeAll(t.summaries) : emptySummary(c)), keyRuns: t.keyRuns, nanKeys: t.nanKeys, keyBits: t.bits ? [t.bits] : [] }
}

/** The nominal chunks of bytes [dataStart, size): each starts at the first line after its offset. */
function chunkBounds(dataStart: number, size: number, chunkBytes: number): number[] {
  const bounds: number[] = []
  for (let b = dataStart; b < size; b += chunkBytes) bounds.push(b)
  if (bounds.length) bounds.push(size)
  return bounds
}

/**
 * Checks the data rows of one CSV file (bytes `dataStart`..`size`) chunk by chunk through `run`, a
 * few chunks in flight per thread. Chunks start at the first line after their nominal offset; every
 * chunk proves it ended exactly where the next one starts, so a quoted line break across a boundary
 * makes the scan "not clean" rather than wrong.
 */
export function scanChunks(plan: ScanPlan, job: number, dataStart: number, size: number, run: RunScanChunk, options: ScanOptions = {}): Promise<ScanOutcome> {
  const chunkBytes = Math.max(1024, options.chunkBytes ?? 4 << 20)
  const bounds = chunkBounds(dataStart, size, chunkBytes)
  const chunks = Math.max(0, bounds.length - 1)
  const tallies = plan.columns.map(() => new ColumnTally())
  const starts = new Float64Array(chunks).fill(-1)
  const ends = new Float64Array(chunks).fill(-1)
  // each thread holds two chunks, so it goes on while its last reply is on its way here
  const window = 2 * Math.max(1, options.workers ?? Math.min(availableParallelism(), 4))
  let rows = 0
  let next = 0
  let done = 0
  return new Promise<ScanOutcome>((resolve, reject) => {
    let settled = false
    const settle = (outcome: ScanOutcome) => {
      if (!settled) resolve(outcome)
      settled = true
    }
    const finish = () => {
      for (let k = 1; k < chunks; k++) if (starts[k] !== ends[k - 1]) return settle({ clean: false, reason: `chunk ${k} does not start where chunk ${k - 1} ended` })
      settle({ clean: true, rows, columns: plan.columns.map((c, k) => columnScanOf(tallies[k], c)) })
    }
    const take = (k: number, r: ScanChunkReply) => {
      if (settled) return
      if ('dirty' in r) return settle({ clean: false, reason: r.dirty })
      if (!r.columns.every((t, c) => tallies[c].add(t))) return settle({ clean: false, reason: 'repeated key' })
      rows += r.rows
      starts[k] = r.start
      ends[k] = r.end
      options.onProgress?.(bounds[k + 1] - bounds[k], r.rows)
      if (++done === chunks) return finish()
      send()
    }
    const send = () => {
      if (settled || next >= chunks) return
      const k = next++
      run({ job, plan, chunk: k, from: bounds[k], to: bounds[k + 1], first: k === 0, size, dataCap: chunkBytes + (2 << 20) }).then(
        (r) => take(k, r),
        (e: unknown) => {
          settled = true
          reject(e)
        },
      )
    }
    if (chunks === 0) return finish()
    for (let i = 0; i < window; i++) send()
  })
}

/** Checks the data rows of one CSV file (bytes `dataStart`..`size`) on the shared pool's threads, chunk by chunk. */
export async function scanFile(plan: ScanPlan, dataStart: number, size: number, options: ScanOptions = {}): Promise<ScanOutcome> {
  const pool = sharedPool()
  const job = pool.job()
  const run: RunScanChunk = async (request) => {
    const reply = await pool.run({ kind: 'scan-chunk', ...request })
    return isFailed(reply) ? { dirty: `worker failed: ${reply.lost ? `a scanning thread ${reply.failed}` : reply.failed}` } : reply
  }
  try {
    return await scanChunks(plan, job, dataStart, size, run, options)
  } finally {
    pool.broadcast({ kind: 'close', job })
  }
}
