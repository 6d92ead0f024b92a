import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { fakeGithub } from '../harness/fake-github.ts'
import { runGithubAction } from '../harness/github.ts'
import { runCli } from '../harness/cli.ts'
import { fakeArtifactService, zipEntryNames } from '../harness/fake-artifacts.ts'
import { ROOT } from '../harness/node.ts'
import type { FakeServer, RecordedRequest } from '../harness/fake-server.ts'
import type { GithubState, WorkflowRun } from '../harness/fake-github.ts'
import { writeSequence } from './windows.ts'

interface Workflow {
  'run-name'?: string
  on: { workflow_dispatch?: { inputs?: Record<string, unknown> }; schedule?: unknown }
  permissions: Record<string, string>
  jobs: Record<string, { steps: { id?: string; uses?: string; with?: Record<string, string> }[] }>
}

const workflow = (file: string) => parse(readFileSync(join(ROOT, 'examples/github', file), 'utf8')) as Workflow
const monitorStep = () => Object.values(workflow('monitor.yml').jobs)[0].steps.find((s) => s.uses?.includes('/actions/monitor@'))!
const line = (r: RecordedRequest) => `${r.method} ${r.path}`

describe('examples/github/monitor.yml: seven nightly windows under the GitHub harness with the default policy', () => {
  const retrain = workflow('retrain.yml')
  // the fake dispatches retrain.yml as GitHub would: its declared inputs, its run-name rendered into display_title
  const gh = fakeGithub({ workflows: { 'retrain.yml': { inputs: Object.keys(retrain.on.workflow_dispatch?.inputs ?? {}), runName: retrain['run-name'] } } })
  let api = ''
  beforeAll(async () => {
    api = await gh.server.start()
  })
  afterAll(() => gh.server.stop())

  it('keep, keep, retrain (one dispatch), retrain (none while the run is in progress), escalate (one issue), keep (issue closed), keep (nothing)', async () => {
    const example = monitorStep()
    expect(workflow('monitor.yml').on).toHaveProperty('schedule')
    expect(workflow('monitor.yml').permissions).toMatchObject({ actions: 'write', issues: 'write' })
    expect(example.with?.['retrain-workflow']).toBe('retrain.yml')
    const ws = mkdtempSync(join(tmpdir(), 'mlgate-monitor-gh-'))
    const { reference, windows } = writeSequence(join(ws, 'data'))
    const perWindow: { decision: string; reason: string; eventId: string; runUrl: string; writes: string[]; reads: string[] }[] = []
    for (const [i, w] of windows.entries()) {
      const before = gh.server.requests.length
      const runnerTemp = mkdtempSync(join(tmpdir(), `mlgate-monitor-gh-${i + 1}-`))
      const r = await runGithubAction(
        'monitor',
        {
          ...example.with,
          // the test's data and history store in place of the example's export step and artifact history
          reference,
          current: w.path,
          // no schema: the new column escalates as a schema change against the reference (the Azure sequence runs
          // with the schema, where validation reports the new column first)
          schema: '',
          exclude: 'customer_id',
          history: `dir:${join(ws, 'history')}`,
          window: w.label,
          'window-time': w.at,
          'evidence-artifact': '',
          'evidence-dir': join(ws, 'evidence', String(i + 1)),
        },
        { apiUrl: api, runnerTemp, cwd: ws, env: { GITHUB_EVENT_NAME: 'schedule', GITHUB_WORKFLOW: 'monitor-model', GITHUB_RUN_ID: String(7000 + i) } },
      )
      expect(r.exitCode, `window ${i + 1}: ${r.stdout}\n${r.stderr}`).toBe(0)
      const requests = gh.server.requests.slice(before)
      perWindow.push({
        decision: r.outputs.decision,
        reason: r.outputs.reason,
        eventId: r.outputs['event-id'],
        runUrl: r.outputs['run-url'],
        writes: requests.filter((q) => q.method !== 'GET').map(line),
        reads: requests.filter((q) => q.method === 'GET').map(line),
      })
    }
    expect(gh.server.problems).toEqual([])
    expect(gh.server.unexpected.map(line)).toEqual([])
    expect(perWindow.map((w) => w.decision)).toEqual(windows.map((w) => w.expect))
    expect(perWindow[4].reason).toMatch(/^The schema changed \(column 'channel' is new\)/)
    expect(perWindow[2].reason).toMatch(/age|income/)
    const event = perWindow[2].eventId
    expect(event).toMatch(/^drift-/)
    // one event from the first drift to the recovery
    expect(perWindow.map((w) => w.eventId)).toEqual(['', '', event, event, event, '', ''])
    const wf = '/repos/acme/models/actions/workflows/retrain.yml'
    expect(perWindow.map((w) => w.writes)).toEqual([
      [],
      [],
      [`POST ${wf}/dispatches`],
      [],
      ['POST /repos/acme/models/issues'],
      ['POST /repos/acme/models/issues/1/comments', 'PATCH /repos/acme/models/issues/1'],
      [],
    ])
    // the dedupe is found through the API: window 4 asked for the event's runs and found the one still queued
    expect(perWindow[3].reads).toEqual([`GET ${wf}/runs`])
    expect(perWindow[0].reads).toEqual([])
    expect(perWindow[6].reads).toEqual([])
    const [run] = gh.state.workflowRuns
    expect(gh.state.workflowRuns).toHaveLength(1)
    expect(run).toMatchObject({ inputs: { 'mlgate-event': event }, display_title: `retrain ${event}`, head_branch: 'main', status: 'queued' })
    expect(perWindow[2].runUrl).toBe(run.html_url)
    expect(perWindow[3].runUrl).toBe(run.html_url)
    const [issue] = gh.state.issues
    expect(gh.state.issues).toHaveLength(1)
    expect(issue).toMatchObject({ labels: ['mlgate-drift'], state: 'closed', state_reason: 'completed' })
    expect(issue.title).toContain(event)
    expect(issue.body).toContain(`<!-- mlgate-event: ${event} -->`)
    expect(gh.state.comments.map((c) => c.issue)).toEqual([1])

    // the dispatched run of retrain.yml: gate-model and require-approval name the event, the bundle links them
    await retrainRun(gh, run, ws, api)
    const out = join(ws, 'audit', 'evidence-bundle.jsonl')
    const bundled = await runCli(['evidence', 'bundle', '--dir', join(ws, 'evidence'), '--out', out])
    expect(bundled.exitCode, bundled.stderr).toBe(0)
    const statements = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { predicate: { task: string; event?: { id: string } } })
    expect(statements.filter((s) => s.predicate.event?.id === event).map((s) => s.predicate.task)).toEqual(['monitor', 'monitor', 'monitor', 'monitor', 'gate-model', 'require-approval'])
    const audit = readFileSync(out.replace(/\.jsonl$/, '.md'), 'utf8')
    const chain = audit.slice(audit.indexOf(`### Drift event \`${event}\``))
    expect(
      chain
        .split('\n')
        .filter((l) => /^\| (drift|escalate|recovered|gate|approval) /.test(l))
        .map((l) => l.split('|')[1].trim()),
    ).toEqual(['drift', 'drift', 'escalate', 'recovered', 'gate', 'approval'])
    expect(chain).toContain(`Retrain run(s): ${run.html_url.replace(/\/actions\/runs\/\d+$/, '')}/actions/runs/${run.id}.`)
    expect(chain).toContain(`**Deploy:** Cleared for deploy: the gate passed and carol approved in https://github.com/acme/models/actions/runs/${run.id}.`)
  }, 180_000)
})

