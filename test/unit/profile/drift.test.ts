import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openDataset, readTable } from '../../../packages/core/src/dataset/index.ts'
import { detectDrift } from '../../../packages/core/src/drift/detect.ts'
import type { DriftOptions } from '../../../packages/core/src/drift/detect.ts'
import type { DriftMethod } from '../../../packages/core/src/drift/methods.ts'
import { ksBounds, wassersteinBounds } from '../../../packages/core/src/profile/bounds.ts'
import { bucketOf } from '../../../packages/core/src/profile/column.ts'
import { addTo } from '../../../packages/core/src/profile/exact-sum.ts'
import { buildProfile, profileDrift } from '../../../packages/core/src/profile/index.ts'
import { categoricalStatistic } from '../../../packages/core/src/drift/column.ts'
import { binShares, quantileEdges, wasserstein } from '../../../packages/core/src/stats/binned.ts'
import { ConfigurationError } from '../../../packages/core/src/errors.ts'
import { ksTwoSample } from '../../../packages/core/src/stats/ks.ts'
import { rng } from '../../helpers/rng.ts'

// Exact statistics on profiles equal exact mode's on the same bins; bounded ones hold exact mode's value.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-profile-drift-'))

function csv(name: string, seed: number, shift: number): string {
  const r = rng(seed)
  const lines = ['x,k,c,flag']
  for (let i = 0; i < 4000; i++) {
    const x = r() < 0.02 ? '' : String(r() + r() + r() + shift)
    lines.push(`${x},${Math.floor(r() * (6 + shift * 4))},c${Math.floor(r() * r() * (40 + shift * 30))},${r() < 0.5 + shift / 4 ? 'true' : 'false'}`)
  }
  writeFileSync(join(dir, name), lines.join('\n') + '\n')
  return name
}

const base: DriftOptions = { kinds: new Map(), method: 'auto', methods: new Map(), correction: 'none', missingDrift: true, minSample: 30 }

async function both(method: DriftMethod | 'auto', shift: number) {
  const [a, b] = [csv(`r${shift}.csv`, 11, 0), csv(`c${shift}.csv`, 12, shift)]
  const o = method === 'auto' ? base : { ...base, methods: new Map([['x', method]]) }
  const exact = detectDrift(await readTable(a, { cwd: dir }), await readTable(b, { cwd: dir }), o)
  const ref = await buildProfile(await openDataset(a, { cwd: dir }), {})
  const cur = await buildProfile(await openDataset(b, { cwd: dir }), { edgesFrom: ref })
  return { exact, profile: profileDrift(ref, cur, o) }
}

/** The finite x values of both sides, sorted, as exact mode reads them. */
async function sortedX(shift: number): Promise<[Float64Array, Float64Array]> {
  const read = async (name: string) => {
    const col = (await readTable(name, { cwd: dir })).columns.find((c) => c.name === 'x')!
    return Float64Array.from((col as { values: Float64Array }).values.filter((v) => Number.isFinite(v))).sort()
  }
  return [await read(`r${shift}.csv`), await read(`c${shift}.csv`)]
}

describe('drift on profiles', () => {
  it.each([0, 0.1])('categorical columns (shift %s): the same method, statistic, p-value and verdict as exact mode, labelled exact', async (shift) => {
    const { exact, profile } = await both('auto', shift)
    for (const name of ['k', 'c', 'flag']) {
      const e = exact.columns.find((c) => c.name === name)!
      const p = profile.columns.find((c) => c.name === name)!
      expect([p.kind, p.method, p.statistic, p.pValue, p.drifted, p.missingShare, p.histogram]).toEqual([e.kind, e.method, e.statistic, e.pValue, e.drifted, e.missingShare, e.histogram])
      expect(p.exactness).toBe('exact')
    }
  })

  it.each(['psi', 'jensenshannon', 'kl_div', 'hellinger'] as const)('%s: equal to a run over every value on the reference deciles, labelled exact', async (method) => {
    for (const shift of [0, 0.05, 0.3]) {
      const { exact, profile } = await both(method, shift)
      const e = exact.columns.find((c) => c.name === 'x')!
      const p = profile.columns.find((c) => c.name === 'x')!
      const [a, b] = await sortedX(shift)
      const edges = quantileEdges(a, 10)
      const counts = (v: Float64Array) => new Map([...binShares(v, edges)].map((s, i) => [String(i), Math.round(s * v.length)] as [string, number]))
      const single = categoricalStatistic(method, counts(a), counts(b), a.length, b.length).statistic
      expect([p.statistic, p.missingShare, p.exactness]).toEqual([single, e.missingShare, 'exact'])
      expect(p.histogram).toEqual(e.histogram)
    }
  })

  it('KS and Wasserstein: intervals that hold exact mode’s value, labelled bounded', async () => {
    for (const shift of [0, 0.02, 0.3]) {
      for (const method of ['ks', 'wasserstein'] as const) {
        const { exact, profile } = await both(method, shift)
        const e = exact.columns.find((c) => c.name === 'x')!
        const p = profile.columns.find((c) => c.name === 'x')!
        expect(p.exactness).toBe('bounded')
        if (method === 'ks') {
          expect(p.ks!.dLow).toBeLessThanOrEqual(e.statistic!)
          expect(p.ks!.dHigh).toBeGreaterThanOrEqual(e.statistic!)
          if (p.ks!.verdict !== 'inconclusive') expect(p.drifted).toBe(e.drifted)
        } else {
          expect(p.wasserstein!.low).toBeLessThanOrEqual(e.statistic! * (1 + 1e-9))
          expect(p.wasserstein!.high).toBeGreaterThanOrEqual(e.statistic! * (1 - 1e-9))
        }
      }
    }
  })
})

