import type { Row } from '../io/row.ts'
import type { Field, FieldType } from './model.ts'
import { decimalNumber, optionInteger, optionNumber, plainNumberOptions, TABLE_SCHEMA_FALSE_VALUES, TABLE_SCHEMA_TRUE_VALUES, textInteger, textNumber } from './cell-rules.ts'
import { isGeoJson, isTopoJson } from './geojson.ts'
import type { Moment } from './temporal.ts'
import { anyMoment, dateTimeValue, dateValue, defaultDate, defaultDateTime, defaultTime, patternReader, timeValue } from './temporal.ts'

/** Returned by a caster for a value that is not of the field's type. */
export const INVALID: unique symbol = Symbol('invalid')
export type Cast = unknown | typeof INVALID

/** Turns a non-missing cell into the field's typed value, or INVALID. */
export type Caster = (row: Row, j: number) => Cast

const DURATION = /^(-)?P(?!$)(\d+(?:\.\d+)?Y)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?W)?(\d+(?:\.\d+)?D)?(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?$/
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
/** Patterns of the string formats that are checked by a regular expression. */
const FORMAT_PATTERNS = new Map([
  ['email', EMAIL],
  ['uri', URI],
  ['uuid', UUID],
  ['binary', BASE64],
])
export function formatPattern(format: string): RegExp | undefined {
  return FORMAT_PATTERNS.get(format)
}

function parseDuration(text: string): number | typeof INVALID {
  const m = DURATION.exec(text)
  if (!m) return INVALID
  // each part is digits, maybe a fraction, and its unit letter
  const n = (s: string | undefined) => (s ? Number(s.slice(0, -1)) : 0)
  const seconds = n(m[2]) * 31_536_000 + n(m[3]) * 2_592_000 + n(m[4]) * 604_800 + n(m[5]) * 86_400 + n(m[7]) * 3600 + n(m[8]) * 60 + n(m[9])
  return m[1] ? -seconds : seconds
}

function numberCaster(field: Field): Caster {
  const plain = plainNumberOptions(field)
  return (row, j) => {
    if (plain) {
      const n = row.number(j)
      if (!Number.isNaN(n)) return n
    }
    const v = row.value(j)
    if (typeof v === 'number') return v
    if (typeof v === 'boolean' || (v !== null && typeof v === 'object')) return INVALID
    return optionNumber(row.text(j).trim(), field) ?? INVALID
  }
}

function integerCaster(field: Field): Caster {
  const plain = plainNumberOptions(field)
  return (row, j) => {
    const v = row.value(j)
    if (plain || typeof v === 'number') {
      const n = row.integer(j)
      return Number.isNaN(n) ? INVALID : n
    }
    if (typeof v !== 'string') return INVALID
    return optionInteger(v.trim(), field) ?? INVALID
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

function booleanCaster(field: Field): Caster {
  const yes = new Set(field.trueValues ?? TABLE_SCHEMA_TRUE_VALUES)
  const no = new Set(field.falseValues ?? TABLE_SCHEMA_FALSE_VALUES)
  return (row, j) => {
    const v = row.value(j)
    if (typeof v === 'boolean') return v
    // a JSON number or object is not a boolean, whatever its text (1 is not "1")
    if (typeof v !== 'string') return INVALID
    const text = v.trim()
    return yes.has(text) ? true : no.has(text) ? false : INVALID
  }
}

type Kind = 'date' | 'datetime' | 'time'
const VALUE_OF: Record<Kind, (t: Moment) => unknown> = { date: dateValue, datetime: dateTimeValue, time: timeValue }
const DEFAULT_OF: Record<Kind, (text: string) => Moment | undefined> = { date: defaultDate, datetime: defaultDateTime, time: defaultTime }

/** A caster of a date, datetime or time field: its default form, `any`, or a strptime pattern. */
function temporalCaster(kind: Kind, f: string): Caster {
  // a default date is its own value: no moment to build
  if (kind === 'date' && f === 'default')
    return (row, j) => {
      const text = row.text(j).trim()
      return defaultDate(text) ? text : INVALID
    }
  const read = f === 'default' ? DEFAULT_OF[kind] : f === 'any' ? (text: string) => anyMoment(text, kind) : patternReader(f)
  const value = VALUE_OF[kind]
  return (row, j) => {
    const t = read(row.text(j).trim())
    return t === undefined ? INVALID : value(t)
  }
}

/** A cast typed field: a JSON value of the cell, or the cell's text parsed as JSON. */
function jsonValue(row: Row, j: number): unknown {
  const v = row.value(j)
  if (typeof v !== 'string') return v
  try {
    return JSON.parse(v)
  } catch {
    return INVALID
  }
}

function geopointOf(lon: unknown, lat: unknown): Cast {
  if (typeof lon !== 'number' || typeof lat !== 'number' || !(Math.abs(lon) <= 180) || !(Math.abs(lat) <= 90)) return INVALID
  return [lon, lat]
}

/** geopoint: "lon, lat" (default), a JSON array [lon, lat] (array), a JSON object {"lon", "lat"} (object). */
function geopointCaster(format: string): Caster {
  return (row, j) => {
    const v = format === 'default' && typeof row.value(j) === 'string' ? row.text(j) : jsonValue(row, j)
    if (typeof v === 'string') {
      const parts = v.split(',')
      return parts.length === 2 ? geopointOf(decimalNumber(parts[0].trim()), decimalNumber(parts[1].trim())) : INVALID
    }
    if (Array.isArray(v)) return format !== 'object' && v.length === 2 ? geopointOf(v[0], v[1]) : INVALID
    if (format !== 'object' || v === null || typeof v !== 'object') return INVALID
    const keys = Object.keys(v)
    const point = v as { lon?: unknown; lat?: unknown }
    return keys.length === 2 && 'lon' in point && 'lat' in point ? geopointOf(point.lon, point.lat) : INVALID
  }
}

function jsonCaster(accept: (v: unknown) => boolean): Caster {
  return (row, j) => {
    const v = jsonValue(row, j)
    return v !== INVALID && accept(v) ? v : INVALID
  }
}

const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v)

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
      return integerCaster(field)
    case 'boolean':
      return booleanCaster(field)
    case 'date':
    case 'datetime':
    case 'time':
      return temporalCaster(type, format)
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
      return jsonCaster(isObject)
    case 'array':
      return arrayCaster(field)
    case 'list':
      return listCaster(field)
    case 'geopoint':
      return geopointCaster(format)
    case 'geojson':
      return jsonCaster(format === 'topojson' ? isTopoJson : isGeoJson)
    case 'any':
      return (row, j) => row.value(j)
  }
}

