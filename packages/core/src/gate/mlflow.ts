import { ConfigurationError } from '../errors.ts'
import type { Metrics } from './sources.ts'

export interface MlflowOptions {
  trackingUri: string
  token?: string
}

async function call(o: MlflowOptions, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const url = `${o.trackingUri.replace(/\/$/, '')}${path}`
  let res: Response
  try {
    res = await fetch(url, {
      method,
      headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
  } catch (e) {
    throw new ConfigurationError(`Cannot reach the MLflow tracking server at ${o.trackingUri}: ${(e as Error).message}.`)
  }
  const text = await res.text()
  if (res.status === 401 || res.status === 403) throw new ConfigurationError(`MLflow refused the request (${res.status}); set mlflow-token to a token that may read the registry.`)
  if (!res.ok) {
    let message = text
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text
    } catch {
      /* plain text */
    }
    throw new ConfigurationError(`MLflow ${method} ${path.split('?')[0]} failed (${res.status}): ${message.replace(/\s+/g, ' ').trim().slice(0, 200)}`)
  }
  return text ? parseAnswer(text, path) : {}
}

/** MLflow's server writes metric values NaN and ±Infinity as bare words, which JSON.parse refuses. */
export function parseAnswer(text: string, path: string): unknown {
  try {
    return JSON.parse(text.replace(/(:\s*)(NaN|-?Infinity)(\s*[,}\]])/g, '$1"$2"$3'))
  } catch {
    throw new ConfigurationError(`MLflow answered ${path.split('?')[0]} with something that is not JSON: ${text.replace(/\s+/g, ' ').trim().slice(0, 80)}`)
  }
}

export type MlflowRef = { model: string; version: string } | { model: string; alias: string }

/** `mlflow:<model>/<version>` or `mlflow:<model>@<alias>`; anything else names both forms. */
export function parseMlflowSpec(spec: string, input: string): MlflowRef {
  const version = /^mlflow:(.+)\/(\d+)$/.exec(spec)
  if (version) return { model: version[1], version: version[2] }
  const alias = /^mlflow:(.+)@([^@]+)$/.exec(spec)
  if (alias) return { model: alias[1], alias: alias[2] }
  const model = spec.slice('mlflow:'.length).split(/[/@]/)[0] || 'fraud-model'
  throw new ConfigurationError(`Input '${input}': '${spec}' should look like mlflow:<model>/<version> or mlflow:<model>@<alias>, e.g. mlflow:${model}/3 or mlflow:${model}@champion.`)
}

async function runMetrics(o: MlflowOptions, runId: string): Promise<Metrics> {
  const run = (await call(o, 'GET', `/api/2.0/mlflow/runs/get?run_id=${encodeURIComponent(runId)}`)) as { run?: { data?: { metrics?: { key: string; value: number }[] } } }
  return new Map((run.run?.data?.metrics ?? []).map((x) => [x.key, Number(x.value)]))
}

/** `mlflow:<model>@<alias>` → the aliased version's run → that run's metrics. */
export async function metricsFromMlflow(ref: { model: string; alias: string }, o: MlflowOptions): Promise<{ metrics: Metrics; version: string; runId: string }> {
  const { model: name, alias } = ref
  const mv = (await call(o, 'GET', `/api/2.0/mlflow/registered-models/alias?name=${encodeURIComponent(name)}&alias=${encodeURIComponent(alias)}`)) as {
    model_version?: { version: string; run_id: string }
  }
  if (!mv.model_version?.run_id) throw new ConfigurationError(`MLflow model '${name}' has no version with alias '${alias}'.`)
  return { metrics: await runMetrics(o, mv.model_version.run_id), version: mv.model_version.version, runId: mv.model_version.run_id }
}

/** Tags the candidate version with the verdict and, when asked and passed, moves the alias to it. */
export async function writeBackMlflow(o: MlflowOptions, model: string, version: string, verdict: string, promoteAlias?: string): Promise<void> {
  await call(o, 'POST', '/api/2.0/mlflow/model-versions/set-tag', { name: model, version, key: 'mlgate.verdict', value: verdict })
  if (promoteAlias) await call(o, 'POST', '/api/2.0/mlflow/registered-models/alias', { name: model, alias: promoteAlias, version })
}

/** `mlflow:<model>/<version>` → that version's run metrics (a candidate registered in MLflow). */
export async function metricsFromMlflowVersion(ref: { model: string; version: string }, o: MlflowOptions): Promise<{ metrics: Metrics; model: string; version: string }> {
  const { model, version } = ref
  const mv = (await call(o, 'GET', `/api/2.0/mlflow/model-versions/get?name=${encodeURIComponent(model)}&version=${version}`)) as { model_version?: { run_id?: string } }
  if (!mv.model_version?.run_id) throw new ConfigurationError(`MLflow model '${model}' version ${version} has no run.`)
  return { metrics: await runMetrics(o, mv.model_version.run_id), model, version }
}
