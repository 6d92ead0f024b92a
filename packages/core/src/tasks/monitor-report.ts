import { escapeHtml, htmlPage, htmlTable } from '../report/html.ts'
import { fmt, renderMarkdown, table } from '../report/markdown.ts'
import type { Check, FileDigest, Report } from '../report/model.ts'
import type { Verdict } from '../platform.ts'
import type { Assessment } from '../monitor/assess.ts'
import { svgImage, trendChartSvg } from '../monitor/chart.ts'
import type { Ruling } from '../monitor/decide.ts'
import { metricLimit } from '../monitor/performance.ts'
import type { MonitorPolicy } from '../monitor/policy.ts'
import type { EventRecord, WindowRecord } from '../monitor/record.ts'
import type { Series } from '../monitor/series.ts'
import { seriesOf } from '../monitor/series.ts'

/** Charts drawn in the summary (each is an image of a few kB); the HTML report draws every series. */
const SUMMARY_CHARTS = 8
/** Rows of the summary's table; the JSON and HTML reports hold every series. */
const SUMMARY_ROWS = 40

/** Metrics first, then the columns flagged in the newest window, then the rest (a stable order otherwise). */
function byConcern(series: Series[]): Series[] {
  const rank = (s: Series) => (s.kind === 'metric' ? 0 : s.flags.at(-1) ? 1 : 2)
  return series
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .map((x) => x.s)
}

export interface MonitorFacts {
  record: WindowRecord
  history: WindowRecord[]
  policy: MonitorPolicy
  ruling: Ruling
  assessment: Assessment
  files: FileDigest[]
  unwatched: string[]
  /** Where the window's record went. */
  saved: string
  /** The event open before this window: named as closed when this window keeps. */
  closing: EventRecord | null
  failOn: 'never' | 'escalate' | 'retrain'
  /** Charts go into the summary as images, except on a terminal (the CLI), where the HTML report draws them. */
  charts: boolean
}

const TITLE = { keep: 'Keep', retrain: 'Retrain', escalate: 'Escalate' } as const

function verdictOf(decision: WindowRecord['decision'], failOn: MonitorFacts['failOn']): Verdict {
  if (decision === 'keep') return 'pass'
  if (failOn === 'retrain' || (failOn === 'escalate' && decision === 'escalate')) return 'fail'
  return 'warn'
}

function checksOf(f: MonitorFacts, series: Series[]): Check[] {
  const { record: r, assessment: a, policy } = f
  const checks: Check[] = [{ id: 'decision', title: 'Decision', status: verdictOf(r.decision, f.failOn), message: `${r.decision}: ${r.reason}` }]
  checks.push({
    id: 'drift',
    title: 'Feature drift',
    status: a.drifted.length ? 'warn' : 'pass',
    message: `${a.drifted.length} of ${a.compared} feature columns drifted${a.drifted.length ? ` (${a.drifted.join(', ')})` : ''}; in ${a.persisted.hits} of the last ${a.persisted.of} windows (persistence ${policy.drift.persistence.k} of ${policy.drift.persistence.n})`,
  })
  if (a.predictionDrift.length) checks.push({ id: 'prediction-drift', title: 'Prediction drift', status: 'warn', message: `drifted: ${a.predictionDrift.join(', ')}` })
  checks.push({ id: 'schema', title: 'Schema', status: a.schemaChanges.length ? 'warn' : 'pass', message: a.schemaChanges.length ? a.schemaChanges.join('; ') : 'unchanged against the reference' })
  if (r.validation)
    checks.push({ id: 'validation', title: 'Data validation', status: r.validation.errors ? 'warn' : 'pass', message: `${r.validation.errors} error(s), ${r.validation.warnings} warning(s)` })
  else checks.push({ id: 'validation', title: 'Data validation', status: 'skip', message: "no schema input: the window's data was not validated" })
  for (const m of r.metrics) {
    const limit = metricLimit(m)
    const message = `${fmt(m.value)} [${fmt(m.ci[0])}, ${fmt(m.ci[1])}] (${fmt(policy.performance.confidence * 100)}% bootstrap, ${m.rows} rows) against the limit ${fmt(limit)} (expected ${fmt(m.expected)} ${m.direction === 'higher' ? '−' : '+'} ${fmt(m.margin)}): ${m.status === 'degraded' ? 'degraded, the interval is clear of the limit' : m.status === 'below' ? 'below the limit, but the interval reaches it' : 'ok'}`
    checks.push({ id: `metric:${m.name}`, title: `Performance: ${m.name}`, status: m.status === 'ok' ? 'pass' : 'warn', message })
  }
  for (const name of f.unwatched) checks.push({ id: `metric:${name}`, title: `Performance: ${name}`, status: 'skip', message: 'not computed from the predictions, so not watched' })
  for (const s of series.filter((x) => x.trend && x.trend.pValue < policy.trend.alpha))
    checks.push({
      id: `trend:${s.name}`,
      title: `Trend of ${s.name}`,
      status: 'warn',
      message: `${s.statistic} changes by ${fmt(s.trend!.slope)} per window over ${s.trend!.n} windows (OLS slope, p = ${fmt(s.trend!.pValue)} < ${policy.trend.alpha})`,
    })
  return checks
}

