import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import JSZip from 'jszip'
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
  /** Builds by id: their properties (name → string value) and tags, as the build REST API keeps them. */
  builds: Record<string, { properties: Record<string, string>; tags: string[] }>
  /** When set, writes to builds (properties, tags) answer this HTTP status (403 without 'Update build information'). */
  buildWriteStatus?: number
  /** When set, tag updates alone answer this HTTP status. */
  tagWriteStatus?: number
  /** Pipelines that can be run, by id: the template parameters their YAML declares. */
  pipelines: Record<string, { parameters: string[] }>
  /** Runs of those pipelines; a test moves them along (state, result). */
  pipelineRuns: PipelineRun[]
  workItems: WorkItem[]
  /** The states of the escalation's work item type with their categories (Basic process by default). */
  issueStates: { name: string; category: string }[]
  /** The work item type the project's process has for escalations (Issue in Basic, Agile and CMMI; e.g. Impediment in Scrum). */
  issueType: string
  /** Build definitions by id: the default branch of their repository. */
  definitions: Record<string, { defaultBranch: string }>
  /** Completed builds the builds list answers, oldest first, with their container artifacts. */
  completedBuilds: CompletedBuild[]
}

export interface CompletedBuild {
  id: number
  definition: string
  sourceBranch: string
  result: 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled'
  /** Container artifacts by name: each file by its path in the build's file container ('<folder>/windows/000001.json'). */
  artifacts: Record<string, Map<string, Buffer>>
  /** Answers this instead of the zip of an artifact's files (a corrupt download). */
  rawZip?: Buffer
}

export interface PipelineRun {
  id: number
  pipeline: string
  name: string
  state: 'inProgress' | 'canceling' | 'completed' | 'unknown'
  result?: 'succeeded' | 'failed' | 'canceled'
  createdDate: string
  refName?: string
  templateParameters: Record<string, string>
}

export interface WorkItem {
  id: number
  type: string
  fields: Record<string, unknown>
  /** multilineFieldsFormat of each field set so (Markdown). */
  formats: Record<string, string>
  /** Every System.History entry, in order. */
  history: string[]
}

/** A loopback Azure DevOps Services REST API (collection path /acme) for PR statuses and threads, checking shapes. */
export function fakeAzure(overrides: Partial<AzureState> = {}): { server: FakeServer; state: AzureState; collection: () => string } {
  const state: AzureState = {
    statuses: [],
    threads: [],
    pipelines: {},
    pipelineRuns: [],
    workItems: [],
    builds: {},
    issueType: 'Issue',
    issueStates: [
      { name: 'To Do', category: 'Proposed' },
      { name: 'Doing', category: 'InProgress' },
      { name: 'Done', category: 'Completed' },
    ],
    definitions: {},
    completedBuilds: [],
    ...overrides,
  }
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

  pipelineRoutes(server, state, guard, authed)
  boardsRoutes(server, state, guard, authed)
  buildRoutes(server, state, authed)
  artifactRoutes(server, state)
  return { server, state, collection: () => `${server.url}/acme/` }
}

type Guard = (h: Record<string, unknown>) => { status: number; body: unknown } | undefined
const apiVersion = (server: FakeServer, req: { query: URLSearchParams }, what: string) => (req.query.get('api-version') === '7.1' ? undefined : server.reject(`${what}: api-version=7.1 missing`))

function runJson(server: FakeServer, r: PipelineRun, full: boolean) {
  const web = `${server.url}/acme/models/_build/results?buildId=${r.id}`
  const base = {
    id: r.id,
    name: r.name,
    state: r.state,
    result: r.result,
    createdDate: r.createdDate,
    url: `${server.url}/acme/models/_apis/pipelines/${r.pipeline}/runs/${r.id}`,
    _links: { web: { href: web } },
  }
  // the list leaves the run's parameters out, as the service does
  return full ? { ...base, templateParameters: r.templateParameters, resources: { repositories: { self: { refName: r.refName } } } } : base
}

