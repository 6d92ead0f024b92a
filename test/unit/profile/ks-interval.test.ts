import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ksBounds, ksInterval } from '../../../packages/core/src/profile/bounds.ts'
import { bucketOf } from '../../../packages/core/src/profile/column.ts'
import { quantileEdges } from '../../../packages/core/src/stats/binned.ts'
import { ksTwoSample } from '../../../packages/core/src/stats/ks.ts'
import { rng } from '../../helpers/rng.ts'

// 1 000 pairs (scripts/reference/ks_interval_reference.py): scipy's exact ks_2samp D must lie inside the
// interval a profile computes from its bins, every time, at every bin count.

interface Pair {
  seed: number
  n: number
  m: number
  scale: number
  grid: boolean
  shift: number
  D: number
  p: number
}

const doc = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/reference/ks-interval.json'), 'utf8')) as { pairs: [number, number, number, number, number, number, number, number][] }
const pairs: Pair[] = doc.pairs.map(([seed, n, m, scale, grid, shift, D, p]) => ({ seed, n, m, scale, grid: grid === 1, shift, D, p }))

/** The generator's samples, rebuilt bit for bit (only exact operations: see the Python script). */
function samples(p: Pair): [Float64Array, Float64Array] {
  const r = rng(p.seed)
  const draw = (count: number, shift: number) =>
    Float64Array.from({ length: count }, () => {
      let v = r() + r() + r() + r() - 2
      v = v * p.scale + shift
      return p.grid ? Math.floor(v * 8) / 8 : v
    })
  const a = draw(p.n, 0)
  const b = draw(p.m, p.shift)
  return [a.sort(), b.sort()]
}

function counts(values: Float64Array, edges: Float64Array): number[] {
  const out = new Array<number>(edges.length + 1).fill(0)
  for (const v of values) out[bucketOf(edges, v)]++
  return out
}

const BIN_COUNTS = [10, 30, 100, 300, 1000]

describe('the KS interval on bins holds the exact D (scipy, 1 000 pairs)', () => {
  const rebuilt = pairs.map((p) => [p, ...samples(p)] as const)

  it('the samples are the generator’s: our exact D equals scipy’s on every pair', () => {
    expect(pairs).toHaveLength(1000)
    for (const [p, a, b] of rebuilt) expect(Math.abs(ksTwoSample(a, b).statistic - p.D)).toBeLessThan(1e-12)
  })

  it.each(BIN_COUNTS)('with %i bins: D_lo ≤ D ≤ D_hi and p_lo ≤ p ≤ p_hi every time', (bins) => {
    let inconclusive = 0
    let inconclusiveShifted = 0
    for (const [p, a, b] of rebuilt) {
      const edges = quantileEdges(a, bins)
      const { dLow, dHigh } = ksBounds({ edges, ref: counts(a, edges), cur: counts(b, edges) })
      expect(dLow).toBeLessThanOrEqual(p.D + 1e-12)
      expect(dHigh).toBeGreaterThanOrEqual(p.D - 1e-12)
      const ks = ksInterval(dLow, dHigh, p.n, p.m, (pv) => pv <= 0.05)
      expect(ks.pLow).toBeLessThanOrEqual(p.p * (1 + 1e-9) + 1e-300)
      expect(ks.pHigh).toBeGreaterThanOrEqual(p.p * (1 - 1e-9))
      if (ks.verdict === 'inconclusive') {
        inconclusive++
        if (p.shift !== 0) inconclusiveShifted++
      } else expect(ks.verdict).toBe(p.p <= 0.05 ? 'drift' : 'no drift')
    }
    // the rate docs/profiles.md reports
    console.log(
      `KS interval, ${bins} bins: ${inconclusive} of ${rebuilt.length} pairs inconclusive at 0.05 (${inconclusive - inconclusiveShifted} of the same distribution, ${inconclusiveShifted} shifted)`,
    )
  })

  it('a wrong bound is caught: the lower bound alone does not hold D on every pair', () => {
    let outside = 0
    for (const [p, a, b] of rebuilt) {
      const edges = quantileEdges(a, 10)
      const { dLow } = ksBounds({ edges, ref: counts(a, edges), cur: counts(b, edges) })
      if (p.D > dLow + 1e-12) outside++
    }
    expect(outside).toBeGreaterThan(100)
  })
})
