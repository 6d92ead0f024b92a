import { parse as parseYaml } from 'yaml'
import { ConfigurationError } from '../errors.ts'
import { didYouMean } from '../text.ts'
import { stripBom } from './read-text.ts'

export type Direction = 'higher' | 'lower'

export interface Rule {
  metric: string
  min?: number
  max?: number
  direction?: Direction
  /** Superiority: candidate must beat the baseline by at least this much (absolute). */
  minImprovement?: number
  /** Non-inferiority margin: candidate may be worse than the baseline by at most this much. */
  maxRegression?: number
  minImprovementRel?: number
  maxRegressionRel?: number
  /** Passes only when the confidence interval of the difference clears the margin. */
  significant?: boolean
  missing?: 'fail' | 'skip'
  /** The rule as the user wrote it, for the report. */
  text: string
}

// a name part is delimited by _ . / - (eval/loss, val-auc) and may end in @k (ndcg@10)
const HIGHER =
  /(^|[_./-])(acc|accuracy|balanced_accuracy|precision|recall|f1|f1_score|auc|roc_auc|pr_auc|average_precision|ap|r2|map|ndcg|mrr|iou|dice|bleu|rouge|coverage|specificity|sensitivity|tpr|tnr)($|[_./@-])/i
const LOWER = /(^|[_./-])(loss|log_loss|logloss|rmse|mse|mae|mape|smape|error|err|wer|cer|brier|latency|latency_ms|p95|p99|fpr|fnr|cost|size|size_mb|memory|time|duration|perplexity)($|[_./@-])/i

/** Direction of a well-known metric name, or undefined when the name says nothing. */
export function inferDirection(metric: string): Direction | undefined {
  if (LOWER.test(metric)) return 'lower'
  if (HIGHER.test(metric)) return 'higher'
  return undefined
}

const KEYS = ['min', 'max', 'direction', 'min-improvement', 'max-regression', 'min-improvement-rel', 'max-regression-rel', 'significant', 'missing']

const CONDITIONS = ['min', 'max', 'minImprovement', 'maxRegression', 'minImprovementRel', 'maxRegressionRel'] as const

/** A rule that states no bound and no comparison would pass every candidate: refuse it. */
function requireCondition(r: Rule, value: unknown, where: string): Rule {
  if (CONDITIONS.some((k) => r[k] !== undefined)) return r
  const example = typeof value === 'number' ? `{ min: ${value} }` : "{ min: 0.9 } or '>= baseline'"
  throw new ConfigurationError(`The rule for '${r.metric}' in ${where} has no condition; give it min, max, min-improvement or max-regression (or their -rel forms), e.g. ${r.metric}: ${example}.`)
}

function ruleFromValue(metric: string, value: unknown, where: string): Rule {
  if (typeof value === 'string') return parseClause(`${metric} ${value}`)
  const o = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  return withText(requireCondition(ruleFromObject(metric, o, where), value, where))
}

function ruleFromObject(metric: string, o: Record<string, unknown>, where: string): Rule {
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) throw new ConfigurationError(`Unknown key '${k}' in the rule for '${metric}' (${where})${didYouMean(k, KEYS)}.`)
  const num = (k: string) => {
    const v = o[k]
    if (v === undefined) return undefined
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigurationError(`'${k}' of the rule for '${metric}' must be a number, got ${JSON.stringify(v)}.`)
    if (k !== 'min' && k !== 'max' && v < 0) throw new ConfigurationError(`'${k}' of the rule for '${metric}' must not be negative.`)
    return v
  }
  const direction = o.direction
  if (direction !== undefined && direction !== 'higher' && direction !== 'lower') throw new ConfigurationError(`'direction' of the rule for '${metric}' must be higher or lower.`)
  const missing = o.missing
  if (missing !== undefined && missing !== 'fail' && missing !== 'skip') throw new ConfigurationError(`'missing' of the rule for '${metric}' must be fail or skip.`)
  return {
    metric,
    min: num('min'),
    max: num('max'),
    direction: direction as Direction | undefined,
    minImprovement: num('min-improvement'),
    maxRegression: num('max-regression'),
    minImprovementRel: num('min-improvement-rel'),
    maxRegressionRel: num('max-regression-rel'),
    significant: o.significant === true,
    missing: missing as Rule['missing'],
    text: '',
  }
}

function withText(r: Rule): Rule {
  return { ...r, text: describe(r) }
}

