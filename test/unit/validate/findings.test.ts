import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderRunHtml, runTask } from '../../../packages/core/src/index.ts'
import { validateData } from '../../../packages/core/src/tasks/validate-data.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'

// What a reviewer reads: each distinct finding once, with its exact count and first rows, then the detail.

const SCHEMA = [
  'fields:',
  '  - { name: id, type: integer }',
  '  - { name: merchant_category, type: string, constraints: { enum: [grocery, travel, fuel] } }',
  '  - { name: amount, type: number, constraints: { maximum: 1000 } }',
  '  - { name: age, type: integer }',
].join('\n')

/** 200 rows: 'crypto' on every fourth row from the first, one 'casino', amounts over the maximum, 'N/A' ages. */
function transactions(): string {
  const lines = ['id,merchant_category,amount,age']
  for (let i = 1; i <= 200; i++) {
    const category = i % 4 === 1 ? 'crypto' : i === 7 ? 'casino' : ['grocery', 'travel', 'fuel'][i % 3]
    const amount = i % 50 === 0 ? 5000 + i : i
    const age = i % 20 === 3 ? 'N/A' : String(20 + (i % 50))
    lines.push(`${i},${category},${amount},${age}`)
  }
  return lines.join('\n') + '\n'
}

async function run(files: Record<string, string>, inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-vd-findings-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  const reportPath = join(dir, 'report.json')
  const p = memoryPlatform({ report: reportPath, comment: 'true', ...inputs }, { workspace: join(dir, '.mlgate'), pullRequest: 7, repository: 'o/r' })
  await runTask(validateData, p, dir)
  const report = existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : undefined
  return { p, report, summary: p.summaries.join('\n'), comment: [...p.comments.values()].join('\n') }
}

/** The lines of the Findings section of a markdown summary. */
function findingLines(markdown: string): string[] {
  const at = markdown.indexOf('#### Findings')
  expect(at).toBeGreaterThanOrEqual(0)
  const body = markdown.slice(at).split('\n').slice(1)
  const end = body.findIndex((l, i) => i > 1 && (l.startsWith('#### ') || l.startsWith('<details>')))
  return body.slice(0, end < 0 ? undefined : end).filter((l) => l.startsWith('- '))
}

