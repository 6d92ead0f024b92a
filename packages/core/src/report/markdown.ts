import type { Report } from './model.ts'
import { VERDICT_ICON } from './model.ts'
import { LIMITS, truncateBytes } from './limits.ts'

/** Escapes text for a markdown table cell: data never becomes markup (the line breaks tables put in with <br> aside). */
export function cell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value)
  return s
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/<(?!br>)/g, '&lt;')
}

export function table(header: string[], rows: unknown[][]): string {
  const lines = [`| ${header.map(cell).join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`]
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`)
  return lines.join('\n')
}

export function folded(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`
}

/** Formats a number for reports: integers plain, others with 4 significant digits. */
/** An integer with thousands separators ("1,000,000"), without waking Intl (its first use costs ~20 ms). */
export function thousands(n: number): string {
  const digits = String(Math.abs(Math.trunc(n)))
  let out = ''
  for (let i = digits.length; i > 0; i -= 3) out = digits.slice(Math.max(0, i - 3), i) + (out ? `,${out}` : '')
  return (n < 0 ? '-' : '') + out
}

export function fmt(n: number | null | undefined, digits = 4): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—'
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '−∞'
  if (Number.isInteger(n)) return String(n)
  const a = Math.abs(n)
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return n.toExponential(2)
  return String(Number(n.toPrecision(digits)))
}

/** The report as job-summary markdown: headline, checks table, task sections. Within 1 MiB. */
export function renderMarkdown(report: Report, options: { maxBytes?: number; maxChecks?: number } = {}): string {
  const maxChecks = options.maxChecks ?? 200
  const parts = [`### ${VERDICT_ICON[report.verdict]} ${report.title} — ${report.verdict.toUpperCase()}`, '', report.headline, '']
  if (report.checks.length > 0) {
    const shown = report.checks.slice(0, maxChecks)
    parts.push(
      table(
        ['', 'Check', 'Result'],
        shown.map((c) => [VERDICT_ICON[c.status], c.title, c.message]),
      ),
    )
    if (report.checks.length > shown.length) parts.push('', `… ${report.checks.length - shown.length} more checks left out; see the JSON report.`)
    parts.push('')
  }
  for (const s of report.sections) {
    parts.push(s.folded ? folded(`<b>${s.title}</b>`, s.markdown) : `#### ${s.title}\n\n${s.markdown}`, '')
  }
  if (report.inputs.length > 0) {
    const rows = report.inputs.slice(0, 50).map((f) => [`\`${f.path}\``, f.bytes, `\`${f.sha256.slice(0, 16)}…\``])
    parts.push(folded('Inputs (sha256)', table(['File', 'Bytes', 'sha256'], rows)), '')
  }
  parts.push(`<sub>mlgate ${report.tool.version} · ${report.task} · ${report.timings.durationMs} ms</sub>`, '')
  return truncateBytes(parts.join('\n'), options.maxBytes ?? LIMITS.summaryBytes)
}
