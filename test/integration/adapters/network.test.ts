import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAzureTask } from '../harness/azure.ts'
import { runGithubAction } from '../harness/github.ts'
import { ROOT } from '../harness/node.ts'
import { closedPort } from '../../helpers/closed-port.ts'

const data = join(ROOT, 'test/fixtures/foundation')
const inputs = { data: join(data, 'good.csv'), schema: join(data, 'schema.yaml') }

describe('an API that cannot be reached is named, with no permission advice, and the verdict stands', () => {
  it('GitHub action bundle: refused connection and DNS failure', async () => {
    const port = await closedPort()
    for (const [api, host, code] of [
      [`http://127.0.0.1:${port}`, `127.0.0.1:${port}`, 'ECONNREFUSED'],
      ['http://api.no-such-host.invalid', 'api.no-such-host.invalid', 'ENOTFOUND'],
    ]) {
      const r = await runGithubAction('validate-data', inputs, { event: 'pull_request', apiUrl: api })
      expect(r.exitCode, r.stdout).toBe(0)
      const warnings = r.annotations.filter((a) => a.command === 'warning' && a.message.startsWith('mlgate could not publish'))
      expect(warnings.map((w) => w.message)).toEqual([
        `mlgate could not publish the status check: could not reach ${host}: ${code}.`,
        `mlgate could not publish the PR comment: could not reach ${host}: ${code}.`,
      ])
      expect(r.stdout).not.toMatch(/permissions: statuses|GitHub answered 500/)
    }
  })

  it('Azure task bundle: refused connection', async () => {
    const port = await closedPort()
    const temp = mkdtempSync(join(tmpdir(), 'mlgate-aznet-'))
    const variables = {
      'System.CollectionUri': `http://127.0.0.1:${port}/acme/`,
      'System.TeamProject': 'models',
      'Build.Repository.ID': 'repo-1',
      'System.PullRequest.PullRequestId': '12',
      'System.AccessToken': 'azure-token',
      'Agent.TempDirectory': temp,
    }
    const r = await runAzureTask('ValidateDataV1', { ...inputs, evidenceDir: join(temp, 'ev') }, { variables })
    expect(r.result, r.stdout).toBe('Succeeded')
    const warnings = r.issues.filter((i) => i.properties.type === 'warning' && i.data.startsWith('mlgate could not publish')).map((i) => i.data)
    expect(warnings).toEqual([
      `mlgate could not publish the PR status: could not reach 127.0.0.1:${port}: ECONNREFUSED.`,
      `mlgate could not publish the PR comment: could not reach 127.0.0.1:${port}: ECONNREFUSED.`,
    ])
    expect(r.stdout).not.toMatch(/Contribute to pull requests/)
  })
})
