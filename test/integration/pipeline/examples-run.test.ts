import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { runAzureTask } from '../harness/azure.ts'
import { fakeArtifactService, zipEntryNames } from '../harness/fake-artifacts.ts'
import { fakeAzure } from '../harness/fake-azure.ts'
import { fakeGithub } from '../harness/fake-github.ts'
import { HEAD_SHA, runGithubAction } from '../harness/github.ts'
import { ROOT } from '../harness/node.ts'

interface Step {
  uses?: string
  task?: string
  name?: string
  with?: Record<string, string>
  inputs?: Record<string, string>
}

function mlgateSteps(file: string): Step[] {
  const doc = parse(readFileSync(join(ROOT, file), 'utf8'))
  const out: Step[] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      const s = v as Step
      if ((typeof s.uses === 'string' && s.uses.includes('/actions/')) || (typeof s.task === 'string' && /^[A-Z][A-Za-z]+@1$/.test(s.task))) out.push(s)
      else Object.values(v).forEach(walk)
    }
  }
  walk(doc)
  return out
}

describe('examples/github/pr-checks.yml as a pull_request run under the GitHub harness', () => {
  const gh = fakeGithub()
  const artifacts = fakeArtifactService()
  let api = ''
  beforeAll(async () => {
    api = await gh.server.start()
    await artifacts.server.start()
  })
  afterAll(async () => {
    await gh.server.stop()
    await artifacts.server.stop()
  })

  it('one status per task on the head SHA, one comment created then updated on a re-run, the evidence bundle uploaded', async () => {
    const steps = mlgateSteps('examples/github/pr-checks.yml')
    expect(steps.map((s) => /actions\/([a-z-]+)/.exec(s.uses!)![1])).toEqual(['validate-data', 'detect-drift', 'gate-model'])
    for (const attempt of [1, 2]) {
      const runnerTemp = mkdtempSync(join(tmpdir(), `mlgate-example-${attempt}-`))
      for (const s of steps) {
        const task = /actions\/([a-z-]+)/.exec(s.uses!)![1]
        const inputs = Object.fromEntries(Object.entries(s.with ?? {}).map(([k, v]) => [k, String(v).replace(/^out\//, `${runnerTemp}/out/`)]))
        const r = await runGithubAction(
          task,
          { ...inputs, 'evidence-dir': join(runnerTemp, 'evidence') },
          { event: 'pull_request', apiUrl: api, runnerTemp, env: { ...artifacts.env(), GITHUB_RUN_ATTEMPT: String(attempt) } },
        )
        expect(r.exitCode, `${task}: ${r.stdout}`).toBeLessThan(2)
      }
    }
    expect(gh.server.problems).toEqual([])
    expect(gh.server.unexpected.map((r) => `${r.method} ${r.path}`)).toEqual([])
    const contexts = gh.state.statuses.map((s) => s.context)
    expect(contexts).toEqual(['mlgate/validate-data', 'mlgate/detect-drift', 'mlgate/gate-model', 'mlgate/validate-data', 'mlgate/detect-drift', 'mlgate/gate-model'])
    expect(gh.state.statuses.every((s) => s.sha === HEAD_SHA && (s.description ?? '').length <= 140)).toBe(true)
    expect(gh.state.comments).toHaveLength(1)
    expect(gh.server.find('POST', /\/issues\/7\/comments$/)).toHaveLength(1)
    expect(gh.server.find('PATCH', /\/issues\/comments\//).length).toBe(5)
    for (const t of ['Validate data', 'Detect drift', 'Gate model']) expect(gh.state.comments[0].body).toContain(t)
    expect(artifacts.artifacts.filter((a) => a.finalized).map((a) => a.name)).toEqual(['mlgate-evidence', 'mlgate-evidence'])
    expect(zipEntryNames(Buffer.concat(artifacts.artifacts[0].blocks)).sort()).toEqual(['evidence-bundle.jsonl', 'evidence-bundle.md'])
  }, 120_000)
})

describe('examples/azure/azure-pipelines.yml gate stage as a PR build under the Azure harness', () => {
  const fake = fakeAzure()
  afterAll(() => fake.server.stop())

  it('a PR status per task (genre mlgate) and one PR thread, created then updated', async () => {
    await fake.server.start()
    const PR = '/acme/models/_apis/git/repositories/repo-1/pullRequests/12'
    fake.server.on('GET', PR, () => ({ body: { pullRequestId: 12, createdBy: { uniqueName: 'alice@acme.com' } } }))
    fake.server.on('GET', `${PR}/reviewers`, () => ({ body: { count: 1, value: [{ id: 'g', displayName: '[ml-platform]\\ML Leads', uniqueName: 'x', vote: 10, isContainer: true }] } }))
    const steps = mlgateSteps('examples/azure/azure-pipelines.yml')
    expect(steps.map((s) => s.task)).toEqual(['ValidateData@1', 'DetectDrift@1', 'GateModel@1', 'RequireApproval@1'])
    const temp = mkdtempSync(join(tmpdir(), 'mlgate-azexample-'))
    const variables = {
      'System.CollectionUri': fake.collection(),
      'System.TeamProject': 'models',
      'Build.Repository.ID': 'repo-1',
      'System.PullRequest.PullRequestId': '12',
      'System.PullRequest.SourceCommitId': 'c'.repeat(40),
      'System.AccessToken': 'azure-token',
      'Agent.TempDirectory': temp,
      'Build.ArtifactStagingDirectory': temp,
    }
    for (const s of steps) {
      const inputs = Object.fromEntries(
        Object.entries(s.inputs ?? {}).map(([k, v]) => [k, String(v).replace('$(System.AccessToken)', 'azure-token').replace('$(Build.ArtifactStagingDirectory)', temp)]),
      )
      const r = await runAzureTask(`${s.task!.replace('@1', '')}V1`, { ...inputs, evidenceDir: join(temp, 'evidence') }, { variables })
      expect(['Succeeded', 'SucceededWithIssues', 'Failed'], r.stdout).toContain(r.result)
    }
    expect(fake.server.problems).toEqual([])
    expect(fake.server.unexpected.map((r) => `${r.method} ${r.path}`)).toEqual([])
    expect(fake.state.statuses.map((s) => s.context.name)).toEqual(['validate-data', 'detect-drift', 'gate-model', 'approval', 'require-approval'])
    expect(fake.state.threads).toHaveLength(1)
    expect(fake.state.threads[0].comments[0].content).toContain('Require approval')
  }, 120_000)
})
