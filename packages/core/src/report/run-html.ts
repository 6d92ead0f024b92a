import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigurationError } from '../errors.ts'
import { writeFileAtomic } from '../fs.ts'
import type { ColumnDrift } from '../drift/column.ts'
import { driftHtml } from '../drift/html.ts'
import { validateDataHtml } from '../validate/render.ts'
import { escapeHtml, htmlPage, htmlTable } from './html.ts'
import { fmt } from './markdown.ts'

type JsonReport = Record<string, any>

const ORDER = ['validate-data', 'detect-drift', 'gate-model', 'check-reproducibility', 'require-approval']
const badge = (v: string) => `<span class="badge ${escapeHtml(v)}">${escapeHtml(v.toUpperCase())}</span>`

function taskBody(r: JsonReport): string {
  switch (r.task) {
    case 'validate-data':
      return validateDataHtml(r)
    case 'detect-drift':
      return driftHtml(r.columns as ColumnDrift[], r.headline)
    case 'gate-model':
      return (
        htmlTable(
          ['Metric', 'Baseline', 'Candidate', 'Δ', 'CI of Δ', 'Rule', 'Result'],
          (r.metrics ?? []).map((m: any) => [
            m.name,
            fmt(m.baseline),
            fmt(m.candidate),
            fmt(m.delta),
            m.ci ? `${fmt(m.ci[0])} … ${fmt(m.ci[1])}` : '—',
            m.rule,
            m.passed ? 'pass' : `fail: ${m.reason}`,
          ]),
        ) +
        (r.slices?.length
          ? htmlTable(
              ['Slice', 'Rows', 'Result'],
              r.slices.map((s: any) => [`${s.column}=${s.value}`, s.rows, s.passed ? 'pass' : s.failures.join('; ')]),
            )
          : '')
      )
    case 'check-reproducibility':
      return [
        r.entries?.length
          ? htmlTable(
              ['Path', 'Status', 'Recorded sha256', 'Now'],
              r.entries.map((e: any) => [e.path, e.status, e.expected, e.actual]),
            )
          : '',
        r.lockfiles?.some((l: any) => l.problems.length)
          ? htmlTable(
              ['File', 'Line', 'Problem'],
              r.lockfiles.flatMap((l: any) => l.problems.map((p: any) => [l.path, p.line, p.message])),
            )
          : '',
        r.runs?.length
          ? htmlTable(
              ['Run', 'Exit code', 'ms', 'TZ', 'LANG'],
              r.runs.map((x: any, i: number) => [i + 1, x.exitCode, x.durationMs, x.variation?.TZ, x.variation?.LANG]),
            )
          : '',
        r.differences?.length
          ? htmlTable(
              ['File', 'Where', 'Run 1', 'Run 2', '|Δ|'],
              r.differences.map((d: any) => [d.path, d.location, d.run1, d.run2, fmt(d.absDiff)]),
            )
          : '',
      ].join('')
    case 'require-approval': {
      const d = r.decision ?? {}
      return (
        htmlTable(
          ['Who', 'Decision', 'When', 'Link'],
          [...(d.approvals ?? []), ...(d.denials ?? [])].map((v: any) => [v.who, v.decision, v.at, v.url ?? '']),
        ) +
        `<p class="muted">Outcome ${escapeHtml(d.outcome)}; bound to subject fingerprint ${escapeHtml(String(d.subjectFingerprint ?? '').slice(0, 16))} over ${d.subject?.length ?? 0} digest(s).</p>`
      )
    }
    default:
      return htmlTable(
        ['Check', 'Status', 'Message'],
        (r.checks ?? []).map((c: any) => [c.title, c.status, c.message]),
      )
  }
}

/** One self-contained HTML page for a whole run: verdicts, drift charts, metric diffs, reproducibility, approval. */
export function renderRunHtml(reports: JsonReport[]): string {
  const sorted = [...reports].sort((a, b) => ORDER.indexOf(a.task) - ORDER.indexOf(b.task))
  const worst = sorted.some((r) => r.verdict === 'fail') ? 'fail' : sorted.some((r) => r.verdict === 'warn') ? 'warn' : 'pass'
  const summary = htmlTable(
    ['Task', 'Verdict', 'Decision'],
    sorted.map((r) => [r.title ?? r.task, r.verdict, r.headline]),
  )
  const sections = sorted.map((r) => `<section><h2>${escapeHtml(r.title ?? r.task)} ${badge(r.verdict)}</h2><p>${escapeHtml(r.headline)}</p>${taskBody(r)}</section>`).join('')
  return htmlPage(
    'mlgate run report',
    `<h1>mlgate run report ${badge(worst)}</h1><p class="muted">${sorted.length} task(s) · mlgate ${escapeHtml(sorted[0]?.tool?.version ?? '')}</p>${summary}${sections}`,
  )
}

/** `mlgate report html --reports DIR --out FILE`: the run page from a directory of JSON reports. */
export async function runReportHtml(o: { reports: string; out: string }): Promise<{ out: string; count: number }> {
  const names = (
    await readdir(o.reports).catch(() => {
      throw new ConfigurationError(`The reports directory '${o.reports}' does not exist.`)
    })
  ).filter((n) => n.endsWith('.json'))
  const reports: JsonReport[] = []
  for (const n of names) {
    const r = JSON.parse(await readFile(join(o.reports, n), 'utf8'))
    if (r && typeof r.task === 'string' && typeof r.verdict === 'string') reports.push(r)
  }
  if (!reports.length) throw new ConfigurationError(`No mlgate JSON reports in '${o.reports}'.`)
  await writeFileAtomic(o.out, renderRunHtml(reports))
  return { out: o.out, count: reports.length }
}
