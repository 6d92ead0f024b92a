// Paired bootstrap of a binary ROC AUC difference, computed on score ranks instead of rows.
import { percentileInterval, seededRandom } from '../stats/compare/index.ts'
import type { Classification } from './metrics.ts'
import { sortByScore } from './metrics.ts'

/** Rank of each row's score among the distinct scores (ascending), and the number of distinct scores. */
function scoreRanks(score: Float64Array): { rank: Int32Array; groups: number } {
  const n = score.length
  const order = sortByScore((i) => score[i], n)
  const rank = new Int32Array(n)
  let g = -1
  let prev = NaN
  for (let j = 0; j < n; j++) {
    const s = score[order[j]]
    if (j === 0 || s !== prev) g++
    rank[order[j]] = g
    prev = s
  }
  return { rank, groups: g + 1 }
}

/** Mann–Whitney AUC from interleaved (negative, positive) counts per ascending score rank (ties count ½). */
function aucFromCounts(counts: Int32Array): number {
  let area = 0
  let negBelow = 0
  let p = 0
  for (let g = 0; g < counts.length; g += 2) {
    const neg = counts[g]
    const pos = counts[g + 1]
    area += pos * (negBelow + neg / 2)
    negBelow += neg
    p += pos
  }
  return p === 0 || negBelow === 0 ? NaN : area / (p * negBelow)
}

/**
 * Same resamples as the row bootstrap (same seed → same draws), but each draw only bumps a counter per
 * score rank, so a resample costs n increments plus one pass over the distinct scores.
 */
export function aucBootstrap(cand: Classification, base: Classification, o: { confidence: number; resamples: number; seed: number }): { ci: [number, number]; resamples: number } {
  const n = cand.yTrue.length
  const a = scoreRanks(cand.score!)
  const b = scoreRanks(base.score!)
  // cell = 2·rank + label: one counter per (score rank, class), so a draw is two increments and no branch
  // both models' cells of a row side by side: one cache line per draw
  const cells = new Int32Array(2 * n)
  for (let i = 0; i < n; i++) {
    const label = cand.yTrue[i] === 1 ? 1 : 0
    cells[2 * i] = 2 * a.rank[i] + label
    cells[2 * i + 1] = 2 * b.rank[i] + label
  }
  const countsA = new Int32Array(2 * a.groups)
  const countsB = new Int32Array(2 * b.groups)
  let x = (Math.floor(seededRandom(o.seed)() * 0xffffffff) | 1) >>> 0
  const scale = n / 4294967296
  const deltas = new Float64Array(o.resamples)
  let used = 0
  for (let r = 0; r < o.resamples; r++) {
    countsA.fill(0)
    countsB.fill(0)
    for (let k = 0; k < n; k++) {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      const i = ((x >>> 0) * scale) | 0
      countsA[cells[2 * i]]++
      countsB[cells[2 * i + 1]]++
    }
    const d = aucFromCounts(countsA) - aucFromCounts(countsB)
    if (Number.isFinite(d)) deltas[used++] = d
  }
  return { ci: percentileInterval(deltas.subarray(0, used), o.confidence), resamples: used }
}