describe("the example's own history store: artifact:mlgate-monitor-history of earlier runs", () => {
  const gh = fakeGithub({ workflows: { 'retrain.yml': { inputs: ['mlgate-event'], runName: 'retrain ${{ inputs.mlgate-event }}' } } })
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

  it('each run reads the windows from the newest successful run and uploads them with its own: keep, keep, retrain, retrain (no second dispatch)', async () => {
    const example = monitorStep()
    expect(example.with?.history).toBe('artifact:mlgate-monitor-history')
    const ws = mkdtempSync(join(tmpdir(), 'mlgate-monitor-art-'))
    const { reference, windows } = writeSequence(join(ws, 'data'))
    const decisions: string[] = []
    for (const [i, w] of windows.slice(0, 4).entries()) {
      const runId = 8000 + i
      const r = await runGithubAction(
        'monitor',
        {
          ...example.with,
          reference,
          current: w.path,
          schema: '',
          exclude: 'customer_id',
          window: w.label,
          'window-time': w.at,
          'evidence-artifact': '',
          'evidence-dir': join(ws, 'evidence', String(i)),
        },
        {
          apiUrl: api,
          cwd: ws,
          runnerTemp: mkdtempSync(join(tmpdir(), `mlgate-monitor-art-${i}-`)),
          env: { ...artifacts.env(), GITHUB_EVENT_NAME: 'schedule', GITHUB_RUN_ID: String(runId), GITHUB_WORKFLOW_REF: 'acme/models/.github/workflows/monitor.yml@refs/heads/main' },
        },
      )
      expect(r.exitCode, `window ${i + 1}: ${r.stdout}\n${r.stderr}`).toBe(0)
      decisions.push(r.outputs.decision)
      // the run finished: its uploaded artifact is what the next run's API answers with
      const uploaded = artifacts.artifacts.findLast((a) => a.name === 'mlgate-monitor-history' && a.finalized)!
      gh.state.workflowRuns.push({
        id: runId,
        workflow: 'monitor.yml',
        display_title: 'monitor-model',
        event: 'schedule',
        status: 'completed',
        conclusion: 'success',
        head_branch: 'main',
        created_at: w.at,
        html_url: `https://github.com/acme/models/actions/runs/${runId}`,
        inputs: {},
      })
      gh.state.artifacts.push({ id: 600 + i, runId, name: 'mlgate-monitor-history', zip: Buffer.concat(uploaded.blocks) })
    }
    expect(decisions).toEqual(['keep', 'keep', 'retrain', 'retrain'])
    expect(gh.server.problems).toEqual([])
    expect(gh.server.unexpected.map(line)).toEqual([])
    expect(gh.server.find('POST', '/repos/acme/models/actions/workflows/retrain.yml/dispatches')).toHaveLength(1)
    expect(
      zipEntryNames(gh.state.artifacts[3].zip)
        .filter((n) => n.startsWith('windows/'))
        .sort(),
    ).toEqual(['windows/000001.json', 'windows/000002.json', 'windows/000003.json', 'windows/000004.json'])
  }, 120_000)
})

