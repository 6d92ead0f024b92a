import { checkBody, FakeServer } from './fake-server.ts'

export interface GithubState {
  comments: { id: number; issue: number; body: string; user: { login: string; type: string }; created_at: string; updated_at: string }[]
  statuses: { sha: string; state: string; context: string; description?: string; target_url?: string }[]
  checkRuns: { id: number; name: string; head_sha: string; conclusion?: string; output?: unknown }[]
  /** When false, POST check-runs answers 403 as GitHub does for tokens without `checks: write`. */
  checksAllowed: boolean
  /** When set, every write answers this status (e.g. 403 for a fork PR's read-only token). */
  writeStatus?: number
  /** Workflows that take workflow_dispatch, by file name: the inputs they declare and their run-name template. */
  workflows: Record<string, { inputs: string[]; runName?: string }>
  /** When true, dispatches refuse the key return_run_details as GitHub Enterprise Servers before it do (422). */
  legacyDispatch?: boolean
  /** Runs of those workflows; a test moves them along (status, conclusion). */
  workflowRuns: WorkflowRun[]
  issues: Issue[]
  /** Artifacts of workflow runs (earlier runs' files a task reads back), with their zip archive. */
  artifacts: { id: number; runId: number; name: string; zip: Buffer; expired?: boolean }[]
}

export interface WorkflowRun {
  id: number
  workflow: string
  display_title: string
  event: string
  status: 'queued' | 'in_progress' | 'completed' | 'waiting'
  conclusion: string | null
  head_branch: string
  created_at: string
  html_url: string
  inputs: Record<string, string>
}

export interface Issue {
  number: number
  title: string
  body: string
  labels: string[]
  state: 'open' | 'closed'
  state_reason?: string | null
  html_url: string
}

const STATES = ['error', 'failure', 'pending', 'success']

/** A loopback GitHub REST API with the endpoints mlgate uses to publish results, checking request shapes. */
export function fakeGithub(overrides: Partial<GithubState> = {}): { server: FakeServer; state: GithubState } {
  const state: GithubState = { comments: [], statuses: [], checkRuns: [], checksAllowed: false, workflows: {}, workflowRuns: [], issues: [], artifacts: [], ...overrides }
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

  monitorRoutes(server, state, { denied, authed, nextId: () => nextId++ })
  return { server, state }
}

/** The run-name template with the dispatch's inputs filled in, as GitHub renders display_title. */
function renderRunName(template: string, inputs: Record<string, string>): string {
  return template.replace(/\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g, (_, k: string) => inputs[k] ?? '')
}

interface RouteHelpers {
  denied: () => { status: number; body: unknown } | undefined
  authed: (h: Record<string, unknown>) => boolean
  nextId: () => number
}

