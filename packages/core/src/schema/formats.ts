/**
 * The formats each Table Schema type has (the spec's lists), and the check of a field's format: a
 * format mlgate would not read as the spec says is refused, never read as `default`.
 */
import { PATTERN_DIRECTIVES, repeatedDirective, unsupportedDirective } from './temporal.ts'

/** The named formats of each type; date, time and datetime also take strptime patterns. */
export const TYPE_FORMATS: Readonly<Record<string, readonly string[]>> = {
  string: ['default', 'email', 'uri', 'binary', 'uuid'],
  number: ['default'],
  integer: ['default'],
  boolean: ['default'],
  object: ['default'],
  array: ['default'],
  date: ['default', 'any'],
  time: ['default', 'any'],
  datetime: ['default', 'any'],
  year: ['default'],
  yearmonth: ['default'],
  duration: ['default'],
  geopoint: ['default', 'array', 'object'],
  geojson: ['default', 'topojson'],
  list: ['default'],
}

const TEMPORAL = new Set(['date', 'time', 'datetime'])

/** Why a field's format cannot be read as the spec says (a clause naming it), or undefined. */
export function formatProblem(field: { name?: unknown; type?: unknown; format?: unknown }): string | undefined {
  const type = typeof field.type === 'string' ? field.type : 'string'
  const format = field.format
  if (format === undefined || typeof format !== 'string' || !Object.hasOwn(TYPE_FORMATS, type)) return undefined
  const formats = TYPE_FORMATS[type]
  if (formats.includes(format)) return undefined
  if (!TEMPORAL.has(type)) return `format '${format}' is not a format of ${type} (${formats.join(', ')})`
  if (!format.includes('%')) return `format '${format}' is a pattern without a strptime directive (write e.g. %d/%m/%Y)`
  const directive = unsupportedDirective(format)
  if (directive) return `format '${format}' has the directive '${directive}', which mlgate does not read (it reads ${PATTERN_DIRECTIVES.join(' ')})`
  const repeated = repeatedDirective(format)
  return repeated && `format '${format}' has the directive '${repeated}' twice (strptime refuses a pattern that reads a part twice)`
}
