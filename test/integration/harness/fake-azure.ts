import { checkBody, FakeServer } from './fake-server.ts'

const loc = (id: string, area: string, resourceName: string, routeTemplate: string, version: string) => ({
  id,
  area,
  resourceName,
  routeTemplate,
  resourceVersion: 1,
  minVersion: '1.0',
  maxVersion: version,
  releasedVersion: version,
})

/** Resource locations the real service returns from OPTIONS _apis/<area>; azure-devops-node-api routes requests by them. */
export const AZURE_LOCATIONS = {
  Location: [loc('e81700f7-3be2-46de-8624-2eb35882fcaa', 'Location', 'ResourceAreas', '_apis/{resource}/{areaId}', '7.1')],
  git: [
    loc('b5f6bb4f-8d1e-4d79-8d11-4c9172c99c35', 'git', 'pullRequestStatuses', '{project}/_apis/{area}/repositories/{repositoryId}/pullRequests/{pullRequestId}/statuses/{statusId}', '7.1'),
    loc('ab6e2e5d-a0b7-4153-b64a-a4efe0d49449', 'git', 'pullRequestThreads', '{project}/_apis/{area}/repositories/{repositoryId}/pullRequests/{pullRequestId}/threads/{threadId}', '7.1'),
    loc(
      '965a3ec7-5ed8-455a-bdcb-835a5ea7fe7b',
      'git',
      'pullRequestThreadComments',
      '{project}/_apis/{area}/repositories/{repositoryId}/pullRequests/{pullRequestId}/threads/{threadId}/comments/{commentId}',
      '7.1',
    ),
    loc('4b6702c7-aa35-4b89-9c96-b9abf6d3e540', 'git', 'pullRequestReviewers', '{project}/_apis/{area}/repositories/{repositoryId}/pullRequests/{pullRequestId}/reviewers/{reviewerId}', '7.1'),
    loc('01a46dea-7d46-4d40-bc84-319e7c260d99', 'git', 'pullRequests', '{project}/_apis/{area}/pullRequests/{pullRequestId}', '7.1'),
    loc('9946fd70-0d40-406e-b686-b4744cbbcc37', 'git', 'pullRequests', '{project}/_apis/{area}/repositories/{repositoryId}/pullRequests/{pullRequestId}', '7.1'),
  ],
}

export interface AzureState {
  statuses: { repo: string; pr: number; state: string; description: string; context: { genre?: string; name: string } }[]
  threads: { id: number; repo: string; pr: number; status?: number; comments: { id: number; content: string; author: { uniqueName: string } }[] }[]
  /** When set, writes answer this HTTP status (e.g. 403 without 'Contribute to pull requests'). */
  writeStatus?: number
}

/** A loopback Azure DevOps Services REST API (collection path /acme) for PR statuses and threads, checking shapes. */
export function fakeAzure(overrides: Partial<AzureState> = {}): { server: FakeServer; state: AzureState; collection: () => string } {
  const state: AzureState = { statuses: [], threads: [], ...overrides }
  const server = new FakeServer()
  let nextId = 1
  for (const [area, value] of Object.entries(AZURE_LOCATIONS)) server.on('OPTIONS', `/acme/_apis/${area}`, () => ({ body: { count: value.length, value } }))
  // on-premises style answer: use the collection URL for every area
  server.on('GET', '/acme/_apis/ResourceAreas', () => ({ body: { count: 0, value: null } }))
  const authed = (h: Record<string, unknown>) => typeof h.authorization === 'string' && /^(bearer|basic) \S+/i.test(h.authorization)
  const guard = (h: Record<string, unknown>) => {
    if (!authed(h)) return { status: 401, body: { message: 'TF400813: The user is not authorized to access this resource.' } }
    if (state.writeStatus) return { status: state.writeStatus, body: { message: 'TF401027: You need the Git Contribute to pull requests permission.' } }
    return undefined
  }

  server.on('POST', '/acme/:project/_apis/git/repositories/:repo/pullRequests/:pr/statuses', (req, p) => {
    const denied = guard(req.headers)
    if (denied) return denied
    // the REST API takes api-version in the query or, as azure-devops-node-api sends it, in the Accept header
    if (!req.query.get('api-version') && !/api-version=/.test(String(req.headers.accept))) return server.reject('statuses: api-version missing')
    const problem = checkBody(req.body, ['state', 'context'], ['description', 'targetUrl', 'iterationId', 'properties'])
    if (problem) return server.reject(`statuses: ${problem}`)
    const b = req.body as AzureState['statuses'][number]
    if (!['notSet', 'pending', 'succeeded', 'failed', 'error', 'notApplicable', 0, 1, 2, 3, 4, 5].includes(b.state as never)) return server.reject(`statuses: invalid state ${String(b.state)}`)
    if (!b.context?.name) return server.reject('statuses: context.name is required')
    state.statuses.push({ ...b, repo: p.repo, pr: Number(p.pr) })
    return { status: 200, body: { id: nextId++, ...b } }
  })

  server.on('GET', '/acme/:project/_apis/git/repositories/:repo/pullRequests/:pr/threads', (req, p) => {
    if (!authed(req.headers)) return { status: 401, body: {} }
    const value = state.threads.filter((t) => t.repo === p.repo && t.pr === Number(p.pr))
    return { body: { count: value.length, value } }
  })

  server.on('POST', '/acme/:project/_apis/git/repositories/:repo/pullRequests/:pr/threads', (req, p) => {
    const denied = guard(req.headers)
    if (denied) return denied
    const problem = checkBody(req.body, ['comments'], ['status', 'properties', 'threadContext'])
    if (problem) return server.reject(`threads: ${problem}`)
    const b = req.body as { comments: { content: string }[]; status?: number }
    if (!Array.isArray(b.comments) || !b.comments[0]?.content) return server.reject('threads: comments[0].content is required')
    const thread = {
      id: nextId++,
      repo: p.repo,
      pr: Number(p.pr),
      status: b.status,
      comments: b.comments.map((c) => ({ id: nextId++, content: c.content, author: { uniqueName: 'Project Collection Build Service' } })),
    }
    state.threads.push(thread)
    return { body: thread }
  })

  server.on('PATCH', '/acme/:project/_apis/git/repositories/:repo/pullRequests/:pr/threads/:thread/comments/:comment', (req, p) => {
    const denied = guard(req.headers)
    if (denied) return denied
    const problem = checkBody(req.body, ['content'], ['parentCommentId', 'commentType'])
    if (problem) return server.reject(`comments: ${problem}`)
    const comment = state.threads.find((t) => t.id === Number(p.thread))?.comments.find((c) => c.id === Number(p.comment))
    if (!comment) return { status: 404, body: { message: 'not found' } }
    comment.content = (req.body as { content: string }).content
    return { body: comment }
  })

  return { server, state, collection: () => `${server.url}/acme/` }
}