/** Pipelines - Runs (run, list, get): what the monitor task's retrain uses. */
function pipelineRoutes(server: FakeServer, state: AzureState, guard: Guard, authed: (h: Record<string, unknown>) => boolean): void {
  server.on('POST', '/acme/:project/_apis/pipelines/:pipeline/runs', (req, p) => {
    const denied = guard(req.headers) ?? apiVersion(server, req, 'run pipeline')
    if (denied) return denied
    const def = state.pipelines[p.pipeline]
    if (!def) return { status: 404, body: { message: `Pipeline ${p.pipeline} not found.` } }
    const problem = checkBody(req.body, [], ['templateParameters', 'resources', 'variables', 'stagesToSkip', 'previewRun', 'yamlOverride'])
    if (problem) return server.reject(`run pipeline: ${problem}`)
    const b = req.body as { templateParameters?: Record<string, unknown>; variables?: unknown; resources?: { repositories?: { self?: { refName?: string } } } }
    // variables not marked settable at queue time are refused by the service
    if (b.variables)
      return { status: 400, body: { message: "You can't set the following variables. If you want to be able to set these variables, then edit the pipeline and select Settable at queue time." } }
    const params = b.templateParameters ?? {}
    const unknown = Object.keys(params).filter((k) => !def.parameters.includes(k))
    if (unknown.length) return server.reject(`run pipeline: Unexpected parameter '${unknown[0]}'`)
    if (Object.values(params).some((v) => typeof v !== 'string')) return server.reject('run pipeline: templateParameters must be strings')
    const refName = b.resources?.repositories?.self?.refName
    if (refName !== undefined && !refName.startsWith('refs/')) return server.reject(`run pipeline: refName '${refName}' is not a full ref`)
    const id = state.pipelineRuns.length + 500
    const run: PipelineRun = {
      id,
      pipeline: p.pipeline,
      name: `20261206.${id}`,
      state: 'inProgress',
      createdDate: new Date().toISOString(),
      refName,
      templateParameters: params as Record<string, string>,
    }
    state.pipelineRuns.push(run)
    return { body: runJson(server, run, true) }
  })
  server.on('GET', '/acme/:project/_apis/pipelines/:pipeline/runs', (req, p) => {
    if (!authed(req.headers)) return { status: 401, body: {} }
    const bad = apiVersion(server, req, 'list runs')
    if (bad) return bad
    const value = state.pipelineRuns.filter((r) => r.pipeline === p.pipeline).map((r) => runJson(server, r, false))
    return { body: { count: value.length, value } }
  })
  server.on('GET', '/acme/:project/_apis/pipelines/:pipeline/runs/:run', (req, p) => {
    if (!authed(req.headers)) return { status: 401, body: {} }
    const bad = apiVersion(server, req, 'get run')
    if (bad) return bad
    const run = state.pipelineRuns.find((r) => r.pipeline === p.pipeline && r.id === Number(p.run))
    return run ? { body: runJson(server, run, true) } : { status: 404, body: { message: 'not found' } }
  })
}

/** Applies a JSON Patch document of work item fields; returns a problem or undefined. */
function applyPatch(wi: WorkItem, ops: unknown): string | undefined {
  if (!Array.isArray(ops)) return 'body is not a JSON Patch array'
  for (const op of ops as { op?: string; path?: string; value?: unknown }[]) {
    if (!['add', 'replace', 'remove', 'test'].includes(op.op ?? '')) return `invalid op '${String(op.op)}'`
    const field = /^\/fields\/([\w.]+)$/.exec(op.path ?? '')
    const format = /^\/multilineFieldsFormat\/([\w.]+)$/.exec(op.path ?? '')
    if (format) {
      if (op.value !== 'Markdown' && op.value !== 'Html') return `invalid multilineFieldsFormat '${String(op.value)}'`
      wi.formats[format[1]] = op.value
    } else if (field) {
      if (field[1] === 'System.History') wi.history.push(String(op.value))
      else if (op.op === 'remove') delete wi.fields[field[1]]
      else wi.fields[field[1]] = op.value
    } else return `invalid path '${String(op.path)}'`
  }
  return undefined
}

