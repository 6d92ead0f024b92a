import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { runAzureTask } from '../harness/azure.ts'
import { fakeAzure } from '../harness/fake-azure.ts'
import { ROOT } from '../harness/node.ts'

const fake = fakeAzure()
afterAll(() => fake.server.stop())
const data = join(ROOT, 'test/fixtures/foundation')

it('a PR build under the Azure harness: PR statuses with genre mlgate and one PR thread, created then updated', async () => {
  await fake.server.start()
  const temp = mkdtempSync(join(tmpdir(), 'mlgate-azjob-'))
  const variables = {
    'System.CollectionUri': fake.collection(),
    'System.TeamProject': 'models',
    'Build.Repository.ID': 'repo-1',
    'System.PullRequest.PullRequestId': '12',
    'System.PullRequest.SourceCommitId': 'c'.repeat(40),
    'System.AccessToken': 'azure-token',
    'Agent.TempDirectory': temp,
  }
  const first = await runAzureTask('ValidateDataV1', { data: join(data, 'good.csv'), schema: join(data, 'schema.yaml'), evidenceDir: join(temp, 'ev') }, { variables })
  expect(first.result, first.stdout).toBe('Succeeded')
  const second = await runAzureTask(
    'DetectDriftV1',
    { reference: join(ROOT, 'examples/data/reference.csv'), current: join(ROOT, 'examples/data/current.csv'), exclude: 'transaction_id', evidenceDir: join(temp, 'ev') },
    { variables },
  )
  expect(second.result).toBe('Failed')
  expect(fake.server.problems).toEqual([])
  expect(fake.server.unexpected.map((r) => `${r.method} ${r.path}`)).toEqual([])
  // azure-devops-node-api sends GitStatusState as numbers: 2 succeeded, 3 failed
  expect(fake.state.statuses.map((s) => [s.context.genre, s.context.name, s.state])).toEqual([
    ['mlgate', 'validate-data', 2],
    ['mlgate', 'detect-drift', 3],
  ])
  expect(fake.state.threads).toHaveLength(1)
  const body = fake.state.threads[0].comments[0].content
  expect(body).toContain('Validate data')
  expect(body).toContain('Detect drift')
})
