import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkBody, FakeServer } from '../harness/fake-server.ts'
import { HEAD_SHA, runGithubAction } from '../harness/github.ts'

interface Scripted {
  login: string
  type?: string
  body: string
  /** Shown from this poll on (1 = first poll); 0 = made before the request. */
  fromPoll: number
  editTo?: string
}

/** A GitHub API that plays a scripted conversation on the approval issue. */
function scriptedGithub(script: Scripted[], o: { teams?: Record<string, string[]>; failFirst?: number; forbidIssues?: boolean; rateLimitFirst?: number; onPoll?: (n: number) => void } = {}) {
  const server = new FakeServer()
  let polls = 0
  let failures = o.failFirst ?? 0
  let limited = o.rateLimitFirst ?? 0
  const issue = { number: 77, state: 'open', state_reason: null as string | null, closedWith: '' }
  const posted: string[] = []
  const start = Date.now()
  server.on('POST', '/repos/acme/models/issues', (req) => {
    if (o.forbidIssues) return { status: 403, body: { message: 'Resource not accessible by integration' } }
    const problem = checkBody(req.body, ['title'], ['body', 'assignees', 'labels', 'milestone'])
    if (problem) return server.reject(`create issue: ${problem}`)
    return { status: 201, body: { number: 77, html_url: 'https://github.com/acme/models/issues/77' } }
  })
  server.on('GET', '/repos/acme/models/issues/77/comments', () => {
    if (failures-- > 0) return { status: 502, body: { message: 'Bad gateway' } }
    if (limited-- > 0) return { status: 429, headers: { 'retry-after': '0.05' }, body: { message: 'API rate limit exceeded' } }
    polls++
    o.onPoll?.(polls)
    const visible = script.filter((s) => s.fromPoll <= polls)
    return {
      body: visible.map((s, i) => ({
        id: 500 + i,
        body: s.editTo && polls > s.fromPoll ? s.editTo : s.body,
        user: { login: s.login, type: s.type ?? 'User' },
        created_at: new Date(s.fromPoll === 0 ? start - 3_600_000 : Date.now()).toISOString(),
        html_url: `https://github.com/acme/models/issues/77#issuecomment-${500 + i}`,
      })),
    }
  })
  server.on('POST', '/repos/acme/models/issues/77/comments', (req) => {
    const problem = checkBody(req.body, ['body'], [])
    if (problem) return server.reject(`comment: ${problem}`)
    posted.push((req.body as { body: string }).body)
    return { status: 201, body: { id: 900 } }
  })
  server.on('PATCH', '/repos/acme/models/issues/77', (req) => {
    const problem = checkBody(req.body, [], ['state', 'state_reason', 'title', 'body'])
    if (problem) return server.reject(`update issue: ${problem}`)
    Object.assign(issue, req.body)
    return { body: issue }
  })
  server.on('GET', '/orgs/acme/teams/:team/members', (_req, p) => ({ body: (o.teams?.[p.team] ?? []).map((login) => ({ login })) }))
  return { server, issue, posted, polls: () => polls }
}

const servers: FakeServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop()
})

async function approve(
  script: Scripted[],
  inputs: Record<string, string> = {},
  o: Parameters<typeof scriptedGithub>[1] = {},
  run: { event?: 'pull_request'; onSpawn?: (c: import('node:child_process').ChildProcess) => void; dir?: string } = {},
) {
  const fake = scriptedGithub(script, o)
  servers.push(fake.server)
  const api = await fake.server.start()
  const dir = run.dir ?? mkdtempSync(join(tmpdir(), 'mlgate-appr-'))
  writeFileSync(join(dir, 'model.bin'), 'weights')
  const r = await runGithubAction(
    'require-approval',
    {
      approvers: 'carol,acme/ml-leads',
      mode: 'issue',
      subject: 'model.bin',
      'poll-interval-seconds': '0.05',
      'timeout-minutes': '0.02',
      'decision-path': join(dir, 'decision.json'),
      status: 'false',
      comment: 'false',
      ...inputs,
    },
    { apiUrl: api, cwd: dir, env: { MLGATE_RETRY_BASE_MS: '5' }, event: run.event, onSpawn: run.onSpawn },
  )
  const decision = (() => {
    try {
      return JSON.parse(readFileSync(join(dir, 'decision.json'), 'utf8'))
    } catch {
      return undefined
    }
  })()
  return { r, fake, decision, dir }
}

