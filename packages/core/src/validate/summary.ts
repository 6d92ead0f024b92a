import type { Annotation } from '../platform.ts'
import { fmt, table } from '../report/markdown.ts'
import type { Section } from '../report/model.ts'
import type { ValidationError } from './errors.ts'
import type { ErrorCollector } from './errors.ts'
import type { FieldCheck } from './field-check.ts'

/** Annotations on the data file's lines: the first error of each type, then the rest in order. */
export function errorAnnotations(errors: ErrorCollector, lineAddressable: (file: string | undefined) => boolean): Annotation[] {
  const firsts = [...errors.firstOfType.values()]
  const rest = errors.errors.filter((e) => !firsts.includes(e))
  return [...firsts, ...rest].map((e: ValidationError) => ({
    level: 'error' as const,
    title: e.type,
    message: e.message,
    file: e.file,
    line: e.rowNumber !== undefined && lineAddressable(e.file) ? e.rowNumber : e.rowNumber === undefined && e.file ? 1 : undefined,
  }))
}

export function errorSections(errors: ErrorCollector, maxRows = 20): Section[] {
  if (errors.total === 0) return []
  const counts = Object.entries(errors.counts).sort((a, b) => b[1] - a[1])
  const sections: Section[] = [{ title: 'Errors by type', markdown: table(['Type', 'Count'], counts) }]
  const rows = errors.errors.slice(0, maxRows).map((e) => [e.type, e.file ?? '', e.rowNumber ?? '', e.fieldName ?? '', e.cell ?? '', e.message])
  let md = table(['Type', 'File', 'Row', 'Field', 'Cell', 'Message'], rows)
  if (errors.total > rows.length) md += `\n\nShowing the first ${rows.length} of ${errors.total} errors; the JSON report lists up to max-errors of them with exact totals.`
  sections.push({ title: 'First errors', markdown: md, folded: errors.total > 5 })
  return sections
}

export function profileSection(checks: FieldCheck[]): Section | undefined {
  if (checks.length === 0) return undefined
  const rows = checks.map((c) => {
    const p = c.profile
    return [c.field.name, c.field.type ?? 'string', p.present, fmt(p.nullShare * 100) + '%', p.numeric ? fmt(p.min) : '', p.numeric ? fmt(p.max) : '', p.numeric ? fmt(p.mean) : '']
  })
  return { title: 'Fields', markdown: table(['Field', 'Type', 'Values', 'Missing', 'Min', 'Max', 'Mean'], rows), folded: true }
}
