import type { ShardPiece } from '../dataset/index.ts'
import { csvParts } from '../dataset/index.ts'
import { ConfigurationError } from '../errors.ts'
import { isFailed } from '../worker/protocol.ts'
import { sharedPool } from '../worker/pool.ts'
import { threadCount } from '../worker/threads.ts'
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
  const edges = [...o.edges].map(([n, e]) => [n, [...e]] as [string, number[]])
  const run = async (piece: ShardPiece) => {
    const r = await sharedPool().run<'profile-chunk'>({ kind: 'profile-chunk', piece, edges, cap: o.cap, text: o.text, cwd: o.cwd, delimiter: o.delimiter })
    if (isFailed(r)) throw new Error(`A worker thread failed while profiling the data: ${r.failed}`)
    if ('error' in r) throw new ConfigurationError(r.error)
    return r
  }
  // a window of parts at a time, folded in file order as they come: memory stays flat however many parts
  const window = 2 * threadCount()
  let done: { columns: ProfileColumn[]; rows: number } | undefined
  for (let i = 0; i < parts.length; i += window) {
    const batch = await Promise.all(parts.slice(i, i + window).map(run))
    done = combine(done ? [done, ...batch] : batch, o)
  }
  return done
}