/** Work items (create, update), WIQL and the Issue type's states: what the monitor task's escalation uses. */
function boardsRoutes(server: FakeServer, state: AzureState, guard: Guard, authed: (h: Record<string, unknown>) => boolean): void {
  const link = (id: number) => `${server.url}/acme/models/_workitems/edit/${id}`
  const patchType = (req: { headers: Record<string, unknown> }) =>
    String(req.headers['content-type']).startsWith('application/json-patch+json') ? undefined : server.reject('work items: content-type is not application/json-patch+json')
  server.on('GET', '/acme/:project/_apis/wit/workitemtypes/:type/states', (req, p) => {
    if (!authed(req.headers)) return { status: 401, body: {} }
    if (p.type !== state.issueType) return { status: 404, body: { message: `Work item type ${p.type} does not exist.` } }
    return apiVersion(server, req, 'states') ?? { body: { count: state.issueStates.length, value: state.issueStates } }
  })
  server.on('POST', '/acme/:project/_apis/wit/workitems/:type', (req, p) => {
    const denied = guard(req.headers) ?? apiVersion(server, req, 'create work item') ?? patchType(req)
    if (denied) return denied
    if (!p.type.startsWith('$')) return server.reject(`create work item: type '${p.type}' is not $<type>`)
    if (p.type.slice(1) !== state.issueType) return { status: 404, body: { message: `Work item type ${p.type.slice(1)} does not exist.` } }
    const wi: WorkItem = { id: state.workItems.length + 900, type: p.type.slice(1), fields: { 'System.State': state.issueStates[0].name }, formats: {}, history: [] }
    const problem = applyPatch(wi, req.body)
    if (problem) return server.reject(`create work item: ${problem}`)
    if (!wi.fields['System.Title']) return server.reject('create work item: System.Title is required')
    state.workItems.push(wi)
    return { body: { id: wi.id, fields: wi.fields, _links: { html: { href: link(wi.id) } } } }
  })
  server.on('PATCH', '/acme/:project/_apis/wit/workitems/:id', (req, p) => {
    const denied = guard(req.headers) ?? apiVersion(server, req, 'update work item') ?? patchType(req)
    if (denied) return denied
    const wi = state.workItems.find((w) => w.id === Number(p.id))
    if (!wi) return { status: 404, body: { message: `Work item ${p.id} does not exist.` } }
    const problem = applyPatch(wi, req.body)
    if (problem) return server.reject(`update work item: ${problem}`)
    if (!state.issueStates.some((s) => s.name === wi.fields['System.State'])) return server.reject(`update work item: '${String(wi.fields['System.State'])}' is not a state of Issue`)
    return { body: { id: wi.id, fields: wi.fields } }
  })
  server.on('POST', '/acme/:project/_apis/wit/wiql', (req) => {
    if (!authed(req.headers)) return { status: 401, body: {} }
    const bad = apiVersion(server, req, 'wiql') ?? checkBody(req.body, ['query'], [])
    if (typeof bad === 'string') return server.reject(`wiql: ${bad}`)
    if (bad) return bad
    const query = (req.body as { query: string }).query
    if (!/^SELECT \[System\.Id\] FROM WorkItems WHERE /i.test(query)) return server.reject(`wiql: unexpected query ${query}`)
    const tag = /\[System\.Tags\] CONTAINS '([^']+)'/.exec(query)?.[1]
    const type = /\[System\.WorkItemType\] = '([^']+)'/.exec(query)?.[1]
    const notIn =
      /\[System\.State\] NOT IN \(([^)]*)\)/
        .exec(query)?.[1]
        .split(',')
        .map((x) => x.trim().replace(/^'|'$/g, '')) ?? []
    const tagsOf = (w: WorkItem) =>
      String(w.fields['System.Tags'] ?? '')
        .split(';')
        .map((t) => t.trim())
    const hits = state.workItems.filter((w) => (!tag || tagsOf(w).includes(tag)) && (!type || w.type === type) && !notIn.includes(String(w.fields['System.State'])))
    return { body: { queryType: 'flat', workItems: hits.map((w) => ({ id: w.id, url: `${server.url}/acme/_apis/wit/workItems/${w.id}` })) } }
  })
}

/** A property collection as the REST API answers it: {count, value: {name: {$type, $value}}}. */
function propertyCollection(properties: Record<string, string>, filter?: string | null) {
  const names = filter ? filter.split(',').map((n) => n.trim().toLowerCase()) : undefined
  const entries = Object.entries(properties).filter(([k]) => !names || names.includes(k.toLowerCase()))
  return { count: entries.length, value: Object.fromEntries(entries.map(([k, v]) => [k, { $type: 'System.String', $value: v }])) }
}

