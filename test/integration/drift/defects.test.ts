import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAzureTask } from '../harness/azure.ts'
import { runCli } from '../harness/cli.ts'
import { runGithubAction } from '../harness/github.ts'
import { seededRandom } from '../../../packages/core/src/stats/compare/bootstrap.ts'
import { reportSchemaErrors } from '../../helpers/report-schema.ts'

/** A seeded PRNG (mulberry32, the core's bootstrap generator) for reproducible data files. */
const rng = seededRandom

function csv(dir: string, name: string, header: string, rows: string[]): string {
  const path = join(dir, name)
  writeFileSync(path, [header, ...rows].join('\n') + '\n')
  return path
}

interface Column {
  name: string
  kind: string
  drifted: boolean
  why: string
  warning: string | null
  skipped: string | null
  decidedBy: { test: string; statistic: number | null; pValue: number | null; text: string } | null
  nonNumeric: { reference: number; current: number } | null
  infinite: { reference: number; current: number } | null
  topChanges: { value: string }[] | null
  histogram: { labels: string[] }
}

async function drift(dir: string, ref: string, cur: string, extra: string[] = []) {
  const path = join(dir, `report-${Math.random().toString(36).slice(2)}.json`)
  const r = await runCli(['detect-drift', '--reference', ref, '--current', cur, '--report', path, ...extra])
  let report: { verdict: string; headline: string; columns: Column[]; warnings: string[]; checks: { id: string; status: string; message: string }[] } | undefined
  try {
    report = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    report = undefined
  }
  const column = (name: string) => report!.columns.find((c) => c.name === name)!
  return { ...r, report, column, out: r.stdout + r.stderr }
}

const dir = mkdtempSync(join(tmpdir(), 'mlgate-drift-defects-'))
const numbers = <T = string>(seed: number, n: number, f: (r: () => number, i: number) => T): T[] => {
  const r = rng(seed)
  return Array.from({ length: n }, (_, i) => f(r, i))
}

describe('CLI: critical columns', () => {
  const ref = csv(
    dir,
    'crit-ref.csv',
    'a,b',
    numbers(1, 300, (r) => `${(r() * 10).toFixed(3)},${(r() * 5).toFixed(3)}`),
  )
  const cur = csv(
    dir,
    'crit-cur.csv',
    'a',
    numbers(2, 300, (r) => (r() * 10).toFixed(3)),
  )

  it('a critical column missing from the current data fails, named in the headline', async () => {
    const r = await drift(dir, ref, cur, ['--critical-columns', 'b'])
    expect(r.exitCode).toBe(1)
    expect(r.report!.verdict).toBe('fail')
    expect(r.report!.headline).toMatch(/critical column.*'b'.*current/i)
    expect(r.report!.checks.find((c) => c.id === 'critical:b')!.status).toBe('fail')
  })

  it('a critical column missing from the reference data fails too', async () => {
    const r = await drift(dir, cur, ref, ['--critical-columns', 'b'])
    expect(r.exitCode).toBe(1)
    expect(r.report!.headline).toMatch(/critical column.*'b'.*reference/i)
  })

  it('a critical column in neither side is a configuration error with a suggestion', async () => {
    const r = await drift(dir, ref, cur, ['--critical-columns', 'bb'])
    expect(r.exitCode).toBe(2)
    expect(r.out).toMatch(/critical-columns.*'bb'.*did you mean 'b'/)
    expect(r.out).not.toMatch(/at .*main\.js/)
  })
})

