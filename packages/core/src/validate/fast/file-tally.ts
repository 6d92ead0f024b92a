import { mergeSummaries } from '../../table/summary.ts'
import type { ColumnSummary } from '../../table/summary.ts'
import type { ChunkTally } from './scan-job.ts'

/** Words of a bitset of the integer keys in [0, 2^25). */
const KEY_WORDS = (1 << 25) >>> 5

/** The summary of the union of summaries, merged pairwise (each value is copied log₂(chunks) times, not once per chunk). */
export function mergeAll(parts: ColumnSummary[]): ColumnSummary {
  let level = parts
  while (level.length > 1) {
    const next: ColumnSummary[] = []
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? mergeSummaries(level[i], level[i + 1]) : level[i])
    level = next
  }
  return level[0]
}

/** One column's chunks of one file: their summaries, its small keys marked in one bitset, the other keys' sorted runs. */
export class ColumnTally {
  readonly summaries: ColumnSummary[] = []
  readonly keyRuns: Float64Array[] = []
  nanKeys = 0
  bits: Uint32Array | undefined

  /** Takes a chunk's tally; false when one of its small keys was seen before. */
  add(t: ChunkTally): boolean {
    this.summaries.push(t.summary)
    if (t.keyRun.length) this.keyRuns.push(t.keyRun)
    this.nanKeys += t.nanKeys
    const keys = t.smallKeys
    if (keys.length === 0) return true
    const bits = (this.bits ??= new Uint32Array(KEY_WORDS))
    for (let i = 0; i < keys.length; i++) {
      const v = keys[i]
      const word = v >>> 5
      const bit = 1 << (v & 31)
      if (bits[word] & bit) return false
      bits[word] |= bit
    }
    return true
  }
}
