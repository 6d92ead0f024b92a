import { checkBody, FakeServer } from './fake-server.ts'

export interface GithubState {
  comments: { id: number; issue: number; body: string; user: { login: string; type: string }; created_at: string; updated_at: string }[]
  statuses: { sha: string; state: string; context: string; description?: string; target_url?: string }[]
  checkRuns: { id: number; name: string; head_sha: string; conclusion?: string; output?: unknown }[]
  /** When false, POST check-runs answers 403 as GitHub does for tokens without `checks: write`. */
  checksAllowed: boolean
  /** When set, every write answers this status (e.g. 403 for a fork PR's read-only token). */
  writeStatus?: number
}

const STATES = ['error', 'failure', 'pending', 'success']

/** A loopback GitHub REST API with the endpoints mlgate uses to publish results, checking request shapes. */
export function fakeGithub(overrides: Partial<GithubState> = {}): { server: FakeServer; state: GithubState } {
  const state: GithubState = { comments: [], statuses: [], checkRuns: [], checksAllowed: false, ...overrides }
  const server = new FakeServer()
  let nextId = 1000
  const denied = () => (state.writeStatus ? { status: state.writeStatus, body: { message: 'Resource not accessible by integration' } } : undefined)
  const authed = (h: Record<string, unknown>) => typeof h.authorization === 'string' && /^(token|bearer) \S+/i.test(h.authorization)

  server.on('POST', '/repos/:owner/:repo/statuses/:sha', (req, p) => {
    if (!authed(req.headers)) return { status: 401, body: { message: 'Requires authentication' } }
    const denial = denied()
    if (denial) return denial
    const problem = checkBody(req.body, ['state'], ['target_url', 'description', 'context'])
    if (problem) return server.reject(`statuses: ${problem}`)
    const b = req.body as GithubState['statuses'][number]
    if (!STATES.includes(b.state)) return server.reject(`statuses: invalid state '${b.state}'`)
    if ((b.description ?? '').length > 140) return server.reject('statuses: description is longer than 140 characters')
    if (!/^[0-9a-f]{40}$/.test(p.sha)) return server.reject(`statuses: '${p.sha}' is not a commit SHA`)
    state.statuses.push({ ...b, sha: p.sha })
    return { status: 201, body: { id: nextId++, ...b } }
  })

  server.on('POST', '/repos/:owner/:repo/check-runs', (req) => {
    if (!state.checksAllowed) return { status: 403, body: { message: 'Resource not accessible by integration' } }
    const problem = checkBody(req.body, ['name', 'head_sha'], ['status', 'conclusion', 'details_url', 'output', 'started_at', 'completed_at', 'external_id', 'actions'])
    if (problem) return server.reject(`check-runs: ${problem}`)
    const b = req.body as { name: string; head_sha: string; conclusion?: string; output?: { annotations?: unknown[]; summary?: string } }
    if ((b.output?.annotations?.length ?? 0) > 50) return server.reject('check-runs: more than 50 annotations in one request')
    if ((b.output?.summary?.length ?? 0) > 65535) return server.reject('check-runs: output.summary longer than 65535')
    const run = { id: nextId++, name: b.name, head_sha: b.head_sha, conclusion: b.conclusion, output: b.output }
    state.checkRuns.push(run)
    return { status: 201, body: run }
  })

  server.on('PATCH', '/repos/:owner/:repo/check-runs/:id', (req, p) => {
    const run = state.checkRuns.find((r) => r.id === Number(p.id))
    if (!run) return { status: 404, body: { message: 'Not Found' } }
    const b = req.body as { output?: { annotations?: unknown[] } }
    if ((b.output?.annotations?.length ?? 0) > 50) return server.reject('check-runs: more than 50 annotations in one request')
    return { status: 200, body: run }
  })

  server.on('GET', '/repos/:owner/:repo/issues/:issue/comments', (_req, p) => ({
    body: state.comments.filter((c) => c.issue === Number(p.issue)),
  }))

  server.on('POST', '/repos/:owner/:repo/issues/:issue/comments', (req, p) => {
    const denial = denied()
    if (denial) return denial
    const problem = checkBody(req.body, ['body'], [])
    if (problem) return server.reject(`comments: ${problem}`)
    const body = (req.body as { body: string }).body
    if (body.length > 65536) return server.reject('comments: body is too long (maximum is 65536 characters)')
    const now = new Date().toISOString()
    const c = { id: nextId++, issue: Number(p.issue), body, user: { login: 'github-actions[bot]', type: 'Bot' }, created_at: now, updated_at: now }
    state.comments.push(c)
    return { status: 201, body: c }
  })

  server.on('PATCH', '/repos/:owner/:repo/issues/comments/:id', (req, p) => {
    const denial = denied()
    if (denial) return denial
    const problem = checkBody(req.body, ['body'], [])
    if (problem) return server.reject(`comments: ${problem}`)
    const c = state.comments.find((x) => x.id === Number(p.id))
    if (!c) return { status: 404, body: { message: 'Not Found' } }
    c.body = (req.body as { body: string }).body
    if (c.body.length > 65536) return server.reject('comments: body is too long (maximum is 65536 characters)')
    c.updated_at = new Date().toISOString()
    return { body: c }
  })

  return { server, state }
}
