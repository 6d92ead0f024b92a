import type { ShardPiece } from '../dataset/index.ts'
import { csvParts } from '../dataset/index.ts'
import { ConfigurationError } from '../errors.ts'
import { memoryCeiling } from '../io/memory-ceiling.ts'
import { isFailed } from '../worker/protocol.ts'
import type { WorkerPool } from '../worker/pool.ts'
import { withProfilePool } from '../worker/jobs/profile-pool.ts'
import { threadCount } from '../worker/threads.ts'
import { PART_CEILING_MB } from './chunk-job.ts'
import { ColumnAccumulator } from './column.ts'
import { mergeColumn } from './merge.ts'
import type { ProfileColumn } from './model.ts'

/**
 * CSV data of more than this is profiled on the worker threads, in parts of this many bytes cut at record
 * starts: the same parts whatever the number of threads, merged in file order, so the profile is the
 * same on every machine (the moments, merged by Chan's formula, agree with one pass to rounding).
 */
export const THREAD_PART_BYTES = 16 * 2 ** 20

interface PartOptions {
  /** Bytes per part (THREAD_PART_BYTES). */
  partBytes: number
  edges: Map<string, Float64Array>
  cap: number
  text: string[]
  cwd: string
  delimiter?: string
}

/** A column no row of a part had: every cell missing, as the accumulators write it. */
function absentColumn(name: string, rows: number, o: PartOptions): ProfileColumn {
  const c = new ColumnAccumulator(name, o.edges.get(name), o.cap, o.text.includes(name))
  c.absent(rows)
  return c.result()
}

/** The columns of consecutive parts combined: in the order first seen, each filled as missing where a part lacked it. */
function combine(parts: { columns: ProfileColumn[]; rows: number }[], o: PartOptions): { columns: ProfileColumn[]; rows: number } {
  const names = [...new Set(parts.flatMap((p) => p.columns.map((c) => c.name)))]
  const columns = names.map((name) => parts.map((p) => p.columns.find((c) => c.name === name) ?? absentColumn(name, p.rows, o)).reduce((a, b) => mergeColumn(a, b)))
  return { columns, rows: parts.reduce((a, p) => a + p.rows, 0) }
}

/** Profiles the pieces on the worker threads when they are large uncompressed CSV/TSV; undefined otherwise (the caller reads them on this thread). */
export async function onThreads(pieces: ShardPiece[], o: PartOptions): Promise<{ columns: ProfileColumn[]; rows: number } | undefined> {
  const bytes = pieces.reduce((a, p) => a + (p.bytes ? p.bytes.end - p.bytes.start : p.source.bytes), 0)
  if (bytes <= o.partBytes || pieces.some((p) => p.source.gzip || (p.source.format !== 'csv' && p.source.format !== 'tsv') || p.rowGroups)) return undefined
  const parts: ShardPiece[] = []
  for (const piece of pieces) parts.push(...(await csvParts(piece, o.partBytes, o.cwd, o.delimiter))!)
  return withProfilePool((pool) => fold(parts, pool, o))
}

/** The parts profiled on the pool's threads, folded in file order. */
async function fold(parts: ShardPiece[], pool: WorkerPool, o: PartOptions): Promise<{ columns: ProfileColumn[]; rows: number } | undefined> {
  const edges = [...o.edges].map(([n, e]) => [n, [...e]] as [string, number[]])
  const run = async (piece: ShardPiece) => {
    const r = await pool.run<'profile-chunk'>({ kind: 'profile-chunk', piece, edges, cap: o.cap, text: o.text, cwd: o.cwd, delimiter: o.delimiter })
    if (isFailed(r)) throw new Error(`A worker thread failed while profiling the data: ${r.failed}`)
    if ('error' in r) throw new ConfigurationError(r.error)
    return r
  }
  // at most one part per thread and one more in flight, each folded into the running profile as soon as it
  // and every part before it are in (file order): memory stays flat however many parts the file has
  const window = threadCount() + 1
  const inFlight: Promise<{ columns: ProfileColumn[]; rows: number }>[] = []
  let next = 0
  // each part's reply is promoted before its turn comes: V8 would let this heap grow to ~150 MB around ~15 MB of live data
  const ceiling = memoryCeiling(PART_CEILING_MB)
  let done: { columns: ProfileColumn[]; rows: number } | undefined
  while (next < parts.length || inFlight.length) {
    while (next < parts.length && inFlight.length < window) {
      const part = run(parts[next++])
      // its failure is thrown when its turn comes; until then it must not count as unhandled
      part.catch(() => undefined)
      inFlight.push(part)
    }
    const part = await inFlight.shift()!
    done = combine(done ? [done, part] : [part], o)
    ceiling()
  }
  return done
}
