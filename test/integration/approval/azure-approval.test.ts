import { afterAll, expect, it } from 'vitest'
import { runAzureTask } from '../harness/azure.ts'
import { fakeAzure } from '../harness/fake-azure.ts'

const fake = fakeAzure()
afterAll(() => fake.server.stop())
const PR = '/acme/models/_apis/git/repositories/repo-1/pullRequests/12'

it('pr-vote: counts approving votes of authorized reviewers and groups, excludes the PR author, posts mlgate/approval', async () => {
  fake.server.on('GET', PR, (req) => (req.query.get('api-version') ? { body: { pullRequestId: 12, createdBy: { uniqueName: 'alice@acme.com' } } } : fake.server.reject('PR: api-version missing')))
  fake.server.on('GET', `${PR}/reviewers`, () => ({
    body: {
      count: 4,
      value: [
        { id: 'u1', uniqueName: 'alice@acme.com', displayName: 'Alice', vote: 10 },
        { id: 'u2', uniqueName: 'bob@acme.com', displayName: 'Bob', vote: 5 },
        { id: 'g1', uniqueName: 'vstfs:///Classification/TeamProject/x\\ML Leads', displayName: '[models]\\ML Leads', vote: 10, isContainer: true, isRequired: true },
        { id: 'u3', uniqueName: 'eve@acme.com', displayName: 'Eve', vote: -5 },
      ],
    },
  }))
  await fake.server.start()
  const variables = {
    'System.CollectionUri': fake.collection(),
    'System.TeamProject': 'models',
    'Build.Repository.ID': 'repo-1',
    'System.PullRequest.PullRequestId': '12',
    'System.AccessToken': 'azure-token',
  }
  const r = await runAzureTask(
    'RequireApprovalV1',
    { mode: 'pr-vote', approvers: 'alice@acme.com,bob@acme.com,[models]\\ML Leads', minimumApprovals: '2', subject: 'package.json', status: 'false', comment: 'false' },
    { variables },
  )
  expect(r.result, r.stdout).toBe('Succeeded')
  expect(r.outputs.approvalStatus).toBe('approved')
  expect(r.outputs.approvers).toBe('bob@acme.com,[models]\\ML Leads')
  expect(fake.server.problems).toEqual([])
  expect(fake.state.statuses.at(-1)).toMatchObject({ state: 'succeeded', context: { genre: 'mlgate', name: 'approval' } })
})

it('pr-comment on Azure Repos: the request is a PR thread, an authorized reply approves, the thread is resolved', async () => {
  const threads = fakeAzure()
  const state = threads.state
  threads.server.on('POST', '/acme/models/_apis/git/repositories/repo-1/pullRequests/12/threads/:id/comments', (req, p) => {
    const t = state.threads.find((x) => x.id === Number(p.id))!
    t.comments.push({ id: t.comments.length + 1, content: (req.body as { content: string }).content, author: { uniqueName: 'build' } })
    return { body: {} }
  })
  threads.server.on('PATCH', '/acme/models/_apis/git/repositories/repo-1/pullRequests/12/threads/:id', (req, p) => {
    Object.assign(
      state.threads.find((x) => x.id === Number(p.id))!,
      req.body as object,
    )
    return { body: {} }
  })
  await threads.server.start()
  // a reviewer answers in the request thread once it exists
  const answer = setInterval(() => {
    const t = state.threads[0]
    if (t && t.comments.length === 1) t.comments.push({ id: 2, content: 'LGTM', author: { uniqueName: 'bob@acme.com' }, publishedDate: new Date().toISOString() } as never)
  }, 20)
  const variables = {
    'System.CollectionUri': threads.collection(),
    'System.TeamProject': 'models',
    'Build.Repository.ID': 'repo-1',
    'System.PullRequest.PullRequestId': '12',
    'System.AccessToken': 'azure-token',
  }
  const r = await runAzureTask(
    'RequireApprovalV1',
    { mode: 'pr-comment', approvers: 'bob@acme.com', subject: 'package.json', pollIntervalSeconds: '0.05', timeoutMinutes: '0.05', status: 'false', comment: 'false' },
    { variables },
  )
  clearInterval(answer)
  await threads.server.stop()
  expect(r.outputs.approvalStatus, r.stdout).toBe('approved')
  expect(r.outputs.approvers).toBe('bob@acme.com')
  expect(state.threads[0].comments[0].content).toMatch(/^### Approval needed/)
  expect(state.threads[0].comments.at(-1)!.content).toMatch(/^✅ Approved by @bob@acme.com/)
  expect(state.threads[0].status).toBe(2)
  expect(threads.server.problems).toEqual([])
})
