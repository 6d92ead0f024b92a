import { ConfigurationError } from '../errors.ts'
import type { Platform } from '../platform.ts'
import type { Metrics } from './sources.ts'
import { parseMetrics } from './sources.ts'

/**
 * `artifact:<name>[/<file>]` — metrics from the artifact of that name in the latest successful run on the default
 * branch: of the same workflow (GitHub) or build of the same pipeline (Azure Pipelines), read through the platform.
 */
export async function metricsFromArtifact(spec: string, platform: Platform): Promise<Metrics> {
  const m = /^artifact:([^/]+)(?:\/(.+))?$/.exec(spec)
  if (!m) throw new ConfigurationError(`Input 'baseline': '${spec}' should look like artifact:<name> or artifact:<name>/<file>.`)
  const [, name, file] = m
  if (!platform.earlierRuns)
    throw new ConfigurationError(
      `Input 'baseline': '${spec}' reads an artifact of an earlier run, which only GitHub Actions and Azure Pipelines builds reach (GITHUB_REPOSITORY or System.DefinitionId is not set).`,
    )
  const { runId, files } = await platform.earlierRuns.artifact(name)
  const pick = file ? files.get(file) : [...files].find(([n]) => /\.(json|ya?ml|csv)$/i.test(n))?.[1]
  if (!pick) throw new ConfigurationError(`Artifact '${name}' of run ${runId} has no ${file ? `file '${file}'` : 'metrics file'}; it holds ${[...files.keys()].join(', ')}.`)
  return parseMetrics(pick.toString('utf8'), `artifact '${name}' of run ${runId}`)
}
