import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { runAzureTask } from '../harness/azure.ts'
import { runCli } from '../harness/cli.ts'
import { fakeAzure } from '../harness/fake-azure.ts'
import type { RecordedRequest } from '../harness/fake-server.ts'
import { ROOT } from '../harness/node.ts'
import { writeSequence } from './windows.ts'

interface Step {
  task?: string
  inputs?: Record<string, string>
}

interface Pipeline {
  schedules?: unknown[]
  parameters?: { name: string }[]
  variables: Record<string, string>
  jobs: { steps: Step[] }[]
  stages?: { jobs: { steps?: Step[] }[] }[]
}

const pipeline = (file: string) => parse(readFileSync(join(ROOT, 'examples/azure', file), 'utf8')) as Pipeline
const line = (r: RecordedRequest) => `${r.method} ${r.path}`

describe('examples/azure/monitor-pipeline.yml: seven nightly windows under the Azure harness with the default policy', () => {
  const retrain = pipeline('retrain-pipeline.yml')
  const monitor = pipeline('monitor-pipeline.yml')
  const retrainId = monitor.variables.retrainPipelineId
  // the fake runs the retrain pipeline as Azure would: only the template parameters its YAML declares
  const fake = fakeAzure({ pipelines: { [retrainId]: { parameters: (retrain.parameters ?? []).map((p) => p.name) } } })
  beforeAll(() => fake.server.start())
  afterAll(() => fake.server.stop())

  it('keep, keep, retrain (one pipeline run), retrain (none while it runs), escalate (one work item), keep (closed), keep (nothing)', async () => {
    expect(monitor.schedules).toHaveLength(1)
    const step = monitor.jobs[0].steps.find((s) => s.task === 'Monitor@1')!
    const macro = (v: string) => v.replace(/\$\(([A-Za-z.]+)\)/g, (m, name: string) => (name === 'System.AccessToken' ? 'azure-token' : (monitor.variables[name] ?? m)))
    const example = Object.fromEntries(Object.entries(step.inputs ?? {}).map(([k, v]) => [k, macro(String(v))]))
    expect(example.retrainPipeline).toBe(retrainId)
    const ws = mkdtempSync(join(tmpdir(), 'mlgate-monitor-az-'))
    const { reference, windows } = writeSequence(join(ws, 'data'))
    const perWindow: { decision: string; reason: string; eventId: string; runUrl: string; calls: string[] }[] = []
    for (const [i, w] of windows.entries()) {
      const before = fake.server.requests.length
      const temp = mkdtempSync(join(tmpdir(), `mlgate-monitor-az-${i + 1}-`))
      const variables = {
        'System.CollectionUri': fake.collection(),
        'System.TeamProject': 'models',
        'System.AccessToken': 'azure-token',
        'Build.SourceBranch': 'refs/heads/main',
        'Build.Reason': 'Schedule',
        'Build.BuildId': String(300 + i),
        'Build.DefinitionName': 'monitor-model',
        'Agent.TempDirectory': temp,
      }
      const r = await runAzureTask(
        'MonitorV1',
        {
          ...example,
          // the test's data and history store in place of the example's export step and artifact history
          reference,
          current: w.path,
          schema: join(ROOT, 'test/fixtures/monitor/schema.yaml'),
          exclude: 'customer_id',
          history: `dir:${join(ws, 'history')}`,
          window: w.label,
          windowTime: w.at,
          evidenceDir: join(ws, 'evidence', String(i + 1)),
        },
        { variables, cwd: ws },
      )
      // retrain and escalate are warnings (fail-on: never): the step succeeds with issues
      expect(r.result, `window ${i + 1}: ${r.stdout}`).toBe(w.expect === 'keep' ? 'Succeeded' : 'SucceededWithIssues')
      // every call that changes something or queries by POST (WIQL), in order
      // (the job's own verdict, recorded on its build by every task, is not the monitor acting)
      const calls = fake.server.requests.slice(before).filter((q) => q.method !== 'GET' && !q.path.startsWith(`/acme/models/_apis/build/builds/${300 + i}/`))
      perWindow.push({ decision: r.outputs.decision, reason: r.outputs.reason, eventId: r.outputs.eventId, runUrl: r.outputs.runUrl, calls: calls.map(line) })
    }
    expect(fake.server.problems).toEqual([])
    expect(fake.server.unexpected.map(line)).toEqual([])
    expect(perWindow.map((w) => w.decision)).toEqual(windows.map((w) => w.expect))
    // with the schema, validation reports the new column first: an error, so a person looks
    expect(perWindow[4].reason).toMatch(/^Data validation found \d+ error\(s\)/)
    const event = perWindow[2].eventId
    expect(perWindow.map((w) => w.eventId)).toEqual(['', '', event, event, event, '', ''])
    const api = '/acme/models/_apis'
    expect(perWindow.map((w) => w.calls)).toEqual([
      [],
      [],
      [`POST ${api}/pipelines/${retrainId}/runs`],
      [],
      [`POST ${api}/wit/wiql`, `POST ${api}/wit/workitems/$Issue`],
      [`POST ${api}/wit/wiql`, `PATCH ${api}/wit/workitems/900`],
      [],
    ])
    const [run] = fake.state.pipelineRuns
    expect(fake.state.pipelineRuns).toHaveLength(1)
    expect(run).toMatchObject({ templateParameters: { mlgateEvent: event }, refName: 'refs/heads/main', state: 'inProgress' })
    expect(perWindow[2].runUrl).toMatch(new RegExp(`_build/results\\?buildId=${run.id}$`))
    expect(perWindow[3].runUrl).toBe(perWindow[2].runUrl)
    const [wi] = fake.state.workItems
    expect(fake.state.workItems).toHaveLength(1)
    expect(wi.fields).toMatchObject({ 'System.State': 'Done', 'System.Tags': `mlgate-drift; mlgate-event:${event}` })
    expect(String(wi.fields['System.Title'])).toContain(event)
    expect(String(wi.fields['System.Description'])).toContain(`<!-- mlgate-event: ${event} -->`)
    expect(wi.history).toHaveLength(1)

    // the retrain pipeline's run: MLGATE_EVENT from its template parameter; its gate and approval name the event
    const retrainSteps = (retrain.stages ?? []).flatMap((st) => st.jobs.flatMap((j) => j.steps ?? [])).filter((x) => x.task && /^(GateModel|RequireApproval)@1$/.test(x.task))
    expect(retrainSteps.map((x) => x.task)).toEqual(['GateModel@1', 'RequireApproval@1'])
    expect(retrain.variables.MLGATE_EVENT).toBe('${{ parameters.mlgateEvent }}')
    const temp = mkdtempSync(join(tmpdir(), 'mlgate-retrain-az-'))
    const variables = { MLGATE_EVENT: run.templateParameters.mlgateEvent, 'System.AccessToken': 'azure-token', 'Build.BuildId': String(run.id), 'Agent.TempDirectory': temp }
    for (const x of retrainSteps) {
      const inputs = Object.fromEntries(Object.entries(x.inputs ?? {}).map(([k, v]) => [k, String(v).replace('$(System.AccessToken)', 'azure-token')]))
      const extra: Record<string, string> = x.task === 'RequireApproval@1' ? { decisionPath: join(temp, 'decision.json') } : {}
      const r = await runAzureTask(x.task!.replace('@1', 'V1'), { ...inputs, ...extra, evidenceDir: join(ws, 'evidence', 'retrain') }, { variables })
      expect(r.result, `${x.task}: ${r.stdout}`).toBe('Succeeded')
    }
    const out = join(ws, 'audit', 'evidence-bundle.jsonl')
    const bundled = await runCli(['evidence', 'bundle', '--dir', join(ws, 'evidence'), '--out', out])
    expect(bundled.exitCode, bundled.stderr).toBe(0)
    const tasks = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { predicate: { task: string; event?: { id: string } } })
      .filter((x) => x.predicate.event?.id === event)
      .map((x) => x.predicate.task)
    expect(tasks).toEqual(['monitor', 'monitor', 'monitor', 'monitor', 'gate-model', 'require-approval'])
    expect(readFileSync(out.replace(/\.jsonl$/, '.md'), 'utf8')).toContain('**Deploy:** Cleared for deploy: the gate passed and carol@example.com approved')
  }, 180_000)
})
