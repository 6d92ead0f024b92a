import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { parse as parseYaml } from 'yaml'
import { ConfigurationError } from '../errors.ts'
import { readStructured } from '../schema/load.ts'

const run = promisify(execFile)

export type Metrics = Map<string, number>

/** Flattens nested JSON/YAML (DVC metrics files too) into dotted names with numeric values. */
export function flattenMetrics(doc: unknown, prefix = '', out: Metrics = new Map()): Metrics {
  if (typeof doc === 'number' && Number.isFinite(doc)) out.set(prefix, doc)
  else if (typeof doc === 'string' && prefix && doc.trim() !== '' && Number.isFinite(Number(doc))) out.set(prefix, Number(doc))
  else if (doc && typeof doc === 'object' && !Array.isArray(doc))
    for (const [k, v] of Object.entries(doc)) flattenMetrics(v, prefix ? `${prefix}.${k}` : k, out)
  return out
}

/** Reads metrics from parsed content: MLflow runs/get JSON, a flat or nested mapping, or CSV name,value. */
export function parseMetrics(text: string, origin: string): Metrics {
  const trimmed = text.trim()
  if (trimmed === '') throw new ConfigurationError(`The metrics in ${origin} are empty.`)
  if (!/^[[{]/.test(trimmed) && /^[^:\n]+,[^\n]+$/m.test(trimmed.split('\n')[0]) && !trimmed.split('\n')[0].includes(':')) return parseCsvMetrics(trimmed, origin)
  let doc: unknown
  try {
    doc = /^[[{]/.test(trimmed) ? JSON.parse(trimmed) : parseYaml(trimmed)
  } catch (e) {
    throw new ConfigurationError(`The metrics in ${origin} are neither JSON, YAML nor CSV: ${(e as Error).message.split('\n')[0]}`)
  }
  const mlflow = (doc as { run?: { data?: { metrics?: { key: string; value: number }[] } } })?.run?.data?.metrics
  if (Array.isArray(mlflow)) return new Map(mlflow.map((m) => [m.key, Number(m.value)]))
  const metrics = flattenMetrics(doc)
  if (metrics.size === 0) throw new ConfigurationError(`No numeric metrics found in ${origin}.`)
  return metrics
}

function parseCsvMetrics(text: string, origin: string): Metrics {
  const out: Metrics = new Map()
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return
    const [name, value] = line.split(',').map((s) => s.trim())
    if (i === 0 && Number.isNaN(Number(value))) return // header
    const v = Number(value)
    if (!name || !Number.isFinite(v)) throw new ConfigurationError(`${origin} line ${i + 1}: expected 'name,value', got '${line}'.`)
    out.set(name, v)
  })
  return out
}

export async function metricsFromFile(path: string, cwd: string, role: string): Promise<Metrics> {
  const doc = await readStructuredOrText(path, cwd, role)
  return parseMetrics(doc, `${role} '${path}'`)
}

async function readStructuredOrText(path: string, cwd: string, role: string): Promise<string> {
  if (/\.csv$/i.test(path)) {
    const { readFile } = await import('node:fs/promises')
    const { absolutePath } = await import('../io/sources.ts')
    try {
      return await readFile(absolutePath(path, cwd), 'utf8')
    } catch (e) {
      const { fileError } = await import('../errors.ts')
      fileError(e, path, role)
    }
  }
  return JSON.stringify(await readStructured(path, cwd, role))
}

/** `git:<ref>:<path>` — the file as committed at ref, from the local repository. */
export async function metricsFromGit(spec: string, cwd: string): Promise<Metrics> {
  const m = /^git:([^:]+):(.+)$/.exec(spec)
  if (!m) throw new ConfigurationError(`Input 'baseline': '${spec}' should look like git:<ref>:<path>, e.g. git:origin/main:metrics.json.`)
  const [, ref, path] = m
  try {
    const { stdout } = await run('git', ['show', `${ref}:${path}`], { cwd, maxBuffer: 64 << 20 })
    return parseMetrics(stdout, `${path} at ${ref}`)
  } catch (e) {
    if (e instanceof ConfigurationError) throw e
    const stderr = String((e as { stderr?: string }).stderr ?? (e as Error).message)
    const shallow = await run('git', ['rev-parse', '--is-shallow-repository'], { cwd }).then((r) => r.stdout.trim() === 'true', () => false)
    if (shallow) throw new ConfigurationError(`Cannot read ${path} at ${ref}: this is a shallow clone; fetch history first (actions/checkout with 'fetch-depth: 0', or 'git fetch --unshallow').`)
    if (/does not exist|exists on disk, but not in/.test(stderr)) throw new ConfigurationError(`The baseline file '${path}' does not exist at ${ref}.`)
    if (/unknown revision|bad revision|invalid object name/i.test(stderr)) throw new ConfigurationError(`Unknown git ref '${ref}' for the baseline; fetch it first (e.g. git fetch origin main).`)
    throw new ConfigurationError(`git show ${ref}:${path} failed: ${stderr.trim().split('\n')[0]}`)
  }
}