describe('grouped findings', () => {
  it('summary and PR comment list each distinct finding once with its exact count and first rows, then the detail table', async () => {
    const r = await run({ 'tx.csv': transactions(), 's.yaml': SCHEMA }, { data: 'tx.csv', schema: 's.yaml', 'max-errors': '5' })
    const expected = [
      "- 50 × merchant_category 'crypto' not in enum — rows 2, 6, 10, 14, 18, …",
      "- 10 × age 'N/A' not a valid integer — rows 4, 24, 44, 64, 84, …",
      '- 4 × amount above the maximum 1000 — rows 51, 101, 151, 201',
      "- 1 × merchant_category 'casino' not in enum — row 8",
    ]
    expect(findingLines(r.summary)).toEqual(expected)
    expect(findingLines(r.comment)).toEqual(expected)
    // the detail table follows the findings
    expect(r.summary.indexOf('First errors')).toBeGreaterThan(r.summary.indexOf('#### Findings'))
    // the JSON report keeps every error up to max-errors, and the exact groups
    expect(r.report.errors).toHaveLength(5)
    expect(r.report.errorCount).toBe(65)
    expect(r.report.findings[0]).toEqual({
      type: 'constraint-error',
      field: 'merchant_category',
      value: 'crypto',
      rule: 'not in enum',
      count: 50,
      first: [2, 6, 10, 14, 18].map((row) => ({ file: 'tx.csv', row })),
    })
    expect(r.report.findings.map((f: { count: number }) => f.count)).toEqual([50, 10, 4, 1])
  })

  it('the HTML run report shows the same groups, exact counts first', async () => {
    const r = await run({ 'tx.csv': transactions(), 's.yaml': SCHEMA }, { data: 'tx.csv', schema: 's.yaml', 'max-errors': '5' })
    const html = renderRunHtml([r.report])
    const rows = [...html.matchAll(/<tr><td>(\d+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1).join(' | '))
    expect(rows).toEqual([
      '50 | constraint-error | merchant_category | crypto | not in enum | rows 2, 6, 10, 14, 18, …',
      '10 | type-error | age | N/A | not a valid integer | rows 4, 24, 44, 64, 84, …',
      '4 | constraint-error | amount |  | above the maximum 1000 | rows 51, 101, 151, 201',
      '1 | constraint-error | merchant_category | casino | not in enum | row 8',
    ])
    expect(html.indexOf('not in enum')).toBeLessThan(html.indexOf('is not one of'))
  })

  it('a report without groups (an older one) is grouped from its kept errors, and says the counts cover only those', async () => {
    const r = await run({ 'tx.csv': transactions(), 's.yaml': SCHEMA }, { data: 'tx.csv', schema: 's.yaml', 'max-errors': '5' })
    const html = renderRunHtml([{ ...r.report, findings: undefined }])
    expect(html).toMatch(/Counts cover the 5 listed errors only \(65 in all\)\./)
    // the first five errors: crypto on rows 2, 6 and 10, N/A on row 4, casino on row 8
    expect(html).toMatch(/<tr><td>3<\/td><td>constraint-error<\/td><td>merchant_category<\/td><td>crypto<\/td>/)
  })

  it('shards name the file of each row; a finding without rows names its files', async () => {
    const schema = 'fields:\n  - { name: k, type: string, constraints: { enum: [a] } }\n'
    const r = await run({ 'p1.csv': 'k\na\nx\n', 'p2.csv': 'k,extra\nx,1\n', 'p3.csv': 'k,extra\na,2\n', 's.yaml': schema }, { data: 'p*.csv', schema: 's.yaml' })
    expect(findingLines(r.summary)).toEqual([
      "- 2 × k 'x' not in enum — rows p1.csv:3, p2.csv:2",
      '- 2 × extra column not in the schema — in p2.csv, p3.csv',
      '- 2 × cell of a column not in the schema — rows p2.csv:2, p3.csv:2',
    ])
  })

  it('values are escaped for markdown; many distinct values of one rule share a line past the first 20', async () => {
    const lines = ['k', '<b>x</b>*']
    for (let i = 0; i < 30; i++) lines.push(`v${i}`)
    const r = await run({ 'd.csv': lines.join('\n') + '\n', 's.yaml': 'fields:\n  - { name: k, type: integer }\n' }, { data: 'd.csv', schema: 's.yaml' })
    const got = findingLines(r.summary)
    expect(got).toHaveLength(21)
    expect(got[0]).toBe('- 11 × k (other values) not a valid integer — rows 22, 23, 24, 25, 26, …')
    expect(got[1]).toBe("- 1 × k '&lt;b&gt;x&lt;/b&gt;\\*' not a valid integer — row 2")
    expect(got[2]).toBe("- 1 × k 'v0' not a valid integer — row 3")
    expect(r.report.findings[0]).toMatchObject({ field: 'k', otherValues: true, count: 11 })
    expect(r.report.findings[0].value).toBeUndefined()
    expect(got.join('\n')).not.toContain('<b>')
  })
})

describe('findings in the JSON report', () => {
  it('match the published JSON Schema', async () => {
    const { reportSchemaErrors } = await import('../../helpers/report-schema.ts')
    const r = await run({ 'tx.csv': transactions(), 's.yaml': SCHEMA }, { data: 'tx.csv', schema: 's.yaml' })
    expect(reportSchemaErrors('validate-data', r.report)).toEqual([])
    expect(reportSchemaErrors('validate-data', { ...r.report, findings: [{ type: 'type-error', rule: 'x', count: 0, first: [] }] })).not.toEqual([])
  })
})
