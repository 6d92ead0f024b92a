import { expect, it } from 'vitest'
import { detectDrift } from '../../../packages/core/src/drift/detect.ts'
import type { DriftOptions } from '../../../packages/core/src/drift/detect.ts'
import { poolRare, POOLED, sparsity } from '../../../packages/core/src/drift/sparse.ts'
import { categorical, rng, table } from './helpers.ts'

const options = (o: Partial<DriftOptions> = {}): DriftOptions => ({ kinds: new Map(), method: 'auto', methods: new Map(), correction: 'none', missingDrift: true, minSample: 30, ...o })

it('sparse: more than 20 % of categories expected fewer than 5 times on the smaller side', () => {
  const ref = new Map([
    ['a', 50],
    ['b', 50],
    ['c', 2],
    ['d', 1],
  ])
  const cur = new Map([
    ['a', 50],
    ['b', 48],
    ['c', 1],
    ['e', 1],
  ])
  const s = sparsity(ref, cur, 103, 100)!
  expect(s).toMatchObject({ categories: 5, rare: 3 })
  const [pr, pc] = poolRare(ref, cur, s)!
  expect(pr).toEqual(
    new Map([
      ['a', 50],
      ['b', 50],
      [POOLED, 3],
    ]),
  )
  expect(pc).toEqual(
    new Map([
      ['a', 50],
      ['b', 48],
      [POOLED, 2],
    ]),
  )
  expect(
    sparsity(
      new Map([
        ['a', 60],
        ['b', 40],
      ]),
      new Map([
        ['a', 55],
        ['b', 45],
      ]),
      100,
      100,
    ),
  ).toBeUndefined()
  // one stray value is an unseen category, not sparse data
  expect(
    sparsity(
      new Map([
        ['a', 300],
        ['b', 300],
        ['c', 300],
      ]),
      new Map([
        ['a', 300],
        ['b', 300],
        ['c', 299],
        ['x', 1],
      ]),
      900,
      900,
    ),
  ).toBeUndefined()
})

/** 1 500 categories of a Zipf-like distribution, n rows. */
function zipf(seed: number, n: number): string[] {
  const r = rng(seed)
  const w = Array.from({ length: 1500 }, (_, k) => 1 / (k + 10))
  const total = w.reduce((a, b) => a + b, 0)
  const cdf: number[] = []
  let acc = 0
  for (const x of w) cdf.push((acc += x / total))
  return Array.from({ length: n }, () => {
    const u = r.next()
    let k = 0
    while (cdf[k] < u && k < cdf.length - 1) k++
    return `c${k}`
  })
}

it('same-distribution sparse categories: calibrated at the default, with a warning (JS alone drifts on every pair)', () => {
  let drifted = 0
  let jsDrifted = 0
  const pairs = 20
  for (let i = 0; i < pairs; i++) {
    const ref = table(categorical('cat', zipf(2 * i + 1, 20_000)))
    const cur = table(categorical('cat', zipf(2 * i + 2, 20_000)))
    const [col] = detectDrift(ref, cur, options()).columns
    expect(col.method).toBe('chisquare')
    expect(col.warning).toMatch(/^sparse categories: \d+ of \d+ categories/)
    if (col.drifted) drifted++
    if (detectDrift(ref, cur, options({ method: 'jensenshannon' })).columns[0].drifted) jsDrifted++
  }
  // at 5 % false positives, 5 or more of 20 has a chance of 0.3 %
  expect(drifted).toBeLessThanOrEqual(4)
  expect(jsDrifted).toBe(pairs)
})