/** Build properties (JSON Patch in, property collections out) and build tags; writes need a Bearer token and api-version 7.1. */
function buildRoutes(server: FakeServer, state: AzureState, authed: (h: Record<string, unknown>) => boolean) {
  const build = (id: string) => state.builds[id]
  const notFound = (id: string) => ({ status: 404, body: { message: `TF400860: build ${id} was not found.`, typeKey: 'BuildNotFoundException' } })
  const writeGuard = (req: { headers: Record<string, unknown>; query: URLSearchParams }, id: string) => {
    if (!/^bearer \S+/i.test(String(req.headers.authorization ?? ''))) return { status: 401, body: { message: 'TF400813: The user is not authorized to access this resource.' } }
    if (req.query.get('api-version') !== '7.1') return server.reject(`builds: api-version must be 7.1, got ${req.query.get('api-version')}`)
    if (state.buildWriteStatus) return { status: state.buildWriteStatus, body: { message: "TF215106: Access denied. Project Build Service needs 'Update build information' permissions." } }
    // the job's own build always exists
    state.builds[id] ??= { properties: {}, tags: [] }
    return undefined
  }

  server.on('GET', '/acme/:project/_apis/build/builds/:id/properties', (req, p) => {
    if (!authed(req.headers)) return { status: 401, body: {} }
    if (req.query.get('api-version') !== '7.1') return server.reject('properties: api-version must be 7.1')
    return build(p.id) ? { body: propertyCollection(build(p.id).properties, req.query.get('filter')) } : notFound(p.id)
  })

  server.on('PATCH', '/acme/:project/_apis/build/builds/:id/properties', (req, p) => {
    const denied = writeGuard(req, p.id)
    if (denied) return denied
    if (!/^application\/json-patch\+json/.test(String(req.headers['content-type']))) return server.reject(`properties: content-type ${req.headers['content-type']}, not application/json-patch+json`)
    if (!Array.isArray(req.body) || req.body.length === 0) return server.reject('properties: the body is not a JSON Patch document (a non-empty array)')
    const next = { ...build(p.id).properties }
    for (const op of req.body as { op?: string; path?: string; value?: unknown }[]) {
      const problem = checkBody(op, ['op', 'path'], ['value', 'from'])
      if (problem) return server.reject(`properties: ${problem}`)
      if (!/^\/[^/]+$/.test(op.path!)) return server.reject(`properties: path '${op.path}' is not /<property name>`)
      const key = op.path!.slice(1)
      if (op.op === 'add' || op.op === 'replace') {
        if (typeof op.value !== 'string') return server.reject(`properties: ${key} has a value that is not a string`)
        next[key] = op.value
      } else if (op.op === 'remove') delete next[key]
      else return server.reject(`properties: op '${op.op}' is not add, replace or remove`)
    }
    build(p.id).properties = next
    return { body: propertyCollection(next) }
  })

  server.on('GET', '/acme/:project/_apis/build/builds/:id/tags', (req, p) => {
    if (!authed(req.headers)) return { status: 401, body: {} }
    return build(p.id) ? { body: { count: build(p.id).tags.length, value: build(p.id).tags } } : notFound(p.id)
  })

  server.on('PATCH', '/acme/:project/_apis/build/builds/:id/tags', (req, p) => {
    const denied = writeGuard(req, p.id)
    if (denied) return denied
    if (state.tagWriteStatus) return { status: state.tagWriteStatus, body: { message: 'TF215106: Access denied.' } }
    const problem = checkBody(req.body, [], ['tagsToAdd', 'tagsToRemove'])
    if (problem) return server.reject(`tags: ${problem}`)
    const b = req.body as { tagsToAdd?: string[]; tagsToRemove?: string[] }
    const remove = new Set((b.tagsToRemove ?? []).map((t) => t.toLowerCase()))
    const tags = [...build(p.id).tags.filter((t) => !remove.has(t.toLowerCase())), ...(b.tagsToAdd ?? [])]
    build(p.id).tags = [...new Set(tags)]
    return { body: { count: build(p.id).tags.length, value: build(p.id).tags } }
  })
}

/**
 * The container artifacts a job's `##vso[artifact.upload containerfolder=…;artifactname=…]<path>` commands publish, as
 * the agent uploads them: a folder's files under the container folder by their path inside it, a file by its name.
 */
