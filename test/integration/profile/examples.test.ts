import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAzureTask } from '../harness/azure.ts'
import { fakeAzure } from '../harness/fake-azure.ts'
import { fakeGithub } from '../harness/fake-github.ts'
import { HEAD_SHA, runGithubAction } from '../harness/github.ts'
import type { Artifacts } from './workflow.ts'
import { download, limited, namePattern, readYaml, substitute, upload, workspace } from './workflow.ts'

interface GhStep {
  uses?: string
  with?: Record<string, unknown>
}
interface GhJob {
  needs?: string | string[]
  strategy?: { matrix: Record<string, unknown[]> }
  steps: GhStep[]
}

const str = (w: Record<string, unknown> | undefined, values: Record<string, string>) => Object.fromEntries(Object.entries(w ?? {}).map(([k, v]) => [k, substitute(String(v), values, 'github')]))

describe('examples/github/profile-matrix.yml under the GitHub harness, each shard its own process', () => {
  const gh = fakeGithub()
  let api = ''
  beforeAll(async () => {
    api = await gh.server.start()
  })
  afterAll(() => gh.server.stop())

  it('profiles the reference once, one artifact per shard, and one job merges them and gates with statuses and the sticky comment', async () => {
    const doc = readYaml<{ jobs: Record<string, GhJob> }>('examples/github/profile-matrix.yml')
    expect(Object.keys(doc.jobs)).toEqual(['reference', 'shard', 'gate'])
    const store: Artifacts = new Map()
    const ran: { job: string; task: string; exitCode: number; dir: string; stdout: string }[] = []
    const runJob = async (job: string, values: Record<string, string>) => {
      const dir = workspace(`mlgate-gh-${job}-`)
      for (const step of doc.jobs[job].steps) {
        const inputs = str(step.with, values)
        const uses = step.uses ?? ''
        if (uses.startsWith('actions/checkout@')) continue
        if (uses.startsWith('actions/upload-artifact@')) upload(store, inputs.name, join(dir, inputs.path))
        else if (uses.startsWith('actions/download-artifact@')) {
          const names = inputs.name ? [inputs.name] : [...store.keys()].filter((n) => namePattern(inputs.pattern).test(n))
          download(store, names, join(dir, inputs.path ?? '.'), inputs['merge-multiple'] === 'true' || Boolean(inputs.name))
        } else {
          const task = /^mlgate\/mlgate\/actions\/([a-z-]+)@v1$/.exec(uses)![1]
          const r = await runGithubAction(task, inputs, { cwd: dir, event: 'pull_request', apiUrl: api, runnerTemp: dir })
          ran.push({ job, task, exitCode: r.exitCode, dir, stdout: r.stdout })
        }
      }
      return dir
    }
    await runJob('reference', {})
    const shards = doc.jobs.shard.strategy!.matrix.shard.map(String)
    // the matrix jobs run at once, each its own process
    await limited(
      shards.map((s, i) => () => runJob('shard', { 'matrix.shard': s, 'strategy.job-total': String(shards.length), 'strategy.job-index': String(i) })),
      2,
    )
    const gate = await runJob('gate', {})
    for (const r of ran) expect(r.exitCode, `${r.job} ${r.task}: ${r.stdout.slice(-2000)}`).toBeLessThan(r.task === 'profile' ? 1 : 2)
    expect(ran.map((r) => `${r.job}:${r.task}`)).toEqual(['reference:profile', ...shards.map(() => 'shard:profile'), 'gate:profile', 'gate:validate-data', 'gate:detect-drift'])
    expect([...store.keys()].sort()).toEqual(['profile-current-1', 'profile-current-2', 'profile-current-3', 'profile-current-4', 'profile-reference'])
    const merged = JSON.parse(readFileSync(join(gate, 'out/current.profile.json'), 'utf8'))
    expect(merged.shards.map((s: { id: string }) => s.id).sort()).toEqual(['1/4', '2/4', '3/4', '4/4'])
    expect(merged.shards.reduce((a: number, s: { rows: number }) => a + s.rows, 0)).toBe(400)
    const drift = JSON.parse(readFileSync(join(gate, 'out/detect-drift.json'), 'utf8'))
    expect(drift.mode.mode).toBe('profile')
    expect(drift.rows).toEqual({ reference: 500, current: 400 })
    const validation = JSON.parse(readFileSync(join(gate, 'out/validate-data.json'), 'utf8'))
    expect(validation.rowCount).toBe(400)
    expect(validation.key).toMatchObject({ fields: ['transaction_id'], checked: true, keys: 400 })
    // statuses and the comment come from the gate job only; the shard jobs publish nothing
    expect(gh.server.problems).toEqual([])
    expect(gh.server.unexpected.map((r) => `${r.method} ${r.path}`)).toEqual([])
    expect(gh.state.statuses.map((s) => s.context)).toEqual(['mlgate/validate-data', 'mlgate/detect-drift'])
    expect(gh.state.statuses.every((s) => s.sha === HEAD_SHA)).toBe(true)
    expect(gh.state.comments).toHaveLength(1)
    for (const t of ['Validate data', 'Detect drift']) expect(gh.state.comments[0].body).toContain(t)
    expect(gh.state.comments[0].body).toContain('Mode')
  }, 120_000)
})