/** workflow_dispatch, workflow runs and issues: what the monitor task's retrain and escalation use. */
function monitorRoutes(server: FakeServer, state: GithubState, h: RouteHelpers): void {
  const unauthorized = { status: 401, body: { message: 'Requires authentication' } }
  server.on('POST', '/repos/:owner/:repo/actions/workflows/:workflow/dispatches', (req, p) => {
    if (!h.authed(req.headers)) return unauthorized
    const denial = h.denied()
    if (denial) return denial
    const wf = state.workflows[p.workflow]
    if (!wf) return { status: 404, body: { message: 'Not Found' } }
    if (state.legacyDispatch && typeof req.body === 'object' && req.body !== null && 'return_run_details' in req.body)
      return { status: 422, body: { message: 'Invalid request.\n\nreturn_run_details is not a permitted key.' } }
    const problem = checkBody(req.body, ['ref'], ['inputs', 'return_run_details'])
    if (problem) return server.reject(`dispatches: ${problem}`)
    const b = req.body as { ref: string; inputs?: Record<string, unknown>; return_run_details?: boolean }
    const inputs = b.inputs ?? {}
    const unexpected = Object.keys(inputs).filter((k) => !wf.inputs.includes(k))
    if (unexpected.length) return server.reject(`dispatches: Unexpected inputs provided: ${JSON.stringify(unexpected)}`)
    if (Object.values(inputs).some((v) => typeof v !== 'string')) return server.reject('dispatches: inputs must be strings')
    if (Object.keys(inputs).length > 25) return server.reject('dispatches: more than 25 inputs')
    const id = h.nextId()
    const html_url = `https://github.com/${p.owner}/${p.repo}/actions/runs/${id}`
    const strings = inputs as Record<string, string>
    state.workflowRuns.push({
      id,
      workflow: p.workflow,
      display_title: renderRunName(wf.runName ?? p.workflow, strings),
      event: 'workflow_dispatch',
      status: 'queued',
      conclusion: null,
      head_branch: b.ref.replace(/^refs\/heads\//, ''),
      created_at: new Date().toISOString(),
      html_url,
      inputs: strings,
    })
    return b.return_run_details ? { status: 200, body: { workflow_run_id: id, run_url: `${server.url}/repos/${p.owner}/${p.repo}/actions/runs/${id}`, html_url } } : { status: 204 }
  })

  server.on('GET', '/repos/:owner/:repo/actions/workflows/:workflow/runs', (req, p) => {
    if (!h.authed(req.headers)) return unauthorized
    const q = req.query
    const runs = state.workflowRuns
      .filter((r) => r.workflow === p.workflow)
      .filter((r) => (!q.get('event') || r.event === q.get('event')) && (!q.get('status') || r.status === q.get('status') || r.conclusion === q.get('status')))
      .filter((r) => !q.get('branch') || r.head_branch === q.get('branch'))
      .sort((a, b) => b.id - a.id)
    const perPage = Number(q.get('per_page') ?? 30)
    if (perPage > 100) return server.reject('workflow runs: per_page above 100')
    return { body: { total_count: runs.length, workflow_runs: runs.slice(0, perPage) } }
  })

  server.on('GET', '/repos/:owner/:repo', () => ({ body: { default_branch: 'main' } }))
  server.on('GET', '/repos/:owner/:repo/actions/runs/:run/artifacts', (req, p) => {
    if (!h.authed(req.headers)) return unauthorized
    const name = req.query.get('name')
    const artifacts = state.artifacts.filter((a) => a.runId === Number(p.run) && (!name || a.name === name)).map((a) => ({ id: a.id, name: a.name, expired: a.expired ?? false }))
    return { body: { total_count: artifacts.length, artifacts } }
  })
  server.on('GET', '/repos/:owner/:repo/actions/artifacts/:id/zip', (req, p) => {
    if (!h.authed(req.headers)) return unauthorized
    const a = state.artifacts.find((x) => x.id === Number(p.id))
    return a ? { body: a.zip } : { status: 404, body: { message: 'Not Found' } }
  })

  server.on('GET', '/repos/:owner/:repo/issues', (req) => {
    if (!h.authed(req.headers)) return unauthorized
    const want = (req.query.get('state') ?? 'open') as string
    const labels = (req.query.get('labels') ?? '').split(',').filter(Boolean)
    const list = state.issues.filter((i) => (want === 'all' || i.state === want) && labels.every((l) => i.labels.includes(l)))
    return { body: list.map((i) => ({ ...i, labels: i.labels.map((name) => ({ name })) })) }
  })

  server.on('POST', '/repos/:owner/:repo/issues', (req, p) => {
    if (!h.authed(req.headers)) return unauthorized
    const denial = h.denied()
    if (denial) return denial
    const problem = checkBody(req.body, ['title'], ['body', 'assignees', 'labels', 'milestone'])
    if (problem) return server.reject(`create issue: ${problem}`)
    const b = req.body as { title: string; body?: string; labels?: string[] }
    if ((b.body ?? '').length > 65536) return server.reject('create issue: body is too long (maximum is 65536 characters)')
    const number = state.issues.length + 1
    const issue: Issue = { number, title: b.title, body: b.body ?? '', labels: b.labels ?? [], state: 'open', html_url: `https://github.com/${p.owner}/${p.repo}/issues/${number}` }
    state.issues.push(issue)
    return { status: 201, body: issue }
  })

  server.on('PATCH', '/repos/:owner/:repo/issues/:issue', (req, p) => {
    if (!h.authed(req.headers)) return unauthorized
    const denial = h.denied()
    if (denial) return denial
    const problem = checkBody(req.body, [], ['title', 'body', 'state', 'state_reason', 'labels', 'assignees', 'milestone'])
    if (problem) return server.reject(`update issue: ${problem}`)
    const issue = state.issues.find((i) => i.number === Number(p.issue))
    if (!issue) return { status: 404, body: { message: 'Not Found' } }
    const b = req.body as Partial<Issue>
    if (b.state && b.state !== 'open' && b.state !== 'closed') return server.reject(`update issue: invalid state '${String(b.state)}'`)
    if (b.state_reason && !['completed', 'not_planned', 'reopened'].includes(b.state_reason)) return server.reject(`update issue: invalid state_reason '${b.state_reason}'`)
    Object.assign(issue, b)
    return { body: issue }
  })
}
