import type { getOctokit } from '@actions/github'
import type { DriftEvent, MonitorActions, RetrainRun, RunContext } from '@mlgate/core'
import { ConfigurationError, EVENT_INPUT, escalationMarker, LIMITS, systemErrorCode } from '@mlgate/core'

type Octokit = ReturnType<typeof getOctokit>

/** The label every escalation issue carries: the monitor lists open issues by it to find an event's issue. */
export const DRIFT_LABEL = 'mlgate-drift'

export interface GithubMonitorOptions {
  ctx: RunContext
  /** The step's inputs (retrain-workflow, retrain-ref). */
  input(name: string): string | undefined
  octokit(): Promise<Octokit>
  /** https://github.com (GITHUB_SERVER_URL), for links the API does not return. */
  serverUrl: string
}

const FIX: Record<string, string> = {
  'actions: read': "add 'permissions: actions: read' to the job",
  'actions: write': "add 'permissions: actions: write' to the job (and check that the retrain workflow has 'on: workflow_dispatch' with input mlgate-event)",
  'issues: write': "add 'permissions: issues: write' to the job",
}

/** One sentence for a failed call: what, GitHub's answer (or why no request was made), and the permission that fixes it. */
function monitorFailure(what: string, permission: string, e: unknown): Error {
  const status = (e as { status?: number }).status
  const response = (e as { response?: { data?: { message?: unknown } } }).response
  if (status === undefined || response === undefined) {
    return new Error(`mlgate could not ${what}: GitHub could not be reached (${systemErrorCode(e) ?? (e as Error).message}).`)
  }
  const said = typeof response.data?.message === 'string' ? `: ${response.data.message.slice(0, 200)}` : ''
  if (status === 401) return new Error(`mlgate could not ${what} (GitHub answered 401: the token is missing or invalid): pass 'token: \${{ github.token }}'.`)
  if (status === 403) return new Error(`mlgate could not ${what} (GitHub answered 403): ${FIX[permission]}.`)
  if (status === 404) return new Error(`mlgate could not ${what} (GitHub answered 404): check the name and that the token can see the repository, or ${FIX[permission]}.`)
  return new Error(`mlgate could not ${what} (GitHub answered ${status}${said})${status === 422 ? `: ${FIX[permission]}` : ''}.`)
}

function runStatus(s: string | null | undefined): RetrainRun['status'] {
  return s === 'completed' ? 'completed' : s === 'in_progress' ? 'in_progress' : 'queued'
}

/** The event id as a whole word of a run's title ("retrain drift-20261201-3fa9c2d1"). */
function titleCarries(title: string | null | undefined, eventId: string): boolean {
  return ` ${title ?? ''} `.replace(/[\s()[\]:,]+/g, ' ').includes(` ${eventId} `)
}

/** Octokit, loaded on the first call so that steps that never act start fast. */
export function lazyOctokit(token: string | undefined, baseUrl: string | undefined): () => Promise<Octokit> {
  let client: Promise<Octokit> | undefined
  return () => (client ??= import('@actions/github').then((m) => m.getOctokit(token ?? '', baseUrl ? { baseUrl } : {})))
}