describe('require-approval on GitHub (issue mode, loopback API)', () => {
  it('approves after a few polls; the issue gets a closing comment and is closed; outputs and record name the approver', async () => {
    const { r, fake, decision } = await approve([{ login: 'carol', body: 'LGTM, metrics look right', fromPoll: 3 }])
    expect(r.exitCode, r.stdout).toBe(0)
    expect(r.outputs['approval-status']).toBe('approved')
    expect(r.outputs.approvers).toBe('carol')
    expect(r.outputs['request-url']).toBe('https://github.com/acme/models/issues/77')
    expect(fake.polls()).toBe(3)
    expect(fake.posted.at(-1)).toMatch(/^✅ Approved by @carol\./)
    expect(fake.issue).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(decision.approvals[0]).toMatchObject({ who: 'carol', decision: 'approve', url: expect.stringContaining('issuecomment-500') })
    expect(decision.subject[0]).toEqual({ name: 'model.bin', digest: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } })
    expect(fake.server.problems).toEqual([])
  })

  it('ignores a comment made before the request, a bot, the initiator and an unauthorized user; resolves team membership', async () => {
    const { r, decision } = await approve(
      [
        { login: 'carol', body: 'approve', fromPoll: 0 },
        { login: 'mlgate-bot[bot]', type: 'Bot', body: 'approved', fromPoll: 1 },
        { login: 'alice', body: 'approve', fromPoll: 1 },
        { login: 'mallory', body: 'yes', fromPoll: 1 },
        { login: 'dave', body: 'Approved.', fromPoll: 2 },
      ],
      { approvers: 'carol,alice,acme/ml-leads' },
      { teams: { 'ml-leads': ['dave'] } },
    )
    expect(r.outputs['approval-status']).toBe('approved')
    expect(r.outputs.approvers).toBe('dave')
    expect(decision.ignored.map((i: { who: string; reason: string }) => `${i.who}: ${i.reason}`).sort()).toEqual([
      'alice: the initiator of the run',
      'carol: made before the request',
      'mallory: not an authorized approver',
      'mlgate-bot[bot]: a bot',
    ])
  })

  it('any authorized deny → denied (exit 1); an edited comment keeps its counted decision', async () => {
    const { r, fake } = await approve([{ login: 'carol', body: 'deny — drift on amount', fromPoll: 1, editTo: 'approve' }])
    expect(r.exitCode).toBe(1)
    expect(r.outputs['approval-status']).toBe('denied')
    expect(fake.issue.state_reason).toBe('not_planned')
  })

  it('times out and says so; fail-on-timeout false turns it into a warning', async () => {
    const { r, fake } = await approve([{ login: 'carol', body: 'I will look tomorrow', fromPoll: 1 }], { 'fail-on-timeout': 'false' })
    expect(r.exitCode).toBe(0)
    expect(r.outputs.verdict).toBe('warn')
    expect(r.outputs['approval-status']).toBe('timed-out')
    expect(fake.posted.at(-1)).toMatch(/^⌛ Timed out/)
  })

  it('fail-on never: a timeout and a deny are warnings (exit 0); by default a timeout fails', async () => {
    const timedOut = await approve([], { 'fail-on': 'never' })
    expect(timedOut.r.exitCode, timedOut.r.stdout).toBe(0)
    expect(timedOut.r.outputs).toMatchObject({ verdict: 'warn', 'approval-status': 'timed-out' })
    const denied = await approve([{ login: 'carol', body: 'deny', fromPoll: 1 }], { 'fail-on': 'never' })
    expect(denied.r.exitCode).toBe(0)
    expect(denied.r.outputs).toMatchObject({ verdict: 'warn', 'approval-status': 'denied' })
    const strict = await approve([])
    expect(strict.r.exitCode).toBe(1)
    expect(strict.r.outputs['approval-status']).toBe('timed-out')
  })

  it('retries 5xx with backoff; a 403 names the missing permission', async () => {
    const ok = await approve([{ login: 'carol', body: 'approve', fromPoll: 1 }], {}, { failFirst: 2 })
    expect(ok.r.outputs['approval-status']).toBe('approved')
    const denied = await approve([], {}, { forbidIssues: true })
    expect(denied.r.exitCode).toBe(2)
    expect(denied.r.annotations.find((a) => a.command === 'error')?.message).toContain("needs 'issues: write'")
  })
})

