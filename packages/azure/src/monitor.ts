import { setTimeout as sleep } from 'node:timers/promises'
import type { DriftEvent, MonitorActions, RetrainRun, RunContext } from '@mlgate/core'
import { camelCase, ConfigurationError, EVENT_INPUT, escalationMarker, systemErrorCode } from '@mlgate/core'

/** Tags every escalation work item carries: one for all of mlgate's, one naming the event (WIQL finds it by this). */
export const DRIFT_TAG = 'mlgate-drift'
const eventTag = (eventId: string) => `mlgate-event:${eventId}`
/** The work item type of an escalation by default (Basic, Agile and CMMI processes have it; input work-item-type names another). */
const ESCALATION_TYPE = 'Issue'
/** The retrain pipeline's template parameter carrying the event id (`mlgate-event` camelCased, as Azure inputs are). */
const EVENT_PARAMETER = camelCase(EVENT_INPUT)

export interface AzureMonitorOptions {
  ctx: RunContext
  input(name: string): string | undefined
  retryBaseDelayMs?: number
}

const TOKEN = 'map the token into the step (input token: $(System.AccessToken))'

/** What fixes a refused call, by the API it calls; `missing` is what a 404 most likely means. */
const FIX = {
  runs: { permission: "give the project's Build Service 'Queue builds' on the retrain pipeline", missing: 'check the retrain-pipeline id and that the build service can see that pipeline' },
  boards: {
    permission: "give the project's Build Service 'Edit work items in this node' on the area path",
    missing: "check that the project's process has the work item type of input work-item-type (Issue, the default, is in Basic, Agile and CMMI; Scrum has e.g. Impediment)",
  },
}
type Fix = (typeof FIX)[keyof typeof FIX]

/** Azure DevOps' own message of an error answer ({"message": …}), shortened. */
function answerText(text: string): string {
  try {
    const m = (JSON.parse(text) as { message?: unknown }).message
    if (typeof m === 'string') return m.slice(0, 200)
  } catch {
    /* not JSON */
  }
  return text.slice(0, 200)
}

/** One sentence for a refused or failed call: what, Azure DevOps' answer, and what fixes it. */
function azureFailure(what: string, fix: Fix, status: number, text: string): Error {
  if (status === 401) return new Error(`mlgate could not ${what} (Azure DevOps answered 401: the token is missing or invalid): ${TOKEN}.`)
  if (status === 403) return new Error(`mlgate could not ${what} (Azure DevOps answered 403): ${fix.permission}.`)
  if (status === 404) return new Error(`mlgate could not ${what} (Azure DevOps answered 404: ${answerText(text)}): ${fix.missing}.`)
  return new Error(`mlgate could not ${what} (Azure DevOps answered ${status}: ${answerText(text)}).`)
}

/** JSON over HTTP with a few retries on 5xx, 429 and unreachable hosts; an error answer throws azureFailure's sentence. */
async function send<T>(url: string, init: { method: string; headers: Record<string, string>; body?: string }, what: string, fix: Fix, baseDelayMs: number): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, init).catch((e: unknown) => e as Error)
    const retry = attempt < 3 && (res instanceof Error || res.status >= 500 || res.status === 429)
    if (retry) {
      await sleep(baseDelayMs * 2 ** attempt)
      continue
    }
    if (res instanceof Error) {
      const code = systemErrorCode(res) ?? res.message
      throw new Error(`mlgate could not ${what}: ${new URL(url).host} could not be reached (${code}).`)
    }
    const text = await res.text()
    if (!res.ok) throw azureFailure(what, fix, res.status, text)
    return (text ? JSON.parse(text) : {}) as T
  }
}

interface AzRun {
  id: number
  name?: string
  state?: string
  result?: string
  createdDate?: string
  url?: string
  _links?: { web?: { href?: string } }
  templateParameters?: Record<string, string>
  variables?: Record<string, { value?: string }>
}

const CONCLUSION: Record<string, string> = { succeeded: 'success', failed: 'failure', canceled: 'cancelled' }

function toRetrainRun(r: AzRun): RetrainRun {
  const status = r.state === 'completed' ? 'completed' : r.state === 'inProgress' || r.state === 'canceling' ? 'in_progress' : 'queued'
  return { url: r._links?.web?.href ?? r.url ?? '', status, conclusion: r.result ? (CONCLUSION[r.result] ?? r.result) : undefined, created: r.createdDate ?? '' }
}

const carries = (r: AzRun, eventId: string) =>
  r.templateParameters?.[EVENT_PARAMETER] === eventId || r.variables?.MLGATE_EVENT?.value === eventId || ` ${r.name ?? ''} `.replace(/[\s_]+/g, ' ').includes(` ${eventId} `)

/** Runs of the retrain pipeline looked at for an event (the newest first). */
const RECENT_RUNS = 20

