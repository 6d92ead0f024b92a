import { fmt, table } from '../report/markdown.ts'
import type { Section } from '../report/model.ts'
import type { ColumnDrift } from './column.ts'
import { METHODS } from './methods.ts'

/** Most severe first: drifted, then warnings, then by how far past its threshold the statistic is. */
export function bySeverity(a: ColumnDrift, b: ColumnDrift): number {
  const rank = (c: ColumnDrift) => (c.drifted ? 2 : c.warning ? 1 : 0)
  return rank(b) - rank(a) || severity(b) - severity(a)
}

function severity(c: ColumnDrift): number {
  if (!c.method || c.statistic === null) return -1
  if (METHODS[c.method].kind === 'p-value') return 1 - (c.pValueCorrected ?? c.pValue ?? 1)
  return c.statistic / (c.threshold || 1)
}

/** The why of a column's row: what decided it (the why leads with it) and any warning beside it. */
export function whyCell(c: ColumnDrift, warningMark = '⚠️ '): string {
  const why = c.skipped ?? c.why
  if (!c.warning || c.warning === why) return c.warning && !c.skipped ? `${warningMark}${c.warning}` : why
  return why ? `${why} — ${warningMark}${c.warning}` : `${warningMark}${c.warning}`
}

export function summaryTable(columns: ColumnDrift[]): string {
  const rows = [...columns]
    .sort(bySeverity)
    .map((c) => [
      c.name,
      c.kind,
      c.method ?? '—',
      fmt(c.statistic),
      c.pValue === null ? '—' : c.pValueCorrected !== null ? `${fmt(c.pValue)} (adj. ${fmt(c.pValueCorrected)})` : fmt(c.pValue),
      c.threshold === null ? '—' : fmt(c.threshold),
      c.drifted ? '**yes**' : c.skipped ? 'skipped' : 'no',
      c.effectSize === null ? '—' : fmt(c.effectSize),
      whyCell(c),
    ])
  return table(['Column', 'Type', 'Method', 'Statistic', 'p-value', 'Threshold', 'Drifted', 'Effect size', 'Why'], rows)
}

/** A mermaid bar chart pair (reference vs current shares), with a table as the fallback. */
export function histogramMarkdown(c: ColumnDrift): string {
  const h = c.histogram
  if (!h.labels.length) return ''
  const pct = (xs: number[]) => xs.map((v) => Number((v * 100).toFixed(2)))
  const labels = h.labels.map((l) => `"${l.replace(/"/g, "'").slice(0, 24)}"`).join(', ')
  const max = Math.max(...pct(h.reference), ...pct(h.current), 1)
  const mermaid = [
    '```mermaid',
    'xychart-beta',
    `  title "${c.name}: reference (bars) vs current (line), % of rows"`,
    `  x-axis [${labels}]`,
    `  y-axis "%" 0 --> ${Math.ceil(max * 1.1)}`,
    `  bar [${pct(h.reference).join(', ')}]`,
    `  line [${pct(h.current).join(', ')}]`,
    '```',
  ].join('\n')
  const fallback = table(
    ['Bin / value', 'Reference %', 'Current %'],
    h.labels.map((l, i) => [l, fmt(h.reference[i] * 100), fmt(h.current[i] * 100)]),
  )
  return `${mermaid}\n\n${fallback}`
}

export function driftSections(columns: ColumnDrift[]): Section[] {
  const sections: Section[] = [{ title: 'Columns by severity', markdown: summaryTable(columns) }]
  for (const c of columns
    .filter((x) => x.drifted)
    .sort(bySeverity)
    .slice(0, 20)) {
    let md = `${c.why}\n\n${histogramMarkdown(c)}`
    if (c.quantiles)
      md += `\n\n${table(
        ['', ...c.quantiles.map((q) => `p${q.p * 100}`), 'mean', 'std'],
        [
          ['reference', ...c.quantiles.map((q) => fmt(q.reference)), fmt(c.moments!.reference.mean), fmt(c.moments!.reference.std)],
          ['current', ...c.quantiles.map((q) => fmt(q.current)), fmt(c.moments!.current.mean), fmt(c.moments!.current.std)],
        ],
      )}`
    sections.push({ title: `Drift in '${c.name}'`, markdown: md, folded: true })
  }
  return sections
}
