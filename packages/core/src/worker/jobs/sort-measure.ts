// Job kinds 'sort-pair' and 'distance': both sides of a numeric column sorted and measured on a
// thread, by the same functions the main thread would use (stats/binned.ts, stats/sort.ts).
import { meanStd, wasserstein } from '../../stats/binned.ts'
import { sortFloat64 } from '../sorter.ts'
import type { Answer } from '../main.ts'
import type { Request } from '../protocol.ts'

/** Moves the finite values to the front; returns how many there are, and puts how many were ±Infinity in infinite[side] (a function of its own, so it gets optimized). */
function compactFinite(a: Float64Array, infinite: [number, number], side: number): number {
  let n = 0
  let inf = 0
  for (let i = 0; i < a.length; i++) {
    const v = a[i]
    if (v - v === 0) a[n++] = v
    else if (v === v) inf++
  }
  infinite[side] = inf
  return n
}

/** The buffers of a pair, to move back with the reply. */
function pairBuffers(a: Float64Array, b: Float64Array): ArrayBuffer[] {
  return a.buffer === b.buffer ? [a.buffer as ArrayBuffer] : [a.buffer as ArrayBuffer, b.buffer as ArrayBuffer]
}

/** Both sides of a column: the finite values, compacted in place and sorted, how many were ±Infinity, their moments and, when asked, their Wasserstein-1 distance. */
export function sortPair(msg: Request<'sort-pair'>): Answer {
  const infinite: [number, number] = [0, 0]
  const [a, b] = msg.pair.map((v, i) => sortFloat64(msg.dense[i] ? v : v.subarray(0, compactFinite(v, infinite, i))))
  const measured = { moments: [meanStd(a), meanStd(b)] as [ReturnType<typeof meanStd>, ReturnType<typeof meanStd>], infinite, ...(msg.wasserstein ? { wasserstein: wasserstein(a, b) } : {}) }
  return { reply: { kind: 'sort-pair', id: msg.id, pair: [a, b], ...measured }, transfer: pairBuffers(a, b) }
}

/** Two sorted columns: their Wasserstein-1 distance, and both back. */
export function distance(msg: Request<'distance'>): Answer {
  const [a, b] = msg.pair
  return { reply: { kind: 'distance', id: msg.id, pair: [a, b], wasserstein: wasserstein(a, b) }, transfer: pairBuffers(a, b) }
}
