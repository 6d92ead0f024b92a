import { afterEach, describe, expect, it } from 'vitest'
import type { Logger, RunContext } from '../../../packages/core/src/index.ts'
import { GithubRest } from '../../../packages/github/src/rest.ts'
import { AzureRest } from '../../../packages/azure/src/rest.ts'
import { fakeGithub } from '../harness/fake-github.ts'
import { fakeAzure } from '../harness/fake-azure.ts'
import type { FakeServer } from '../harness/fake-server.ts'
import { closedPort } from '../../helpers/closed-port.ts'

const SHA = 'c'.repeat(40)

const servers: FakeServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop()
})

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = []
  return { warnings, info() {}, debug() {}, error() {}, warn: (m) => warnings.push(m), group: (_t, fn) => fn() }
}

const ghContext = (token?: string): RunContext => ({ repository: 'acme/models', sha: SHA, pullRequest: 7, workspace: '/tmp', token, runUrl: 'https://github.com/acme/models/actions/runs/1' })

describe('GitHub REST adapter', () => {
  it('posts a commit status with a ≤140-char description when check runs are not allowed', async () => {
    const { server, state } = fakeGithub()
    servers.push(server)
    const rest = new GithubRest(ghContext('ghs_x'), recordingLogger(), await server.start())
    await rest.publishStatus({ context: 'mlgate/validate-data', state: 'failure', description: 'x'.repeat(300), targetUrl: 'https://example.test/run', summary: 'details' })
    expect(server.problems).toEqual([])
    expect(state.statuses).toHaveLength(1)
    expect(state.statuses[0]).toMatchObject({ sha: SHA, state: 'failure', context: 'mlgate/validate-data' })
    expect(state.statuses[0].description!.length).toBeLessThanOrEqual(140)
  })

  it('uses a check run with annotations in batches of 50 when the token has checks: write', async () => {
    const { server, state } = fakeGithub({ checksAllowed: true })
    servers.push(server)
    const rest = new GithubRest(ghContext('ghs_x'), recordingLogger(), await server.start())
    const annotations = Array.from({ length: 120 }, (_, i) => ({ level: 'error' as const, message: `row ${i}`, file: 'data.csv', line: i + 2 }))
    await rest.publishStatus({ context: 'mlgate/validate-data', state: 'failure', description: 'bad rows', summary: 'summary', annotations })
    expect(server.problems).toEqual([])
    expect(state.checkRuns).toHaveLength(1)
    expect(server.find('PATCH', /check-runs/)).toHaveLength(2)
    expect(state.statuses).toHaveLength(0)
  })

  it('creates the sticky comment once and updates it in place afterwards', async () => {
    const { server, state } = fakeGithub()
    servers.push(server)
    const rest = new GithubRest(ghContext('ghs_x'), recordingLogger(), await server.start())
    await rest.upsertComment('ml-checks/1', 'first')
    await rest.upsertComment('ml-checks/1', 'second')
    expect(server.problems).toEqual([])
    expect(state.comments).toHaveLength(1)
    expect(state.comments[0].body).toContain('second')
    expect(state.comments[0].body).toContain('<!-- mlgate:ml-checks/1 -->')
  })

  it('a read-only token (fork PR) gives a warning with the fix, never a failure', async () => {
    const { server } = fakeGithub({ writeStatus: 403 })
    servers.push(server)
    const log = recordingLogger()
    const rest = new GithubRest(ghContext('ghs_x'), log, await server.start())
    await rest.publishStatus({ context: 'mlgate/gate-model', state: 'success', description: 'ok' })
    await rest.upsertComment('k', 'body')
    expect(log.warnings).toHaveLength(2)
    expect(log.warnings[0]).toContain('statuses: write')
    expect(log.warnings[1]).toContain('pull-requests: write')
  })
})

