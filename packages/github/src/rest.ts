import type { getOctokit } from '@actions/github'
import type { Annotation, Logger, RunContext, StatusCheck } from '@mlgate/core'
import { chunk, LIMITS, statusDescription } from '@mlgate/core'

type Octokit = ReturnType<typeof getOctokit>

const PERMISSION_HINT: Record<string, string> = {
  status: "add 'permissions: statuses: write' (or 'checks: write') to the job; fork pull requests get a read-only token",
  comment: "add 'permissions: pull-requests: write' to the job; fork pull requests get a read-only token",
}

function splitRepo(ctx: RunContext): { owner: string; repo: string } | undefined {
  const [owner, repo] = (ctx.repository ?? '').split('/')
  return owner && repo ? { owner, repo } : undefined
}

function httpStatus(e: unknown): number | undefined {
  return (e as { status?: number }).status
}

/** Octokit reports a request that got no answer as status 500 without a response; the system error code is down its cause chain. */
function unreachableCode(e: unknown): string | undefined {
  if ((e as { response?: unknown }).response !== undefined) return undefined
  let inner: unknown = e
  for (let cause = e; cause; cause = (cause as { cause?: unknown }).cause) {
    if (typeof (cause as { code?: unknown }).code === 'string') return (cause as { code: string }).code
    inner = cause
  }
  return inner instanceof Error && inner !== e ? inner.message : undefined
}

/** Commit status (or check run when allowed) and sticky comment through the GitHub REST API. */
export class GithubRest {
  private client: Promise<Octokit> | undefined

  constructor(
    private readonly ctx: RunContext,
    private readonly log: Logger,
    private readonly baseUrl: string | undefined,
  ) {}

  /** Octokit is loaded on first use so that steps without API calls start fast. */
  private octokit(): Promise<Octokit> {
    this.client ??= import('@actions/github').then((m) => m.getOctokit(this.ctx.token!, this.baseUrl ? { baseUrl: this.baseUrl } : {}))
    return this.client
  }

  private warnMissing(what: 'status' | 'comment', e?: unknown): void {
    const label = what === 'status' ? 'status check' : 'PR comment'
    const code = e === undefined ? undefined : unreachableCode(e)
    if (code) return this.log.warn(`mlgate could not publish the ${label}: could not reach ${new URL(this.baseUrl ?? 'https://api.github.com').host}: ${code}.`)
    const status = e === undefined ? undefined : httpStatus(e)
    const why = e === undefined ? 'no token was given' : `GitHub answered ${status ?? (e as Error).message}`
    this.log.warn(`mlgate could not publish the ${label} (${why}): ${PERMISSION_HINT[what]}.`)
  }

  async publishStatus(s: StatusCheck): Promise<void> {
    const repo = splitRepo(this.ctx)
    if (!repo || !this.ctx.sha) return
    if (!this.ctx.token) return this.warnMissing('status')
    try {
      if (await this.tryCheckRun(repo, s)) return
      const octokit = await this.octokit()
      await octokit.rest.repos.createCommitStatus({
        ...repo,
        sha: this.ctx.sha,
        state: s.state,
        context: s.context,
        description: statusDescription(s.description),
        target_url: s.targetUrl,
      })
    } catch (e) {
      this.warnMissing('status', e)
    }
  }

  /** A check run carries annotations; it needs `checks: write`, which PATs and fork tokens lack. */
  private async tryCheckRun(repo: { owner: string; repo: string }, s: StatusCheck): Promise<boolean> {
    if (!this.ctx.token || !s.summary) return false
    const octokit = await this.octokit()
    const conclusion = s.state === 'success' ? 'success' : s.state === 'pending' ? undefined : 'failure'
    const batches = chunk(toCheckAnnotations(s.annotations ?? []), LIMITS.annotationsPerRequest)
    try {
      const created = await octokit.rest.checks.create({
        ...repo,
        name: s.context,
        head_sha: this.ctx.sha!,
        status: conclusion ? 'completed' : 'in_progress',
        conclusion,
        details_url: s.targetUrl,
        output: { title: statusDescription(s.description), summary: s.summary.slice(0, LIMITS.checkRunChars), annotations: batches[0] ?? [] },
      })
      for (const batch of batches.slice(1))
        await octokit.rest.checks.update({
          ...repo,
          check_run_id: created.data.id,
          output: { title: statusDescription(s.description), summary: s.summary.slice(0, LIMITS.checkRunChars), annotations: batch },
        })
      return true
    } catch (e) {
      if (httpStatus(e) === 403 || httpStatus(e) === 404) return false
      throw e
    }
  }

  async upsertComment(key: string, markdown: string): Promise<void> {
    const repo = splitRepo(this.ctx)
    const issue = this.ctx.pullRequest
    if (!repo || !issue) return
    if (!this.ctx.token) return this.warnMissing('comment')
    const marker = `<!-- mlgate:${key} -->`
    const body = `${marker}\n${markdown}`.slice(0, LIMITS.commentChars)
    try {
      const octokit = await this.octokit()
      const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 })
      const mine = comments.find((c) => c.body?.includes(marker))
      if (mine) await octokit.rest.issues.updateComment({ ...repo, comment_id: mine.id, body })
      else await octokit.rest.issues.createComment({ ...repo, issue_number: issue, body })
    } catch (e) {
      this.warnMissing('comment', e)
    }
  }
}

function toCheckAnnotations(list: Annotation[]) {
  return list
    .filter((a) => a.file)
    .map((a) => ({
      path: a.file!,
      start_line: a.line ?? 1,
      end_line: a.endLine ?? a.line ?? 1,
      annotation_level: a.level === 'error' ? ('failure' as const) : a.level === 'warning' ? ('warning' as const) : ('notice' as const),
      message: a.message,
      title: a.title,
    }))
}
