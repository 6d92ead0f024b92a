// detect-drift against Evidently's definitions, computed by scripts/reference/evidently_reference.py
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isDrifted } from '../../../packages/core/src/drift/column.ts'
import type { ColumnDrift } from '../../../packages/core/src/drift/column.ts'
import { detectDrift } from '../../../packages/core/src/drift/detect.ts'
import type { DriftOptions } from '../../../packages/core/src/drift/detect.ts'
import type { DriftMethod } from '../../../packages/core/src/drift/methods.ts'
import { METHODS } from '../../../packages/core/src/drift/methods.ts'
import { sturgesEdges } from '../../../packages/core/src/stats/binned.ts'
import type { Table } from '../../../packages/core/src/table/types.ts'
import { categorical, numeric, table } from './helpers.ts'

interface Case {
  name: string
  kind: 'numeric' | 'categorical'
  integer: boolean
  reference: number[] | [string, number][]
  current: number[] | [string, number][]
  scores: Record<string, { score: number; drifted: boolean }>
  default: DriftMethod
  evidentlyChisquare?: number
  homogeneityChisquare?: number
}

const REF = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/reference/evidently.json'), 'utf8')) as {
  thresholds: Record<string, number>
  atThreshold: Record<string, boolean>
  numeric: Case[]
  categorical: Case[]
  sturges: { min: number; max: number; n: number; integer: boolean; edges: number[] }[]
}

const options = (o: Partial<DriftOptions> = {}): DriftOptions => ({ kinds: new Map(), method: 'auto', methods: new Map(), correction: 'none', missingDrift: false, minSample: 1, ...o })

const expand = (counts: [string, number][]) => counts.flatMap(([v, n]) => Array<string>(n).fill(v))

function sides(c: Case): [Table, Table] {
  if (c.kind === 'categorical') return [table(categorical('x', expand(c.reference as [string, number][]))), table(categorical('x', expand(c.current as [string, number][])))]
  return [table(numeric('x', c.reference as number[], c.integer)), table(numeric('x', c.current as number[], c.integer))]
}

function drift(c: Case, o: Partial<DriftOptions>): ColumnDrift {
  const [ref, cur] = sides(c)
  return detectDrift(ref, cur, options({ kinds: new Map([['x', c.kind]]), ...o })).columns[0]
}

/** Evidently's drift score: the p-value of a test, the value of a distance. */
const scoreOf = (d: ColumnDrift) => (METHODS[d.method!].kind === 'p-value' ? d.pValue! : d.statistic!)

// 1e-9 relative, and 1e-15 absolute for p-values near 0 (Evidently's z takes 1 − Φ, exact only to that). Cramér–von
// Mises' p = 1 − F(t) sums F's series until a term is below 1e-7 in both, in a different order of operations
// (special functions): 1e-7 relative, and 1e-13 absolute where 1 − F cancels
function expectClose(method: string, got: number, want: number): void {
  const [rel, abs] = method === 'cramer_von_mises' ? [1e-7, 1e-13] : [1e-9, 1e-15]
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + abs)
}

const cases = [...REF.numeric, ...REF.categorical]

describe("detect-drift's scores and flags equal Evidently's on shared cases", () => {
  for (const c of cases) {
    describe(`${c.kind}: ${c.name}`, () => {
      it.each(Object.keys(c.scores))('%s', (method) => {
        const d = drift(c, { method: method as DriftMethod })
        expect(d.method).toBe(method)
        expectClose(method, scoreOf(d), c.scores[method].score)
        expect(d.threshold).toBe(REF.thresholds[method])
        expect(d.drifted).toBe(c.scores[method].drifted)
      })

      it(`picks Evidently's default test (${c.default})`, () => {
        const d = drift(c, {})
        expect(d.method).toBe(c.default)
        if (c.scores[c.default]) {
          expectClose(c.default, scoreOf(d), c.scores[c.default].score)
          expect(d.drifted).toBe(c.scores[c.default].drifted)
        }
      })
    })
  }
})