describe('Azure DevOps REST adapter (azure-devops-node-api)', () => {
  const azContext = (token?: string): RunContext => ({ repository: 'repo-guid-1', pullRequest: 12, workspace: '/tmp', token })

  it('posts a PR status with genre mlgate and the task as name', async () => {
    const fake = fakeAzure()
    servers.push(fake.server)
    await fake.server.start()
    const rest = new AzureRest(azContext('tok'), recordingLogger(), fake.collection(), 'models')
    await rest.publishStatus({ context: 'mlgate/detect-drift', state: 'failure', description: 'drift in 3 of 5 columns' })
    expect(fake.server.problems).toEqual([])
    expect(fake.state.statuses).toHaveLength(1)
    expect(fake.state.statuses[0]).toMatchObject({ repo: 'repo-guid-1', pr: 12, context: { genre: 'mlgate', name: 'detect-drift' } })
  })

  it('keeps one PR thread per key: created, then its first comment updated', async () => {
    const fake = fakeAzure()
    servers.push(fake.server)
    await fake.server.start()
    const rest = new AzureRest(azContext('tok'), recordingLogger(), fake.collection(), 'models')
    await rest.upsertComment('run-101', 'first')
    await rest.upsertComment('run-101', 'second')
    expect(fake.server.problems).toEqual([])
    expect(fake.server.unexpected.map((r) => `${r.method} ${r.path}`)).toEqual([])
    expect(fake.state.threads).toHaveLength(1)
    expect(fake.state.threads[0].comments[0].content).toContain('second')
  })

  it('without a token: a warning naming System.AccessToken', async () => {
    const log = recordingLogger()
    const rest = new AzureRest(azContext(undefined), log, 'http://127.0.0.1:9/acme/', 'models')
    await rest.publishStatus({ context: 'mlgate/gate-model', state: 'success', description: 'ok' })
    expect(log.warnings[0]).toContain('System.AccessToken')
  })
})

describe('network failures are named as such, with no permission advice', () => {
  it('GitHub: a refused connection and a DNS failure say "could not reach <host>: <code>"', async () => {
    const port = await closedPort()
    for (const [base, host, code] of [
      [`http://127.0.0.1:${port}`, `127.0.0.1:${port}`, 'ECONNREFUSED'],
      ['http://api.no-such-host.invalid', 'api.no-such-host.invalid', 'ENOTFOUND'],
    ]) {
      const log = recordingLogger()
      const rest = new GithubRest(ghContext('ghs_x'), log, base)
      await rest.publishStatus({ context: 'mlgate/gate-model', state: 'success', description: 'ok', summary: 's' })
      await rest.upsertComment('k', 'body')
      expect(log.warnings).toHaveLength(2)
      for (const w of log.warnings) {
        expect(w).toContain(`could not reach ${host}: ${code}`)
        expect(w).not.toMatch(/permissions|answered|read-only token/)
      }
    }
  })

  it('Azure DevOps: a refused connection and a DNS failure say "could not reach <host>: <code>"', async () => {
    const port = await closedPort()
    for (const [collection, host, code] of [
      [`http://127.0.0.1:${port}/acme/`, `127.0.0.1:${port}`, 'ECONNREFUSED'],
      ['http://dev.no-such-host.invalid/acme/', 'dev.no-such-host.invalid', 'ENOTFOUND'],
    ]) {
      const log = recordingLogger()
      const rest = new AzureRest({ repository: 'r', pullRequest: 3, workspace: '/tmp', token: 't' }, log, collection, 'models')
      await rest.publishStatus({ context: 'mlgate/gate-model', state: 'success', description: 'ok' })
      await rest.upsertComment('k', 'body')
      expect(log.warnings).toHaveLength(2)
      for (const w of log.warnings) {
        expect(w).toContain(`could not reach ${host}: ${code}`)
        expect(w).not.toMatch(/Contribute to pull requests|answered|System\.AccessToken/)
      }
    }
  })

  it('an HTTP answer is still reported with its status and the permission it needs', async () => {
    const { server } = fakeGithub({ writeStatus: 403 })
    servers.push(server)
    const log = recordingLogger()
    await new GithubRest(ghContext('ghs_x'), log, await server.start()).upsertComment('k', 'body')
    expect(log.warnings[0]).toMatch(/GitHub answered 403.*pull-requests: write/)
  })
})
