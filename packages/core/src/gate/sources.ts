import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { parse as parseYaml } from 'yaml'
import { ConfigurationError } from '../errors.ts'
import { readUserText, stripBom } from './read-text.ts'

const run = promisify(execFile)

export type Metrics = Map<string, number>

const NOT_A_NUMBER = /^[+-]?(nan|inf|infinity)$/i

/** A metric value: a number, or text holding one; NaN and ±Infinity are kept so that a rule can say so. */
function metricValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v
  if (typeof v !== 'string' || v.trim() === '') return undefined
  const t = v.trim()
  if (NOT_A_NUMBER.test(t)) return /nan/i.test(t) ? NaN : t.startsWith('-') ? -Infinity : Infinity
  const n = Number(t)
  return Number.isFinite(n) ? n : undefined
}

/** Flattens nested JSON/YAML (DVC metrics files too) into dotted names with numeric values. */
function flattenMetrics(doc: unknown, prefix = '', out: Metrics = new Map()): Metrics {
  const value = prefix ? metricValue(doc) : undefined
  if (value !== undefined) out.set(prefix, value)
  else if (doc && typeof doc === 'object' && !Array.isArray(doc)) for (const [k, v] of Object.entries(doc)) flattenMetrics(v, prefix ? `${prefix}.${k}` : k, out)
  return out
}

/** JSON, or YAML when JSON.parse refuses it: Python's json.dump writes NaN and Infinity, which YAML reads as text. */
function parseDocument(text: string): unknown {
  if (!/^[[{]/.test(text)) return parseYaml(text)
  try {
    return JSON.parse(text)
  } catch (e) {
    try {
      return parseYaml(text)
    } catch {
      throw e
    }
  }
}

/** Reads metrics from parsed content: MLflow runs/get JSON, a flat or nested mapping, or CSV name,value. */
export function parseMetrics(text: string, origin: string): Metrics {
  const trimmed = stripBom(text).trim()
  if (trimmed === '') throw new ConfigurationError(`The metrics in ${origin} are empty.`)
  if (!/^[[{]/.test(trimmed) && /^[^:\n]+,[^\n]+$/m.test(trimmed.split('\n')[0]) && !trimmed.split('\n')[0].includes(':')) return parseCsvMetrics(trimmed, origin)
  let doc: unknown
  try {
    doc = parseDocument(trimmed)
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
    const v = metricValue(value)
    if (i === 0 && v === undefined) return // header
    if (!name || v === undefined) throw new ConfigurationError(`${origin} line ${i + 1}: expected 'name,value', got '${line}'.`)
    out.set(name, v)
  })
  return out
}

export async function metricsFromFile(path: string, cwd: string, role: string): Promise<Metrics> {
  return parseMetrics(await readUserText(path, cwd, role), `${role} '${path}'`)
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
    const shallow = await run('git', ['rev-parse', '--is-shallow-repository'], { cwd }).then(
      (r) => r.stdout.trim() === 'true',
      () => false,
    )
    if (shallow) throw new ConfigurationError(`Cannot read ${path} at ${ref}: this is a shallow clone; fetch history first (actions/checkout with 'fetch-depth: 0', or 'git fetch --unshallow').`)
    if (/does not exist|exists on disk, but not in/.test(stderr)) throw new ConfigurationError(`The baseline file '${path}' does not exist at ${ref}.`)
    if (/unknown revision|bad revision|invalid object name/i.test(stderr)) throw new ConfigurationError(`Unknown git ref '${ref}' for the baseline; fetch it first (e.g. git fetch origin main).`)
    throw new ConfigurationError(`git show ${ref}:${path} failed: ${stderr.trim().split('\n')[0]}`)
  }
}
