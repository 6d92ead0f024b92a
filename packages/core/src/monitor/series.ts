import type { TrendSeries } from './chart.ts'
import type { WindowRecord } from './record.ts'
import type { Trend } from './trend.ts'
import { olsTrend } from './trend.ts'
import { metricLimit } from './performance.ts'

/** One column's or metric's statistic over the last windows, with its trend test. */
export interface Series extends TrendSeries {
  kind: 'column' | 'metric'
  name: string
  /** What is plotted: the p-value of a test, a distance, or the metric. */
  statistic: string
  trend?: Trend
}

/** The plotted value of a column in one window: the p-value of a test, else the distance (what its threshold applies to). */
function columnPoint(r: WindowRecord, name: string): { value: number | null; flag: boolean; statistic: string; threshold: number | null } | undefined {
  const c = r.columns.find((x) => x.name === name)
  if (!c) return undefined
  const isTest = c.pValue !== null
  return { value: isTest ? c.pValue : c.statistic, flag: c.drifted, statistic: isTest ? `p-value (${c.method})` : String(c.method ?? 'statistic'), threshold: c.threshold }
}

function withTrend<T extends { values: (number | null)[] }>(s: T): T & { trend?: Trend } {
  const x: number[] = []
  const y: number[] = []
  s.values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return
    x.push(i)
    y.push(v)
  })
  return { ...s, trend: olsTrend(x, y) }
}

/** Per column and per metric, the statistic over the last `windows` records (oldest first), for the table and the charts. */
export function seriesOf(records: WindowRecord[], windows: number): Series[] {
  const last = records.slice(-windows)
  const labels = last.map((r) => r.window)
  const newest = last.at(-1)
  const columns = [...new Set(last.flatMap((r) => r.columns.filter((c) => !c.skipped).map((c) => c.name)))]
  const out: Series[] = columns.map((name) => {
    const points = last.map((r) => columnPoint(r, name))
    const now = points.at(-1) ?? points.findLast((p) => p)
    const level = now?.threshold !== null && now?.threshold !== undefined ? { value: now.threshold, label: `threshold ${now.threshold}` } : undefined
    return withTrend({
      kind: 'column' as const,
      name,
      statistic: now?.statistic ?? 'statistic',
      title: `${name}: ${now?.statistic ?? ''}`,
      labels,
      values: points.map((p) => p?.value ?? null),
      flags: points.map((p) => p?.flag ?? false),
      level,
      scale: now?.statistic.startsWith('p-value') ? 'p' : 'linear',
    })
  })
  const metrics = [...new Set(last.flatMap((r) => r.metrics.map((m) => m.name)))]
  for (const name of metrics) {
    const points = last.map((r) => r.metrics.find((m) => m.name === name))
    const now = newest?.metrics.find((m) => m.name === name) ?? points.findLast((p) => p)!
    const limit = metricLimit(now)
    out.push(
      withTrend({
        kind: 'metric' as const,
        name,
        statistic: name,
        title: `${name} (expected ${now.expected} ${now.direction === 'higher' ? '−' : '+'} ${now.margin})`,
        labels,
        values: points.map((p) => p?.value ?? null),
        flags: points.map((p) => p?.status === 'degraded'),
        band: points.map((p) => p?.ci ?? null),
        level: { value: limit, label: `limit ${Number(limit.toPrecision(4))}` },
      }),
    )
  }
  return out
}
