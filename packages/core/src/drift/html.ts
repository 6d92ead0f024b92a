import { fmt } from '../report/markdown.ts'
import { barChartSvg, escapeHtml, htmlTable } from '../report/html.ts'
import type { ColumnDrift } from './column.ts'
import { bySeverity, whyCell } from './render.ts'

/** The drift part of an HTML report: summary table and one chart per compared column (drifted first). */
export function driftHtml(columns: ColumnDrift[], headline: string): string {
  const sorted = [...columns].sort(bySeverity)
  const rows = sorted.map((c) => [
    c.name,
    c.kind,
    c.method ?? '—',
    fmt(c.statistic),
    c.pValue === null ? '—' : fmt(c.pValueCorrected ?? c.pValue),
    fmt(c.threshold),
    c.drifted ? 'yes' : 'no',
    fmt(c.effectSize),
    whyCell(c, 'warning: '),
  ])
  const charts = sorted
    .filter((c) => c.histogram.labels.length)
    .slice(0, 30)
    .map(
      (c) =>
        `<h3 class="${c.drifted ? 'fail' : 'pass'}">${escapeHtml(c.name)}${c.drifted ? ' — drifted' : ''}</h3><p class="muted">${escapeHtml(c.why)}</p>${barChartSvg(c.name, c.histogram.labels, c.histogram.reference, c.histogram.current)}`,
    )
    .join('')
  return `<section class="drift"><h2>Drift</h2><p>${escapeHtml(headline)}</p>${htmlTable(['Column', 'Type', 'Method', 'Statistic', 'p-value', 'Threshold', 'Drifted', 'Effect size', 'Why'], rows)}${charts}</section>`
}
