import { mkdtempSync, readFileSync } from 'node:fs'
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
  const r = await runCli(['detect-drift', '--reference', join(DATA, 'reference.csv'), '--current', join(DATA, 'current.csv'), '--exclude', 'transaction_id', '--report', join(dir, 'r.json'), '--html-report', join(dir, 'r.html')])
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
