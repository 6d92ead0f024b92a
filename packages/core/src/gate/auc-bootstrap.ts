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

/** Mann–Whitney AUC from positive and negative counts per ascending score rank (ties count ½). */
function aucFromCounts(pos: Float64Array, neg: Float64Array): number {
  let area = 0
  let negBelow = 0
  let p = 0
  for (let g = 0; g < pos.length; g++) {
    area += pos[g] * (negBelow + neg[g] / 2)
    negBelow += neg[g]
    p += pos[g]
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
  const y = cand.yTrue
  const posA = new Float64Array(a.groups)
  const negA = new Float64Array(a.groups)
  const posB = new Float64Array(b.groups)
  const negB = new Float64Array(b.groups)
  let x = (Math.floor(seededRandom(o.seed)() * 0xffffffff) | 1) >>> 0
  const scale = n / 4294967296
  const deltas = new Float64Array(o.resamples)
  let used = 0
  for (let r = 0; r < o.resamples; r++) {
    posA.fill(0)
    negA.fill(0)
    posB.fill(0)
    negB.fill(0)
    for (let k = 0; k < n; k++) {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      const i = ((x >>> 0) * scale) | 0
      if (y[i] === 1) {
        posA[a.rank[i]]++
        posB[b.rank[i]]++
      } else {
        negA[a.rank[i]]++
        negB[b.rank[i]]++
      }
    }
    const d = aucFromCounts(posA, negA) - aucFromCounts(posB, negB)
    if (Number.isFinite(d)) deltas[used++] = d
  }
  return { ci: percentileInterval(deltas.subarray(0, used), o.confidence), resamples: used }
}