describe('require-approval edge cases', () => {
  it('an approval given after the subject digests changed does not count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-appr-'))
    const { r, decision } = await approve([{ login: 'carol', body: 'approve', fromPoll: 3 }], {}, { onPoll: (n) => n === 2 && writeFileSync(join(dir, 'model.bin'), 'other weights') }, { dir })
    expect(r.outputs['approval-status']).toBe('timed-out')
    expect(decision.subjectChanged).toBe(true)
    expect(decision.ignored[0]).toMatchObject({ who: 'carol', reason: 'given after the subject digests changed' })
  })

  it('429 is retried after Retry-After', async () => {
    const { r } = await approve([{ login: 'carol', body: 'approve', fromPoll: 1 }], {}, { rateLimitFirst: 2 })
    expect(r.outputs['approval-status']).toBe('approved')
  })

  it('pr-comment mode asks in the pull request itself, without an issue', async () => {
    const server = new FakeServer()
    servers.push(server)
    const posted: string[] = []
    server.on('POST', '/repos/acme/models/issues/7/comments', (req) => {
      posted.push((req.body as { body: string }).body)
      return { status: 201, body: { id: 1, html_url: 'https://github.com/acme/models/pull/7#issuecomment-1' } }
    })
    server.on('GET', '/repos/acme/models/issues/7/comments', () => ({
      body: [{ id: 2, body: 'Approved', user: { login: 'carol', type: 'User' }, created_at: new Date(Date.now() + 1000).toISOString() }],
    }))
    const api = await server.start()
    const r = await runGithubAction(
      'require-approval',
      {
        approvers: 'carol',
        mode: 'pr-comment',
        subject: 'package.json',
        'poll-interval-seconds': '0.05',
        status: 'false',
        comment: 'false',
        'decision-path': join(mkdtempSync(join(tmpdir(), 'mlgate-')), 'd.json'),
      },
      { apiUrl: api, event: 'pull_request' },
    )
    expect(r.outputs['approval-status']).toBe('approved')
    expect(r.outputs['request-url']).toBe('https://github.com/acme/models/pull/7#issuecomment-1')
    expect(server.find('POST', '/repos/acme/models/issues')).toHaveLength(0)
    expect(posted[0]).toMatch(/^### Approval needed/)
    expect(posted[1]).toMatch(/^✅ Approved by @carol/)
  })

  it('SIGTERM (a cancelled run) closes the request with a comment that says so', async () => {
    const { r, fake } = await approve([], { 'timeout-minutes': '5' }, {}, { onSpawn: (child) => setTimeout(() => child.kill('SIGTERM'), 1500) })
    expect(r.exitCode).toBe(2)
    expect(fake.posted.at(-1)).toMatch(/cancelled before a decision/)
  })
})

describe('require-approval pr-review (non-blocking)', () => {
  it('counts APPROVED reviews on the head SHA from authorized reviewers and posts mlgate/approval', async () => {
    const server = new FakeServer()
    servers.push(server)
    server.on('GET', '/repos/acme/models/pulls/7/reviews', () => ({
      body: [
        { id: 1, user: { login: 'carol' }, state: 'APPROVED', commit_id: 'f'.repeat(40), submitted_at: new Date().toISOString() },
        { id: 2, user: { login: 'erin' }, state: 'APPROVED', commit_id: HEAD_SHA, submitted_at: new Date().toISOString() },
      ],
    }))
    const statuses: unknown[] = []
    server.on('POST', '/repos/acme/models/statuses/:sha', (req, p) => {
      statuses.push({ sha: p.sha, ...(req.body as object) })
      return { status: 201, body: {} }
    })
    const api = await server.start()
    const r = await runGithubAction(
      'require-approval',
      { approvers: 'carol,erin', mode: 'pr-review', 'minimum-approvals': '2', subject: 'package.json', status: 'false', comment: 'false' },
      { apiUrl: api, event: 'pull_request' },
    )
    expect(r.exitCode).toBe(0)
    expect(r.outputs['approval-status']).toBe('pending')
    expect(statuses).toEqual([
      {
        sha: HEAD_SHA,
        state: 'pending',
        context: 'mlgate/approval',
        description: 'waiting for 1 more approving review(s) on this commit',
        target_url: 'https://github.com/acme/models/actions/runs/4242',
      },
    ])
  })
})
