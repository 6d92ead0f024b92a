import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ConfigurationError } from '../../../packages/core/src/errors.ts'
import type { ColumnSummary } from '../../../packages/core/src/table/summary.ts'
import {
  addNumber,
  emptyNumberStats,
  mergeSorted,
  mergeSummaries,
  nullShare,
  sampleStd,
  summariesEqual,
  summaryFromJSON,
  summaryToJSON,
  SUMMARY_VERSION,
} from '../../../packages/core/src/table/summary.ts'

/** A shard of a numeric column as a producer summarizes it: NaN missing, ±Infinity counted apart, every part measured. */
function summarize(cells: number[]): ColumnSummary {
  const numbers = emptyNumberStats()
  const finite = cells.filter((v) => Number.isFinite(v))
  for (const v of finite) addNumber(numbers, v)
  const counts = new Map<string, number>()
  for (const v of finite) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1)
  return {
    name: 'x',
    source: 'number',
    rows: cells.length,
    missing: cells.filter((v) => Number.isNaN(v)).length,
    integer: finite.every((v) => Number.isInteger(v)),
    numbers,
    infinite: cells.filter((v) => v === Infinity || v === -Infinity).length,
    sorted: Float64Array.from(finite).sort(),
    counts,
    distinct: new Set(finite.map((v) => (v === 0 ? 0 : v))),
  }
}

const cell = fc.oneof(
  { arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }), weight: 6 },
  { arbitrary: fc.integer({ min: -20, max: 20 }), weight: 4 },
  { arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0, 0), weight: 1 },
)
const shard = fc.array(cell, { maxLength: 40 })

/** The parts a merge keeps exactly: everything but the running moments' mean and M2. */
function exactParts(s: ColumnSummary): ColumnSummary {
  return { ...s, numbers: s.numbers && { ...s.numbers, mean: 0, m2: 0 } }
}

function expectSameSummary(a: ColumnSummary, b: ColumnSummary): void {
  expect(summariesEqual(exactParts(a), exactParts(b))).toBe(true)
  // Chan's formula is exact in real numbers; in doubles the mean and M2 agree to rounding
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))
  expect(close(a.numbers!.mean, b.numbers!.mean)).toBe(true)
  expect(close(a.numbers!.m2, b.numbers!.m2)).toBe(true)
}

describe('merging column summaries', () => {
  it('is commutative: the exact parts bit for bit, the moments to rounding', () => {
    fc.assert(
      fc.property(shard, shard, (x, y) => {
        expectSameSummary(mergeSummaries(summarize(x), summarize(y)), mergeSummaries(summarize(y), summarize(x)))
      }),
    )
  })

  it('is associative, and the merge of shards is the summary of their union', () => {
    fc.assert(
      fc.property(shard, shard, shard, (x, y, z) => {
        const [a, b, c] = [summarize(x), summarize(y), summarize(z)]
        const left = mergeSummaries(mergeSummaries(a, b), c)
        expectSameSummary(left, mergeSummaries(a, mergeSummaries(b, c)))
        expectSameSummary(left, summarize([...x, ...y, ...z]))
      }),
    )
  })

  it('keeps the moments of the scan exactly as the pairwise update gives them (the first operand first)', () => {
    const a = summarize([1, 2, 3.5])
    const b = summarize([10.25, -4])
    const m = mergeSummaries(a, b).numbers!
    const n = 5
    const delta = b.numbers!.mean - a.numbers!.mean
    expect(m.mean).toBe(a.numbers!.mean + (delta * 2) / n)
    expect(m.m2).toBe(a.numbers!.m2 + b.numbers!.m2 + (delta * delta * 3 * 2) / n)
  })

  it('leaves out a part that only one side measured, and the derived moments', () => {
    const a = { ...summarize([1, 2]), moments: { mean: 1.5, std: 0.5 } }
    const { sorted: _, ...b } = summarize([3])
    const m = mergeSummaries(a, b)
    expect(m.sorted).toBeUndefined()
    expect(m.moments).toBeUndefined()
    expect(m.numbers?.count).toBe(3)
    expect([...m.counts!]).toEqual([
      ['1', 1],
      ['2', 1],
      ['3', 1],
    ])
  })

  it('orders −0 before 0 whichever side holds it, as Float64Array sorts', () => {
    expect(Object.is(mergeSorted(Float64Array.of(0), Float64Array.of(-0))[0], -0)).toBe(true)
    expect(Object.is(mergeSorted(Float64Array.of(-0), Float64Array.of(0))[0], -0)).toBe(true)
    expect(Array.from(mergeSorted(Float64Array.of(-1, 2, 2), Float64Array.of(2, 3)))).toEqual([-1, 2, 2, 2, 3])
  })

  it('keeps a lower bound of the distinct values when a side kept only a bound', () => {
    const a: ColumnSummary = { name: 't', source: 'string', rows: 10, missing: 0, integer: false, counts: new Map([['a', 2]]), distinctAtLeast: 9 }
    const b: ColumnSummary = { name: 't', source: 'string', rows: 3, missing: 0, integer: false, counts: new Map([['b', 3]]) }
    expect(mergeSummaries(a, b).distinctAtLeast).toBe(9)
    expect(mergeSummaries(b, a).distinctAtLeast).toBe(9)
    expect(mergeSummaries(b, b).distinctAtLeast).toBeUndefined()
  })

  it('refuses summaries of different columns, or of one column read as numbers and as text, with a sentence', () => {
    const a = summarize([1])
    expect(() => mergeSummaries(a, { ...a, name: 'y' })).toThrow(new ConfigurationError("The summaries of columns 'x' and 'y' cannot be merged: they describe different columns."))
    expect(() => mergeSummaries(a, { ...a, source: 'string' })).toThrow(new ConfigurationError("The summaries of column 'x' cannot be merged: one was read as numbers, the other as string."))
  })
})

