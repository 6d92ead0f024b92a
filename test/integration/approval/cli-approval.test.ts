import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAzureTask } from '../harness/azure.ts'
import { runCli } from '../harness/cli.ts'
import { runGithubAction } from '../harness/github.ts'

function workspace(by: string, decision = 'approve'): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-approval-cli-'))
  writeFileSync(join(dir, 'model.bin'), 'weights')
  writeFileSync(join(dir, 'd.json'), JSON.stringify({ decision, by }))
  return dir
}

const cliArgs = (...extra: string[]) => ['require-approval', '--mode', 'cli', '--subject', 'model.bin', '--decision-file', 'd.json', '--decision-path', 'out/decision.json', ...extra]

describe('require-approval, cli mode, as a child process', () => {
  it('a decision no authorized approver signed fails (exit 1) with who signed and why', async () => {
    const dir = workspace('mallory')
    const r = await runCli(cliArgs('--approvers', 'carol', '--report', 'r.json'), { cwd: dir })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain("FAIL: Not approved: the decision file 'd.json' is signed by mallory, who is not one of the approvers (carol).")
    expect(JSON.parse(readFileSync(join(dir, 'out/decision.json'), 'utf8')).outcome).toBe('not-approved')
  })

  it("the CI run's initiator (GITHUB_ACTOR, BUILD_REQUESTEDFOR) cannot approve it", async () => {
    const github = await runCli(cliArgs(), { cwd: workspace('alice'), env: { GITHUB_ACTOR: 'alice' } })
    expect(github.exitCode).toBe(1)
    expect(github.stderr).toContain('signed by alice, who started this run and so cannot approve it (exclude-initiator is true).')
    const azure = await runCli(cliArgs(), { cwd: workspace('Alice Smith'), env: { BUILD_REQUESTEDFOR: 'Alice Smith' } })
    expect(azure.exitCode).toBe(1)
    const allowed = await runCli(cliArgs('--exclude-initiator', 'false'), { cwd: workspace('alice'), env: { GITHUB_ACTOR: 'alice' } })
    expect(allowed.exitCode, allowed.stderr).toBe(0)
  })

  it('no subject and no earlier evidence is exit 2 naming subject', async () => {
    const r = await runCli(['require-approval', '--mode', 'cli', '--decision-file', 'd.json', '--decision-path', 'out/decision.json'], { cwd: workspace('carol') })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain("Nothing to approve: input 'subject' is empty")
  })

  it('fail-on never: a denial is a warning, exit 0; by default exit 1', async () => {
    const dir = workspace('carol', 'deny')
    const never = await runCli(cliArgs('--fail-on', 'never'), { cwd: dir })
    expect(never.exitCode, never.stderr).toBe(0)
    expect(never.stderr).toContain('WARN: Denied by carol.')
    expect((await runCli(cliArgs(), { cwd: dir })).exitCode).toBe(1)
  })

  it('GitHub action bundle: the workflow actor signing the decision file does not approve', async () => {
    const dir = workspace('alice')
    const r = await runGithubAction(
      'require-approval',
      { mode: 'cli', subject: 'model.bin', 'decision-file': 'd.json', 'decision-path': join(dir, 'out.json'), status: 'false', comment: 'false' },
      { cwd: dir },
    )
    expect(r.exitCode).toBe(1)
    expect(r.outputs['approval-status']).toBe('not-approved')
    expect(r.stdout).toContain('who started this run and so cannot approve it')
  })

  it('Azure task bundle: Build.RequestedFor signing the decision file does not approve', async () => {
    const dir = workspace('Alice Smith')
    const r = await runAzureTask(
      'RequireApprovalV1',
      { mode: 'cli', subject: 'model.bin', decisionFile: 'd.json', decisionPath: join(dir, 'out.json'), status: 'false', comment: 'false' },
      { cwd: dir, variables: { 'Build.RequestedFor': 'Alice Smith', 'Build.RequestedForEmail': 'alice@contoso.com' } },
    )
    expect(r.result).toBe('Failed')
    expect(r.outputs.approvalStatus).toBe('not-approved')
  })
})
