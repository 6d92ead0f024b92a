import { ConfigurationError } from '../errors.ts'
import type { Predictions } from '../gate/metrics.ts'
import { computeMetric, ScoreOrders } from '../gate/metrics.ts'
import { inferDirection } from '../gate/rules.ts'
import type { Metrics } from '../gate/sources.ts'
import { percentileInterval, ResampleCounter } from '../stats/compare/index.ts'
import type { MetricRecord } from './record.ts'
import type { MonitorPolicy } from './policy.ts'

/** The level a metric is judged against: expected − margin, or expected + margin where lower is better. */
export function metricLimit(m: Pick<MetricRecord, 'direction' | 'expected' | 'margin'>): number {
  return m.direction === 'higher' ? m.expected - m.margin : m.expected + m.margin
}

/**
 * A metric's status against the expected level: `degraded` when its whole bootstrap interval lies beyond
 * expected − margin (expected + margin for a metric where lower is better), `below` when only the value does.
 * The one place this rule is written.
 */
function metricStatus(m: Pick<MetricRecord, 'direction' | 'value' | 'ci' | 'expected' | 'margin'>): MetricRecord['status'] {
  const higher = m.direction === 'higher'
  const limit = metricLimit(m)
  const beyond = (v: number) => (higher ? v < limit : v > limit)
  if (beyond(m.ci[0]) && beyond(m.ci[1])) return 'degraded'
  return beyond(m.value) ? 'below' : 'ok'
}

/** The metrics to watch: the policy's list, or every expected metric mlgate computes from these predictions. */
function watchedMetrics(p: Predictions, expected: Metrics, policy: MonitorPolicy['performance']): { names: string[]; unwatched: string[] } {
  if (policy.metrics.length) {
    for (const m of policy.metrics) {
      if (!expected.has(m))
        throw new ConfigurationError(`The policy's performance.metrics names '${m}', but the expected metrics have no value for it (they hold ${[...expected.keys()].join(', ') || 'nothing'}).`)
      if (computeMetric(m, p) === undefined) throw new ConfigurationError(`The policy's performance.metrics names '${m}', which mlgate cannot compute from the window's predictions (${p.kind}).`)
    }
    return { names: policy.metrics, unwatched: [...expected.keys()].filter((k) => !policy.metrics.includes(k)) }
  }
  const names = [...expected.keys()].filter((k) => computeMetric(k, p) !== undefined)
  if (!names.length)
    throw new ConfigurationError(
      `None of the expected metrics (${[...expected.keys()].join(', ') || 'none'}) can be computed from the window's ${p.kind} predictions; name the validation metrics mlgate computes (e.g. accuracy, f1, roc_auc, rmse).`,
    )
  return { names, unwatched: [...expected.keys()].filter((k) => !names.includes(k)) }
}

/**
 * Percentile bootstrap of several metrics on the same resamples: each resample's rows are drawn once (ResampleCounter:
 * the seed → one mulberry32 draw → xorshift32 row indices, the generator scripts/reference/monitor_reference.py
 * reimplements) and every metric is evaluated on them — the interval of each is the one a bootstrap of it alone gives.
 */
function bootstrapMetrics(n: number, metrics: ((w: Float64Array | undefined) => number)[], o: { resamples: number; confidence: number; seed: number }): { value: number; ci: [number, number] }[] {
  const draws = new ResampleCounter(o.seed, n)
  const w = new Float64Array(n)
  const replicates = metrics.map(() => new Float64Array(o.resamples))
  const used = metrics.map(() => 0)
  for (let r = 0; r < o.resamples; r++) {
    draws.draw(w)
    metrics.forEach((metric, j) => {
      const v = metric(w)
      if (Number.isFinite(v)) replicates[j][used[j]++] = v
    })
  }
  return metrics.map((metric, j) => ({ value: metric(undefined), ci: percentileInterval(replicates[j].subarray(0, used[j]), o.confidence) }))
}

/** Each watched metric on the window's labelled predictions, with its percentile bootstrap interval and status. */
export function measurePerformance(p: Predictions, expected: Metrics, policy: MonitorPolicy['performance']): { metrics: MetricRecord[]; unwatched: string[] } {
  const { names, unwatched } = watchedMetrics(p, expected, policy)
  const orders = p.kind === 'regression' ? undefined : new ScoreOrders(p)
  const n = p.yTrue.length
  const directions = names.map((name) => {
    const direction = inferDirection(name)
    if (!direction)
      throw new ConfigurationError(
        `The metric '${name}' says nothing about whether higher or lower is better; name it in performance.metrics only if mlgate knows it (accuracy, f1, roc_auc, rmse, …).`,
      )
    return direction
  })
  const intervals = bootstrapMetrics(
    n,
    names.map((name) => (w) => computeMetric(name, p, w, orders) ?? NaN),
    policy,
  )
  const metrics = names.map((name, j): MetricRecord => {
    const m = { name, direction: directions[j], value: intervals[j].value, ci: intervals[j].ci, expected: expected.get(name)!, margin: policy.margin, rows: n }
    return { ...m, status: metricStatus(m) }
  })
  return { metrics, unwatched }
}
