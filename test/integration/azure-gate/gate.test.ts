import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Value } from '../../helpers/ado-expression.ts'
import { evaluate, gateRequest } from '../../helpers/ado-expression.ts'
import type { AzureRunResult } from '../harness/azure.ts'
import { runAzureTask } from '../harness/azure.ts'
import { fakeAzure } from '../harness/fake-azure.ts'
import { ROOT } from '../harness/node.ts'
import { closedPort } from '../../helpers/closed-port.ts'

const data = join(ROOT, 'test/fixtures/foundation')
const temp = mkdtempSync(join(tmpdir(), 'mlgate-azgate-'))
const fake = fakeAzure({ builds: { '101': { properties: {}, tags: [] }, '202': { properties: { 'other.tool.status': 'done' }, tags: [] } } })
const shipped = JSON.parse(readFileSync(join(ROOT, 'tasks/MlgateVerdictV1/task.json'), 'utf8'))
beforeAll(() => fake.server.start())
afterAll(() => fake.server.stop())

/** validate-data in build 101, as the agent runs it; the agent's own handling of ##vso[build.addbuildtag] is played here. */
async function validate(csv: string, env: Record<string, string> = {}, more: Record<string, string> = {}): Promise<AzureRunResult> {
  const variables = { 'System.CollectionUri': fake.collection(), 'System.TeamProject': 'models', 'System.AccessToken': 'job-token', 'Agent.TempDirectory': temp, ...more }
  const r = await runAzureTask('ValidateDataV1', { data: join(data, csv), schema: join(data, 'schema.yaml'), evidenceDir: join(temp, 'ev'), report: join(temp, 'report.json') }, { variables, env })
  for (const c of r.commands) if (c.area === 'build' && c.event === 'addbuildtag' && !fake.state.builds['101'].tags.includes(c.data)) fake.state.builds['101'].tags.push(c.data)
  return r
}

