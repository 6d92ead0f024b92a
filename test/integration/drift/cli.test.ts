import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { runCli } from '../harness/cli.ts'
import { runGithubAction } from '../harness/github.ts'
import { ROOT } from '../harness/node.ts'
import { reportSchemaErrors } from '../../helpers/report-schema.ts'

const DATA = join(ROOT, 'examples/data')

it('CLI: drift in the example data fails with a JSON report, HTML charts and the why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-drift-'))
  const r = await runCli([
    'detect-drift',
    '--reference',
    join(DATA, 'reference.csv'),
    '--current',
    join(DATA, 'current.csv'),
    '--exclude',
    'transaction_id',
    '--report',
    join(dir, 'r.json'),
    '--html-report',
    join(dir, 'r.html'),
  ])
  expect(r.exitCode).toBe(1)
  const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))
  expect(reportSchemaErrors('detect-drift', report)).toEqual([])
  expect(report.datasetDrift).toBe(true)
  expect(report.driftedColumns).toEqual(expect.arrayContaining(['amount', 'merchant_category']))
  const merchant = report.columns.find((c: { name: string }) => c.name === 'merchant_category')
  expect(merchant.unseen).toEqual([{ value: 'crypto', count: 46 }])
  const html = readFileSync(join(dir, 'r.html'), 'utf8')
  expect(html).toContain('<svg')
  expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/)
})

it('GitHub action: outputs drift-detected, drift-share and drifted-columns', async () => {
  const r = await runGithubAction('detect-drift', { reference: join(DATA, 'reference.csv'), current: join(DATA, 'current.csv'), exclude: 'transaction_id', 'fail-on': 'never' })
  expect(r.exitCode).toBe(0)
  expect(r.outputs.verdict).toBe('warn')
  expect(r.outputs['drift-detected']).toBe('true')
  expect(Number(r.outputs['drift-share'])).toBeGreaterThan(0.5)
  expect(r.outputs['drifted-columns'].split(',')).toContain('amount')
  expect(r.summary).toContain('```mermaid')
})

it('CLI: mostly unique text columns are only counted; one that is not mostly unique is read again in full, to the same report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-drift-text-'))
  // 320k rows (≥ 8 MiB: the parallel reader): uid unique; tag unique in its first 140k rows, then 3 values, so
  // each worker passes the 65 536-value text limit on tag although tag is categorical (140k + 3 < half the rows)
  const write = (name: string, seed: number) => {
    let s = seed
    const r = () => (s = (s * 16807) % 2147483647) / 2147483647
    const lines = ['uid,tag,v']
    for (let i = 0; i < 320_000; i++) lines.push(`user-${i}-${Math.floor(r() * 1e9)},${i < 140_000 ? `tag${i}` : ['red', 'green', 'blue'][Math.floor(r() * 3)]},${r().toFixed(6)}`)
    writeFileSync(join(dir, name), lines.join('\n') + '\n')
  }
  write('ref.csv', 3)
  write('cur.csv', 4)
  const run = async (name: string, extra: string[]) => {
    const r = await runCli(['detect-drift', '--reference', join(dir, 'ref.csv'), '--current', join(dir, 'cur.csv'), '--fail-on', 'never', '--report', join(dir, name), ...extra], {
      env: { MLGATE_DEBUG: '1' },
    })
    expect(r.exitCode).toBe(0)
    const report = JSON.parse(readFileSync(join(dir, name), 'utf8'))
    return { log: r.stderr, columns: report.columns, inputs: report.inputs }
  }
  const limited = await run('limited.json', [])
  expect(limited.log).toContain('read again in full')
  // the second read takes the first one's digests
  const sha = (f: string) =>
    createHash('sha256')
      .update(readFileSync(join(dir, f)))
      .digest('hex')
  expect(limited.inputs.map((i: { sha256: string }) => i.sha256)).toEqual([sha('ref.csv'), sha('cur.csv')])
  // naming the columns in column-types reads them in full from the start
  const full = await run('full.json', ['--column-types', 'uid:text,tag:categorical'])
  expect(full.log).not.toContain('read again in full')
  expect(limited.columns).toEqual(full.columns)
  expect(limited.inputs).toEqual(full.inputs)
  expect(limited.columns.find((c: { name: string }) => c.name === 'uid').skipped).toMatch(/text column/)
  expect(limited.columns.find((c: { name: string }) => c.name === 'tag').kind).toBe('categorical')
  // without tag, uid alone passes the limit and is known to be text from the counted part: no second read
  const counted = await run('counted.json', ['--exclude', 'tag'])
  expect(counted.log).not.toContain('read again in full')
  expect(counted.columns).toEqual((await run('counted-full.json', ['--exclude', 'tag', '--column-types', 'uid:text'])).columns)
}, 240_000)
