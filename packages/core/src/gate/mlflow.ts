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
    throw new ConfigurationError(`MLflow ${method} ${path.split('?')[0]} failed (${res.status}): ${message.slice(0, 200)}`)
  }
  return text ? JSON.parse(text) : {}
}

/** `mlflow:<model>@<alias>` → the aliased version's run → that run's metrics. */
export async function metricsFromMlflow(spec: string, o: MlflowOptions): Promise<{ metrics: Metrics; version: string; runId: string }> {
  const m = /^mlflow:(.+)@([^@]+)$/.exec(spec)
  if (!m) throw new ConfigurationError(`Input 'baseline': '${spec}' should look like mlflow:<model>@<alias>, e.g. mlflow:fraud-model@champion.`)
  const [, name, alias] = m
  const mv = (await call(o, 'GET', `/api/2.0/mlflow/registered-models/alias?name=${encodeURIComponent(name)}&alias=${encodeURIComponent(alias)}`)) as { model_version?: { version: string; run_id: string } }
  if (!mv.model_version?.run_id) throw new ConfigurationError(`MLflow model '${name}' has no version with alias '${alias}'.`)
  const run = (await call(o, 'GET', `/api/2.0/mlflow/runs/get?run_id=${encodeURIComponent(mv.model_version.run_id)}`)) as { run?: { data?: { metrics?: { key: string; value: number }[] } } }
  const metrics: Metrics = new Map((run.run?.data?.metrics ?? []).map((x) => [x.key, Number(x.value)]))
  return { metrics, version: mv.model_version.version, runId: mv.model_version.run_id }
}

/** Tags the candidate version with the verdict and, when asked and passed, moves the alias to it. */
export async function writeBackMlflow(o: MlflowOptions, model: string, version: string, verdict: string, promoteAlias?: string): Promise<void> {
  await call(o, 'POST', '/api/2.0/mlflow/model-versions/set-tag', { name: model, version, key: 'mlgate.verdict', value: verdict })
  if (promoteAlias) await call(o, 'POST', '/api/2.0/mlflow/registered-models/alias', { name: model, alias: promoteAlias, version })
}

/** `mlflow:<model>/<version>` → that version's run metrics (a candidate registered in MLflow). */
export async function metricsFromMlflowVersion(spec: string, o: MlflowOptions): Promise<{ metrics: Metrics; model: string; version: string }> {
  const m = /^mlflow:(.+)\/(\d+)$/.exec(spec)
  if (!m) throw new ConfigurationError(`'${spec}' should look like mlflow:<model>/<version>.`)
  const mv = (await call(o, 'GET', `/api/2.0/mlflow/model-versions/get?name=${encodeURIComponent(m[1])}&version=${m[2]}`)) as { model_version?: { run_id?: string } }
  if (!mv.model_version?.run_id) throw new ConfigurationError(`MLflow model '${m[1]}' version ${m[2]} has no run.`)
  const run = (await call(o, 'GET', `/api/2.0/mlflow/runs/get?run_id=${encodeURIComponent(mv.model_version.run_id)}`)) as { run?: { data?: { metrics?: { key: string; value: number }[] } } }
  return { metrics: new Map((run.run?.data?.metrics ?? []).map((x) => [x.key, Number(x.value)])), model: m[1], version: m[2] }
}