describe('where mlgate differs on purpose (docs/drift.md)', () => {
  it("chi-square is a homogeneity test over the union of values, not Evidently's goodness of fit to the reference", () => {
    const unseen = REF.categorical.find((c) => c.name.startsWith('an unseen value'))!
    // Evidently expects 0 of the unseen value and gets p = 0 whatever its count
    expect(unseen.evidentlyChisquare).toBe(0)
    for (const c of REF.categorical) {
      const d = drift(c, { method: 'chisquare' })
      expectClose('chisquare', d.pValue!, c.homogeneityChisquare!)
    }
  })
})

describe("numpy's Sturges edges, bit for bit", () => {
  it.each(REF.sturges.map((s) => [`${s.n} ${s.integer ? 'integers' : 'floats'} in [${s.min}, ${s.max}]`, s] as const))('%s', (_n, s) => {
    expect([...sturgesEdges(s.min, s.max, s.n, s.integer)]).toEqual(s.edges)
  })
})

describe("Evidently's comparison at a score equal to the threshold", () => {
  it.each(Object.keys(METHODS).filter((m) => m in REF.atThreshold) as DriftMethod[])('%s', (method) => {
    expect(isDrifted(method, 0.05, 0.05, 0.05)).toBe(REF.atThreshold[method])
  })

  it('L∞ as TFDV compares it: drift above the threshold only', () => {
    expect(isDrifted('l_infinity', 0.1, null, 0.1)).toBe(false)
    expect(isDrifted('l_infinity', 0.1000001, null, 0.1)).toBe(true)
  })

  // the threshold set to the column's own score: equality through the whole step
  const numericCase = REF.numeric.find((c) => c.name.startsWith('lognormal'))!
  it.each(['ks', 'cramer_von_mises', 'wasserstein', 'energy', 'psi', 'kl_div', 'jensenshannon', 'hellinger'] as DriftMethod[])('%s through detectDrift', (method) => {
    const score = scoreOf(drift(numericCase, { method }))
    expect(score).toBeGreaterThan(0)
    expect(drift(numericCase, { method, threshold: score }).drifted).toBe(REF.atThreshold[method])
  })
  const categoricalCase = REF.categorical.find((c) => c.name.startsWith('two values'))!
  it.each(['chisquare', 'z'] as DriftMethod[])('%s through detectDrift', (method) => {
    const score = scoreOf(drift(categoricalCase, { method }))
    expect(drift(categoricalCase, { method, threshold: score }).drifted).toBe(false)
    expect(drift(categoricalCase, { method, threshold: score * (1 + 1e-12) }).drifted).toBe(true)
  })

  it('a corrected p-value equal to the threshold follows the same rule', () => {
    const score = scoreOf(drift(numericCase, { method: 'ks' }))
    // one tested column: Bonferroni leaves p as it is
    expect(drift(numericCase, { method: 'ks', threshold: score, correction: 'bonferroni' }).drifted).toBe(true)
  })
})

describe('statistics that used to be in another convention than their thresholds', () => {
  const byName = (list: Case[], start: string) => list.find((c) => c.name.startsWith(start))!

  it("Jensen-Shannon in natural log against Evidently's 0.1: 0.0892 is no drift (base 2 made it 0.107, drift)", () => {
    const d = drift(byName(REF.categorical, 'between the two'), { method: 'jensenshannon' })
    expectClose('jensenshannon', d.statistic!, 0.08921321604725714)
    expect(d.drifted).toBe(false)
  })

  it('fully disjoint sides: Jensen-Shannon √ln 2 and Hellinger 1, without an empty-bin floor', () => {
    for (const c of [byName(REF.categorical, 'disjoint'), byName(REF.numeric, 'disjoint')]) {
      expect(drift(c, { method: 'jensenshannon' }).statistic).toBeCloseTo(Math.sqrt(Math.LN2), 15)
      expect(drift(c, { method: 'hellinger' }).statistic).toBeCloseTo(1, 15)
    }
  })

  it('KS and Cramér–von Mises drift at p equal to the threshold; energy distance only above it', () => {
    expect(isDrifted('ks', 0, 0.05, 0.05)).toBe(true)
    expect(isDrifted('cramer_von_mises', 0, 0.1, 0.1)).toBe(true)
    expect(isDrifted('energy', 0.1, null, 0.1)).toBe(false)
    expect(isDrifted('energy', 0.1 + 1e-12, null, 0.1)).toBe(true)
  })
})
