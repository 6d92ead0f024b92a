import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAzureTask } from '../harness/azure.ts'
import { runCli } from '../harness/cli.ts'
import { runGithubAction } from '../harness/github.ts'
import { cacheTempDir } from '../harness/node.ts'

function workspace(): string {
  const ws = cacheTempDir('mlgate-progress-')
  writeFileSync(join(ws, 'a.csv'), 'x,y\n1,2\n3,4\n')
  writeFileSync(join(ws, 'b.csv'), 'x,y\n5,6\n')
  return ws
}

const phaseLines = (log: string) => log.split('\n').filter((l) => l.startsWith('── '))

describe('progress in CI logs: one line per phase, no live redraws', () => {
  it('GitHub action, Azure task and the CLI outside a terminal print the same phase lines', async () => {
    const ws = workspace()
    const gh = await runGithubAction('validate-data', { data: '*.csv' }, { cwd: ws })
    const az = await runAzureTask('ValidateDataV1', { data: '*.csv' }, { cwd: ws })
    const cli = await runCli(['validate-data', '--data', '*.csv'], { cwd: ws })
    const expected = ['── reading 2 files (20 bytes) row by row']
    expect(phaseLines(gh.stdout)).toEqual(expected)
    expect(phaseLines(az.stdout)).toEqual(expected)
    expect(phaseLines(cli.stderr)).toEqual(expected)
    for (const log of [gh.stdout, az.stdout, cli.stdout + cli.stderr]) expect(log).not.toContain('\x1b[2K')
  })

  it('MLGATE_PROGRESS=always makes the CLI draw live (no phase lines); short runs draw nothing', async () => {
    const ws = workspace()
    const cli = await runCli(['validate-data', '--data', '*.csv'], { cwd: ws, env: { MLGATE_PROGRESS: 'always' } })
    expect(cli.exitCode).toBe(0)
    expect(phaseLines(cli.stderr)).toEqual([])
    expect(cli.stderr).not.toContain('\x1b[2K')
  })
})