interface AzStep {
  task?: string
  inputs?: Record<string, unknown>
  publish?: string
  artifact?: string
  download?: string
  patterns?: string
  checkout?: string
}
interface AzJob {
  job: string
  strategy?: { parallel: number }
  steps: AzStep[]
}

describe('examples/azure/profile-matrix.yml under the Azure harness, each parallel slice its own process', () => {
  const fake = fakeAzure()
  afterAll(() => fake.server.stop())

  it('strategy: parallel slices profile one shard each into a pipeline artifact; the gate job merges and publishes PR statuses and one thread', async () => {
    await fake.server.start()
    const doc = readYaml<{ stages: { stage: string; jobs: AzJob[] }[] }>('examples/azure/profile-matrix.yml')
    expect(doc.stages.map((s) => s.stage)).toEqual(['reference', 'shards', 'gate'])
    const store: Artifacts = new Map()
    const results: { task: string; result: string | undefined; stdout: string }[] = []
    let gateWorkspace = ''
    const runJob = async (job: AzJob, slice: Record<string, string>) => {
      const dir = workspace(`mlgate-az-${job.job}-`)
      const variables: Record<string, string> = {
        'System.CollectionUri': fake.collection(),
        'System.TeamProject': 'models',
        'Build.Repository.ID': 'repo-1',
        'System.PullRequest.PullRequestId': '12',
        'System.PullRequest.SourceCommitId': 'c'.repeat(40),
        'System.AccessToken': 'azure-token',
        'Build.ArtifactStagingDirectory': join(dir, 'a'),
        'Pipeline.Workspace': join(dir, 'w'),
        ...slice,
      }
      const sub = (v: unknown) => substitute(String(v), variables, 'azure')
      for (const step of job.steps) {
        if (step.checkout) continue
        if (step.publish) upload(store, sub(step.artifact), sub(step.publish))
        else if (step.download) {
          const names = step.artifact ? [step.artifact] : [...store.keys()]
          download(store, names, variables['Pipeline.Workspace'], false)
        } else {
          const task = step.task!.replace('@1', 'V1')
          const inputs = Object.fromEntries(Object.entries(step.inputs ?? {}).map(([k, v]) => [k, sub(v)]))
          const r = await runAzureTask(task, inputs, { cwd: dir, variables })
          results.push({ task, result: r.result, stdout: r.stdout })
        }
      }
      if (job.job === 'gate') gateWorkspace = dir
    }
    for (const stage of doc.stages)
      for (const job of stage.jobs) {
        const n = job.strategy?.parallel ?? 1
        await limited(
          Array.from({ length: n }, (_, i) => () => runJob(job, n > 1 ? { 'System.JobPositionInPhase': String(i + 1), 'System.TotalJobsInPhase': String(n) } : {})),
          2,
        )
      }
    for (const r of results) expect(['Succeeded', 'SucceededWithIssues', ...(r.task === 'ProfileV1' ? [] : ['Failed'])], `${r.task}: ${r.stdout.slice(-2000)}`).toContain(r.result)
    expect(results.map((r) => r.task)).toEqual(['ProfileV1', 'ProfileV1', 'ProfileV1', 'ProfileV1', 'ProfileV1', 'ProfileV1', 'ValidateDataV1', 'DetectDriftV1'])
    expect([...store.keys()].sort()).toEqual(['profile-current-1', 'profile-current-2', 'profile-current-3', 'profile-current-4', 'profile-reference'])
    const merged = JSON.parse(readFileSync(join(gateWorkspace, 'w/current.profile.json'), 'utf8'))
    expect(merged.shards.map((s: { id: string }) => s.id).sort()).toEqual(['1/4', '2/4', '3/4', '4/4'])
    expect(fake.server.problems).toEqual([])
    expect(fake.server.unexpected.map((r) => `${r.method} ${r.path}`)).toEqual([])
    expect(fake.state.statuses.map((s) => s.context.name)).toEqual(['validate-data', 'detect-drift'])
    expect(fake.state.threads).toHaveLength(1)
    expect(fake.state.threads[0].comments[0].content).toContain('Detect drift')
  }, 120_000)
})