describe('CLI: text columns the user names are compared or said to be incomparable', () => {
  const words = ['alpha', 'beta', 'gamma', 'delta']
  const ref = csv(
    dir,
    'text-ref.csv',
    'id,desc,tag',
    numbers(3, 300, (r, i) => `${i},free text number ${i} ${r()},${words[Math.floor(r() * 4)]}`),
  )
  const cur = csv(
    dir,
    'text-cur.csv',
    'id,desc,tag',
    numbers(4, 300, (r, i) => `${i},other words ${i} ${r()},${r() < 0.7 ? 'alpha' : words[Math.floor(r() * 4)]}`),
  )

  it('--columns naming only a mostly unique text column is an error: nothing was compared', async () => {
    const r = await drift(dir, ref, cur, ['--columns', 'desc'])
    expect(r.exitCode).toBe(2)
    expect(r.out).toMatch(/nothing was compared/i)
    expect(r.out).toMatch(/desc/)
    expect(r.out).not.toMatch(/No drift in 0 columns/)
  })

  it('a critical mostly unique text column fails with a sentence saying why it cannot be compared', async () => {
    const r = await drift(dir, ref, cur, ['--critical-columns', 'desc', '--exclude', 'tag'])
    expect(r.exitCode).toBe(1)
    const check = r.report!.checks.find((c) => c.id === 'critical:desc')!
    expect(check.status).toBe('fail')
    expect(check.message).toMatch(/cannot be compared/)
    expect(r.report!.headline).toMatch(/^Dataset drift: critical column 'desc' cannot be compared/)
  })

  it('a critical text column whose values repeat is compared as categories', async () => {
    const r = await drift(dir, ref, cur, ['--critical-columns', 'tag', '--column-types', 'tag:text'])
    expect(r.exitCode).toBe(1)
    expect(r.column('tag').drifted).toBe(true)
    expect(r.column('tag').skipped).toBeNull()
    expect(r.report!.headline).toMatch(/^Dataset drift: critical column 'tag' drifted \(chisquare p < 0\.001\)/)
  })
})

