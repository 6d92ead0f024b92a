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

export function profileSection(checks: FieldCheck[]): Section | undefined {
  if (checks.length === 0) return undefined
  const rows = checks.map((c) => {
    const p = c.profile
    return [c.field.name, c.field.type ?? 'string', p.present, fmt(p.nullShare * 100) + '%', p.numeric ? fmt(p.min) : '', p.numeric ? fmt(p.max) : '', p.numeric ? fmt(p.mean) : '']
  })
  return { title: 'Fields', markdown: table(['Field', 'Type', 'Values', 'Missing', 'Min', 'Max', 'Mean'], rows), folded: true }
}
