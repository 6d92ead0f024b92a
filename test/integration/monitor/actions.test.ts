import { afterEach, describe, expect, it } from 'vitest'
import type { DriftEvent, RunContext } from '../../../packages/core/src/index.ts'
import { ConfigurationError, escalationMarker } from '../../../packages/core/src/index.ts'
import { DRIFT_LABEL, githubMonitor, lazyOctokit } from '../../../packages/github/src/monitor.ts'
import { azureMonitor, DRIFT_TAG } from '../../../packages/azure/src/monitor.ts'
import { fakeGithub } from '../harness/fake-github.ts'
import { fakeAzure } from '../harness/fake-azure.ts'
import type { FakeServer } from '../harness/fake-server.ts'
import { closedPort } from '../../helpers/closed-port.ts'

const servers: FakeServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop()
})

const EVENT: DriftEvent = { id: 'drift-20261203-3fa9c2d1', columns: ['age', 'income'], opened: '2026-12-03T02:00:00Z', window: '2026-12-03', reason: 'Features age and income drifted.' }
const writes = (s: FakeServer) => s.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)

async function github(o: { token?: string; inputs?: Record<string, string>; writeStatus?: number } = {}) {
  const fake = fakeGithub({ workflows: { 'retrain.yml': { inputs: ['mlgate-event', 'window'], runName: 'retrain ${{ inputs.mlgate-event }}' } }, writeStatus: o.writeStatus })
  servers.push(fake.server)
  const url = await fake.server.start()
  const ctx: RunContext = { repository: 'acme/models', ref: 'refs/heads/main', workspace: '/tmp', token: o.token ?? 'ghs_x' }
  const inputs = { 'retrain-workflow': 'retrain.yml', ...o.inputs }
  const monitor = githubMonitor({ ctx, input: (n) => inputs[n as keyof typeof inputs], octokit: lazyOctokit(ctx.token, url), serverUrl: 'https://github.com' })
  return { ...fake, monitor }
}

