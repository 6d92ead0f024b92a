import { inflateRawSync } from 'node:zlib'
import type { EarlierRuns, RunArtifact, RunContext } from '@mlgate/core'
import { ConfigurationError } from '@mlgate/core'

/** Entries of a zip archive (stored or deflated), by name. */
export function unzip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  let eocd = buf.length - 22
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--
  if (eocd < 0) throw new ConfigurationError('The artifact is not a zip archive.')
  let p = buf.readUInt32LE(eocd + 16)
  const count = buf.readUInt16LE(eocd + 10)
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10)
    const size = buf.readUInt32LE(p + 20)
    const nameLen = buf.readUInt16LE(p + 28)
    const extra = buf.readUInt16LE(p + 30)
    const comment = buf.readUInt16LE(p + 32)
    const local = buf.readUInt32LE(p + 42)
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen)
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = buf.subarray(start, start + size)
    if (!name.endsWith('/')) out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data))
    p += 46 + nameLen + extra + comment
  }
  return out
}

async function github(url: string, token: string | undefined, accept = 'application/vnd.github+json'): Promise<Response> {
  const res = await fetch(url, { headers: { accept, 'x-github-api-version': '2022-11-28', ...(token ? { authorization: `Bearer ${token}` } : {}) }, redirect: 'follow' })
  if (res.status === 401 || res.status === 403) throw new ConfigurationError(`GitHub refused ${new URL(url).pathname} (${res.status}); the token needs 'actions: read'.`)
  if (!res.ok) throw new ConfigurationError(`GitHub answered ${res.status} for ${new URL(url).pathname}.`)
  return res
}

async function getJson<T>(url: string, token: string | undefined): Promise<T> {
  return (await (await github(url, token)).json()) as T
}

/** Workflow artifacts of the run's repository through the REST API; undefined outside a repository (GITHUB_REPOSITORY not set). */
export function githubEarlierRuns(ctx: RunContext): EarlierRuns | undefined {
  const repository = ctx.repository
  if (!repository) return undefined
  const api = `${ctx.apiUrl ?? 'https://api.github.com'}/repos/${repository}`
  return {
    async artifact(name: string): Promise<RunArtifact> {
      const repo = await getJson<{ default_branch: string }>(api, ctx.token)
      const workflow = ctx.workflowRef?.split('@')[0].split('/').slice(2).join('/')
      const runsUrl = workflow ? `${api}/actions/workflows/${encodeURIComponent(workflow.split('/').pop()!)}/runs` : `${api}/actions/runs`
      const runs = await getJson<{ workflow_runs: { id: number }[] }>(`${runsUrl}?branch=${encodeURIComponent(repo.default_branch)}&status=success&per_page=20`, ctx.token)
      for (const run of runs.workflow_runs ?? []) {
        const list = await getJson<{ artifacts: { id: number; name: string; expired: boolean }[] }>(`${api}/actions/runs/${run.id}/artifacts?name=${encodeURIComponent(name)}`, ctx.token)
        const artifact = list.artifacts?.find((a) => a.name === name && !a.expired)
        if (!artifact) continue
        const zip = Buffer.from(await (await github(`${api}/actions/artifacts/${artifact.id}/zip`, ctx.token, '*/*')).arrayBuffer())
        return { runId: run.id, files: unzip(zip) }
      }
      throw new ConfigurationError(`No successful run on ${repo.default_branch} has an artifact named '${name}'.`)
    },
  }
}
