import type { Row } from '../io/row.ts'
import type { Field, FieldType } from './model.ts'
import { decimalNumber, specialNumber, TABLE_SCHEMA_FALSE_VALUES, TABLE_SCHEMA_TRUE_VALUES, textInteger, textNumber } from './cell-rules.ts'

/** Returned by a caster for a value that is not of the field's type. */
export const INVALID: unique symbol = Symbol('invalid')
export type Cast = unknown | typeof INVALID

/** Turns a non-missing cell into the field's typed value, or INVALID. */
export type Caster = (row: Row, j: number) => Cast

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/
const DURATION = /^P(?!$)(\d+(?:\.\d+)?Y)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?W)?(\d+(?:\.\d+)?D)?(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?$/
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
/** Patterns of the string formats that are checked by a regular expression. */
const FORMAT_PATTERNS = new Map([
  ['email', EMAIL],
  ['uri', URI],
  ['uuid', UUID],
])
export function formatPattern(format: string): RegExp | undefined {
  return FORMAT_PATTERNS.get(format)
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return d <= days[m - 1]
}

/** strptime-style pattern (%Y-%m-%d, %d/%m/%Y, …) → a regex capturing year, month, day. */
function datePattern(format: string): ((text: string) => string | undefined) | undefined {
  if (!format.includes('%')) return undefined
  const order: string[] = []
  const source = format.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%([YmdyHMS])/g, (_, k: string) => {
    order.push(k)
    return k === 'Y' ? '(\\d{4})' : '(\\d{1,2})'
  })
  const re = new RegExp(`^${source}$`)
  return (text) => {
    const m = re.exec(text)
    if (!m) return undefined
    const get = (k: string) => Number(m[order.indexOf(k) + 1])
    const y = order.includes('Y') ? get('Y') : 2000 + get('y')
    const mo = get('m')
    const d = get('d')
    if (!validDate(y, mo, d)) return undefined
    return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  }
}

function parseDate(text: string): string | typeof INVALID {
  const m = DATE.exec(text)
  return m && validDate(+m[1], +m[2], +m[3]) ? text : INVALID
}

