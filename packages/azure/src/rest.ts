import * as azdev from 'azure-devops-node-api'
import { CommentThreadStatus, GitStatusState } from 'azure-devops-node-api/interfaces/GitInterfaces.js'
import type { Logger, RunContext, StatusCheck } from '@mlgate/core'
import { LIMITS, statusDescription, systemErrorCode } from '@mlgate/core'

const TOKEN_HINT =
  "map the token into the step ('env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)' or input token: $(System.AccessToken)) and give the build service 'Contribute to pull requests' on the repository"

const STATE: Record<StatusCheck['state'], GitStatusState> = {
  pending: GitStatusState.Pending,
  success: GitStatusState.Succeeded,
  failure: GitStatusState.Failed,
  error: GitStatusState.Error,
}

/** The system error code (ECONNREFUSED, ENOTFOUND, …) of a request that got no HTTP answer at all. */
function unreachableCode(e: unknown): string | undefined {
  return (e as { statusCode?: unknown }).statusCode === undefined ? systemErrorCode(e) : undefined
}

/** PR statuses and the sticky PR thread through azure-devops-node-api. */
export class AzureRest {
  constructor(
    private readonly ctx: RunContext,
    private readonly log: Logger,
    private readonly collection: string | undefined,
    private readonly project: string | undefined,
  ) {}

  private git() {
    const conn = new azdev.WebApi(this.collection!, azdev.getBearerHandler(this.ctx.token!))
    return conn.getGitApi()
  }

  private ready(what: string): boolean {
    if (!this.collection || !this.ctx.repository || !this.ctx.pullRequest) return false
    if (this.ctx.token) return true
    this.log.warn(`mlgate could not publish the ${what}: no access token; ${TOKEN_HINT}.`)
    return false
  }

  private failed(what: string, e: unknown): void {
    const network = unreachableCode(e)
    if (network) return this.log.warn(`mlgate could not publish the ${what}: could not reach ${new URL(this.collection!).host}: ${network}.`)
    const code = (e as { statusCode?: number }).statusCode
    this.log.warn(`mlgate could not publish the ${what} (Azure DevOps answered ${code ?? (e as Error).message}): ${TOKEN_HINT}.`)
  }

  async publishStatus(s: StatusCheck): Promise<void> {
    if (!this.ready('PR status')) return
    const [genre, ...rest] = s.context.split('/')
    try {
      const git = await this.git()
      await git.createPullRequestStatus(
        { state: STATE[s.state], description: statusDescription(s.description), context: { genre, name: rest.join('/') }, targetUrl: s.targetUrl },
        this.ctx.repository!,
        this.ctx.pullRequest!,
        this.project,
      )
    } catch (e) {
      this.failed('PR status', e)
    }
  }

  async upsertComment(key: string, markdown: string): Promise<void> {
    if (!this.ready('PR comment')) return
    const marker = `<!-- mlgate:${key} -->`
    const content = `${marker}\n${markdown}`.slice(0, LIMITS.commentChars)
    try {
      const git = await this.git()
      const repo = this.ctx.repository!
      const pr = this.ctx.pullRequest!
      const threads = await git.getThreads(repo, pr, this.project)
      const thread = threads.find((t) => t.comments?.[0]?.content?.includes(marker))
      if (thread?.id && thread.comments?.[0]?.id) await git.updateComment({ content }, repo, pr, thread.id, thread.comments[0].id, this.project)
      else await git.createThread({ comments: [{ parentCommentId: 0, content, commentType: 1 }], status: CommentThreadStatus.Closed }, repo, pr, this.project)
    } catch (e) {
      this.failed('PR comment', e)
    }
  }
}