describe('the Wasserstein interval on bins', () => {
  it('holds scipy-convention W₁ of the values (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 300 }),
        fc.integer({ min: 2, max: 300 }),
        fc.integer({ min: 2, max: 50 }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.integer(),
        fc.boolean(),
        (n, m, bins, shift, seed, ties) => {
          const r = rng(seed)
          const draw = (k: number, s: number) => Float64Array.from({ length: k }, () => (ties ? Math.round((r() + s) * 4) / 4 : (r() + s) * 1e3)).sort()
          const a = draw(n, 0)
          const b = draw(m, shift)
          const edges = quantileEdges(a, bins)
          const side = (v: Float64Array) => {
            const counts = new Array<number>(bins).fill(0)
            const sums = Array.from({ length: bins }, () => [] as number[])
            for (const x of v) {
              const j = bucketOf(edges, x)
              counts[j]++
              addTo(sums[j], x)
            }
            return { counts, sums }
          }
          const [ra, rb] = [side(a), side(b)]
          const w = wassersteinBounds({ edges, ref: ra.counts, cur: rb.counts, refSums: ra.sums, curSums: rb.sums, min: Math.min(a[0], b[0]), max: Math.max(a[n - 1], b[m - 1]) })
          const exact = wasserstein(a, b)
          expect(w.low).toBeLessThanOrEqual(exact * (1 + 1e-12) + 1e-12)
          expect(w.high).toBeGreaterThanOrEqual(exact * (1 - 1e-12) - 1e-12)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('refusals of drift on profiles', () => {
  it('a column on other edges, or a method that needs every value, in one sentence', async () => {
    const [a, b] = [csv('ra.csv', 21, 0), csv('rb.csv', 22, 0.1)]
    const ref = await buildProfile(await openDataset(a, { cwd: dir }), { bins: 100 })
    const own = await buildProfile(await openDataset(b, { cwd: dir }), { bins: 100 })
    const cur = await buildProfile(await openDataset(b, { cwd: dir }), { edgesFrom: ref })
    expect(() => profileDrift(ref, own, base)).toThrow(
      new ConfigurationError("Column 'x' cannot be compared on profiles: the two profiles bin it on different edges; profile the current data with --edges-from the reference profile."),
    )
    expect(() => profileDrift(ref, cur, { ...base, methods: new Map([['x', 'energy']]) })).toThrow(
      new ConfigurationError("Method 'energy' cannot compare column 'x' on profiles: it needs every value; use one of ks, chisquare, z, wasserstein, psi, jensenshannon, kl_div, hellinger."),
    )
    const r = profileDrift(ref, cur, { ...base, correction: 'fdr', methods: new Map([['x', 'ks']]) })
    const x = r.columns.find((c) => c.name === 'x')!
    expect(x.pValueCorrected).not.toBeNull()
    expect(x.exactnessOf).toMatchObject({ statistic: 'bounded', missingShare: 'exact', moments: 'exact', quantiles: 'approximate' })
  })
})

describe('KS on profiles', () => {
  it('holds the exact D on random samples with ties at any bin count (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 2, max: 60 }), fc.integer({ min: 1, max: 20 }), fc.integer(), (n, m, bins, grid, seed) => {
        const r = rng(seed)
        const draw = (k: number, s: number) => Float64Array.from({ length: k }, () => Math.round((r() + s) * grid) / grid).sort()
        const a = draw(n, 0)
        const b = draw(m, r() / 2)
        const edges = quantileEdges(a, bins)
        const counts = (v: Float64Array) => {
          const out = new Array<number>(bins).fill(0)
          for (const x of v) out[bucketOf(edges, x)]++
          return out
        }
        const { dLow, dHigh } = ksBounds({ edges, ref: counts(a), cur: counts(b) })
        const d = ksTwoSample(a, b).statistic
        expect(dLow).toBeLessThanOrEqual(d + 1e-15)
        expect(dHigh).toBeGreaterThanOrEqual(d - 1e-15)
      }),
      { numRuns: 500 },
    )
  })

  it('is exact, with exact mode’s D and p-value, when both sides counted every value', async () => {
    const lines = (seed: number, shift: number) => {
      const r = rng(seed)
      return ['v', ...Array.from({ length: 3000 }, () => String(Math.floor((r() + r() + shift) * 20) / 4))].join('\n') + '\n'
    }
    writeFileSync(join(dir, 'ka.csv'), lines(5, 0))
    writeFileSync(join(dir, 'kb.csv'), lines(6, 0.05))
    const o = { ...base, methods: new Map([['v', 'ks' as const]]) }
    const exact = detectDrift(await readTable('ka.csv', { cwd: dir }), await readTable('kb.csv', { cwd: dir }), o).columns[0]
    const ref = await buildProfile(await openDataset('ka.csv', { cwd: dir }), {})
    const cur = await buildProfile(await openDataset('kb.csv', { cwd: dir }), { edgesFrom: ref })
    const p = profileDrift(ref, cur, o).columns[0]
    expect([p.kind, p.statistic, p.pValue, p.drifted, p.exactness]).toEqual([exact.kind, exact.statistic, exact.pValue, exact.drifted, 'exact'])
    expect(p.ks).toBeUndefined()
  })
})