describe('the JSON form of a column summary', () => {
  it('round-trips exactly through JSON text (−0, ±Infinity and NaN included)', () => {
    fc.assert(
      fc.property(shard, fc.constantFrom<ColumnSummary['source']>('number', 'string', 'boolean'), (x, source) => {
        const s = { ...summarize(x), source, distinct: new Set<string | number | boolean>([...summarize(x).distinct!, 'a', true]) }
        const back = summaryFromJSON(JSON.parse(JSON.stringify(summaryToJSON(s))))
        expect(summariesEqual(back, s)).toBe(true)
        expect([...back.counts!]).toEqual([...s.counts!])
      }),
    )
    const odd: ColumnSummary = {
      name: 'z',
      source: 'number',
      rows: 0,
      missing: 0,
      integer: true,
      numbers: { count: 0, mean: NaN, m2: -0, min: Infinity, max: -Infinity },
      sorted: Float64Array.of(-0, 0),
    }
    const back = summaryFromJSON(JSON.parse(JSON.stringify(summaryToJSON(odd))))
    expect(summariesEqual(back, odd)).toBe(true)
    expect(Object.is(back.sorted![0], -0)).toBe(true)
  })

  it('names its version first', () => {
    const json = JSON.stringify(summaryToJSON(summarize([1, 2])))
    expect(json.startsWith(`{"version":${SUMMARY_VERSION},"name":"x"`)).toBe(true)
  })

  it('refuses an unknown version, or a malformed summary, with a sentence', () => {
    const j = summaryToJSON(summarize([1, 2]))
    expect(() => summaryFromJSON({ ...j, version: 2 }, "column summary 'p.json'")).toThrow(
      new ConfigurationError("The column summary 'p.json' cannot be read: it is of version 2, and this version of mlgate reads version 1 only."),
    )
    expect(() => summaryFromJSON({ ...j, version: undefined })).toThrow(/of version null/)
    expect(() => summaryFromJSON([])).toThrow(new ConfigurationError('The column summary cannot be read: it is not a JSON object.'))
    expect(() => summaryFromJSON({ ...j, rows: -1 })).toThrow(new ConfigurationError('The column summary cannot be read: its rows is not a count.'))
    expect(() => summaryFromJSON({ ...j, sorted: [1, 'two'] })).toThrow(/a value of its sorted is not a number/)
    expect(() => summaryFromJSON({ ...j, distinct: [['x', 1]] })).toThrow(/unknown type "x"/)
  })
})

describe('equality of column summaries', () => {
  it('holds for summaries of the same cells in any order, and fails on any measured difference', () => {
    fc.assert(
      fc.property(shard, (x) => {
        const s = summarize(x)
        const reversed = summarize([...x].reverse())
        expect(summariesEqual(exactParts(s), exactParts(reversed))).toBe(true)
        expect(summariesEqual(s, { ...s, rows: s.rows + 1 })).toBe(false)
        expect(summariesEqual(s, { ...s, counts: new Map([...s.counts!, ['other', 1]]) })).toBe(false)
        expect(summariesEqual(s, { ...s, sorted: Float64Array.of(...s.sorted!, 1e9) })).toBe(false)
      }),
    )
  })

  it('tells −0 from 0 and NaN equals NaN, and ignores the derived moments', () => {
    const s = summarize([0])
    expect(summariesEqual(s, { ...s, sorted: Float64Array.of(-0) })).toBe(false)
    const e = summarize([])
    expect(summariesEqual({ ...e, numbers: { ...e.numbers!, mean: NaN } }, { ...e, numbers: { ...e.numbers!, mean: NaN } })).toBe(true)
    expect(summariesEqual(s, { ...s, moments: { mean: 0, std: 0 } })).toBe(true)
  })
})

describe('derived figures', () => {
  it('null share and the sample standard deviation (∞ when the squared deviations overflow)', () => {
    expect(nullShare(summarize([1, NaN, NaN, 2]))).toBe(0.5)
    expect(nullShare(summarize([]))).toBe(0)
    expect(sampleStd(summarize([1, 2, 3]).numbers!)).toBe(1)
    expect(sampleStd(summarize([1]).numbers!)).toBeNaN()
    expect(sampleStd({ count: 3, mean: 0, m2: NaN, min: 0, max: 0 })).toBe(Infinity)
  })
})
