import { inflateRawSync } from 'node:zlib'
import { ConfigurationError } from '../errors.ts'
import type { RunContext } from '../platform.ts'
import type { Metrics } from './sources.ts'
import { parseMetrics } from './sources.ts'

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

/**
 * `artifact:<name>[/<file>]` — metrics from the artifact of that name in the latest successful
 * workflow run on the default branch (GitHub).
 */
export async function metricsFromArtifact(spec: string, ctx: RunContext, _cwd: string): Promise<Metrics> {
  const m = /^artifact:([^/]+)(?:\/(.+))?$/.exec(spec)
  if (!m) throw new ConfigurationError(`Input 'baseline': '${spec}' should look like artifact:<name> or artifact:<name>/<file>.`)
  const [, name, file] = m
  const api = ctx.apiUrl ?? 'https://api.github.com'
  if (!ctx.repository) throw new ConfigurationError(`'${spec}' reads a GitHub artifact and works only in GitHub Actions (GITHUB_REPOSITORY is not set).`)
  const repo = (await (await github(`${api}/repos/${ctx.repository}`, ctx.token)).json()) as { default_branch: string }
  const workflow = ctx.workflowRef?.split('@')[0].split('/').slice(2).join('/')
  const runsUrl = workflow ? `${api}/repos/${ctx.repository}/actions/workflows/${encodeURIComponent(workflow.split('/').pop()!)}/runs` : `${api}/repos/${ctx.repository}/actions/runs`
  const runs = (await (await github(`${runsUrl}?branch=${encodeURIComponent(repo.default_branch)}&status=success&per_page=20`, ctx.token)).json()) as { workflow_runs: { id: number }[] }
  for (const run of runs.workflow_runs ?? []) {
    const list = (await (await github(`${api}/repos/${ctx.repository}/actions/runs/${run.id}/artifacts?name=${encodeURIComponent(name)}`, ctx.token)).json()) as {
      artifacts: { id: number; name: string; expired: boolean }[]
    }
    const artifact = list.artifacts?.find((a) => a.name === name && !a.expired)
    if (!artifact) continue
    const zip = Buffer.from(await (await github(`${api}/repos/${ctx.repository}/actions/artifacts/${artifact.id}/zip`, ctx.token, '*/*')).arrayBuffer())
    const entries = unzip(zip)
    const pick = file ? entries.get(file) : [...entries].find(([n]) => /\.(json|ya?ml|csv)$/i.test(n))?.[1]
    if (!pick) throw new ConfigurationError(`Artifact '${name}' of run ${run.id} has no ${file ? `file '${file}'` : 'metrics file'}; it holds ${[...entries.keys()].join(', ')}.`)
    return parseMetrics(pick.toString('utf8'), `artifact '${name}' of run ${run.id}`)
  }
  throw new ConfigurationError(`No successful run on ${repo.default_branch} has an artifact named '${name}'.`)
}