/** Casts a constraint value (minimum, maximum, enum item) written in the schema to the field's type. */
export function castLiteral(field: Field, literal: unknown): Cast {
  return casterFor(field)(literalRow(literal), 0)
}

/** One value (a constraint's literal, an item of a list or array) as a one-cell record. */
function literalRow(literal: unknown): Row {
  return {
    typed: true,
    line: 0,
    count: 1,
    isEmpty: () => literal === '' || literal === null,
    text: () => (typeof literal === 'string' ? literal : JSON.stringify(literal)),
    integer: () => (typeof literal === 'number' && Number.isInteger(literal) ? literal : typeof literal === 'string' ? textInteger(literal.trim()) : NaN),
    number: () => (typeof literal === 'number' ? literal : typeof literal === 'string' ? textNumber(literal.trim()) : NaN),
    value: () => literal,
  }
}

/** Each item of a collection cast as the item field says; INVALID when one is not of its type. */
function castItems(items: unknown[], item: Caster): Cast {
  const out: unknown[] = []
  for (const v of items) {
    const cast = item(literalRow(v), 0)
    if (cast === INVALID) return INVALID
    out.push(cast)
  }
  return out
}

/** list (v2): items of itemType (default formats) separated by the delimiter (default ','). */
function listCaster(field: Field): Caster {
  const item = casterFor({ name: field.name, type: field.itemType ?? 'string' })
  const delimiter = field.delimiter ?? ','
  return (row, j) => {
    const v = row.value(j)
    return castItems(Array.isArray(v) ? v : row.text(j).split(delimiter), item)
  }
}

/** array: a JSON array, each item cast as arrayItem says when the field has one. */
function arrayCaster(field: Field): Caster {
  const item = field.arrayItem && casterFor({ ...field.arrayItem, name: field.name })
  return (row, j) => {
    const v = jsonValue(row, j)
    if (!Array.isArray(v)) return INVALID
    return item ? castItems(v, item) : v
  }
}

/** A Set key under which equal typed values collide (unique, enum, primary key): primitives as they are. */
export function valueKey(v: unknown): unknown {
  // small integers as int32 keep Set operations on the fast (Smi) path
  if (typeof v === 'number') return (v | 0) === v ? v | 0 : v
  if (v === null || typeof v !== 'object') return v
  return `\u0001${JSON.stringify(v)}`
}
