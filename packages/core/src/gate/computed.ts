import type { Classification, Predictions } from './metrics.ts'
import { CLASSIFICATION_METRICS, computeMetric, REGRESSION_METRICS, ScoreOrders } from './metrics.ts'
import type { Metrics } from './sources.ts'

export interface Computed {
  values: Metrics
  /** Why a metric mlgate knows could not be computed on these predictions, by name. */
  unavailable: Map<string, string>
}

const BINARY_ONLY = new Set(['average_precision', 'brier'])
const NEEDS_SCORES = new Set(['roc_auc', 'average_precision', 'log_loss', 'brier'])

/** Every metric that applies to the predictions, and for the others the reason in words. */
export function computeAll(p: Predictions | undefined, origin: string): Computed {
  const out: Computed = { values: new Map(), unavailable: new Map() }
  if (!p) return out
  const orders = p.kind === 'regression' ? undefined : new ScoreOrders(p)
  for (const name of [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS]) {
    const v = computeMetric(name, p, undefined, orders)
    if (v !== undefined && Number.isFinite(v)) out.values.set(name, v)
    else out.unavailable.set(name, whyNot(name, p, origin))
  }
  return out
}

function whyNot(name: string, p: Predictions, origin: string): string {
  const regression = (REGRESSION_METRICS as readonly string[]).includes(name)
  if (regression !== (p.kind === 'regression')) return `${name} is a ${regression ? 'regression' : 'classification'} metric, but '${origin}' holds ${p.kind} predictions`
  if (p.kind === 'regression') return `${name} is not a number on '${origin}'`
  if (BINARY_ONLY.has(name) && p.kind !== 'binary') return `${name} is computed for binary predictions only; '${origin}' holds multiclass predictions`
  const hasScores = p.kind === 'binary' ? p.score !== undefined : p.proba !== undefined
  if (NEEDS_SCORES.has(name) && !hasScores) return `${name} needs scores: a y_score column (binary) or proba_<class> columns (multiclass) in '${origin}'`
  if (name === 'roc_auc') return missingClasses(p, origin)
  return `${name} is not a number on '${origin}'`
}

/** AUC is undefined unless every class has rows in y_true. */
function missingClasses(p: Classification, origin: string): string {
  const seen = new Set(p.yTrue)
  const present = p.classes.filter((_, i) => seen.has(i))
  if (p.kind === 'binary') return `roc_auc needs both classes in y_true of '${origin}', found only ${present.join(', ') || 'none'}`
  const absent = p.classes.filter((_, i) => !seen.has(i))
  return `roc_auc needs every class in y_true of '${origin}'; no row has ${absent.join(', ')}`
}