function parseDateTime(text: string): number | typeof INVALID {
  const m = DATETIME.exec(text)
  if (!m || !validDate(+m[1], +m[2], +m[3]) || +m[4] > 23 || +m[5] > 59 || +(m[6] ?? 0) > 60) return INVALID
  const t = Date.parse(m[8] ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`)
  return Number.isNaN(t) ? INVALID : t
}

function parseDuration(text: string): number | typeof INVALID {
  const m = DURATION.exec(text)
  if (!m) return INVALID
  // each part is digits, maybe a fraction, and its unit letter
  const n = (s: string | undefined) => (s ? Number(s.slice(0, -1)) : 0)
  return n(m[1]) * 31_536_000 + n(m[2]) * 2_592_000 + n(m[3]) * 604_800 + n(m[4]) * 86_400 + n(m[6]) * 3600 + n(m[7]) * 60 + n(m[8])
}

function jsonOf(row: Row, j: number, want: 'object' | 'array'): Cast {
  let v = row.value(j)
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v)
    } catch {
      return INVALID
    }
  }
  if (want === 'array') return Array.isArray(v) ? v : INVALID
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : INVALID
}

function numberCaster(field: Field): Caster {
  const group = field.groupChar
  const decimal = field.decimalChar
  const bare = field.bareNumber !== false
  return (row, j) => {
    const n = row.number(j)
    if (!Number.isNaN(n)) return n
    const v = row.value(j)
    if (typeof v === 'number') return v
    if (typeof v === 'boolean' || (v !== null && typeof v === 'object')) return INVALID
    let text = row.text(j).trim()
    const special = specialNumber(text)
    if (special !== undefined) return special
    if (group) text = text.split(group).join('')
    if (decimal && decimal !== '.') text = text.replace(decimal, '.')
    if (!bare) text = text.replace(/^[^\d+-.]+|[^\d.]+$/g, '')
    return decimalNumber(text) ?? INVALID
  }
}

function stringCaster(format: string): Caster {
  const re = formatPattern(format)
  return (row, j) => {
    if (row.typed) {
      const v = row.value(j)
      if (v !== null && typeof v === 'object') return INVALID
    }
    const text = row.text(j)
    return re && !re.test(text) ? INVALID : text
  }
}

function integerCaster(): Caster {
  return (row, j) => {
    const n = row.integer(j)
    return Number.isNaN(n) ? INVALID : n
  }
}

function booleanCaster(field: Field): Caster {
  const yes = new Set(field.trueValues ?? TABLE_SCHEMA_TRUE_VALUES)
  const no = new Set(field.falseValues ?? TABLE_SCHEMA_FALSE_VALUES)
  return (row, j) => {
    const v = row.value(j)
    if (typeof v === 'boolean') return v
    const text = row.text(j).trim()
    return yes.has(text) ? true : no.has(text) ? false : INVALID
  }
}

function dateCaster(format: string): Caster {
  const custom = datePattern(format)
  return (row, j) => {
    const text = row.text(j).trim()
    if (custom) return custom(text) ?? INVALID
    if (format === 'any') {
      const t = Date.parse(text)
      return Number.isNaN(t) ? INVALID : new Date(t).toISOString().slice(0, 10)
    }
    return parseDate(text)
  }
}

function datetimeCaster(format: string): Caster {
  return (row, j) => {
    const text = row.text(j).trim()
    if (format === 'any') {
      const t = Date.parse(text)
      return Number.isNaN(t) ? INVALID : t
    }
    return parseDateTime(text)
  }
}

function timeCaster(): Caster {
  return (row, j) => {
    const m = TIME.exec(row.text(j).trim())
    if (!m || +m[1] > 23 || +m[2] > 59 || +(m[3] ?? 0) > 60) return INVALID
    return +m[1] * 3600 + +m[2] * 60 + +(m[3] ?? 0) + Number(m[4] ?? '0')
  }
}

function geopointCaster(): Caster {
  return (row, j) => {
    const v = row.value(j)
    const pair = Array.isArray(v)
      ? v
      : row
          .text(j)
          .split(',')
          .map((s) => Number(s.trim()))
    const [lon, lat] = pair.map(Number)
    return pair.length === 2 && Math.abs(lon) <= 180 && Math.abs(lat) <= 90 ? [lon, lat] : INVALID
  }
}

function geojsonCaster(): Caster {
  return (row, j) => {
    const o = jsonOf(row, j, 'object')
    return o !== INVALID && typeof (o as { type?: unknown }).type === 'string' ? o : INVALID
  }
}

/** A caster for the field's type and format. */
export function casterFor(field: Field): Caster {
  const type: FieldType = field.type ?? 'string'
  const format = field.format ?? 'default'
  switch (type) {
    case 'string':
      return stringCaster(format)
    case 'number':
      return numberCaster(field)
    case 'integer':
      return integerCaster()
    case 'boolean':
      return booleanCaster(field)
    case 'date':
      return dateCaster(format)
    case 'datetime':
      return datetimeCaster(format)
    case 'time':
      return timeCaster()
    case 'year':
      return (row, j) => {
        const text = row.text(j).trim()
        return /^\d{4}$/.test(text) ? Number(text) : INVALID
      }
    case 'yearmonth':
      return (row, j) => {
        const m = /^(\d{4})-(\d{2})$/.exec(row.text(j).trim())
        return m && +m[2] >= 1 && +m[2] <= 12 ? m[0] : INVALID
      }
    case 'duration':
      return (row, j) => parseDuration(row.text(j).trim())
    case 'object':
      return (row, j) => jsonOf(row, j, 'object')
    case 'array':
      return (row, j) => jsonOf(row, j, 'array')
    case 'geopoint':
      return geopointCaster()
    case 'geojson':
      return geojsonCaster()
    case 'any':
      return (row, j) => row.value(j)
  }
}

/** Casts a constraint value (minimum, maximum, enum item) written in the schema to the field's type. */
export function castLiteral(field: Field, literal: unknown): Cast {
  const row = {
    typed: true,
    line: 0,
    count: 1,
    isEmpty: () => literal === '' || literal === null,
    text: () => (typeof literal === 'string' ? literal : JSON.stringify(literal)),
    integer: () => (typeof literal === 'number' && Number.isInteger(literal) ? literal : typeof literal === 'string' ? textInteger(literal.trim()) : NaN),
    number: () => (typeof literal === 'number' ? literal : typeof literal === 'string' ? textNumber(literal.trim()) : NaN),
    value: () => (field.type === 'integer' || field.type === 'number' || field.type === 'boolean' ? literal : typeof literal === 'string' ? literal : literal),
  }
  return casterFor(field)(row, 0)
}

/** A Set key under which equal typed values collide (unique, enum, primary key): primitives as they are. */
export function valueKey(v: unknown): unknown {
  // small integers as int32 keep Set operations on the fast (Smi) path
  if (typeof v === 'number') return (v | 0) === v ? v | 0 : v
  if (v === null || typeof v !== 'object') return v
  return `\u0001${JSON.stringify(v)}`
}