/** The monitor's retrain and escalation actions on Azure DevOps: pipeline runs and one Boards work item per drift event. */
export function azureMonitor(o: AzureMonitorOptions): MonitorActions {
  const base = () => {
    if (!o.ctx.collectionUri || !o.ctx.project) throw new ConfigurationError('The monitor needs System.CollectionUri and System.TeamProject to act; run it in an Azure Pipelines job.')
    return `${o.ctx.collectionUri.replace(/\/?$/, '/')}${encodeURIComponent(o.ctx.project)}/_apis`
  }
  const call = async <T>(what: string, fix: Fix, method: string, path: string, body?: unknown, patch = false): Promise<T> => {
    const url = `${base()}${path}${path.includes('?') ? '&' : '?'}api-version=7.1`
    if (!o.ctx.token) throw new Error(`mlgate could not ${what} (no access token): ${TOKEN}, and ${fix.permission}.`)
    const headers = {
      accept: 'application/json',
      authorization: `Bearer ${o.ctx.token}`,
      ...(body !== undefined ? { 'content-type': patch ? 'application/json-patch+json' : 'application/json' } : {}),
    }
    return send<T>(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, what, fix, o.retryBaseDelayMs ?? 500)
  }
  const pipeline = () => {
    const id = o.input('retrain-pipeline')
    if (!id || !/^\d+$/.test(id)) throw new ConfigurationError(`Input 'retrain-pipeline' is needed to retrain: the retrain pipeline's numeric id${id ? ` (got '${id}')` : ''}.`)
    return id
  }
  const boards = azureBoards(o, call)
  return {
    async retrainRuns(eventId) {
      const id = pipeline()
      const what = `list the runs of retrain pipeline ${id}`
      const { value } = await call<{ value: AzRun[] }>(what, FIX.runs, 'GET', `/pipelines/${id}/runs`)
      const recent = [...(value ?? [])].sort((a, b) => b.id - a.id).slice(0, RECENT_RUNS)
      const out: RetrainRun[] = []
      for (const r of recent) {
        // the list leaves parameters out: a run whose name does not carry the event is read in full
        const full = carries(r, eventId) ? r : await call<AzRun>(what, FIX.runs, 'GET', `/pipelines/${id}/runs/${r.id}`)
        if (carries(full, eventId)) out.push(toRetrainRun(full))
      }
      return out
    },
    dispatchRetrain: async (event, inputs) => dispatch(o, call, pipeline(), event, inputs),
    ...boards,
  }
}

type Call = <T>(what: string, fix: Fix, method: string, path: string, body?: unknown, patch?: boolean) => Promise<T>

async function dispatch(o: AzureMonitorOptions, call: Call, id: string, event: DriftEvent, given: Record<string, string>): Promise<{ url: string }> {
  const { ref, ...inputs } = given
  const refName = ref || o.input('retrain-ref') || o.ctx.ref
  const templateParameters = Object.fromEntries([...Object.entries(inputs).map(([k, v]) => [camelCase(k), v]), [EVENT_PARAMETER, event.id]])
  const body = { templateParameters, ...(refName ? { resources: { repositories: { self: { refName: refName.startsWith('refs/') ? refName : `refs/heads/${refName}` } } } } : {}) }
  const run = await call<AzRun>(`start retrain pipeline ${id}`, FIX.runs, 'POST', `/pipelines/${id}/runs`, body)
  return { url: toRetrainRun(run).url }
}

/** Escalations as Boards work items: found by WIQL on the event's tag, updated in place, closed in the type's Completed state. */
function azureBoards(o: AzureMonitorOptions, call: Call): Pick<MonitorActions, 'findEscalation' | 'openEscalation' | 'updateEscalation' | 'closeEscalation'> {
  let states: Promise<{ name: string; category: string }[]> | undefined
  const type = o.input('work-item-type') ?? ESCALATION_TYPE
  const typeStates = () =>
    (states ??= call<{ value: { name: string; category: string }[] }>(`read the states of work item type ${type}`, FIX.boards, 'GET', `/wit/workitemtypes/${encodeURIComponent(type)}/states`).then(
      (r) => r.value ?? [],
    ))
  const link = (id: number | string) => `${o.ctx.collectionUri!.replace(/\/?$/, '/')}${encodeURIComponent(o.ctx.project!)}/_workitems/edit/${id}`
  const description = (markdown: string) => [
    { op: 'add', path: '/fields/System.Description', value: markdown },
    { op: 'add', path: '/multilineFieldsFormat/System.Description', value: 'Markdown' },
  ]
  return {
    async findEscalation(eventId) {
      const done = (await typeStates()).filter((s) => s.category === 'Completed' || s.category === 'Removed').map((s) => `'${s.name.replace(/'/g, "''")}'`)
      const query =
        `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.WorkItemType] = '${type.replace(/'/g, "''")}'` +
        ` AND [System.Tags] CONTAINS '${eventTag(eventId).replace(/'/g, "''")}'${done.length ? ` AND [System.State] NOT IN (${done.join(', ')})` : ''} ORDER BY [System.Id]`
      const r = await call<{ workItems?: { id: number }[] }>('query the open drift work items', FIX.boards, 'POST', '/wit/wiql', { query })
      const first = r.workItems?.[0]
      return first ? { id: String(first.id), url: link(first.id) } : undefined
    },
    async openEscalation(event, title, markdown) {
      const marker = escalationMarker(event.id)
      const patch = [
        { op: 'add', path: '/fields/System.Title', value: title.slice(0, 255) },
        ...description(markdown.includes(marker) ? markdown : `${marker}\n${markdown}`),
        { op: 'add', path: '/fields/System.Tags', value: `${DRIFT_TAG}; ${eventTag(event.id)}` },
      ]
      const wi = await call<{ id: number }>('open the drift work item', FIX.boards, 'POST', `/wit/workitems/$${encodeURIComponent(type)}`, patch, true)
      return { id: String(wi.id), url: link(wi.id) }
    },
    async updateEscalation(id, markdown) {
      await call(`update drift work item ${id}`, FIX.boards, 'PATCH', `/wit/workitems/${id}`, description(markdown), true)
    },
    async closeEscalation(id, markdown) {
      const closed = (await typeStates()).find((s) => s.category === 'Completed')?.name ?? 'Done'
      const patch = [
        { op: 'add', path: '/fields/System.State', value: closed },
        { op: 'add', path: '/fields/System.History', value: markdown },
      ]
      await call(`close drift work item ${id}`, FIX.boards, 'PATCH', `/wit/workitems/${id}`, patch, true)
    },
  }
}