describe('a token without actions: write', () => {
  const gh = fakeGithub({ workflows: { 'retrain.yml': { inputs: ['mlgate-event'], runName: 'retrain ${{ inputs.mlgate-event }}' } }, writeStatus: 403 })
  let api = ''
  beforeAll(async () => {
    api = await gh.server.start()
  })
  afterAll(() => gh.server.stop())

  it('the refused dispatch names the permission and the fix, and the window is in the history all the same', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'mlgate-monitor-403-'))
    const { reference, windows } = writeSequence(join(ws, 'data'))
    const history = join(ws, 'history')
    let last: Awaited<ReturnType<typeof runGithubAction>> | undefined
    for (const w of windows.slice(0, 3)) {
      last = await runGithubAction(
        'monitor',
        {
          reference,
          current: w.path,
          exclude: 'customer_id',
          history: `dir:${history}`,
          'history-init': 'true',
          'retrain-workflow': 'retrain.yml',
          window: w.label,
          'window-time': w.at,
          'evidence-dir': join(ws, 'evidence'),
        },
        { apiUrl: api, cwd: ws },
      )
    }
    expect(gh.server.find('POST', '/repos/acme/models/actions/workflows/retrain.yml/dispatches')).toHaveLength(1)
    expect(gh.state.workflowRuns).toEqual([])
    const said = [...last!.annotations.map((a) => a.message), last!.stderr].join('\n')
    expect(said).toContain("mlgate could not dispatch the retrain workflow 'retrain.yml' (GitHub answered 403): add 'permissions: actions: write' to the job")
    expect(last!.stderr).not.toMatch(/\n\s+at /)
    // a missing permission is a warning with the fix, never a failed step
    expect(last!.exitCode).toBe(0)
    expect(existsSync(join(history, 'windows'))).toBe(true)
    expect(readdirSync(join(history, 'windows')).filter((n) => n.endsWith('.json'))).toHaveLength(3)
  }, 60_000)
})

/** Runs the mlgate steps of examples/github/retrain.yml as the dispatched run: its inputs and env as GitHub renders them. */
async function retrainRun(gh: { server: FakeServer; state: GithubState }, run: WorkflowRun, ws: string, api: string): Promise<void> {
  const doc = workflow('retrain.yml') as Workflow & { env: Record<string, string> }
  const render = (v: string) => v.replace(/\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g, (_, k: string) => run.inputs[k] ?? '')
  const env: Record<string, string> = {
    ...Object.fromEntries(Object.entries(doc.env).map(([k, v]) => [k, render(v)])),
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_WORKFLOW: 'retrain-model',
    GITHUB_RUN_ID: String(run.id),
  }
  expect(env.MLGATE_EVENT).toBe(run.inputs['mlgate-event'])
  gh.server.on('GET', '/orgs/acme/teams/ml-leads/members', () => ({ body: [{ login: 'carol' }] }))
  // carol answers on the approval issue once it is open
  const answer = setInterval(() => {
    const issue = gh.state.issues.find((i) => i.title.startsWith('Approval'))
    if (!issue || gh.state.comments.some((c) => c.issue === issue.number)) return
    const now = new Date().toISOString()
    gh.state.comments.push({ id: 99, issue: issue.number, body: 'approve', user: { login: 'carol', type: 'User' }, created_at: now, updated_at: now })
  }, 50)
  try {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'mlgate-retrain-'))
    for (const step of Object.values(doc.jobs)[0].steps.filter((s) => s.uses?.includes('/actions/'))) {
      const task = /actions\/([a-z-]+)@/.exec(step.uses!)![1]
      const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, render(String(v))]))
      const extra: Record<string, string> = task === 'require-approval' ? { 'poll-interval-seconds': '0.1', 'decision-path': join(runnerTemp, 'decision.json') } : {}
      const r = await runGithubAction(task, { ...inputs, ...extra, 'evidence-artifact': '', 'evidence-dir': join(ws, 'evidence', 'retrain') }, { apiUrl: api, runnerTemp, env })
      expect(r.exitCode, `${task}: ${r.stdout}`).toBe(0)
    }
  } finally {
    clearInterval(answer)
  }
  expect(gh.server.problems).toEqual([])
}
