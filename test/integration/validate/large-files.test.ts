import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runAzureTask } from '../harness/azure.ts'
import { runGithubAction } from '../harness/github.ts'
import { nodeBinaries } from '../harness/node.ts'

// Files above 8 MiB are read on worker threads in the bundles; validation errors still come from the row validator.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-large-'))
const ROWS = 260_000
const schema = join(dir, 'schema.yaml')
const good = join(dir, 'good.csv')
const bad = join(dir, 'bad.csv')

beforeAll(() => {
  const lines = ['id,amount,country,channel,is_weekend,score,note']
  const countries = ['US', 'GB', 'DE', 'FR']
  for (let i = 1; i <= ROWS; i++) {
    const note = i % 1000 === 0 ? '"quoted, with ""quotes"""' : i % 7 === 0 ? '' : `n${i % 97}`
    lines.push(`${i},${((i * 7919) % 100_000) / 100},${countries[i % 4]},${i % 3 ? 'web' : 'card'},${i % 2 ? 'true' : 'false'},${((i * 31) % 1000) / 1000},${note}`)
  }
  writeFileSync(good, lines.join('\n') + '\n')
  lines[ROWS - 10] = lines[ROWS - 10].replace(/,(US|GB|DE|FR),/, ',usa,')
  writeFileSync(bad, lines.join('\n') + '\n')
  writeFileSync(
    schema,
    [
      'fields:',
      '  - { name: id, type: integer, constraints: { required: true, unique: true, minimum: 1 } }',
      '  - { name: amount, type: number, constraints: { minimum: 0, maximum: 1000 } }',
      '  - { name: country, type: string, constraints: { pattern: "[A-Z]{2}" } }',
      '  - { name: channel, type: string, constraints: { enum: [web, card, mobile] } }',
      '  - { name: is_weekend, type: boolean }',
      '  - { name: score, type: number, quality: { mean: { min: 0.4, max: 0.6 } } }',
      '  - { name: note, type: string, quality: { nullShare: { max: 0.2 } } }',
      'primaryKey: id',
    ].join('\n'),
  )
})

describe.each(nodeBinaries())('a 9 MB CSV under $label', ({ path: node }) => {
  it('GitHub action: passes through the parallel scan with exact counts', async () => {
    const r = await runGithubAction('validate-data', { data: good, schema }, { node, env: { RUNNER_DEBUG: '1' } })
    expect(r.exitCode).toBe(0)
    expect(r.outputs).toMatchObject({ verdict: 'pass', valid: 'true', 'row-count': String(ROWS), 'error-count': '0' })
    expect(r.commands.some((c) => c.command === 'debug' && c.message.startsWith(`parallel scan: ${ROWS} rows`))).toBe(true)
  })

  it('GitHub action: an error near the end is reported on its file line', async () => {
    const r = await runGithubAction('validate-data', { data: bad, schema }, { node })
    expect(r.exitCode).toBe(1)
    expect(r.outputs).toMatchObject({ valid: 'false', 'row-count': String(ROWS), 'error-count': '1' })
    const err = r.annotations.find((a) => a.command === 'error')
    expect(err?.properties.line).toBe(String(ROWS - 10 + 1))
    expect(err?.message).toContain("'usa' in field 'country' does not match the pattern")
  })

  it('GitHub action detect-drift: both files read on worker threads, the unseen value named', async () => {
    const r = await runGithubAction('detect-drift', { reference: good, current: bad, 'fail-on': 'never' }, { node, env: { RUNNER_DEBUG: '1' } })
    expect(r.exitCode).toBe(0)
    expect(r.commands.filter((c) => c.command === 'debug' && c.message.includes('read row by row'))).toEqual([])
    expect(r.stdout).toContain(`read ${ROWS.toLocaleString('en-US')} reference and ${ROWS.toLocaleString('en-US')} current rows`)
    expect(r.summary).toContain("'usa'")
  })

  it('Azure task: the same verdict from the CommonJS bundle', async () => {
    const r = await runAzureTask('ValidateDataV1', { data: good, schema }, { node })
    expect(r.result).toBe('Succeeded')
    expect(r.outputs).toMatchObject({ rowCount: String(ROWS), valid: 'true', errorCount: '0' })
    expect(r.stdout).toContain(`##vso[task.debug]parallel scan: ${ROWS} rows`)
  })
})