/** A series' cells after its name: the statistic, its value in each window (● where the rule fired), and its slope. */
function seriesCells(s: Series): string[] {
  return [s.statistic, ...s.values.map((v, i) => (v === null ? '–' : `${fmt(v, 3)}${s.flags[i] ? ' ●' : ''}`)), s.trend ? `${fmt(s.trend.slope, 3)} (p ${fmt(s.trend.pValue, 2)})` : '–']
}

/** The compact table: per column and metric, the statistic in each of the last windows (● where the rule fired), and its trend. */
export function trendTable(all: Series[]): string {
  if (!all.length) return 'No statistics yet.'
  const series = all.slice(0, SUMMARY_ROWS)
  const labels = series[0].labels
  const rows = series.map((s) => [`${s.kind === 'metric' ? '📈 ' : ''}${s.name}`, ...seriesCells(s)])
  const more = all.length > series.length ? `\n\n${all.length - series.length} more columns in the JSON and HTML reports.` : ''
  return table(['Column / metric', 'Statistic', ...labels, 'Slope / window'], rows) + more
}

function actionsText(r: WindowRecord): string {
  return r.actions.length ? r.actions.map((x) => `- ${x.text}${x.url ? ` (${x.url})` : ''}`).join('\n') : '- nothing to do'
}

/**
 * The drift event as the evidence statement names it (statementFor copies report.body.event into predicate.event):
 * the window's open event with the decision, or the event this window closed.
 */
function eventBody(r: WindowRecord, closing: EventRecord | null) {
  const url = r.actions.find((a) => a.url && (a.kind === 'dispatch' || a.kind === 'skip-dispatch'))?.url
  if (r.event) return { id: r.event.id, decision: r.decision, opened: r.event.opened, columns: r.event.columns, reason: r.reason, window: r.window, ...(url ? { retrainUrl: url } : {}) }
  if (closing) return { id: closing.id, decision: 'keep', opened: closing.opened, columns: closing.columns, reason: r.reason, window: r.window, closed: true }
  return undefined
}

/** Fills the monitor's report: verdict from the decision, checks, the trend table and charts, and the window's record. */
export function monitorReport(report: Report, f: MonitorFacts): Report {
  const { record: r, policy } = f
  const series = byConcern(seriesOf([...f.history, r], policy.trend.windows))
  report.inputs = f.files
  report.verdict = verdictOf(r.decision, f.failOn)
  report.headline = `${TITLE[r.decision]}: ${r.reason}`
  report.checks = checksOf(f, series)
  const charts = f.charts ? series.slice(0, SUMMARY_CHARTS).map((s) => svgImage(trendChartSvg(s), s.title)) : []
  report.sections = [
    {
      title: `Over the last ${series[0]?.labels.length ?? 1} windows`,
      markdown: `${trendTable(series)}\n\n● drifted (columns) or degraded (metrics). Slope: OLS over the windows with its t-test p-value.`,
    },
    ...(f.charts
      ? [{ title: 'Trend charts', markdown: charts.join('\n') + (series.length > SUMMARY_CHARTS ? `\n\n${series.length - SUMMARY_CHARTS} more in the HTML report.` : ''), folded: true }]
      : []),
    { title: 'Actions', markdown: `${actionsText(r)}\n\nWindow ${r.seq} (${r.window}) saved to the ${f.saved}.${r.event ? ` Drift event \`${r.event.id}\`, open since ${r.event.opened}.` : ''}` },
  ]
  report.policy = { ...policy, rule: f.ruling.rule }
  report.body = {
    decision: r.decision,
    reason: r.reason,
    rule: f.ruling.rule,
    window: r.window,
    seq: r.seq,
    event: eventBody(r, f.closing),
    record: { ...r, profile: undefined },
    series: series.map(({ labels, ...s }) => ({ ...s, windows: labels })),
    saved: f.saved,
  }
  return report
}

/** The HTML report: the decision, a chart per column and metric over the last windows, and the table. */
export function monitorHtml(report: Report, records: WindowRecord[], policy: MonitorPolicy): string {
  const series = seriesOf(records, policy.trend.windows)
  const charts = series.map((s) => `<figure>${trendChartSvg(s)}</figure>`).join('')
  const rows = series.map((s) => [s.name, ...seriesCells(s)])
  const head = `<h1>Monitor: ${escapeHtml(report.headline)}</h1>`
  const tableHtml = series.length ? htmlTable(['Column / metric', 'Statistic', ...series[0].labels, 'Slope / window'], rows) : ''
  return htmlPage(
    'mlgate monitor report',
    `${head}<h2>Trends</h2><div class="charts" style="display:flex;flex-wrap:wrap;gap:4px 16px">${charts}</div>${tableHtml}<h2>Details</h2><pre>${escapeHtml(renderMarkdown({ ...report, sections: [] }))}</pre>`,
  )
}
