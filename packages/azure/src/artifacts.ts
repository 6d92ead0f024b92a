import type { EarlierRuns, RunArtifact } from '@mlgate/core'
import { ConfigurationError, requestJson } from '@mlgate/core'

export interface AzureBuildTarget {
  /** System.CollectionUri, with or without the trailing slash. */
  collection: string
  project: string
  /** System.DefinitionId: the pipeline whose earlier builds are read. */
  definitionId: string
  /** Build.BuildId of the running build, which is never its own earlier run. */
  buildId?: string
  token?: string
  retryBaseDelayMs?: number
}

interface Build {
  id: number
  result?: string
}

interface BuildArtifact {
  name: string
  resource?: { type?: string; downloadUrl?: string }
}

const PERMISSION = "'View builds' on the pipeline (the job's build service has it unless the pipeline's security removed it)"
/** Builds that count as earlier runs: those that succeeded, with issues too (a warning verdict), as a GitHub run that succeeded. */
const COUNTED = new Set(['succeeded', 'partiallySucceeded'])
const LOOKBACK = 20

function refused(path: string, status: number): ConfigurationError {
  if (status === 401) return new ConfigurationError(`Azure DevOps refused ${path} (401): the job's access token is missing or invalid; map $(System.AccessToken) into the step.`)
  return new ConfigurationError(`Azure DevOps refused ${path} (${status}); the job's build service needs ${PERMISSION}.`)
}

async function get(url: string, t: AzureBuildTarget, accept: string): Promise<Response | undefined> {
  const path = new URL(url).pathname
  const res = await fetch(url, { headers: { accept, ...(t.token ? { authorization: `Bearer ${t.token}` } : {}) }, redirect: 'follow' }).catch((e: unknown) => {
    throw new ConfigurationError(`Cannot reach ${new URL(url).origin} for ${path}: ${(e as Error).message}.`)
  })
  if (res.status === 404) return undefined
  if (res.status === 401 || res.status === 403) throw refused(path, res.status)
  if (!res.ok) throw new ConfigurationError(`Azure DevOps answered ${res.status} for ${path}.`)
  return res
}

/** The download URL of an artifact as a zip: container and pipeline artifacts answer a zip only when asked for one. */
export function zipUrl(downloadUrl: string): string {
  const url = new URL(downloadUrl)
  if (!url.searchParams.has('$format') && !url.searchParams.has('format')) url.searchParams.set('$format', 'zip')
  return url.toString()
}

/**
 * The files of an artifact's zip by their path inside the artifact: Azure puts every file under a folder named as the
 * artifact (its container folder), which is taken off, as GitHub's artifact zips have none.
 */
export async function artifactFiles(zip: Buffer, what: string): Promise<Map<string, Buffer>> {
  // loaded on demand: most steps never read an earlier run's artifact
  const { default: JSZip } = await import('jszip')
  const archive = await JSZip.loadAsync(zip, { checkCRC32: true }).catch((e: unknown) => {
    throw new ConfigurationError(`The ${what} is not a readable zip archive (${(e as Error).message.replace(/\.$/, '')}).`)
  })
  const files = new Map<string, Buffer>()
  for (const entry of Object.values(archive.files)) {
    if (entry.dir) continue
    const name = entry.name.replace(/\\/g, '/')
    const inside = name.includes('/') ? name.slice(name.indexOf('/') + 1) : name
    // jszip resolves '../' in names (keeping the original aside): an archive that tried is refused, not read elsewhere
    const original = (entry.unsafeOriginalName ?? entry.name).replace(/\\/g, '/')
    if (original.startsWith('/') || original.split('/').includes('..')) throw new ConfigurationError(`The ${what} holds a file outside the artifact ('${original}').`)
    const data = await entry.async('nodebuffer').catch((e: unknown) => {
      throw new ConfigurationError(`The ${what} is corrupt: '${entry.name}' cannot be read (${(e as Error).message.replace(/\.$/, '')}).`)
    })
    files.set(inside, data)
  }
  return files
}

/** The definition's default branch (refs/heads/main), whose builds are the earlier runs, as GitHub reads the default branch's. */
async function defaultBranch(base: string, t: AzureBuildTarget, call: <T>(url: string) => Promise<T>): Promise<string | undefined> {
  const def = await call<{ repository?: { defaultBranch?: string } }>(`${base}/definitions/${encodeURIComponent(t.definitionId)}?api-version=7.1`)
  return def.repository?.defaultBranch || undefined
}

/** Build artifacts of earlier builds of the same pipeline definition, through the Build REST API with the job's token. */
export function azureEarlierRuns(t: AzureBuildTarget): EarlierRuns {
  const base = `${t.collection.replace(/\/?$/, '/')}${encodeURIComponent(t.project)}/_apis/build`
  const headers: Record<string, string> = t.token ? { authorization: `Bearer ${t.token}` } : {}
  const call = <T>(url: string) => requestJson<T>('GET', url, headers, undefined, { scope: PERMISSION.replace(/ \(.*$/, ''), baseDelayMs: t.retryBaseDelayMs })
  return {
    async artifact(name: string): Promise<RunArtifact> {
      const branch = await defaultBranch(base, t, call)
      const query = `definitions=${encodeURIComponent(t.definitionId)}&queryOrder=finishTimeDescending&statusFilter=completed&resultFilter=succeeded,partiallySucceeded&$top=${LOOKBACK}`
      const builds = await call<{ value?: Build[] }>(`${base}/builds?${query}${branch ? `&branchName=${encodeURIComponent(branch)}` : ''}&api-version=7.1`)
      for (const build of builds.value ?? []) {
        if (String(build.id) === t.buildId || !COUNTED.has(build.result ?? '')) continue
        const res = await get(`${base}/builds/${build.id}/artifacts?artifactName=${encodeURIComponent(name)}&api-version=7.1`, t, 'application/json')
        const artifact = res && ((await res.json()) as BuildArtifact)
        if (!artifact?.resource?.downloadUrl || artifact.name !== name) continue
        const zip = await get(zipUrl(artifact.resource.downloadUrl), t, 'application/zip')
        if (!zip) continue
        const files = await artifactFiles(Buffer.from(await zip.arrayBuffer()), `artifact '${name}' of build ${build.id}`)
        return { runId: build.id, files }
      }
      const where = branch ? ` on ${branch.replace(/^refs\/heads\//, '')}` : ''
      throw new ConfigurationError(`No successful earlier run of pipeline ${t.definitionId}${where} has an artifact named '${name}'.`)
    },
  }
}