describe('CLI: numeric columns holding some text', () => {
  it('reference 1,2,3 vs current 1,2,x: no crash, the text cell counted', async () => {
    const ref = csv(dir, 'x-ref.csv', 'a,y', ['1,1', '2,2', '3,3'])
    const cur = csv(dir, 'x-cur.csv', 'a,y', ['1,1', '2,2', '3,x'])
    const r = await drift(dir, ref, cur, ['--min-sample', '0'])
    expect(r.out).not.toMatch(/Cannot read properties/)
    expect([0, 1]).toContain(r.exitCode)
    expect(r.column('y').nonNumeric).toEqual({ reference: 0, current: 1 })
    expect(r.column('y').why).toMatch(/0 reference and 1 current cells non-numeric/)
  })

  it('the same pair under the GitHub action and the Azure task: no crash, the same verdict', async () => {
    const ref = csv(
      dir,
      'x3-ref.csv',
      'a,y',
      numbers(51, 200, (r, i) => `${(r() * 10).toFixed(3)},${i % 3}`),
    )
    const cur = csv(
      dir,
      'x3-cur.csv',
      'a,y',
      numbers(52, 200, (r, i) => `${(r() * 10).toFixed(3)},${i === 7 ? 'x' : i % 3}`),
    )
    const gh = await runGithubAction('detect-drift', { reference: ref, current: cur })
    const az = await runAzureTask('DetectDriftV1', { reference: ref, current: cur })
    for (const out of [gh.stdout + gh.stderr, az.stdout + az.stderr]) expect(out).not.toMatch(/Cannot read properties/)
    expect(gh.exitCode).toBe(0)
    expect(gh.outputs.verdict).toBe('pass')
    expect(gh.summary).toMatch(/0 reference and 1 current cells non-numeric/)
    expect(az.result).toBe('Succeeded')
  }, 60_000)

  it.each([1, 10, 50])('age with %i percent unknown in the current data: compared as numbers, the unknown cells reported', async (pct) => {
    const ref = csv(
      dir,
      `age-ref-${pct}.csv`,
      'age,v',
      numbers(5, 2000, (r) => `${18 + Math.floor(r() * 60)},${r().toFixed(4)}`),
    )
    const cur = csv(
      dir,
      `age-cur-${pct}.csv`,
      'age,v',
      numbers(6, 2000, (r, i) => `${i % 100 < pct ? 'unknown' : 18 + Math.floor(r() * 60)},${r().toFixed(4)}`),
    )
    const r = await drift(dir, ref, cur)
    expect(r.out).not.toMatch(/Cannot read properties/)
    expect(r.report).toBeDefined()
    expect(reportSchemaErrors('detect-drift', r.report)).toEqual([])
    const age = r.column('age')
    expect(age.kind).toBe('numeric')
    expect(age.nonNumeric).toEqual({ reference: 0, current: 20 * pct })
    // the same ages: the share of cells that are not numbers (0 → pct %) decides, as a missing share would
    expect(age.drifted).toBe(true)
    expect(age.decidedBy!.test).toBe('non-numeric share')
    expect(age.why).toMatch(new RegExp(`^non-numeric share 0% → ${pct}%, z p < 0\\.001; values: `))
  })

  it('inf, -inf and empty cells under column-types col:numeric: infinities counted apart, the finite values compared', async () => {
    const ref = csv(
      dir,
      'inf-ref.csv',
      'col',
      numbers(7, 400, (r, i) => (i % 50 === 0 ? 'inf' : i % 50 === 1 ? '' : (r() * 10).toFixed(3))),
    )
    const cur = csv(
      dir,
      'inf-cur.csv',
      'col',
      numbers(8, 400, (r, i) => (i % 40 === 0 ? '-inf' : i % 40 === 1 ? '' : (r() * 10).toFixed(3))),
    )
    const r = await drift(dir, ref, cur, ['--column-types', 'col:numeric'])
    expect(r.out).not.toMatch(/Cannot read properties|not numeric in the data/)
    expect(r.exitCode).toBe(0)
    const col = r.column('col')
    expect(col.infinite).toEqual({ reference: 8, current: 10 })
    expect(col.nonNumeric).toEqual({ reference: 0, current: 0 })
    expect(col.why).toMatch(/infinite/)
  })
  it('Infinity among 300k values (sorted on a worker thread): counted as infinite, not as missing', async () => {
    const rows = (seed: number, every: number) =>
      numbers(seed, 150_000, (r, i) => (i % every === 0 ? (i % (2 * every) === 0 ? 'Infinity' : '-Infinity') : i % every === 1 ? '' : (r() * 10).toFixed(4)))
    const ref = csv(dir, 'inf-big-ref.csv', 'col', rows(41, 1000))
    const cur = csv(dir, 'inf-big-cur.csv', 'col', rows(42, 500))
    const r = await drift(dir, ref, cur)
    const col = r.column('col') as Column & { missingShare: { reference: number; current: number } }
    expect(col.infinite).toEqual({ reference: 150, current: 300 })
    expect(col.missingShare.reference).toBeCloseTo(150 / 150_000, 10)
    expect(col.missingShare.current).toBeCloseTo(300 / 150_000, 10)
  }, 60_000)
})

