import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { ScanColumnPlan, ScanPlan } from './plan.ts'
import { emptySummary } from './plan.ts'
import { ColumnTally, mergeAll } from './file-tally.ts'
import type { ScanChunkReply, ScanChunkRequest } from './scan-job.ts'
import { byteTable } from '../../io/fast/byte-table.ts'
import { cellSpan } from '../../io/fast/cell-span.ts'
import { chunkReader } from '../../io/fast/chunk-reader.ts'
import { CSV_KERNEL_BASE64 } from '../../io/fast/csv-kernel.wasm.ts'
import { KERNEL_ERRORS, kernelHost } from '../../io/fast/kernel-host.ts'
import { valueKey } from '../../schema/cast.ts'
import { SPECIAL_NUMBERS } from '../../schema/cell-rules.ts'
import { mergeSummaries } from '../../table/summary.ts'
import type { ColumnSummary, DistinctKey } from '../../table/summary.ts'
import { makeSorter } from '../../stats/sort.ts'
import { RADIX_SORT_BASE64 } from '../../stats/radix-sort.wasm.ts'
import { scanWorker } from './scan-worker.ts'
import { codeThread } from '../../io/fast/early-threads.ts'

// the worker's require is handed in by name so that bundlers leave it alone
const WORKER_SOURCE = `(${scanWorker.toString()})(require, ${chunkReader.toString()}, ${kernelHost.toString()}, ${JSON.stringify(KERNEL_ERRORS)}, ${makeSorter.toString()}, ${cellSpan.toString()}, ${byteTable.toString()})`
let kernel: Uint8Array | undefined
let radix: Uint8Array | undefined

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

type Reply = { chunk: number; rows: number; start: number; end: number } | { chunk: number; dirty: string } | { chunk: number; failed: string } | { done: true; columns: ThreadTotals[] }

/** Merges the scans of a column in two files: their summaries, and their keys' evidence side by side. */
export function mergeScans(a: ColumnScan, b: ColumnScan): ColumnScan {
  return { ...mergeSummaries(a, b), keyRuns: [...a.keyRuns, ...b.keyRuns], keyBits: [...a.keyBits, ...b.keyBits], nanKeys: a.nanKeys + b.nanKeys }
}

/** A thread's totals of a column (scan-worker.ts) as a column scan. */
interface ThreadTotals {
  present: number
  missing: number
  count: number
  mean: number
  m2: number
  min: number
  max: number
  keyRuns: Float64Array[]
  nanKeys: number
  keyBits: Uint32Array[]
  values: Float64Array
  distinct?: unknown[]
}

function scanOfThread(t: ThreadTotals, c: ScanColumnPlan): ColumnScan {
  const summary: ColumnSummary = { ...emptySummary(c), rows: t.present + t.missing, missing: t.missing, numbers: { count: t.count, mean: t.mean, m2: t.m2, min: t.min, max: t.max } }
  if (c.values) summary.sorted = t.values.sort()
  if (c.distinct) summary.distinct = new Set((t.distinct ?? []).map((v) => valueKey(v) as DistinctKey))
  return { ...summary, keyRuns: t.keyRuns, nanKeys: t.nanKeys, keyBits: t.keyBits }
}

/**
 * Checks the data rows of one CSV file (bytes `dataStart`..`size`) on worker threads, chunk by chunk.
 * Chunks start at the first line after their nominal offset; every chunk proves it ended exactly where
 * the next one starts, so a quoted line break across a boundary makes the scan "not clean" rather than wrong.
 */
export function scanFile(plan: ScanPlan, dataStart: number, size: number, options: ScanOptions = {}): Promise<ScanOutcome> {
  const chunkBytes = Math.max(1024, options.chunkBytes ?? 4 << 20)
  const bounds: number[] = []
  for (let b = dataStart; b < size; b += chunkBytes) bounds.push(b)
  if (bounds.length === 0) return Promise.resolve({ clean: true, rows: 0, columns: plan.columns.map(emptyScan) })
  bounds.push(size)
  const chunks = bounds.length - 1
  const count = Math.max(1, Math.min(options.workers ?? Math.min(availableParallelism(), 4), chunks))
  const starts = new Float64Array(chunks).fill(-1)
  const ends = new Float64Array(chunks).fill(-1)
  let rows = 0
  let next = 0
  let closing = 0
  let merged: ColumnScan[] | undefined
  const workers: Worker[] = []

  return new Promise<ScanOutcome>((resolve) => {
    let settled = false
    const settle = (outcome: ScanOutcome) => {
      if (settled) return
      settled = true
      for (const w of workers) void w.terminate()
      resolve(outcome)
    }
    // each worker holds two chunks, so it goes on while its last reply is on its way here
    const told = new Set<Worker>()
    const dispatch = (w: Worker) => {
      if (next < chunks) {
        const k = next++
        w.postMessage({ chunk: k, from: bounds[k], to: bounds[k + 1], first: k === 0, size })
      } else if (!told.has(w)) {
        told.add(w)
        w.postMessage({ done: true })
      }
    }
    for (let i = 0; i < count; i++) {
      kernel ??= Buffer.from(CSV_KERNEL_BASE64, 'base64')
      radix ??= Buffer.from(RADIX_SORT_BASE64, 'base64')
      const w = codeThread(WORKER_SOURCE, { wasm: kernel, radix, dataCap: chunkBytes + (2 << 20), special: SPECIAL_NUMBERS })
      w.postMessage({ plan })
      workers.push(w)
      w.on('error', (e) => settle({ clean: false, reason: `worker error: ${e.message}` }))
      // workers run until settle() ends them: one that ends before is lost
      w.on('exit', (code) => settle({ clean: false, reason: `a scan thread stopped (exit code ${code})` }))
      w.on('message', (r: Reply) => {
        if ('done' in r) {
          const scans = r.columns.map((t, k) => scanOfThread(t, plan.columns[k]))
          merged = merged ? merged.map((c, k) => mergeScans(c, scans[k])) : scans
          if (++closing === count) {
            for (let k = 1; k < chunks; k++) if (starts[k] !== ends[k - 1]) return settle({ clean: false, reason: `chunk ${k} does not start where chunk ${k - 1} ended` })
            settle({ clean: true, rows, columns: merged })
          }
          return
        }
        if ('dirty' in r) return settle({ clean: false, reason: r.dirty })
        if ('failed' in r) return settle({ clean: false, reason: `worker failed: ${r.failed}` })
        rows += r.rows
        starts[r.chunk] = r.start
        ends[r.chunk] = r.end
        options.onProgress?.(bounds[r.chunk + 1] - bounds[r.chunk], r.rows)
        dispatch(w)
      })
      dispatch(w)
      dispatch(w)
    }
  })
}

function emptyScan(c: ScanColumnPlan): ColumnScan {
  return { ...emptySummary(c), keyRuns: [], nanKeys: 0, keyBits: [] }
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