describe('GitHub monitor actions', () => {
  it('dispatches the retrain workflow with the event id, then finds that run by its title while it runs and after', async () => {
    const { monitor, server, state } = await github()
    expect(await monitor.retrainRuns(EVENT.id)).toEqual([])
    const { url } = await monitor.dispatchRetrain(EVENT, { 'mlgate-event': EVENT.id, window: '2026-12-03' })
    expect(server.problems).toEqual([])
    const [run] = state.workflowRuns
    expect(run).toMatchObject({ workflow: 'retrain.yml', head_branch: 'main', inputs: { 'mlgate-event': EVENT.id, window: '2026-12-03' }, display_title: `retrain ${EVENT.id}` })
    expect(url).toBe(run.html_url)
    expect(await monitor.retrainRuns(EVENT.id)).toEqual([{ url: run.html_url, status: 'queued', conclusion: undefined, created: run.created_at }])
    run.status = 'completed'
    run.conclusion = 'failure'
    expect(await monitor.retrainRuns(EVENT.id)).toMatchObject([{ status: 'completed', conclusion: 'failure' }])
    // another event's run (a longer id sharing the prefix) is not this event's
    expect(await monitor.retrainRuns('drift-20261203')).toEqual([])
    expect(writes(server)).toEqual(['POST /repos/acme/models/actions/workflows/retrain.yml/dispatches'])
  })

  it('a server that does not know return_run_details gets the dispatch again without it; the link is the workflow’s runs', async () => {
    const { monitor, server, state } = await github()
    state.legacyDispatch = true
    const { url } = await monitor.dispatchRetrain(EVENT, { 'mlgate-event': EVENT.id })
    expect(state.workflowRuns).toHaveLength(1)
    expect(url).toBe('https://github.com/acme/models/actions/workflows/retrain.yml')
    expect(server.find('POST', '/repos/acme/models/actions/workflows/retrain.yml/dispatches').map((r) => 'return_run_details' in (r.body as object))).toEqual([true, false])
  })

  it('retrain-ref, or the ref the monitor passes, is the ref the workflow runs on (not an input)', async () => {
    const { monitor, state } = await github({ inputs: { 'retrain-ref': 'release' } })
    await monitor.dispatchRetrain(EVENT, { 'mlgate-event': EVENT.id })
    await monitor.dispatchRetrain(EVENT, { 'mlgate-event': EVENT.id, ref: 'v2' })
    expect(state.workflowRuns.map((r) => [r.head_branch, Object.keys(r.inputs)])).toEqual([
      ['release', ['mlgate-event']],
      ['v2', ['mlgate-event']],
    ])
  })

  it('one labelled issue per event: opened with the marker, found again, updated in place, closed with a comment', async () => {
    const { monitor, server, state } = await github()
    expect(await monitor.findEscalation(EVENT.id)).toBeUndefined()
    const opened = await monitor.openEscalation(EVENT, 'Drift needs a person: schema changed', 'The schema changed.')
    expect(state.issues).toHaveLength(1)
    expect(state.issues[0]).toMatchObject({ labels: [DRIFT_LABEL], state: 'open' })
    expect(state.issues[0].body.startsWith(escalationMarker(EVENT.id))).toBe(true)
    expect(await monitor.findEscalation(EVENT.id)).toEqual(opened)
    expect(await monitor.findEscalation('drift-20261204-00000000')).toBeUndefined()
    await monitor.updateEscalation(opened.id, `${escalationMarker(EVENT.id)}\nStill drifting.`)
    expect(state.issues[0].body).toContain('Still drifting.')
    await monitor.closeEscalation(opened.id, 'Recovered.')
    expect(state.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(state.comments.map((c) => [c.issue, c.body])).toEqual([[1, 'Recovered.']])
    expect(await monitor.findEscalation(EVENT.id)).toBeUndefined()
    expect(server.problems).toEqual([])
  })

  it('a refused call is one sentence naming the permission and the fix', async () => {
    const { monitor } = await github({ writeStatus: 403 })
    await expect(monitor.dispatchRetrain(EVENT, { 'mlgate-event': EVENT.id })).rejects.toThrow(
      /^mlgate could not dispatch the retrain workflow 'retrain.yml' \(GitHub answered 403\): add 'permissions: actions: write' to the job/,
    )
    await expect(monitor.openEscalation(EVENT, 't', 'b')).rejects.toThrow(/answered 403\): add 'permissions: issues: write' to the job\.$/)
    const none = await github({ token: '' })
    await expect(none.monitor.retrainRuns(EVENT.id)).rejects.toThrow(/no token was given.*actions: read/)
    expect(none.server.requests).toEqual([])
  })

  it('an input the workflow does not declare, and an API nobody answers, are one sentence each', async () => {
    const { monitor } = await github()
    await expect(monitor.dispatchRetrain(EVENT, { 'mlgate-event': EVENT.id, epochs: '3' })).rejects.toThrow(
      /^mlgate could not dispatch the retrain workflow 'retrain.yml' \(GitHub answered 422: dispatches: Unexpected inputs provided: \["epochs"\]\): .*input mlgate-event\)\.$/,
    )
    const ctx: RunContext = { repository: 'acme/models', ref: 'refs/heads/main', workspace: '/tmp', token: 'ghs_x' }
    const down = githubMonitor({ ctx, input: () => 'retrain.yml', octokit: lazyOctokit('ghs_x', `http://127.0.0.1:${await closedPort()}`), serverUrl: 'https://github.com' })
    await expect(down.findEscalation(EVENT.id)).rejects.toThrow(/^mlgate could not list the open drift issues: GitHub could not be reached \(ECONNREFUSED\)\.$/)
  })

  it('without retrain-workflow: a ConfigurationError naming the input, before any request', async () => {
    const { monitor, server } = await github({ inputs: { 'retrain-workflow': '' } })
    await expect(monitor.dispatchRetrain(EVENT, {})).rejects.toThrow(ConfigurationError)
    await expect(monitor.retrainRuns(EVENT.id)).rejects.toThrow(/Input 'retrain-workflow'/)
    expect(server.requests).toEqual([])
  })
})

async function azure(o: { token?: string; inputs?: Record<string, string>; writeStatus?: number } = {}) {
  const fake = fakeAzure({ pipelines: { '17': { parameters: ['mlgateEvent', 'window'] } }, writeStatus: o.writeStatus })
  servers.push(fake.server)
  await fake.server.start()
  const ctx: RunContext = { collectionUri: fake.collection(), project: 'models', ref: 'refs/heads/main', workspace: '/tmp', token: o.token ?? 'azure-token' }
  const inputs = { 'retrain-pipeline': '17', ...o.inputs }
  const monitor = azureMonitor({ ctx, input: (n) => inputs[n as keyof typeof inputs], retryBaseDelayMs: 1 })
  return { ...fake, monitor }
}