/** A rule in words for the report: "roc_auc ≥ 0.85; regression ≤ 0.005 (significant)". */
function describe(r: Rule): string {
  const pct = (v: number) => `${Number((v * 100).toPrecision(6))}% of |baseline|`
  const parts = [
    r.min !== undefined && `≥ ${r.min}`,
    r.max !== undefined && `≤ ${r.max}`,
    r.minImprovement !== undefined && `improvement ≥ ${r.minImprovement}`,
    r.maxRegression !== undefined && (r.maxRegression === 0 ? 'no regression' : `regression ≤ ${r.maxRegression}`),
    r.minImprovementRel !== undefined && `improvement ≥ ${pct(r.minImprovementRel)}`,
    r.maxRegressionRel !== undefined && `regression ≤ ${pct(r.maxRegressionRel)}`,
  ].filter(Boolean)
  return `${r.metric} ${parts.join('; ') || '(no condition)'}${r.significant ? ' (significant)' : ''}${r.missing === 'skip' ? ' (skip when missing)' : ''}`
}

/** One inline clause: `accuracy >= 0.9`, `f1 >= baseline - 0.01`, `latency_ms <= baseline * 1.1`. */
export function parseClause(clause: string): Rule {
  const m = /^\s*([A-Za-z_][\w.@/-]*)\s*(>=|<=|>|<)\s*(.+?)\s*(\bsignificant\b)?\s*$/.exec(clause)
  if (!m) throw new ConfigurationError(`Cannot read the rule '${clause.trim()}'; write it like 'accuracy >= 0.9', 'f1 >= baseline - 0.01' or 'latency_ms <= baseline * 1.1'.`)
  const [, metric, op, expr, sig] = m
  const higher = op.startsWith('>')
  const rule: Rule = { metric, text: clause.trim(), significant: Boolean(sig), direction: higher ? 'higher' : 'lower' }
  const n = Number(expr)
  if (Number.isFinite(n)) {
    delete rule.direction
    if (higher) rule.min = n
    else rule.max = n
    return rule
  }
  const b = /^baseline\s*(?:([-+*])\s*([0-9.eE+-]+))?$/.exec(expr)
  if (!b) throw new ConfigurationError(`Cannot read '${expr}' in the rule '${clause.trim()}'; use a number or baseline, baseline ± d, baseline * k.`)
  const [, sign, valueText] = b
  const v = valueText === undefined ? 0 : Number(valueText)
  if (!Number.isFinite(v)) throw new ConfigurationError(`'${valueText}' in the rule '${clause.trim()}' is not a number.`)
  if (!sign) rule.maxRegression = 0
  else if (sign === '*') {
    const rel = higher ? 1 - v : v - 1
    if (rel >= 0) rule.maxRegressionRel = rel
    else rule.minImprovementRel = -rel
  } else {
    const improvement = (sign === '+') === higher ? v : -v
    if (improvement >= 0) rule.minImprovement = improvement
    else rule.maxRegression = -improvement
  }
  return rule
}

/** Rules from YAML (a mapping of metric → rule, or a list) or the inline form (clauses separated by ';' or newlines). */
export function parseRules(text: string, origin: string): Rule[] {
  const rules = readRules(stripBom(text).trim(), origin)
  if (!rules.length)
    throw new ConfigurationError(`The ${origin} holds no rule; write one like 'accuracy >= 0.9' or 'f1 >= baseline - 0.01', or leave 'rules' empty to compare every known metric with the baseline.`)
  return rules
}

function readRules(trimmed: string, origin: string): Rule[] {
  if (trimmed === '') return []
  const looksYaml = /^[\w.@/-]+\s*:(\s|$)/m.test(trimmed) || /^-\s+metric\s*:/m.test(trimmed)
  if (!looksYaml)
    return trimmed
      .split(/[;\n]/)
      .filter((c) => c.trim() !== '' && !c.trim().startsWith('#'))
      .map(parseClause)
  let doc: unknown
  try {
    doc = parseYaml(trimmed)
  } catch (e) {
    throw new ConfigurationError(`The rules in ${origin} are not valid YAML: ${(e as Error).message.split('\n')[0]}`)
  }
  const root = doc && typeof doc === 'object' && 'metrics' in doc ? (doc as { metrics: unknown }).metrics : doc
  if (root === null || root === undefined) return []
  if (Array.isArray(root))
    return root.map((r, i) => {
      if (typeof r === 'string') return parseClause(r)
      const { metric, ...rest } = (r ?? {}) as { metric?: string }
      if (!metric) throw new ConfigurationError(`Rule ${i + 1} in ${origin} has no 'metric'.`)
      return ruleFromValue(metric, rest, origin)
    })
  if (typeof root === 'object') return Object.entries(root).map(([metric, o]) => ruleFromValue(metric, o, origin))
  throw new ConfigurationError(`The rules in ${origin} should map metric names to rules.`)
}
