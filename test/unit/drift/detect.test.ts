import { describe, expect, it } from 'vitest'
import { detectDrift } from '../../../packages/core/src/drift/detect.ts'
import type { DriftOptions } from '../../../packages/core/src/drift/detect.ts'
import { defaultMethod } from '../../../packages/core/src/drift/methods.ts'
import { categorical, numeric, rng, table } from './helpers.ts'

const options = (o: Partial<DriftOptions> = {}): DriftOptions => ({ kinds: new Map(), method: 'auto', methods: new Map(), correction: 'none', missingDrift: true, minSample: 30, ...o })

describe("Evidently's default method table", () => {
  it.each([
    ['numeric', 1000, 6, 'ks'],
    ['numeric', 1000, 5, 'chisquare'],
    ['numeric', 1000, 2, 'z'],
    ['categorical', 1000, 3, 'chisquare'],
    ['categorical', 500, 2, 'z'],
    ['numeric', 1001, 6, 'wasserstein'],
    ['numeric', 1001, 5, 'jensenshannon'],
    ['categorical', 1001, 40, 'jensenshannon'],
  ] as const)('%s, reference %i values, %i distinct → %s', (kind, n, distinct, method) => {
    expect(defaultMethod(kind, n, distinct)).toBe(method)
  })
})

describe('detectDrift', () => {
  const r = rng(1)
  const n = 600
  const ref = table(
    numeric(
      'amount',
      Array.from({ length: n }, () => 50 + 10 * r.normal()),
    ),
    numeric(
      'stable',
      Array.from({ length: n }, () => r.normal()),
    ),
    numeric(
      'visits',
      Array.from({ length: n }, () => Math.floor(r.next() * 4)),
      true,
    ),
    categorical(
      'channel',
      Array.from({ length: n }, () => r.pick(['web', 'card', 'mobile'], [5, 3, 2])),
    ),
    categorical(
      'note',
      Array.from({ length: n }, (_, i) => `free text ${i}`),
    ),
  )
  const cur = table(
    numeric(
      'amount',
      Array.from({ length: n }, () => 56 + 10 * r.normal()),
    ),
    numeric(
      'stable',
      Array.from({ length: n }, (_, i) => (i % 10 === 0 ? NaN : r.normal())),
    ),
    numeric(
      'visits',
      Array.from({ length: n }, () => Math.floor(r.next() * 4)),
      true,
    ),
    categorical(
      'channel',
      Array.from({ length: n }, () => r.pick(['web', 'card', 'crypto'], [5, 3, 2])),
    ),
    categorical(
      'note',
      Array.from({ length: n }, (_, i) => `other text ${i}`),
    ),
  )
  const result = detectDrift(ref, cur, options())
  const col = (name: string) => result.columns.find((c) => c.name === name)!

  it('types columns like Evidently and picks the method from the table', () => {
    expect(result.columns.map((c) => [c.name, c.kind, c.method])).toEqual([
      ['amount', 'numeric', 'ks'],
      ['stable', 'numeric', 'ks'],
      ['visits', 'categorical', 'chisquare'],
      ['channel', 'categorical', 'chisquare'],
      ['note', 'text', null],
    ])
  })

  it('says why a numeric column drifted, with an effect size beside the p-value', () => {
    const a = col('amount')
    expect(a.drifted).toBe(true)
    expect(a.pValue!).toBeLessThan(1e-6)
    expect(a.effectSize!).toBeGreaterThan(0.4)
    expect(a.why).toMatch(/^mean 50\.\d+ → 5[56]\.\d+ \(\+0\.\d+ sd\)/)
    expect(a.quantiles!.map((q) => q.p)).toEqual([0.05, 0.25, 0.5, 0.75, 0.95])
  })

  it('lists unseen and vanished categories by value with counts, without crashing', () => {
    const c = col('channel')
    expect(c.drifted).toBe(true)
    expect(c.unseen).toEqual([{ value: 'crypto', count: expect.any(Number) }])
    expect(c.vanished).toEqual([{ value: 'mobile', count: expect.any(Number) }])
    expect(c.why).toContain("1 unseen value(s): 'crypto'")
  })

  it('a change in the share of missing values is drift of its own', () => {
    const s = col('stable')
    expect(s.missingShare.current).toBeCloseTo(0.1, 5)
    expect(s.missingShare.drifted).toBe(true)
    expect(s.drifted).toBe(true)
    expect(s.why).toMatch(/^missing share 0% → 10%/)
    const off = detectDrift(ref, cur, options({ missingDrift: false })).columns.find((c) => c.name === 'stable')!
    expect(off.drifted).toBe(false)
  })

  it('warns below min-sample instead of passing silently', () => {
    const small = detectDrift(table(numeric('x', [1, 2, 3, 4, 5, 6, 7])), table(numeric('x', [2, 3, 4, 5, 6, 7, 8])), options())
    expect(small.columns[0].warning).toMatch(/^small sample: 7 reference and 7 current values/)
  })

  it('per-column methods, thresholds and type overrides', () => {
    const custom = detectDrift(ref, cur, options({ methods: new Map([['amount', 'psi']]), kinds: new Map([['visits', 'numeric']]), threshold: 0.5 }))
    const amount = custom.columns.find((c) => c.name === 'amount')!
    expect(amount).toMatchObject({ method: 'psi', threshold: 0.5, pValue: null })
    expect(custom.columns.find((c) => c.name === 'visits')!.kind).toBe('numeric')
    expect(() => detectDrift(ref, cur, options({ methods: new Map([['channel', 'ks']]) }))).toThrow("Method 'ks' cannot compare the categorical column 'channel'")
    expect(() => detectDrift(ref, cur, options({ columns: ['amout'] }))).toThrow(
      /^Input 'columns': column 'amout' is in neither the reference nor the current data \(columns: .*\) — did you mean 'amount'\?$/,
    )
  })

  it('a column declared numeric whose reference holds no number is a configuration error', () => {
    expect(() => detectDrift(ref, cur, options({ kinds: new Map([['channel', 'numeric']]) }))).toThrow(
      "Input 'column-types': column 'channel' is declared numeric but none of its 600 reference values is a number",
    )
  })

  it('a text column is compared only when named, and then as categories or said to be incomparable', () => {
    const plain = detectDrift(ref, cur, options()).columns.find((c) => c.name === 'note')!
    expect(plain.skipped).toMatch(/^a text column/)
    const named = detectDrift(ref, cur, options({ named: new Set(['note']) })).columns.find((c) => c.name === 'note')!
    expect(named.skipped).toMatch(/cannot be compared$/)
    expect(named.warning).toBe(named.skipped)
    const declared = detectDrift(ref, cur, options({ kinds: new Map([['channel', 'text']]), named: new Set(['channel']) })).columns.find((c) => c.name === 'channel')!
    expect(declared).toMatchObject({ kind: 'text', method: 'chisquare', drifted: true })
    expect(declared.skipped).toBeUndefined()
  })

  it('the value test decides first; a drifted missing share alone leads the why', () => {
    const byName = (o: Partial<DriftOptions> = {}) => new Map(detectDrift(ref, cur, options(o)).columns.map((c) => [c.name, c]))
    const cols = byName()
    expect(cols.get('amount')!.decidedBy).toMatchObject({ test: 'value', method: 'ks' })
    expect(cols.get('stable')!.decidedBy).toMatchObject({ test: 'missing share', method: 'z' })
    expect(cols.get('stable')!.why).toMatch(/^missing share 0% → 10%, z p < 0\.001; values: ks p = [\d.]+, no drift; /)
    expect(cols.get('visits')!.decidedBy).toBeNull()
  })
})

