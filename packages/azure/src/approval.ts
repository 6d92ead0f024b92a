import type { ApprovalBackend, AzureApprovals, AzureTarget, Signal } from '@mlgate/core'
import { requestJson } from '@mlgate/core'

interface Reviewer {
  id: string
  uniqueName?: string
  displayName?: string
  vote: number
  isContainer?: boolean
  votedFor?: { uniqueName?: string; displayName?: string }[]
}

function client(t: AzureTarget) {
  const headers = { authorization: `Bearer ${t.token}` }
  const base = `${t.collection.replace(/\/?$/, '/')}${encodeURIComponent(t.project)}/_apis/git/repositories/${encodeURIComponent(t.repository)}/pullRequests/${t.pullRequest}`
  return <T>(method: string, path: string, body?: unknown) =>
    requestJson<T>(
      method,
      `${base}${path}${path.includes('?') ? '&' : '?'}api-version=7.1`,
      headers,
      body,
      { scope: 'Contribute to pull requests (map $(System.AccessToken) into the step)', baseDelayMs: t.retryBaseDelayMs },
      t.signal,
    )
}

/** pr-vote: reviewers' votes (10 approved, 5 approved with suggestions, −5 waiting, −10 rejected) as signals. */
async function votes(t: AzureTarget): Promise<{ signals: Signal[]; author: string }> {
  const call = client(t)
  const pr = await call<{ createdBy?: { uniqueName?: string } }>('GET', '')
  const { value } = await call<{ value: Reviewer[] }>('GET', '/reviewers')
  const now = new Date().toISOString()
  const signals: Signal[] = value
    .filter((r) => r.vote !== 0)
    .map((r) => ({
      id: r.id,
      author: r.isContainer ? (r.displayName ?? r.uniqueName ?? r.id) : (r.uniqueName ?? r.displayName ?? r.id),
      isBot: /build service/i.test(r.displayName ?? ''),
      body: r.vote >= 5 ? 'approve' : r.vote === -10 ? 'deny' : '',
      createdAt: now,
    }))
  return { signals, author: pr.createdBy?.uniqueName ?? '' }
}

async function postStatus(t: AzureTarget, state: 'pending' | 'succeeded' | 'failed', description: string, targetUrl?: string): Promise<void> {
  await client(t)('POST', '/statuses', { state, description: description.slice(0, 140), context: { genre: 'mlgate', name: 'approval' }, targetUrl })
}

interface Thread {
  id: number
  comments?: { id: number; content?: string; publishedDate?: string; author?: { uniqueName?: string; displayName?: string }; commentType?: string | number }[]
}

/** pr-comment on Azure Repos: the request is a PR thread; answers are comments in PR threads. */
class AzureConversation implements ApprovalBackend {
  readonly host = 'azure'
  private threadId: number | undefined
  private readonly call: ReturnType<typeof client>

  constructor(private readonly t: AzureTarget) {
    this.call = client(t)
  }

  async open(title: string, body: string): Promise<string> {
    const thread = await this.call<Thread>('POST', '/threads', { comments: [{ parentCommentId: 0, content: `### ${title}\n\n${body}`, commentType: 1 }], status: 1 })
    this.threadId = thread.id
    return `${this.t.collection.replace(/\/?$/, '/')}${this.t.project}/_git/${this.t.repository}/pullrequest/${this.t.pullRequest}?discussionId=${thread.id}`
  }

  async poll(): Promise<Signal[]> {
    const { value } = await this.call<{ value: Thread[] }>('GET', '/threads')
    const out: Signal[] = []
    for (const th of value)
      for (const c of th.comments ?? []) {
        if (th.id === this.threadId && c.id === 1) continue
        if (c.commentType === 'system' || c.commentType === 3) continue
        out.push({
          id: `${th.id}/${c.id}`,
          author: c.author?.uniqueName ?? c.author?.displayName ?? '',
          isBot: /build service/i.test(c.author?.displayName ?? ''),
          body: c.content ?? '',
          createdAt: c.publishedDate ?? new Date(0).toISOString(),
        })
      }
    return out
  }

  async close(message: string, outcome: string): Promise<void> {
    await this.call('POST', `/threads/${this.threadId}/comments`, { parentCommentId: 1, content: message, commentType: 1 })
    await this.call('PATCH', `/threads/${this.threadId}`, { status: outcome === 'approved' ? 2 : 4 })
  }
}

/** require-approval's Azure Repos modes over the REST API (PR threads, reviewer votes, PR statuses). */
export const azureApprovals: AzureApprovals = {
  conversation: (t) => new AzureConversation(t),
  votes,
  postStatus,
}
