import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAzureTask } from '../harness/azure.ts'
import { runCli } from '../harness/cli.ts'
import { runGithubAction } from '../harness/github.ts'
import { nodeBinaries, ROOT } from '../harness/node.ts'

const fixtures = join(ROOT, 'test/fixtures/foundation')
const data = join(fixtures, 'missing-column.csv')
const schema = join(fixtures, 'schema.yaml')
const missing = join(fixtures, 'no-such-file.csv')

const NODES = nodeBinaries()

it('finds Node 20 and Node 24 to run the bundles under', () => {
  expect(NODES.map((n) => n.label)).toEqual(['node20', 'node24'])
})

describe.each(NODES)('bundles under $label', ({ path: node }) => {
  it('GitHub action: a missing required column fails with output, summary table and a file annotation', async () => {
    const r = await runGithubAction('validate-data', { data, schema }, { node })
    expect(r.exitCode).toBe(1)
    expect(r.outputs.verdict).toBe('fail')
    expect(r.outputs.valid).toBe('false')
    expect(r.summary).toMatch(/\|.*\|\n\|\s*---/)
    const err = r.annotations.find((a) => a.command === 'error' && a.properties.file === data)
    expect(err?.properties.line).toBe('1')
    expect(err?.message).toContain('label')
    expect(r.stdout).not.toMatch(/\n\s+at .*\(/)
  })

  it('Azure task: the same input sets the output variable, uploads the summary and completes Failed', async () => {
    const r = await runAzureTask('ValidateDataV1', { data, schema }, { node })
    expect(r.stdout).toContain('##vso[task.setvariable variable=verdict;isOutput=true;issecret=false;]fail')
    expect(r.outputs.verdict).toBe('fail')
    expect(r.summaries[0]).toContain('| ---')
    expect(r.result).toBe('Failed')
    expect(r.stdout).toContain('##vso[task.complete result=Failed;]')
    expect(r.issues.some((i) => i.properties.type === 'error' && i.properties.sourcepath === data && i.properties.linenumber === '1')).toBe(true)
    expect(r.exitCode).toBe(1)
  })

  it('CLI: exit 1 and a JSON report with verdict fail', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mlgate-')), 'report.json')
    const r = await runCli(['validate-data', '--data', data, '--schema', schema, '--report', out], { node })
    expect(r.exitCode).toBe(1)
    const report = JSON.parse(readFileSync(out, 'utf8'))
    expect(report.verdict).toBe('fail')
    expect(report.task).toBe('validate-data')
  })

  it('a missing data file: exit 2 and one sentence naming the file on all three, no stack trace', async () => {
    const gh = await runGithubAction('validate-data', { data: missing }, { node })
    expect(gh.exitCode).toBe(2)
    const ghErr = gh.annotations.filter((a) => a.command === 'error')
    expect(ghErr).toHaveLength(1)
    expect(ghErr[0].message).toContain(missing)
    expect(ghErr[0].message).not.toContain('\n')
    expect(gh.stdout + gh.stderr).not.toMatch(/\bat .+:\d+:\d+\)/)

    const az = await runAzureTask('ValidateDataV1', { data: missing }, { node })
    expect(az.exitCode).toBe(2)
    expect(az.result).toBe('Failed')
    const azErr = az.issues.filter((i) => i.properties.type === 'error')
    expect(azErr).toHaveLength(1)
    expect(azErr[0].data).toContain(missing)
    expect(az.stdout + az.stderr).not.toMatch(/\bat .+:\d+:\d+\)/)

    const out = join(mkdtempSync(join(tmpdir(), 'mlgate-')), 'report.json')
    const cli = await runCli(['validate-data', '--data', missing, '--report', out], { node })
    expect(cli.exitCode).toBe(2)
    expect(cli.stderr.trim().split('\n')).toHaveLength(1)
    expect(cli.stderr).toContain(missing)
    expect(existsSync(out)).toBe(false)
  })
})

describe('CLI help', () => {
  it('mlgate --help lists every task and mlgate <task> --help lists its inputs', async () => {
    const { TASKS } = await import('../../../packages/core/src/tasks/index.ts')
    const top = await runCli(['--help'])
    expect(top.exitCode).toBe(0)
    for (const t of TASKS) expect(top.stdout).toContain(t.id)
    const sub = await runCli(['validate-data', '--help'])
    for (const name of Object.keys(TASKS[0].inputs)) expect(sub.stdout).toContain(`--${name}`)
  })

  it('an unknown option gets a suggestion and exit 2', async () => {
    const r = await runCli(['validate-data', '--dta', 'x.csv'])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain("did you mean '--data'")
  })
})