describe('CLI: categories as written', () => {
  it("zip codes with leading zeros are text categories: '01001' vs '1001' drifts", async () => {
    const zips = ['01001', '02110', '07030', '10001', '94105']
    const ref = csv(
      dir,
      'zip-ref.csv',
      'zip,v',
      numbers(9, 600, (r) => `${zips[Math.floor(r() * 5)]},${r().toFixed(3)}`),
    )
    const cur = csv(
      dir,
      'zip-cur.csv',
      'zip,v',
      numbers(10, 600, (r) => `${String(Number(zips[Math.floor(r() * 5)]))},${r().toFixed(3)}`),
    )
    const r = await drift(dir, ref, cur)
    const zip = r.column('zip')
    expect(zip.kind).toBe('categorical')
    expect(zip.drifted).toBe(true)
    expect(zip.topChanges!.map((c) => c.value)).toContain('01001')
  })

  it('a column declared categorical is compared as written', async () => {
    const ref = csv(
      dir,
      'code-ref.csv',
      'code,v',
      numbers(11, 600, (r) => `${['1.0', '2.0', '3.0'][Math.floor(r() * 3)]},${r().toFixed(3)}`),
    )
    const cur = csv(
      dir,
      'code-cur.csv',
      'code,v',
      numbers(12, 600, (r) => `${['1', '2', '3'][Math.floor(r() * 3)]},${r().toFixed(3)}`),
    )
    const r = await drift(dir, ref, cur, ['--column-types', 'code:categorical'])
    expect(r.column('code').drifted).toBe(true)
  })

  it('codes with leading zeros in a file large enough for the parallel reader are read as written too', async () => {
    const zips = ['01001', '02110', '07030', '10001', '94105']
    const rows = (seed: number, strip: boolean) => numbers(seed, 700_000, (r) => `${strip ? String(Number(zips[Math.floor(r() * 5)])) : zips[Math.floor(r() * 5)]},${r().toFixed(6)}`)
    const ref = csv(dir, 'zip-big-ref.csv', 'zip,v', rows(31, false))
    const same = csv(dir, 'zip-big-same.csv', 'zip,v', rows(32, false))
    const cur = csv(dir, 'zip-big-cur.csv', 'zip,v', rows(33, true))
    const r = await drift(dir, ref, cur)
    expect(r.column('zip').kind).toBe('categorical')
    expect(r.column('zip').drifted).toBe(true)
    expect(r.column('zip').topChanges!.map((c) => c.value)).toContain('01001')
    const s = await drift(dir, ref, same)
    expect(s.column('zip').drifted).toBe(false)
    expect(s.column('zip').histogram.labels.sort()).toEqual(zips)
  }, 120_000)

  it('CSV vs JSON of the same rows: True/False and true/false are the same categories', async () => {
    const rows = numbers(13, 400, (r) => ({ flag: r() < 0.3, v: Number(r().toFixed(3)) }))
    const ref = csv(
      dir,
      'bool-ref.csv',
      'flag,v',
      rows.map((x) => `${x.flag ? 'True' : 'False'},${x.v}`),
    )
    const cur = join(dir, 'bool-cur.json')
    writeFileSync(cur, JSON.stringify(rows))
    const r = await drift(dir, ref, cur)
    expect(r.exitCode).toBe(0)
    expect(r.column('flag').drifted).toBe(false)
    expect(
      r
        .column('flag')
        .topChanges!.map((c) => c.value)
        .sort(),
    ).toEqual(['false', 'true'])
  })
})

function sparseRows(seed: number): string[] {
  const r = rng(seed)
  // 1 500 categories of a Zipf-like distribution (weights 1/(k+10))
  const weights = Array.from({ length: 1500 }, (_, k) => 1 / (k + 10))
  const total = weights.reduce((a, b) => a + b, 0)
  const cdf: number[] = []
  let acc = 0
  for (const w of weights) cdf.push((acc += w / total))
  return Array.from({ length: 20_000 }, () => {
    const u = r()
    let lo = 0
    let hi = cdf.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cdf[mid] < u) lo = mid + 1
      else hi = mid
    }
    return `c${lo},${u.toFixed(4)}`
  })
}

describe('CLI: sparse categories', () => {
  it('1 500 categories in 20k rows of the same distribution: no drift by default, a sparse-category warning', async () => {
    const ref = csv(dir, 'sparse-ref.csv', 'cat,v', sparseRows(21))
    const cur = csv(dir, 'sparse-cur.csv', 'cat,v', sparseRows(22))
    const r = await drift(dir, ref, cur)
    expect(r.exitCode).toBe(0)
    const cat = r.column('cat')
    expect(cat.drifted).toBe(false)
    expect(cat.warning).toMatch(/sparse/)
    expect(r.report!.warnings.join('\n')).toMatch(/cat: .*sparse/)
  })

  it('the same sparse column with a real shift still drifts', async () => {
    const ref = csv(dir, 'sparse-ref2.csv', 'cat,v', sparseRows(23))
    // a quarter of the current rows move to one category
    const cur = csv(
      dir,
      'sparse-cur2.csv',
      'cat,v',
      sparseRows(24).map((row, i) => (i % 4 === 0 ? `c999,${row.split(',')[1]}` : row)),
    )
    const r = await drift(dir, ref, cur)
    expect(r.column('cat').drifted).toBe(true)
  })
})