describe('calibration under no drift (200 seeded same-distribution pairs)', () => {
  const pairs = 200
  const r = rng(42)
  const drifted: Record<string, number> = {}
  let anyBonferroni = 0
  for (let k = 0; k < pairs; k++) {
    const make = () =>
      table(
        numeric(
          'a',
          Array.from({ length: 300 }, () => r.normal()),
        ),
        numeric(
          'b',
          Array.from({ length: 250 }, () => Math.exp(r.normal())),
        ),
        categorical(
          'c',
          Array.from({ length: 300 }, () => r.pick(['x', 'y', 'z', 'w'], [4, 3, 2, 1])),
        ),
        categorical(
          'd',
          Array.from({ length: 300 }, () => r.pick(['yes', 'no'], [3, 7])),
        ),
      )
    const a = make()
    const b = make()
    for (const c of detectDrift(a, b, options({ missingDrift: false })).columns) drifted[c.name] = (drifted[c.name] ?? 0) + (c.drifted ? 1 : 0)
    if (detectDrift(a, b, options({ missingDrift: false, correction: 'bonferroni' })).columns.some((c) => c.drifted)) anyBonferroni++
  }

  it.each(['a', 'b', 'c', 'd'])('column %s: false-positive rate at 0.05 within [0.02, 0.09]', (name) => {
    const rate = drifted[name] / pairs
    expect(rate).toBeGreaterThanOrEqual(0.02)
    expect(rate).toBeLessThanOrEqual(0.09)
  })

  it('with bonferroni the dataset-level false-positive rate is at most 0.06', () => {
    expect(anyBonferroni / pairs).toBeLessThanOrEqual(0.06)
  })
})