export function uploadedArtifacts(commands: { area: string; event: string; properties: Record<string, string>; data: string }[]): Record<string, Map<string, Buffer>> {
  const out: Record<string, Map<string, Buffer>> = {}
  const walk = (dir: string, prefix: string, into: Map<string, Buffer>) => {
    for (const e of readdirSync(dir, { withFileTypes: true }))
      if (e.isDirectory()) walk(join(dir, e.name), `${prefix}/${e.name}`, into)
      else into.set(`${prefix}/${e.name}`, readFileSync(join(dir, e.name)))
  }
  for (const c of commands.filter((x) => x.area === 'artifact' && x.event === 'upload')) {
    const name = c.properties.artifactname
    const folder = c.properties.containerfolder || name
    const files = (out[name] ??= new Map())
    if (statSync(c.data).isDirectory()) walk(c.data, folder, files)
    else files.set(`${folder}/${basename(c.data)}`, readFileSync(c.data))
  }
  return out
}

/** A zip as the artifacts API answers with $format=zip: every file of the artifact by its container path, deflated. */
export async function artifactZip(files: Map<string, Buffer>): Promise<Buffer> {
  const zip = new JSZip()
  for (const [path, data] of files) zip.file(path, data)
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}

/** Build definitions, the completed builds list and build artifacts (get by name, download as zip): Bearer token and api-version 7.1. */
function artifactRoutes(server: FakeServer, state: AzureState): void {
  const guard = (req: { headers: Record<string, unknown>; query: URLSearchParams }, what: string) => {
    if (!/^bearer \S+/i.test(String(req.headers.authorization ?? ''))) return { status: 401, body: { message: 'TF400813: The user is not authorized to access this resource.' } }
    return req.query.get('api-version') === '7.1' ? undefined : server.reject(`${what}: api-version must be 7.1, got ${req.query.get('api-version')}`)
  }
  server.on('GET', '/acme/:project/_apis/build/definitions/:id', (req, p) => {
    const denied = guard(req, 'definition')
    if (denied) return denied
    const def = state.definitions[p.id]
    return def ? { body: { id: Number(p.id), repository: { type: 'TfsGit', defaultBranch: def.defaultBranch } } } : { status: 404, body: { message: `Definition ${p.id} not found.` } }
  })
  server.on('GET', '/acme/:project/_apis/build/builds', (req) => {
    const denied = guard(req, 'builds')
    if (denied) return denied
    const q = req.query
    if (q.get('statusFilter') !== 'completed' || q.get('queryOrder') !== 'finishTimeDescending' || !q.get('definitions')) return server.reject(`builds: unexpected query ${q.toString()}`)
    const results = q
      .get('resultFilter')
      ?.split(',')
      .map((r) => r.trim())
    const hits = state.completedBuilds
      .filter((b) => q.get('definitions')!.split(',').includes(b.definition) && (!q.get('branchName') || b.sourceBranch === q.get('branchName')) && (!results || results.includes(b.result)))
      .reverse()
      .slice(0, Number(q.get('$top') ?? 1000))
    const value = hits.map((b) => ({ id: b.id, status: 'completed', result: b.result, sourceBranch: b.sourceBranch, definition: { id: Number(b.definition) } }))
    return { body: { count: value.length, value } }
  })
  server.on('GET', '/acme/:project/_apis/build/builds/:id/artifacts', async (req, p) => {
    const denied = guard(req, 'artifacts')
    if (denied) return denied
    const build = state.completedBuilds.find((b) => b.id === Number(p.id))
    const name = req.query.get('artifactName')
    if (!name) return server.reject('artifacts: artifactName missing')
    const files = build?.artifacts[name]
    if (!files) return { status: 404, body: { message: `The artifact ${name} was not found for build ${p.id}.`, typeKey: 'ArtifactNotFoundException' } }
    if (req.query.get('$format') === 'zip') return { body: build.rawZip ?? (await artifactZip(files)), headers: { 'content-type': 'application/zip' } }
    const url = `${server.url}/acme/models/_apis/build/builds/${p.id}/artifacts?artifactName=${encodeURIComponent(name)}&api-version=7.1`
    return { body: { id: 1, name, source: 'job-1', resource: { type: 'Container', data: `#/4242/${name}`, url, downloadUrl: `${url}&%24format=zip` } } }
  })
}
