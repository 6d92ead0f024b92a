import type { ApprovalBackend, GithubApprovals, GithubTarget, Signal } from '@mlgate/core'
import { requestJson } from '@mlgate/core'

interface GhComment {
  id: number
  body?: string
  html_url?: string
  created_at: string
  user?: { login: string; type?: string }
}

function client(t: GithubTarget, scope: string) {
  const headers = { authorization: `Bearer ${t.token}`, 'x-github-api-version': '2022-11-28', accept: 'application/vnd.github+json' }
  return <T>(method: string, path: string, body?: unknown) => requestJson<T>(method, `${t.api}${path}`, headers, body, { scope, baseDelayMs: t.retryBaseDelayMs }, t.signal)
}

/** Members of `org/team` entries; plain logins pass through. Lower-cased. */
async function expandApprovers(t: GithubTarget, approvers: string[]): Promise<Set<string>> {
  const call = client(t, 'members: read (organization) — use a token that can read team membership')
  const out = new Set<string>()
  for (const a of approvers) {
    const m = /^([^/]+)\/([^/]+)$/.exec(a)
    if (!m) {
      out.add(a.replace(/^@/, '').toLowerCase())
      continue
    }
    for (let page = 1; page < 50; page++) {
      const members = await call<{ login: string }[]>('GET', `/orgs/${m[1]}/teams/${m[2]}/members?per_page=100&page=${page}`)
      for (const u of members) out.add(u.login.toLowerCase())
      if (members.length < 100) break
    }
  }
  return out
}

/** The conversation of an issue created for the request (mode issue) or of the pull request (mode pr-comment). */
class GithubConversation implements ApprovalBackend {
  readonly host = 'github'
  private number: number | undefined
  private readonly call: ReturnType<typeof client>

  constructor(
    private readonly t: GithubTarget,
    private readonly mode: 'issue' | 'pr-comment',
    private readonly assignees: string[],
    pullRequest?: number,
  ) {
    this.call = client(t, mode === 'issue' ? 'issues: write' : 'pull-requests: write')
    this.number = pullRequest
  }

  async open(title: string, body: string): Promise<string> {
    if (this.mode === 'issue') {
      const issue = await this.call<{ number: number; html_url: string }>('POST', `/repos/${this.t.repository}/issues`, { title, body, assignees: this.assignees.slice(0, 10) })
      this.number = issue.number
      return issue.html_url
    }
    const c = await this.call<GhComment>('POST', `/repos/${this.t.repository}/issues/${this.number}/comments`, { body: `### ${title}\n\n${body}` })
    return c.html_url ?? ''
  }

  async poll(): Promise<Signal[]> {
    const out: Signal[] = []
    for (let page = 1; page < 20; page++) {
      const list = await this.call<GhComment[]>('GET', `/repos/${this.t.repository}/issues/${this.number}/comments?per_page=100&page=${page}`)
      for (const c of list)
        out.push({ id: String(c.id), author: c.user?.login ?? '', isBot: c.user?.type === 'Bot' || /\[bot\]$/.test(c.user?.login ?? ''), body: c.body ?? '', createdAt: c.created_at, url: c.html_url })
      if (list.length < 100) break
    }
    return out
  }

  async close(message: string, outcome: string): Promise<void> {
    await this.call('POST', `/repos/${this.t.repository}/issues/${this.number}/comments`, { body: message })
    if (this.mode === 'issue') await this.call('PATCH', `/repos/${this.t.repository}/issues/${this.number}`, { state: 'closed', state_reason: outcome === 'approved' ? 'completed' : 'not_planned' })
  }
}

/** pr-review: APPROVED reviews on the head commit, latest review per reviewer. Non-blocking. */
async function headApprovals(t: GithubTarget, pr: number, headSha: string): Promise<Signal[]> {
  const call = client(t, 'pull-requests: read')
  const latest = new Map<string, Signal>()
  for (let page = 1; page < 20; page++) {
    const reviews = await call<{ id: number; user?: { login: string; type?: string }; state: string; commit_id: string; submitted_at: string; html_url?: string; body?: string }[]>(
      'GET',
      `/repos/${t.repository}/pulls/${pr}/reviews?per_page=100&page=${page}`,
    )
    for (const r of reviews) {
      if (!r.user || r.state === 'COMMENTED' || r.state === 'PENDING') continue
      latest.set(r.user.login.toLowerCase(), {
        id: String(r.id),
        author: r.user.login,
        isBot: r.user.type === 'Bot',
        body: r.state === 'APPROVED' && r.commit_id === headSha ? 'approve' : r.state === 'CHANGES_REQUESTED' ? 'deny' : '',
        createdAt: r.submitted_at,
        url: r.html_url,
      })
    }
    if (reviews.length < 100) break
  }
  return [...latest.values()]
}

async function postStatus(t: GithubTarget, sha: string, state: 'pending' | 'success' | 'failure', description: string, targetUrl?: string): Promise<void> {
  await client(t, 'statuses: write')('POST', `/repos/${t.repository}/statuses/${sha}`, { state, context: 'mlgate/approval', description: description.slice(0, 140), target_url: targetUrl })
}

/** require-approval's GitHub modes over the REST API (issues, comments, reviews, commit statuses). */
export const githubApprovals: GithubApprovals = {
  expandApprovers,
  conversation: (t, mode, assignees, pullRequest) => new GithubConversation(t, mode, assignees, pullRequest),
  headApprovals,
  postStatus,
}
