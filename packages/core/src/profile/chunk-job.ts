// The worker job kind 'profile-chunk': one piece of a dataset (a byte range of a CSV file) profiled on a
// worker thread by the same accumulators as on the main thread; its columns come back as values.
import type { ShardPiece } from '../dataset/shard.ts'
import { readPieceRows } from '../dataset/shard.ts'
import { memoryCeiling } from '../io/memory-ceiling.ts'
import { Accumulators } from './accumulators.ts'
import type { ProfileColumn } from './model.ts'

export interface ProfileChunkRequest {
  piece: ShardPiece
  /** [column, edges] of the binned columns. */
  edges: [string, number[]][]
  cap: number
  text: string[]
  cwd: string
  delimiter?: string
}

/**
 * Resident memory (MB) above which a thread collects its garbage when it has profiled a part (and this
 * thread after folding one): V8 lets a thread's old generation grow to several times its ~12 MB of live
 * data before it compacts it. A collection costs ~10 ms a part.
 */
export const PART_CEILING_MB = 256

export type ProfileChunkReply = { columns: ProfileColumn[]; rows: number } | { error: string }

/** Profiles one piece; a user's mistake in it (a malformed file) comes back as its sentence. */
export async function profileChunk(r: ProfileChunkRequest): Promise<ProfileChunkReply> {
  const acc = new Accumulators(new Map(r.edges.map(([n, e]) => [n, Float64Array.from(e)])), r.cap, new Set(r.text), undefined)
  try {
    await readPieceRows(r.piece, acc.handler(), { cwd: r.cwd, delimiter: r.delimiter })
  } catch (e) {
    if ((e as Error).name === 'ConfigurationError') return { error: (e as Error).message }
    throw e
  }
  const reply = { columns: acc.results(), rows: acc.rows }
  memoryCeiling(PART_CEILING_MB)()
  return reply
}