/** The monitor's retrain and escalation actions on GitHub: workflow_dispatch runs and one labelled issue per drift event. */
export function githubMonitor(o: GithubMonitorOptions): MonitorActions {
  const repo = () => {
    const [owner, name] = (o.ctx.repository ?? '').split('/')
    if (!owner || !name) throw new ConfigurationError('The monitor needs GITHUB_REPOSITORY (owner/repo) to act; run it in a GitHub Actions workflow.')
    return { owner, repo: name }
  }
  const call = async <T>(what: string, permission: string, fn: (k: Octokit) => Promise<T>): Promise<T> => {
    if (!o.ctx.token) throw new Error(`mlgate could not ${what} (no token was given): pass 'token: \${{ github.token }}' and ${FIX[permission]}.`)
    const k = await o.octokit()
    try {
      return await fn(k)
    } catch (e) {
      if (e instanceof ConfigurationError) throw e
      throw monitorFailure(what, permission, e)
    }
  }
  const workflow = () => {
    const w = o.input('retrain-workflow')
    if (!w) throw new ConfigurationError("Input 'retrain-workflow' is needed to retrain: the workflow file (e.g. retrain.yml) or its id.")
    return w
  }
  const body = (markdown: string, eventId?: string) => {
    const marker = eventId ? escalationMarker(eventId) : ''
    return (marker && !markdown.includes(marker) ? `${marker}\n${markdown}` : markdown).slice(0, LIMITS.commentChars)
  }
  return {
    retrainRuns: async (eventId) =>
      call(`list the runs of the retrain workflow '${workflow()}'`, 'actions: read', async (k) => {
        const { data } = await k.rest.actions.listWorkflowRuns({ ...repo(), workflow_id: workflow(), event: 'workflow_dispatch', per_page: 100 })
        return data.workflow_runs
          .filter((r) => titleCarries(r.display_title, eventId))
          .map((r) => ({ url: r.html_url, status: runStatus(r.status), conclusion: r.conclusion ?? undefined, created: r.created_at }))
      }),
    dispatchRetrain: async (event, inputs) => dispatch(o, call, repo, workflow(), event, inputs),
    findEscalation: (eventId) =>
      call('list the open drift issues', 'issues: write', async (k) => {
        const marker = escalationMarker(eventId)
        const issues = await k.paginate(k.rest.issues.listForRepo, { ...repo(), labels: DRIFT_LABEL, state: 'open', per_page: 100 })
        const mine = issues.find((i) => !i.pull_request && (i.body ?? '').includes(marker))
        return mine ? { id: String(mine.number), url: mine.html_url } : undefined
      }),
    openEscalation: (event, title, markdown) =>
      call('open the drift issue', 'issues: write', async (k) => {
        const { data } = await k.rest.issues.create({ ...repo(), title, body: body(markdown, event.id), labels: [DRIFT_LABEL] })
        return { id: String(data.number), url: data.html_url }
      }),
    updateEscalation: (id, markdown) =>
      call(`update drift issue #${id}`, 'issues: write', async (k) => {
        await k.rest.issues.update({ ...repo(), issue_number: Number(id), body: body(markdown) })
      }),
    closeEscalation: (id, markdown) =>
      call(`close drift issue #${id}`, 'issues: write', async (k) => {
        await k.rest.issues.createComment({ ...repo(), issue_number: Number(id), body: body(markdown) })
        await k.rest.issues.update({ ...repo(), issue_number: Number(id), state: 'closed', state_reason: 'completed' })
      }),
  }
}

type Call = <T>(what: string, permission: string, fn: (k: Octokit) => Promise<T>) => Promise<T>

/** workflow_dispatch with the event id as input mlgate-event; the run's URL when GitHub returns it, else the workflow's runs page. */
async function dispatch(o: GithubMonitorOptions, call: Call, repo: () => { owner: string; repo: string }, workflow: string, event: DriftEvent, given: Record<string, string>) {
  const { ref: refInput, ...inputs } = given
  const ref = refInput || o.input('retrain-ref') || o.ctx.ref?.replace(/^refs\/heads\//, '')
  if (!ref) throw new ConfigurationError("Input 'retrain-ref' is needed to retrain: the branch or tag the retrain workflow runs on.")
  const body = { ...repo(), workflow_id: workflow, ref, inputs: { ...inputs, [EVENT_INPUT]: event.id } }
  return call(`dispatch the retrain workflow '${workflow}'`, 'actions: write', async (k) => {
    const route = 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches' as const
    // return_run_details is newer than some GitHub Enterprise Servers, which refuse the key: dispatch again without it
    const { data } = await k.request(route, { ...body, return_run_details: true }).catch((e: unknown) => {
      if ((e as { status?: number }).status === 422 && /return_run_details/.test(String((e as { message?: unknown }).message))) return k.request(route, body)
      throw e
    })
    const url = (data as { html_url?: string } | undefined)?.html_url
    return { url: url ?? `${o.serverUrl}/${o.ctx.repository}/actions/workflows/${encodeURIComponent(workflow)}` }
  })
}
