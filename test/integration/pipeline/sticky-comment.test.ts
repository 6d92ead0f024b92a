import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAzureTask } from '../harness/azure.ts'
import { fakeAzure } from '../harness/fake-azure.ts'
import { fakeGithub } from '../harness/fake-github.ts'
import { eventPayload, runGithubAction } from '../harness/github.ts'
import { ROOT } from '../harness/node.ts'

const data = join(ROOT, 'test/fixtures/foundation')
const schema = join(data, 'schema.yaml')

/** The pull_request event of a push to PR #7 with this head commit. */
function pushTo(head: string): Record<string, unknown> {
  const e = eventPayload('pull_request') as { pull_request: { head: { sha: string } } }
  return { ...e, pull_request: { ...e.pull_request, head: { ...e.pull_request.head, sha: head } } }
}

describe('GitHub: one mlgate comment per pull request and workflow, updated by every run', () => {
  const gh = fakeGithub()
  let api = ''
  beforeAll(async () => {
    api = await gh.server.start()
  })
  afterAll(() => gh.server.stop())

  it('two pushes (runs 4242 and 4243) to PR #7: one comment, edited on the second run; another workflow gets its own', async () => {
    const run = (runId: string, head: string, file: string, workflow = 'ml-checks') =>
      runGithubAction(
        'validate-data',
        { data: join(data, file), schema },
        { event: 'pull_request', apiUrl: api, runnerTemp: mkdtempSync(join(tmpdir(), 'mlgate-push-')), eventPayload: pushTo(head), env: { GITHUB_RUN_ID: runId, GITHUB_WORKFLOW: workflow } },
      )
    const first = await run('4242', '1'.repeat(40), 'missing-column.csv')
    expect(first.exitCode, first.stdout).toBe(1)
    expect(gh.state.comments, first.stdout + first.stderr).toHaveLength(1)
    const id = gh.state.comments[0].id
    expect(gh.state.comments[0].body).toContain('FAIL')

    const second = await run('4243', '2'.repeat(40), 'good.csv')
    expect(second.exitCode, second.stdout).toBe(0)
    expect(gh.server.problems).toEqual([])
    expect(gh.state.comments).toHaveLength(1)
    expect(gh.state.comments[0].id).toBe(id)
    expect(gh.server.find('PATCH', `/repos/acme/models/issues/comments/${id}`)).toHaveLength(1)
    // the comment shows the latest run only, linked to it
    expect(gh.state.comments[0].body).toContain('mlgate: PASS')
    expect(gh.state.comments[0].body).toContain('/actions/runs/4243')
    expect(gh.state.comments[0].body).not.toContain('/actions/runs/4242')

    const other = await run('5000', '2'.repeat(40), 'good.csv', 'nightly-data')
    expect(other.exitCode).toBe(0)
    expect(gh.state.comments).toHaveLength(2)
  })
})

describe('Azure DevOps: one mlgate PR thread per pull request and pipeline, updated by every build', () => {
  const fake = fakeAzure()
  afterAll(() => fake.server.stop())

  it('two builds (101 and 102) of one pipeline for PR 12: one thread whose comment the second build edits', async () => {
    await fake.server.start()
    const build = (buildId: string, file: string) => {
      const temp = mkdtempSync(join(tmpdir(), 'mlgate-azpush-'))
      const variables = {
        'System.CollectionUri': fake.collection(),
        'System.TeamProject': 'models',
        'Build.Repository.ID': 'repo-1',
        'Build.BuildId': buildId,
        'System.PullRequest.PullRequestId': '12',
        'System.PullRequest.SourceCommitId': 'c'.repeat(40),
        'System.AccessToken': 'azure-token',
        'Agent.TempDirectory': temp,
      }
      return runAzureTask('ValidateDataV1', { data: join(data, file), schema, evidenceDir: join(temp, 'ev') }, { variables })
    }
    const first = await build('101', 'missing-column.csv')
    expect(first.result, first.stdout).toBe('Failed')
    expect(fake.state.threads).toHaveLength(1)
    const second = await build('102', 'good.csv')
    expect(second.result, second.stdout).toBe('Succeeded')
    expect(fake.server.problems).toEqual([])
    expect(fake.server.unexpected.map((r) => `${r.method} ${r.path}`)).toEqual([])
    expect(fake.state.threads).toHaveLength(1)
    expect(fake.server.find('PATCH', /\/threads\/\d+\/comments\/\d+$/)).toHaveLength(1)
    expect(fake.state.threads[0].comments[0].content).toContain('mlgate: PASS')
    expect(fake.state.threads[0].comments[0].content).toContain('buildId=102')
  })
})
