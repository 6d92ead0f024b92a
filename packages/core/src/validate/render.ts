import { htmlTable } from '../report/html.ts'
import { table, thousands } from '../report/markdown.ts'
import type { Section } from '../report/model.ts'
import type { ErrorCollector, ErrorType } from './errors.ts'
import type { Finding } from './findings.ts'
import { FindingGroups } from './findings.ts'

/** Findings listed in a summary or comment; the JSON report has them all. */
const LISTED_FINDINGS = 50

/** The value a finding is about, quoted when `quote` is given: "'crypto'", or "(other values)". */
function findingValue(f: Finding, quote = ''): string | undefined {
  return f.otherValues ? '(other values)' : f.value !== undefined ? `${quote}${f.value}${quote}` : undefined
}

/** "merchant_category 'crypto' not in enum" */
function findingSubject(f: Finding): string {
  return [f.field, findingValue(f, "'"), f.rule].filter((s) => s !== undefined && s !== '').join(' ')
}

/** "rows 2, 5, 16, …", "row 8", "rows a.csv:2, b.csv:3", or "in a.csv, b.csv" for findings about files. */
function findingPlaces(f: Finding, multiFile: boolean): string {
  const more = f.count > f.first.length ? ', …' : ''
  if (f.first.length > 0 && f.first.every((p) => p.row !== undefined)) {
    const rows = f.first.map((p) => (multiFile && p.file ? `${p.file}:${p.row}` : String(p.row)))
    return `${f.count === 1 ? 'row' : 'rows'} ${rows.join(', ')}${more}`
  }
  const files = [...new Set(f.first.map((p) => p.file).filter((p): p is string => p !== undefined))]
  return multiFile && files.length > 0 ? `in ${files.join(', ')}${more}` : ''
}

/** Text for a markdown list item: no HTML, no emphasis, one line. */
function markdownText(s: string): string {
  return s
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    .replace(/[\\`*[\]~]/g, '\\$&')
    .replace(/\r?\n/g, ' ')
}

/** "46 × merchant_category 'crypto' not in enum — rows 2, 5, 16, …" */
function findingLine(f: Finding, multiFile: boolean): string {
  const places = findingPlaces(f, multiFile)
  return `${thousands(f.count)} × ${findingSubject(f)}${places ? ` — ${places}` : ''}`
}

/** Findings, each once with its exact count and first rows; then the first errors in detail. */
export function errorSections(errors: ErrorCollector, multiFile: boolean, maxRows = 20): Section[] {
  if (errors.total === 0) return []
  const findings = errors.findings.list()
  const listed = findings.slice(0, LISTED_FINDINGS)
  let list = listed.map((f) => `- ${markdownText(findingLine(f, multiFile))}`).join('\n')
  if (findings.length > listed.length) {
    const rest = findings.slice(listed.length).reduce((a, f) => a + f.count, 0)
    list += `\n\n… ${thousands(findings.length - listed.length)} more findings (${thousands(rest)} errors) are listed in the JSON report.`
  }
  const rows = errors.errors.slice(0, maxRows).map((e) => [e.type, e.file ?? '', e.rowNumber ?? '', e.fieldName ?? '', e.cell ?? '', e.message])
  let detail = table(['Type', 'File', 'Row', 'Field', 'Cell', 'Message'], rows)
  if (errors.total > rows.length) detail += `\n\nShowing the first ${rows.length} of ${errors.total} errors; the JSON report lists up to max-errors of them with exact totals.`
  return [
    { title: 'Findings', markdown: list },
    { title: 'First errors', markdown: detail, folded: errors.total > 5 },
  ]
}

interface JsonError {
  type: ErrorType
  file?: string | null
  rowNumber?: number | null
  fieldName?: string | null
  cell?: string | null
  message: string
}

/** Findings of a JSON report; one without them (an older report) is grouped from its kept errors. */
function reportFindings(r: Record<string, any>): { findings: Finding[]; exact: boolean } {
  if (Array.isArray(r.findings)) return { findings: r.findings as Finding[], exact: true }
  const groups = new FindingGroups()
  for (const e of (r.errors ?? []) as JsonError[])
    groups.add({ type: e.type, message: e.message, file: e.file ?? undefined, rowNumber: e.rowNumber ?? undefined, fieldName: e.fieldName ?? undefined, cell: e.cell ?? undefined, perValue: true })
  return { findings: groups.list(), exact: false }
}

/** validate-data in the run's HTML page: the findings, then the first errors, then the files read. */
export function validateDataHtml(r: Record<string, any>): string {
  const errors = (r.errors ?? []) as JsonError[]
  const files = (r.files ?? []) as { path: string; rows?: number; bytes: number; sha256: string }[]
  const filesTable = htmlTable(
    ['File', 'Rows', 'Bytes', 'sha256'],
    files.map((f) => [f.path, f.rows, f.bytes, f.sha256]),
  )
  if (!errors.length && !r.findings?.length) return `<p>No errors.</p>${filesTable}`
  const { findings, exact } = reportFindings(r)
  const multiFile = files.length > 1
  const rows = findings.map((f) => [thousands(f.count), f.type, f.field ?? '', findingValue(f) ?? '', f.rule, findingPlaces(f, multiFile)])
  const note = exact ? '' : `<p class="muted">Counts cover the ${errors.length} listed errors only (${r.errorCount ?? errors.length} in all).</p>`
  const detail = htmlTable(
    ['Type', 'File', 'Row', 'Field', 'Cell', 'Message'],
    errors.slice(0, 50).map((e) => [e.type, e.file, e.rowNumber, e.fieldName, e.cell, e.message]),
  )
  return `<h3>Findings</h3>${note}${htmlTable(['Count', 'Type', 'Field', 'Value', 'Rule', 'First rows'], rows)}<h3>First errors</h3>${detail}${filesTable}`
}
