import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runAzureTask } from '../harness/azure.ts'
import { artifactZip, fakeAzure, uploadedArtifacts } from '../harness/fake-azure.ts'
import type { CompletedBuild } from '../harness/fake-azure.ts'
import type { RecordedRequest } from '../harness/fake-server.ts'
import { writeSequence } from '../monitor/windows.ts'

const DEFINITION = '7'
const line = (r: RecordedRequest) => `${r.method} ${r.path}`
const files = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([k, v]) => [k, Buffer.from(v)]))

describe('earlier runs of the same pipeline on Azure Pipelines (System.DefinitionId): artifacts read back through the Build REST API', () => {
  const fake = fakeAzure({ definitions: { [DEFINITION]: { defaultBranch: 'refs/heads/main' } } })
  beforeAll(() => fake.server.start())
  afterAll(() => fake.server.stop())
  beforeEach(() => {
    fake.state.completedBuilds.length = 0
    fake.server.requests.length = 0
  })
  const variables = (buildId: number, temp = mkdtempSync(join(tmpdir(), 'mlgate-az-art-'))) => ({
    'System.CollectionUri': fake.collection(),
    'System.TeamProject': 'models',
    'System.DefinitionId': DEFINITION,
    'System.AccessToken': 'azure-token',
    'Build.BuildId': String(buildId),
    'Build.SourceBranch': 'refs/heads/main',
    'Agent.TempDirectory': temp,
  })
  const build = (id: number, result: CompletedBuild['result'], artifacts: CompletedBuild['artifacts'], sourceBranch = 'refs/heads/main'): CompletedBuild => ({
    id,
    definition: DEFINITION,
    sourceBranch,
    result,
    artifacts,
  })

  it('gate-model baseline artifact:<name>/<file>: the newest successful build on the default branch that has the artifact, not a failed, other-branch or running one', async () => {
    const metrics = (accuracy: number) => ({ 'model-metrics/metrics.json': JSON.stringify({ accuracy }), 'model-metrics/notes.txt': 'not metrics' })
    fake.state.completedBuilds.push(
      build(40, 'succeeded', { 'model-metrics': files(metrics(0.5)) }),
      // the newest that counts: a build whose verdict was a warning succeeded with issues
      build(41, 'partiallySucceeded', { 'model-metrics': files(metrics(0.88)) }),
      build(42, 'succeeded', { other: files({ 'other/x.json': '{}' }) }),
      build(43, 'failed', { 'model-metrics': files(metrics(0.99)) }),
      build(44, 'succeeded', { 'model-metrics': files(metrics(0.99)) }, 'refs/heads/feature'),
      build(50, 'succeeded', { 'model-metrics': files(metrics(0.99)) }),
    )
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-az-gate-'))
    writeFileSync(join(dir, 'candidate.json'), JSON.stringify({ accuracy: 0.9 }))
    // build 50 is the running build itself (a re-run of its job), never its own baseline
    const r = await runAzureTask(
      'GateModelV1',
      { candidate: 'candidate.json', baseline: 'artifact:model-metrics/metrics.json', rules: 'accuracy >= baseline - 0.01', report: 'report.json' },
      { variables: variables(50), cwd: dir },
    )
    expect(r.exitCode, r.stdout + r.stderr).toBe(0)
    expect(r.result).toBe('Succeeded')
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { metrics: { name: string; baseline: number }[] }
    expect(report.metrics.map((m) => [m.name, m.baseline])).toEqual([['accuracy', 0.88]])
    expect(fake.server.problems).toEqual([])
    expect(fake.server.unexpected.map(line)).toEqual([])
    const list = fake.server.find('GET', '/acme/models/_apis/build/builds')[0]
    expect(Object.fromEntries(list.query)).toMatchObject({ definitions: DEFINITION, branchName: 'refs/heads/main', statusFilter: 'completed', queryOrder: 'finishTimeDescending' })
    expect(list.headers.authorization).toBe('Bearer azure-token')
    // 44 (another branch) and 43 (failed) never listed, 50 skipped; 42 lacks the artifact; 41 has it
    expect(fake.server.find('GET', /\/artifacts$/).map((q) => `${q.path} ${q.query.get('$format') ?? 'json'}`)).toEqual([
      '/acme/models/_apis/build/builds/42/artifacts json',
      '/acme/models/_apis/build/builds/41/artifacts json',
      '/acme/models/_apis/build/builds/41/artifacts zip',
    ])
  })

  it('gate-model against a baseline the candidate falls short of fails the gate: the artifact was read, not skipped', async () => {
    fake.state.completedBuilds.push(build(60, 'succeeded', { 'model-metrics': files({ 'model-metrics/metrics.json': JSON.stringify({ accuracy: 0.95 }) }) }))
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-az-gate-'))
    writeFileSync(join(dir, 'candidate.json'), JSON.stringify({ accuracy: 0.9 }))
    const r = await runAzureTask(
      'GateModelV1',
      { candidate: 'candidate.json', baseline: 'artifact:model-metrics/metrics.json', rules: 'accuracy >= baseline - 0.01' },
      { variables: variables(61), cwd: dir },
    )
    expect(r.exitCode, r.stdout + r.stderr).toBe(1)
    expect(r.result).toBe('Failed')
  })

  it('the monitor task with history artifact:<name> over three nightly builds: each reads the windows the build before uploaded', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'mlgate-az-monitor-'))
    const { reference, windows } = writeSequence(join(ws, 'data'))
    const stable = [windows[0], windows[1], windows[5]]
    const seen: { uploaded: string[]; records: Map<string, Buffer> }[] = []
    for (const [i, w] of stable.entries()) {
      const id = 700 + i
      const r = await runAzureTask(
        'MonitorV1',
        { reference, current: w.path, exclude: 'customer_id', history: 'artifact:mlgate-monitor-history', historyInit: 'true', window: w.label, windowTime: w.at },
        { variables: variables(id), cwd: ws },
      )
      expect(r.exitCode, `build ${id}: ${r.stdout}${r.stderr}`).toBe(0)
      expect(r.outputs.decision).toBe('keep')
      // the fake keeps what the job's ##vso[artifact.upload] commands published as the build's artifacts
      const artifacts = uploadedArtifacts(r.commands)
      fake.state.completedBuilds.push(build(id, 'succeeded', artifacts))
      const records = artifacts['mlgate-monitor-history'] ?? new Map<string, Buffer>()
      seen.push({ uploaded: [...records.keys()].sort(), records })
    }
    expect(fake.server.problems).toEqual([])
    expect(fake.server.unexpected.map(line)).toEqual([])
    expect(seen.map((s) => s.uploaded)).toEqual([
      ['mlgate-monitor-history/mlgate-history.json', 'mlgate-monitor-history/windows/000001.json'],
      ['mlgate-monitor-history/mlgate-history.json', 'mlgate-monitor-history/windows/000001.json', 'mlgate-monitor-history/windows/000002.json'],
      ['mlgate-monitor-history/mlgate-history.json', 'mlgate-monitor-history/windows/000001.json', 'mlgate-monitor-history/windows/000002.json', 'mlgate-monitor-history/windows/000003.json'],
    ])
    // the third build downloaded the second build's artifact (the newest), not the first's
    expect(
      fake.server
        .find('GET', /\/artifacts$/)
        .filter((q) => q.query.get('$format') === 'zip')
        .map((q) => q.path),
    ).toEqual(['/acme/models/_apis/build/builds/700/artifacts', '/acme/models/_apis/build/builds/701/artifacts'])
    // the windows read back are the earlier builds' records, byte for byte, and the new one follows them
    const last = seen[2].records
    expect(last.get('mlgate-monitor-history/windows/000001.json')).toEqual(seen[0].records.get('mlgate-monitor-history/windows/000001.json'))
    const record = (k: string) => JSON.parse(last.get(`mlgate-monitor-history/windows/${k}.json`)!.toString('utf8')) as { seq: number; window: string }
    expect([record('000001'), record('000002'), record('000003')].map((x) => [x.seq, x.window])).toEqual([
      [1, stable[0].label],
      [2, stable[1].label],
      [3, stable[2].label],
    ])
  })

  it('no earlier build with the artifact: history-init starts a new history, without it one sentence and exit 2', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'mlgate-az-monitor-'))
    const { reference, windows } = writeSequence(join(ws, 'data'))
    fake.state.completedBuilds.push(build(800, 'succeeded', { unrelated: files({ 'unrelated/a.txt': 'a' }) }))
    const inputs = { reference, current: windows[0].path, exclude: 'customer_id', history: 'artifact:mlgate-monitor-history', window: windows[0].label, windowTime: windows[0].at }
    const refused = await runAzureTask('MonitorV1', inputs, { variables: variables(801), cwd: ws })
    expect(refused.exitCode).toBe(2)
    const issues = refused.issues.map((c) => c.data)
    expect(issues).toEqual(["The monitor history artifact 'mlgate-monitor-history' could not be read: No successful earlier run of pipeline 7 on main has an artifact named 'mlgate-monitor-history'."])
    expect(uploadedArtifacts(refused.commands)).toEqual({})
    const started = await runAzureTask('MonitorV1', { ...inputs, historyInit: 'true' }, { variables: variables(802), cwd: ws })
    expect(started.exitCode, started.stdout).toBe(0)
    expect([...uploadedArtifacts(started.commands)['mlgate-monitor-history'].keys()].sort()).toEqual(['mlgate-monitor-history/mlgate-history.json', 'mlgate-monitor-history/windows/000001.json'])
  })

  it('a corrupt zip is one sentence and exit 2, for the monitor and for gate-model, and nothing is uploaded', async () => {
    const good = await artifactZip(files({ 'm/metrics.json': '{"accuracy": 0.9}' }))
    // a download cut short: the zip's central directory is missing
    fake.state.completedBuilds.push({ ...build(900, 'succeeded', { m: files({ 'm/metrics.json': '{}' }), 'mlgate-monitor-history': files({}) }), rawZip: good.subarray(0, good.length - 30) })
    const ws = mkdtempSync(join(tmpdir(), 'mlgate-az-corrupt-'))
    writeFileSync(join(ws, 'candidate.json'), JSON.stringify({ accuracy: 0.9 }))
    const gate = await runAzureTask('GateModelV1', { candidate: 'candidate.json', baseline: 'artifact:m/metrics.json', rules: 'accuracy >= baseline' }, { variables: variables(901), cwd: ws })
    expect(gate.exitCode).toBe(2)
    expect(gate.issues.map((c) => c.data)).toEqual([expect.stringMatching(/^The artifact 'm' of build 900 is not a readable zip archive \([^)]+\)\.$/)])
    expect(gate.stderr).not.toMatch(/\n\s+at /)
    const { reference, windows } = writeSequence(join(ws, 'data'))
    const monitor = await runAzureTask(
      'MonitorV1',
      { reference, current: windows[0].path, exclude: 'customer_id', history: 'artifact:mlgate-monitor-history', historyInit: 'true', window: windows[0].label },
      { variables: variables(902), cwd: ws },
    )
    expect(monitor.exitCode).toBe(2)
    expect(monitor.issues.map((c) => c.data)).toEqual([
      expect.stringMatching(/^The monitor history artifact 'mlgate-monitor-history' could not be read: The artifact 'mlgate-monitor-history' of build 900 is not a readable zip archive \([^)]+\)\.$/),
    ])
    expect(uploadedArtifacts(monitor.commands)).toEqual({})
  })

  it('a token the service refuses names the permission', async () => {
    fake.state.completedBuilds.push(build(950, 'succeeded', {}))
    const ws = mkdtempSync(join(tmpdir(), 'mlgate-az-denied-'))
    writeFileSync(join(ws, 'candidate.json'), JSON.stringify({ accuracy: 0.9 }))
    const v = { ...variables(951) } as Record<string, string>
    delete v['System.AccessToken']
    const r = await runAzureTask('GateModelV1', { candidate: 'candidate.json', baseline: 'artifact:m/metrics.json', rules: 'accuracy >= baseline' }, { variables: v, cwd: ws })
    expect(r.exitCode).toBe(2)
    expect(r.issues.map((c) => c.data).join('\n')).toMatch(/refused \(401\)/)
  })
})