describe('CLI: names that are not columns', () => {
  const ref = csv(
    dir,
    'names-ref.csv',
    'id,amount',
    numbers(14, 100, (r, i) => `${i},${r().toFixed(3)}`),
  )
  const cur = csv(
    dir,
    'names-cur.csv',
    'id,amount',
    numbers(15, 100, (r, i) => `${i},${r().toFixed(3)}`),
  )

  it.each([
    ['--exclude', 'idd', 'id'],
    ['--columns', 'amont', 'amount'],
  ])('%s %s is a configuration error that suggests the column', async (flag, name, suggestion) => {
    const r = await drift(dir, ref, cur, [flag, name])
    expect(r.exitCode).toBe(2)
    expect(r.out).toContain(`'${name}'`)
    expect(r.out).toContain(`did you mean '${suggestion}'?`)
    expect(r.out).not.toMatch(/at .*main\.js/)
  })
})

describe('CLI: headlines and the deciding test', () => {
  it('fail-on warn: the headline says the run failed on warnings, not "No dataset drift"', async () => {
    const ref = csv(
      dir,
      'warn-ref.csv',
      'a,b,c',
      numbers(16, 500, (r) => `${r().toFixed(4)},${r().toFixed(4)},${r().toFixed(4)}`),
    )
    const cur = csv(
      dir,
      'warn-cur.csv',
      'a,b,c',
      numbers(17, 500, (r) => `${(r() + 0.5).toFixed(4)},${r().toFixed(4)},${r().toFixed(4)}`),
    )
    const r = await drift(dir, ref, cur, ['--fail-on', 'warn'])
    expect(r.exitCode).toBe(1)
    expect(r.report!.headline).toMatch(/^Failed on warnings/)
    expect(r.report!.headline).toMatch(/1 of 3 columns drifted/)
    expect(r.out).not.toMatch(/FAIL: No dataset drift/)
  })

  it('a column that drifted on its missing share names that test and its statistic, not the value test', async () => {
    const ref = csv(
      dir,
      'miss-ref.csv',
      'age,v',
      numbers(18, 1000, (r, i) => `${i % 50 === 0 ? '' : 20 + Math.floor(r() * 50)},${r().toFixed(3)}`),
    )
    const cur = csv(
      dir,
      'miss-cur.csv',
      'age,v',
      numbers(19, 1000, (r, i) => `${i % 100 < 31 ? '' : 20 + Math.floor(r() * 50)},${r().toFixed(3)}`),
    )
    const htmlPath = join(dir, 'miss.html')
    const r = await drift(dir, ref, cur, ['--html-report', htmlPath])
    const age = r.column('age')
    expect(age.drifted).toBe(true)
    expect(age.decidedBy!.test).toBe('missing share')
    expect(age.decidedBy!.text).toMatch(/missing share 2% → 31%, z p < 0\.001/)
    expect(age.why).toMatch(/^missing share 2% → 31%, z p < 0\.001/)
    // the summary row and the HTML name it too
    // (markdown table cells carry < as &lt;)
    expect(r.stdout).toMatch(/\| age \|[^\n]*missing share 2% → 31%, z p (<|&lt;) 0\.001/)
    expect(readFileSync(htmlPath, 'utf8')).toContain('missing share 2% → 31%, z p &lt; 0.001')
  })
})