/** What the server does for MlgateVerdict@1: its request from the shipped task.json, sent, and its Expression on the answer. */
async function serverGate(inputs: Record<string, string>, buildId = '101'): Promise<{ status: number; answer: Value; value: Value }> {
  const variables = { 'system.teamFoundationCollectionUri': fake.collection(), 'System.TeamProjectId': 'models', 'Build.BuildId': buildId, 'system.accesstoken': 'server-job-token' }
  const req = gateRequest(shipped, inputs, variables)
  const res = await fetch(req.url, { method: req.method, headers: req.headers })
  const answer = (await res.json()) as Value
  return { status: res.status, answer, value: evaluate(req.expression, answer) }
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

describe('an agent task records its verdict on the build; the server task reads it', () => {
  it('a pass: build properties written with the job token as JSON Patch, a tag, and the gate is true', async () => {
    const r = await validate('good.csv')
    expect(r.result, r.stdout).toBe('Succeeded')
    expect(fake.server.problems).toEqual([])
    const patch = fake.server.find('PATCH', '/acme/models/_apis/build/builds/101/properties')
    expect(patch).toHaveLength(1)
    expect(patch[0].headers.authorization).toBe('Bearer job-token')
    expect(patch[0].headers['content-type']).toBe('application/json-patch+json')
    expect((patch[0].body as { op: string; path: string }[]).map((o) => `${o.op} ${o.path}`)).toEqual([
      'add /mlgate.validate-data.verdict',
      'add /mlgate.validate-data.reportDigest',
      'add /mlgate.validate-data.time',
      'add /mlgate.validate-data.headline',
    ])
    const props = fake.state.builds['101'].properties
    expect(props['mlgate.validate-data.verdict']).toBe('pass')
    expect(props['mlgate.validate-data.reportDigest']).toBe(`sha256:${sha256(join(temp, 'report.json'))}`)
    expect(Date.parse(props['mlgate.validate-data.time'])).toBeGreaterThan(Date.now() - 120_000)
    expect(r.commands.filter((c) => c.area === 'build').map((c) => c.data)).toEqual(['mlgate.validate-data.pass'])

    const gate = await serverGate({ task: 'validate-data' })
    expect(gate.status).toBe(200)
    expect(gate.answer).toMatchObject({ count: 4, value: { 'mlgate.validate-data.verdict': { $type: 'System.String', $value: 'pass' } } })
    expect(gate.value).toBe(true)
    const read = fake.server.find('GET', '/acme/models/_apis/build/builds/101/properties').at(-1)!
    expect(read.headers.authorization).toBe('Bearer server-job-token')
    // another task's verdict was never recorded: its gate does not pass
    expect((await serverGate({ task: 'gate-model' })).value).toBe(false)
  })

  it('a failing re-run overwrites the verdict, replaces the stale tag, and the gate turns false', async () => {
    const r = await validate('missing-column.csv')
    expect(r.result).toBe('Failed')
    expect(fake.state.builds['101'].properties['mlgate.validate-data.verdict']).toBe('fail')
    expect(fake.state.builds['101'].tags).toEqual(['mlgate.validate-data.fail'])
    const tagPatch = fake.server.find('PATCH', '/acme/models/_apis/build/builds/101/tags')
    expect(tagPatch.map((t) => t.body)).toEqual([{ tagsToAdd: [], tagsToRemove: ['mlgate.validate-data.pass'] }])
    expect((await serverGate({ task: 'validate-data' })).value).toBe(false)
    expect((await serverGate({ task: 'validate-data', warnPasses: 'true' })).value).toBe(false)
  })

  it('a re-run that reaches no verdict (an error) replaces the recorded one with error', async () => {
    const r = await validate('no-such-file.csv')
    expect(r.result).toBe('Failed')
    expect(r.exitCode).toBe(2)
    expect(fake.state.builds['101'].properties['mlgate.validate-data.verdict']).toBe('error')
    expect(fake.state.builds['101'].properties['mlgate.validate-data.reportDigest']).toBe('')
    expect(fake.state.builds['101'].tags).toEqual(['mlgate.validate-data.error'])
    expect((await serverGate({ task: 'validate-data', warnPasses: 'true' })).value).toBe(false)
  })

  it('a refused tag removal still records the verdict, and says the property is what gates read', async () => {
    fake.state.tagWriteStatus = 403
    try {
      const r = await validate('missing-column.csv')
      expect(r.result).toBe('Failed')
      expect(fake.state.builds['101'].properties['mlgate.validate-data.verdict']).toBe('fail')
      expect(r.issues.filter((i) => i.properties.type === 'warning').map((i) => i.data)).toEqual([
        'mlgate recorded the validate-data verdict on build 101 but could not remove its earlier verdict tags (Azure DevOps answered 403); the property mlgate.validate-data.verdict is what gates read.',
      ])
      expect(fake.state.builds['101'].tags).toEqual(['mlgate.validate-data.error', 'mlgate.validate-data.fail'])
    } finally {
      fake.state.tagWriteStatus = undefined
    }
  })

  it('warn passes only when the input says so', async () => {
    fake.state.builds['101'].properties['mlgate.validate-data.verdict'] = 'warn'
    expect((await serverGate({ task: 'validate-data' })).value).toBe(false)
    expect((await serverGate({ task: 'validate-data', warnPasses: 'true' })).value).toBe(true)
  })

  it('a build with no mlgate verdict: the gate is false, not an error', async () => {
    const gate = await serverGate({ task: 'validate-data' }, '202')
    expect(gate.status).toBe(200)
    expect(gate.answer).toEqual({ count: 1, value: { 'other.tool.status': { $type: 'System.String', $value: 'done' } } })
    expect(gate.value).toBe(false)
  })

  it("without 'Update build information' the step keeps its verdict and warns with the fix", async () => {
    fake.state.buildWriteStatus = 403
    try {
      const r = await validate('good.csv')
      expect(r.result, r.stdout).toBe('Succeeded')
      const warnings = r.issues.filter((i) => i.properties.type === 'warning').map((i) => i.data)
      expect(warnings).toEqual([expect.stringMatching(/^mlgate could not record the validate-data verdict on build 101 \(Azure DevOps answered 403\): the build service identity/)])
      expect(warnings[0]).toContain("'Update build information'")
      expect(warnings[0]).toContain('Manage security')
      // the property still says fail from the run before: the gate does not pass on a verdict it could not record
      expect((await serverGate({ task: 'validate-data' })).value).toBe(false)
    } finally {
      fake.state.buildWriteStatus = undefined
    }
    expect(fake.server.problems).toEqual([])
  })

  it('an answer of 503 is retried, then a warning; the verdict of the step stands', async () => {
    fake.state.buildWriteStatus = 503
    const before = fake.server.find('PATCH', '/acme/models/_apis/build/builds/101/properties').length
    try {
      const r = await validate('good.csv', { MLGATE_RETRY_BASE_MS: '1' })
      expect(r.result, r.stdout).toBe('Succeeded')
      expect(fake.server.find('PATCH', '/acme/models/_apis/build/builds/101/properties').length - before).toBe(3)
      const warnings = r.issues.filter((i) => i.properties.type === 'warning').map((i) => i.data)
      expect(warnings).toEqual([expect.stringMatching(/^mlgate could not record the validate-data verdict on build 101 \(Azure DevOps answered 503\); release gates/)])
    } finally {
      fake.state.buildWriteStatus = undefined
    }
  })

  it('an unreachable collection is named; a classic release job records nothing', async () => {
    const port = await closedPort()
    const r = await validate('good.csv', { MLGATE_RETRY_BASE_MS: '1' }, { 'System.CollectionUri': `http://127.0.0.1:${port}/acme/` })
    expect(r.result).toBe('Succeeded')
    expect(r.issues.map((i) => i.data)).toContainEqual(
      expect.stringMatching(new RegExp(`^mlgate could not record the validate-data verdict on build 101: could not reach 127\\.0\\.0\\.1:${port}: ECONNREFUSED;`)),
    )
    const before = fake.server.requests.length
    const release = await validate('missing-column.csv', {}, { 'Release.ReleaseId': '9' })
    expect(release.result).toBe('Failed')
    expect(fake.server.requests.length).toBe(before)
    expect(release.commands.filter((c) => c.area === 'build')).toEqual([])
    expect(fake.server.unexpected.map((q) => `${q.method} ${q.path}`)).toEqual([])
  })
})