describe('Azure monitor actions', () => {
  it('runs the retrain pipeline with the event as template parameter, then finds the run by its parameters', async () => {
    const { monitor, server, state } = await azure()
    // someone else's run of the same pipeline
    state.pipelineRuns.push({
      id: 400,
      pipeline: '17',
      name: '20261201.1',
      state: 'completed',
      result: 'succeeded',
      createdDate: '2026-12-01T00:00:00Z',
      templateParameters: { mlgateEvent: 'manual' },
    })
    expect(await monitor.retrainRuns(EVENT.id)).toEqual([])
    const { url } = await monitor.dispatchRetrain(EVENT, { 'mlgate-event': EVENT.id, window: '2026-12-03' })
    expect(server.problems).toEqual([])
    const run = state.pipelineRuns[1]
    expect(run).toMatchObject({ refName: 'refs/heads/main', templateParameters: { mlgateEvent: EVENT.id, window: '2026-12-03' } })
    expect(url).toMatch(/_build\/results\?buildId=501$/)
    expect(await monitor.retrainRuns(EVENT.id)).toMatchObject([{ url, status: 'in_progress' }])
    run.state = 'completed'
    run.result = 'failed'
    expect(await monitor.retrainRuns(EVENT.id)).toMatchObject([{ status: 'completed', conclusion: 'failure' }])
    expect(writes(server)).toEqual(['POST /acme/models/_apis/pipelines/17/runs'])
  })

  it('one work item per event: created as Markdown with the tags, found by WIQL, updated, closed in the Completed state', async () => {
    const { monitor, server, state } = await azure()
    expect(await monitor.findEscalation(EVENT.id)).toBeUndefined()
    const opened = await monitor.openEscalation(EVENT, 'Drift needs a person: schema changed', 'The schema changed.')
    expect(server.problems).toEqual([])
    const [wi] = state.workItems
    expect(wi).toMatchObject({ type: 'Issue', formats: { 'System.Description': 'Markdown' }, fields: { 'System.Tags': `${DRIFT_TAG}; mlgate-event:${EVENT.id}`, 'System.State': 'To Do' } })
    expect(String(wi.fields['System.Description'])).toContain(escalationMarker(EVENT.id))
    expect(opened.url).toMatch(/\/models\/_workitems\/edit\/900$/)
    expect(await monitor.findEscalation(EVENT.id)).toEqual(opened)
    await monitor.updateEscalation(opened.id, 'Still drifting.')
    expect(wi.fields['System.Description']).toBe('Still drifting.')
    await monitor.closeEscalation(opened.id, 'Recovered.')
    expect(wi.fields['System.State']).toBe('Done')
    expect(wi.history).toEqual(['Recovered.'])
    expect(await monitor.findEscalation(EVENT.id)).toBeUndefined()
    expect(server.problems).toEqual([])
    expect(server.unexpected).toEqual([])
  })

  it('a Scrum project escalates as the work item type input work-item-type names; without it the 404 names the input', async () => {
    const scrum = await azure({ inputs: { 'work-item-type': 'Impediment' } })
    scrum.state.issueType = 'Impediment'
    scrum.state.issueStates = [
      { name: 'Open', category: 'InProgress' },
      { name: 'Closed', category: 'Completed' },
    ]
    const opened = await scrum.monitor.openEscalation(EVENT, 't', 'b')
    expect(scrum.state.workItems[0].type).toBe('Impediment')
    expect(await scrum.monitor.findEscalation(EVENT.id)).toEqual(opened)
    await scrum.monitor.closeEscalation(opened.id, 'Recovered.')
    expect(scrum.state.workItems[0].fields['System.State']).toBe('Closed')
    expect(scrum.server.problems).toEqual([])
    const plain = await azure()
    plain.state.issueType = 'Impediment'
    await expect(plain.monitor.openEscalation(EVENT, 't', 'b')).rejects.toThrow(/work-item-type/)
  })

  it('closes in the process’s own Completed state (Agile: Closed)', async () => {
    const { monitor, state } = await azure()
    state.issueStates = [
      { name: 'Active', category: 'InProgress' },
      { name: 'Resolved', category: 'Resolved' },
      { name: 'Closed', category: 'Completed' },
    ]
    const opened = await monitor.openEscalation(EVENT, 't', 'b')
    await monitor.closeEscalation(opened.id, 'Recovered.')
    expect(state.workItems[0].fields['System.State']).toBe('Closed')
  })

  it('a refused call is one sentence naming the permission and the fix; no pipeline id is a ConfigurationError', async () => {
    const { monitor } = await azure({ writeStatus: 403 })
    await expect(monitor.dispatchRetrain(EVENT, {})).rejects.toThrow(
      "mlgate could not start retrain pipeline 17 (Azure DevOps answered 403): give the project's Build Service 'Queue builds' on the retrain pipeline.",
    )
    await expect(monitor.openEscalation(EVENT, 't', 'b')).rejects.toThrow(/'Edit work items in this node'/)
    const other = await azure({ inputs: { 'retrain-pipeline': '18' } })
    await expect(other.monitor.dispatchRetrain(EVENT, {})).rejects.toThrow(
      /^mlgate could not start retrain pipeline 18 \(Azure DevOps answered 404: Pipeline 18 not found\.\): check the retrain-pipeline id/,
    )
    const ctx: RunContext = { collectionUri: `http://127.0.0.1:${await closedPort()}/acme/`, project: 'models', workspace: '/tmp', token: 't' }
    const down = azureMonitor({ ctx, input: (n) => (n === 'retrain-pipeline' ? '17' : undefined), retryBaseDelayMs: 1 })
    await expect(down.findEscalation(EVENT.id)).rejects.toThrow(/^mlgate could not read the states of work item type Issue: 127\.0\.0\.1:\d+ could not be reached \(ECONNREFUSED\)\.$/)
    const bad = await azure({ inputs: { 'retrain-pipeline': 'retrain.yml' } })
    await expect(bad.monitor.dispatchRetrain(EVENT, {})).rejects.toThrow(/Input 'retrain-pipeline' .*numeric id \(got 'retrain.yml'\)/)
    expect(bad.server.requests).toEqual([])
  })
})
