import { parse as parseYaml } from 'yaml'
import { ConfigurationError } from '../errors.ts'
import { didYouMean } from '../text.ts'

/** The monitor's policy: every key optional, these defaults documented in packages/core/docs/monitor.md. */
export interface MonitorPolicy {
  drift: { share: number; persistence: { k: number; n: number } }
  critical: string[]
  predictions: string[]
  labels: string[]
  performance: { margin: number; metrics: string[]; resamples: number; confidence: number; seed: number; persistence: { k: number; n: number } }
  trend: { windows: number; alpha: number }
  retrain: { cooldownHours: number }
  escalate: Record<EscalationRule, boolean>
}

export const ESCALATION_RULES = ['validation-errors', 'schema-change', 'unseen-critical', 'prediction-drift-without-feature-drift', 'performance-without-drift', 'retrain-did-not-fix'] as const
export type EscalationRule = (typeof ESCALATION_RULES)[number]

export function defaultPolicy(): MonitorPolicy {
  return {
    drift: { share: 0, persistence: { k: 1, n: 1 } },
    critical: [],
    predictions: ['y_pred', 'prediction', 'predicted', 'y_score', 'score'],
    labels: ['y_true', 'label', 'target', 'actual'],
    performance: { margin: 0.02, metrics: [], resamples: 1000, confidence: 0.95, seed: 0, persistence: { k: 1, n: 1 } },
    trend: { windows: 8, alpha: 0.05 },
    retrain: { cooldownHours: 24 },
    escalate: Object.fromEntries(ESCALATION_RULES.map((r) => [r, true])) as Record<EscalationRule, boolean>,
  }
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Reads one section, refusing keys it does not know with a sentence that names the file and the key. */
function section(v: unknown, keys: readonly string[], where: string, origin: string): Obj {
  if (v === undefined || v === null) return {}
  if (!isObj(v)) throw new ConfigurationError(`${origin}: '${where}' must be a mapping of ${keys.join(', ')}.`)
  for (const k of Object.keys(v)) if (!keys.includes(k)) throw new ConfigurationError(`${origin}: unknown key '${where ? `${where}.` : ''}${k}'${didYouMean(k, keys)}; keys are ${keys.join(', ')}.`)
  return v
}

function num(v: unknown, fallback: number, field: string, origin: string, range: { min: number; max?: number; integer?: boolean }): number {
  if (v === undefined) return fallback
  const n = typeof v === 'number' ? v : NaN
  const ok = Number.isFinite(n) && n >= range.min && (range.max === undefined || n <= range.max) && (!range.integer || Number.isInteger(n))
  if (!ok)
    throw new ConfigurationError(
      `${origin}: '${field}' must be ${range.integer ? 'an integer' : 'a number'} ≥ ${range.min}${range.max !== undefined ? ` and ≤ ${range.max}` : ''}, got ${JSON.stringify(v)}.`,
    )
  return n
}

function names(v: unknown, fallback: string[], field: string, origin: string): string[] {
  if (v === undefined) return fallback
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ConfigurationError(`${origin}: '${field}' must be a list of column or metric names.`)
  return v as string[]
}

/** `k of n` (e.g. "2 of 3"): act when the condition held in k of the last n windows. */
function parsePersistence(v: unknown, fallback: { k: number; n: number }, field: string, origin: string): { k: number; n: number } {
  if (v === undefined) return fallback
  const m = /^\s*(\d+)\s+of\s+(\d+)\s*$/.exec(String(v))
  const k = m ? Number(m[1]) : NaN
  const n = m ? Number(m[2]) : NaN
  if (!m || k < 1 || n < k) throw new ConfigurationError(`${origin}: '${field}' must read 'k of n' with 1 ≤ k ≤ n (e.g. '2 of 3'), got ${JSON.stringify(v)}.`)
  return { k, n }
}

/** Hours from `24h`, `90m`, `2d` or a number of hours. */
function hours(v: unknown, fallback: number, field: string, origin: string): number {
  if (v === undefined) return fallback
  const m = /^\s*(\d+(?:\.\d+)?)\s*(m|h|d)?\s*$/.exec(String(v))
  if (!m) throw new ConfigurationError(`${origin}: '${field}' must be a duration like 24h, 90m or 2d, got ${JSON.stringify(v)}.`)
  return Number(m[1]) * (m[2] === 'm' ? 1 / 60 : m[2] === 'd' ? 24 : 1)
}

/** The policy of a YAML text (empty: every default); origin names the file in sentences. */
export function parsePolicy(text: string, origin: string): MonitorPolicy {
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (e) {
    throw new ConfigurationError(`${origin} is not valid YAML: ${(e as Error).message.split('\n')[0]}`)
  }
  const d = defaultPolicy()
  const top = section(raw, ['drift', 'critical', 'predictions', 'labels', 'performance', 'trend', 'retrain', 'escalate'], '', origin)
  const drift = section(top.drift, ['share', 'persistence'], 'drift', origin)
  const perf = section(top.performance, ['margin', 'metrics', 'resamples', 'confidence', 'seed', 'persistence'], 'performance', origin)
  const trend = section(top.trend, ['windows', 'alpha'], 'trend', origin)
  const retrain = section(top.retrain, ['cooldown'], 'retrain', origin)
  const escalate = section(top.escalate, ESCALATION_RULES, 'escalate', origin)
  for (const [k, v] of Object.entries(escalate)) if (typeof v !== 'boolean') throw new ConfigurationError(`${origin}: 'escalate.${k}' must be true or false.`)
  return {
    drift: { share: num(drift.share, d.drift.share, 'drift.share', origin, { min: 0, max: 1 }), persistence: parsePersistence(drift.persistence, d.drift.persistence, 'drift.persistence', origin) },
    critical: names(top.critical, d.critical, 'critical', origin),
    predictions: names(top.predictions, d.predictions, 'predictions', origin),
    labels: names(top.labels, d.labels, 'labels', origin),
    performance: {
      margin: num(perf.margin, d.performance.margin, 'performance.margin', origin, { min: 0 }),
      metrics: names(perf.metrics, d.performance.metrics, 'performance.metrics', origin),
      resamples: num(perf.resamples, d.performance.resamples, 'performance.resamples', origin, { min: 100, max: 100_000, integer: true }),
      confidence: num(perf.confidence, d.performance.confidence, 'performance.confidence', origin, { min: 0.5, max: 0.999 }),
      seed: num(perf.seed, d.performance.seed, 'performance.seed', origin, { min: 0, integer: true }),
      persistence: parsePersistence(perf.persistence, d.performance.persistence, 'performance.persistence', origin),
    },
    trend: {
      windows: num(trend.windows, d.trend.windows, 'trend.windows', origin, { min: 3, max: 1000, integer: true }),
      alpha: num(trend.alpha, d.trend.alpha, 'trend.alpha', origin, { min: 0, max: 1 }),
    },
    retrain: { cooldownHours: hours(retrain.cooldown, d.retrain.cooldownHours, 'retrain.cooldown', origin) },
    escalate: { ...d.escalate, ...(escalate as Partial<Record<EscalationRule, boolean>>) },
  }
}
