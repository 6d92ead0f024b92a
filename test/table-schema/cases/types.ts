/**
 * Conformance cases written from the Table Schema and Data Package specifications (v1, and the v2
 * additions), shared by the conformance tests in test/table-schema/ and the differential test of
 * validate-data's fast and row paths.
 *
 * How to add a case:
 * - A cell: append a CastCase to CAST_CASES. `field` is a Table Schema field descriptor (its name is
 *   always `v`: the cases are read as a one-column CSV `v\n<cell>\n`, written with `csvText`), `cell`
 *   the text of the cell as it is in the file, `spec` the sentence of the spec it comes from (quoted
 *   or closely paraphrased). `expect` is either the typed value, as mlgate's casters give it (see
 *   VALUE FORMS below), `{ value: null }` for a cell read as missing, or the error the cell gets.
 *   A cell of a JSON source (a typed value: a number, true, an object) goes in JSON_CASES, made with
 *   `jsonCell`: it has `json` (the value, read from the tabular JSON `[["v"], [json]]`) and `csv: false`.
 * - A descriptor: append a DescriptorCase to DESCRIPTOR_CASES: a Table Schema (with `fields`) or a Data
 *   Package (with `resources`, one resource named `data` and path `data.csv`), and whether mlgate
 *   accepts it or refuses it with a sentence containing `refused`.
 * Ids are unique and stable (tests name them); keep them `type-format-what`.
 *
 * VALUE FORMS (what schema/cast.ts returns): string → the text; number and integer → a number (NaN,
 * ±Infinity for the special values); boolean → true/false; date → 'YYYY-MM-DD'; datetime → epoch
 * milliseconds (UTC when the cell has no offset); time → seconds since midnight; year → the number;
 * yearmonth → 'YYYY-MM'; duration → seconds (a year 365 days, a month 30); object, array, geojson →
 * the parsed JSON; list and array with arrayItem → the array of cast items; geopoint → [lon, lat]; any
 * → the cell as read (text in CSV, the JSON value in JSON).
 */

export type CaseError = 'type-error' | 'constraint-error'

export interface CastCase {
  id: string
  /** A Table Schema field descriptor; its name is `v`. */
  field: Record<string, unknown>
  /** The cell's text as it is in the file (csvText quotes it). */
  cell: string
  expect: { value: unknown } | { error: CaseError }
  /** The spec sentence it comes from. */
  spec: string
  /** False when the cell cannot be a CSV cell (a JSON value: see `json`). */
  csv?: boolean
  /** The cell as a JSON value, when the case is about a JSON source (read as [["v"], [json]]). */
  json?: unknown
}

export interface DescriptorCase {
  id: string
  descriptor: unknown
  /** 'accepted', or refused with a sentence that contains `refused`. */
  expect: 'accepted' | { refused: string }
  spec: string
}

/** A CSV file of one column `v` holding the case's cell, quoted as RFC 4180 says when it must be. */
export function csvText(c: CastCase): string {
  const cell = /[",\r\n]/.test(c.cell) ? `"${c.cell.replace(/"/g, '""')}"` : c.cell
  return `v\n${cell}\n`
}

/** The Table Schema of one case: its field, named `v`. */
export function caseSchema(c: CastCase): { fields: Record<string, unknown>[] } {
  return { fields: [{ ...c.field, name: 'v' }] }
}

const S = {
  string:
    'string — Supported formats: default: any valid string; email: A valid email address; uri: A valid URI; binary: A base64 encoded string representing binary data; uuid: A string that is a uuid.',
  number:
    "number — The lexical formatting follows that of decimal in XMLSchema: a non-empty finite-length sequence of decimal digits separated by a period as a decimal indicator. An optional leading sign is allowed. If the sign is omitted, '+' is assumed. For example: '-1.23', '12678967.543233', '+100000.00', '210'.",
  special: 'number — The following special string values are permitted (case need not be respected): NaN: not a number, INF: positive infinity, -INF: negative infinity.',
  exponent: 'number — A number MAY also have a trailing exponent: this MUST consist of an E followed by an optional + or - sign followed by one or more decimal digits (0-9).',
  decimalChar: 'number — decimalChar: A string whose value is used to represent a decimal point within the number. The default value is ".".',
  groupChar: 'number — groupChar: A string whose value is used to group digits within the number. A common value is "," e.g. "100,000".',
  bareNumber:
    'number/integer — bareNumber: If false the contents of this field may contain leading and/or trailing non-numeric characters (which implementors MUST therefore strip), e.g. 95% or €95 or EUR 95. If true the physical contents of this field MUST follow the formatting constraints already set out.',
  integer: 'integer — The field contains integers - that is whole numbers. Integer values are indicated in the standard way for any valid integer.',
  integerGroup: 'integer (v2) — groupChar: A string whose value is used to group digits within the integer.',
  boolean:
    'boolean — trueValues: [ "true", "True", "TRUE", "1" ]; falseValues: [ "false", "False", "FALSE", "0" ]; the values set in trueValues and falseValues are to be cast to their logical representation as booleans.',
  object: 'object — The field contains a valid JSON object.',
  array: 'array — The field contains a valid JSON array.',
  datetime:
    'datetime — default: The lexical representation MUST be in a form defined by XML Schema containing required date and time parts, followed by optional milliseconds and timezone parts, e.g. 2024-01-26T15:00:00 or 2024-01-26T15:00:00.300-05:00.',
  pattern: '<PATTERN>: values in this field can be parsed according to <PATTERN>, which MUST follow the syntax of standard Python / C strptime, e.g. "%d/%m/%Y %H:%M:%S" for 12/11/2018 09:15:32.',
  any: 'any (date/time/datetime format) — Any parsable representation of the value.',
  date: 'date — default: The lexical representation MUST be yyyy-mm-dd e.g. 2024-01-26.',
  time: 'time — default: The lexical representation MUST be hh:mm:ss e.g. 15:00:00.',
  fmt: 'If format property start with fmt: prefix, an implementation MUST remove the prefix (v0 temporal formats).',
  year: 'year — A calendar year as per XMLSchema gYear. Usual lexical representation is YYYY.',
  yearmonth: 'yearmonth — A specific month in a specific year as per XMLSchema gYearMonth. Usual lexical representation is: YYYY-MM.',
  duration: 'duration — the lexical representation for duration is the ISO 8601 extended format PnYnMnDTnHnMnS. The number of seconds can include decimal digits to arbitrary precision.',
  geopoint: 'geopoint — default: A string of the pattern "lon, lat", where each value is a number (note the space is optional after the ,). E.g. "90.50, 45.50".',
  geopointArray:
    'geopoint — array: A JSON array, or a string parsable as a JSON array, of exactly two items, where each item is a number, and the first item is lon and the second item is lat e.g. [90.50, 45.50].',
  geopointObject: 'geopoint — object: A JSON object with exactly two keys, lat and lon and each value is a number e.g. {"lon": 90.50, "lat": 45.50}.',
  geojson: 'geojson — default: A geojson object as per the GeoJSON spec; topojson: A topojson object as per the TopoJSON spec.',
  list: 'list (v2) — In the lexical representation, the field MUST contain a string with values separated by a delimiter which is , (comma) by default; itemType: string (default), integer, boolean, number, datetime, date or time, in their default forms.',
  arrayItem: 'arrayItem (v2 draft, Frictionless): a field descriptor (type, format and options) every item of an array field is cast as.',
  anyType: 'any — A data consumer MUST NOT perform any processing on this field’s values and MUST interpret them as it is in the data source (for CSV, a string).',
  missing: 'missingValues — dictates which values SHOULD be treated as missing values; (v2) an array where each entry is an object with a unique value and optional label.',
  constraints:
    'constraints — All constraints MUST be tested against the logical representation of data, and the physical representation of constraint values MAY be primitive types as possible in JSON, or represented as strings that are castable with the type and format rules of the field.',
  categories: 'categories (v2) — The logical representation of data in the field MUST exactly match one of the values in categories (an array of values, or of objects with a value).',
}

const ok = (value: unknown) => ({ value })
const typeError = { error: 'type-error' as const }
const constraintError = { error: 'constraint-error' as const }
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, mo - 1, d, h, mi, s, ms)

/** One field, many cells: cases `${prefix}-${i}`. */
function cells(prefix: string, field: Record<string, unknown>, spec: string, list: [string, { value: unknown } | { error: CaseError }][]): CastCase[] {
  return list.map(([cell, expect], i) => ({ id: `${prefix}-${i + 1}`, field, cell, expect, spec }))
}

/** Cells of JSON sources: typed values, which the spec's `any` example and the casts of JSON values are about. */
const jsonCell = (id: string, field: Record<string, unknown>, json: unknown, expect: { value: unknown } | { error: CaseError }, spec: string): CastCase => ({
  id,
  field,
  cell: JSON.stringify(json),
  json,
  expect,
  spec,
  csv: false,
})
const S_JSON = 'Physical representation: JSON has numbers, booleans, objects and arrays besides strings; a value of the field’s type is its logical value, a string is cast as in text formats.'

const JSON_CASES: CastCase[] = [
  jsonCell('json-any-number', { type: 'any' }, 1, ok(1), 'any — for the JSON data source the id field is interpreted as an integer because JSON supports a numeric data type.'),
  jsonCell('json-any-string', { type: 'any' }, 'apple', ok('apple'), S.anyType),
  jsonCell('json-integer-number', { type: 'integer' }, 7, ok(7), S_JSON),
  jsonCell('json-integer-whole-float', { type: 'integer' }, 7.0, ok(7), S_JSON),
  jsonCell('json-integer-fraction', { type: 'integer' }, 7.5, typeError, S_JSON),
  jsonCell('json-integer-text', { type: 'integer' }, '7', ok(7), S_JSON),
  jsonCell('json-integer-boolean', { type: 'integer' }, true, typeError, S_JSON),
  jsonCell('json-number-number', { type: 'number' }, 1.5, ok(1.5), S_JSON),
  jsonCell('json-number-boolean', { type: 'number' }, false, typeError, S_JSON),
  jsonCell('json-number-text-decimalChar', { type: 'number', decimalChar: ',' }, '1,5', ok(1.5), S.decimalChar),
  jsonCell('json-boolean-true', { type: 'boolean' }, true, ok(true), S.boolean),
  jsonCell('json-boolean-text', { type: 'boolean' }, 'FALSE', ok(false), S.boolean),
  jsonCell('json-boolean-number', { type: 'boolean' }, 1, typeError, S.boolean),
  jsonCell('json-object-value', { type: 'object' }, { a: [1] }, ok({ a: [1] }), S.object),
  jsonCell('json-object-text', { type: 'object' }, '{"a": 1}', ok({ a: 1 }), S.object),
  jsonCell('json-object-array', { type: 'object' }, [1], typeError, S.object),
  jsonCell('json-array-value', { type: 'array' }, [1, 'a'], ok([1, 'a']), S.array),
  jsonCell('json-array-object', { type: 'array' }, { a: 1 }, typeError, S.array),
  jsonCell('json-geopoint-array', { type: 'geopoint', format: 'array' }, [90.5, 45.5], ok([90.5, 45.5]), S.geopointArray),
  jsonCell('json-geopoint-array-text', { type: 'geopoint', format: 'array' }, '[90.5, 45.5]', ok([90.5, 45.5]), S.geopointArray),
  jsonCell('json-geopoint-object', { type: 'geopoint', format: 'object' }, { lon: 90.5, lat: 45.5 }, ok([90.5, 45.5]), S.geopointObject),
  jsonCell('json-geopoint-object-extra', { type: 'geopoint', format: 'object' }, { lon: 90.5, lat: 45.5, alt: 1 }, typeError, S.geopointObject),
  jsonCell('json-geojson-value', { type: 'geojson' }, { type: 'Point', coordinates: [1, 2] }, ok({ type: 'Point', coordinates: [1, 2] }), S.geojson),
  jsonCell('json-date-text', { type: 'date' }, '2024-01-26', ok('2024-01-26'), S.date),
  jsonCell('json-year-number', { type: 'year' }, 2024, ok(2024), S.year),
  jsonCell('json-list-array', { type: 'list', itemType: 'integer' }, [1, 2], ok([1, 2]), S.list),
  jsonCell('json-array-item', { type: 'array', arrayItem: { type: 'date' } }, ['2024-01-26'], ok(['2024-01-26']), S.arrayItem),
]

export const CAST_CASES: CastCase[] = [
  // ---- string ----
  ...cells('string-default', { type: 'string' }, S.string, [
    ['hello', ok('hello')],
    ['12', ok('12')],
    ['a, b', ok('a, b')],
  ]),
  ...cells('string-email', { type: 'string', format: 'email' }, S.string, [
    ['name@example.com', ok('name@example.com')],
    ['not-an-email', typeError],
  ]),
  ...cells('string-uri', { type: 'string', format: 'uri' }, S.string, [
    ['http://example.com/a?b=1', ok('http://example.com/a?b=1')],
    ['urn:isbn:0451450523', ok('urn:isbn:0451450523')],
    ['example', typeError],
  ]),
  ...cells('string-binary', { type: 'string', format: 'binary' }, S.string, [
    ['aGVsbG8=', ok('aGVsbG8=')],
    ['aGVsbG8gd29ybGQ=', ok('aGVsbG8gd29ybGQ=')],
    ['not base64!', typeError],
  ]),
  ...cells('string-uuid', { type: 'string', format: 'uuid' }, S.string, [
    ['95ecc380-afe9-11e4-9b6c-751b66dd541e', ok('95ecc380-afe9-11e4-9b6c-751b66dd541e')],
    ['95ecc380-afe9-11e4', typeError],
  ]),

  // ---- number ----
  ...cells('number-default', { type: 'number' }, S.number, [
    ['-1.23', ok(-1.23)],
    ['12678967.543233', ok(12678967.543233)],
    ['+100000.00', ok(100000)],
    ['210', ok(210)],
    ['0.5', ok(0.5)],
    ['1,000', typeError],
    ['1.2.3', typeError],
    ['0x1A', typeError],
    ['abc', typeError],
    ['95%', typeError],
  ]),
  ...cells('number-special', { type: 'number' }, S.special, [
    ['NaN', ok(NaN)],
    ['INF', ok(Infinity)],
    ['-INF', ok(-Infinity)],
    ['nan', ok(NaN)],
    ['inf', ok(Infinity)],
    ['-inf', ok(-Infinity)],
    ['Inf', ok(Infinity)],
  ]),
  ...cells('number-exponent', { type: 'number' }, S.exponent, [
    ['1E3', ok(1000)],
    ['1.5E-2', ok(0.015)],
    ['-2E+2', ok(-200)],
    ['1E', typeError],
  ]),
  ...cells('number-decimalChar', { type: 'number', decimalChar: ',' }, S.decimalChar, [
    ['1,5', ok(1.5)],
    ['-0,25', ok(-0.25)],
    ['3', ok(3)],
    ['1.234', typeError],
  ]),
  ...cells('number-groupChar', { type: 'number', groupChar: ',' }, S.groupChar, [
    ['100,000', ok(100000)],
    ['1,234.5', ok(1234.5)],
    ['12', ok(12)],
  ]),
  ...cells('number-groupChar-space', { type: 'number', groupChar: ' ' }, S.groupChar, [['1 000 000', ok(1000000)]]),
  ...cells('number-decimal-group', { type: 'number', decimalChar: ',', groupChar: '.' }, `${S.decimalChar} ${S.groupChar}`, [
    ['1.234,5', ok(1234.5)],
    ['1.234.567', ok(1234567)],
  ]),
  ...cells('number-bareNumber-false', { type: 'number', bareNumber: false }, S.bareNumber, [
    ['95%', ok(95)],
    ['€95', ok(95)],
    ['EUR 95', ok(95)],
    ['-12.5 %', ok(-12.5)],
    ['42', ok(42)],
  ]),
  ...cells('number-bareNumber-true', { type: 'number', bareNumber: true }, S.bareNumber, [
    ['€95', typeError],
    ['95', ok(95)],
  ]),

  // ---- integer ----
  ...cells('integer-default', { type: 'integer' }, S.integer, [
    ['42', ok(42)],
    ['-7', ok(-7)],
    ['+3', ok(3)],
    ['0', ok(0)],
    ['1.5', typeError],
    ['1E3', typeError],
    ['95%', typeError],
    ['one', typeError],
  ]),
  ...cells('integer-bareNumber-false', { type: 'integer', bareNumber: false }, S.bareNumber, [
    ['95%', ok(95)],
    ['€95', ok(95)],
    ['EUR 95', ok(95)],
    ['-3 pts', ok(-3)],
    ['7', ok(7)],
  ]),
  ...cells('integer-groupChar', { type: 'integer', groupChar: ',' }, S.integerGroup, [
    ['100,000', ok(100000)],
    ['5', ok(5)],
  ]),

  // ---- boolean ----
  ...cells('boolean-default', { type: 'boolean' }, S.boolean, [
    ['true', ok(true)],
    ['True', ok(true)],
    ['TRUE', ok(true)],
    ['1', ok(true)],
    ['false', ok(false)],
    ['False', ok(false)],
    ['FALSE', ok(false)],
    ['0', ok(false)],
    ['yes', typeError],
    ['tRuE', typeError],
  ]),
  ...cells('boolean-custom', { type: 'boolean', trueValues: ['yes', 'Y'], falseValues: ['no', 'N'] }, S.boolean, [
    ['yes', ok(true)],
    ['Y', ok(true)],
    ['no', ok(false)],
    ['N', ok(false)],
    ['true', typeError],
    ['0', typeError],
  ]),

  // ---- object, array ----
  ...cells('object-default', { type: 'object' }, S.object, [
    ['{"a": 1, "b": [2]}', ok({ a: 1, b: [2] })],
    ['{}', ok({})],
    ['[1, 2]', typeError],
    ['1', typeError],
    ['{a: 1}', typeError],
  ]),
  ...cells('array-default', { type: 'array' }, S.array, [
    ['[1, "two", null]', ok([1, 'two', null])],
    ['[]', ok([])],
    ['{"a": 1}', typeError],
    ['1,2', typeError],
  ]),

  // ---- datetime ----
  ...cells('datetime-default', { type: 'datetime' }, S.datetime, [
    ['2024-01-26T15:00:00', ok(utc(2024, 1, 26, 15))],
    ['2024-01-26T15:00:00Z', ok(utc(2024, 1, 26, 15))],
    ['2024-01-26T15:00:00.300-05:00', ok(utc(2024, 1, 26, 20, 0, 0, 300))],
    ['2024-01-26T15:00:00+01:00', ok(utc(2024, 1, 26, 14))],
    ['2024-01-26T15:00', typeError],
    ['2024-01-26', typeError],
    ['2024-02-30T15:00:00', typeError],
    ['26/01/2024 15:00:00', typeError],
  ]),
  ...cells('datetime-pattern-dmy', { type: 'datetime', format: '%d/%m/%Y %H:%M:%S' }, S.pattern, [
    ['21/11/2006 16:30:00', ok(utc(2006, 11, 21, 16, 30))],
    ['12/11/2018 09:15:32', ok(utc(2018, 11, 12, 9, 15, 32))],
    ['2006-11-21T16:30:00', typeError],
    ['21/11/2006 16:30', typeError],
    ['32/11/2006 16:30:00', typeError],
  ]),
  ...cells('datetime-pattern-hm', { type: 'datetime', format: '%d/%m/%Y %H:%M' }, S.pattern, [
    ['21/11/2006 16:30', ok(utc(2006, 11, 21, 16, 30))],
    ['21/11/2006 16:30:00', typeError],
  ]),
  ...cells('datetime-pattern-zone', { type: 'datetime', format: '%Y-%m-%dT%H:%M:%S%z' }, S.pattern, [
    ['2006-11-21T16:30:00+0100', ok(utc(2006, 11, 21, 15, 30))],
    ['2006-11-21T16:30:00-0230', ok(utc(2006, 11, 21, 19, 0))],
  ]),
  ...cells('datetime-pattern-ampm', { type: 'datetime', format: '%m/%d/%Y %I:%M %p' }, S.pattern, [
    ['11/21/2006 04:30 PM', ok(utc(2006, 11, 21, 16, 30))],
    ['11/21/2006 12:05 AM', ok(utc(2006, 11, 21, 0, 5))],
    ['11/21/2006 13:05 PM', typeError],
  ]),
  ...cells('datetime-pattern-micro', { type: 'datetime', format: '%Y-%m-%d %H:%M:%S.%f' }, S.pattern, [['2006-11-21 16:30:00.250', ok(utc(2006, 11, 21, 16, 30, 0, 250))]]),
  ...cells('datetime-pattern-names', { type: 'datetime', format: '%A %d %B %Y, %H:%M' }, S.pattern, [
    ['Tuesday 21 November 2006, 16:30', ok(utc(2006, 11, 21, 16, 30))],
    ['Tuesday 21 Foo 2006, 16:30', typeError],
  ]),
  ...cells('datetime-any', { type: 'datetime', format: 'any' }, S.any, [
    ['2006-11-21T16:30:00Z', ok(utc(2006, 11, 21, 16, 30))],
    ['not a date', typeError],
  ]),
  ...cells('datetime-fmt-prefix', { type: 'datetime', format: 'fmt:%d/%m/%Y %H:%M:%S' }, S.fmt, [['21/11/2006 16:30:00', ok(utc(2006, 11, 21, 16, 30))]]),

  // ---- date ----
  ...cells('date-default', { type: 'date' }, S.date, [
    ['2024-01-26', ok('2024-01-26')],
    ['2000-02-29', ok('2000-02-29')],
    ['1900-02-29', typeError],
    ['2024-13-01', typeError],
    ['26/01/2024', typeError],
    ['2024-01-26T00:00:00', typeError],
  ]),
  ...cells('date-pattern-dmy', { type: 'date', format: '%d/%m/%Y' }, S.pattern, [
    ['21/11/2006', ok('2006-11-21')],
    ['1/2/2006', ok('2006-02-01')],
    ['2006-11-21', typeError],
    ['31/11/2006', typeError],
  ]),
  ...cells('date-pattern-names', { type: 'date', format: '%d %B %Y' }, S.pattern, [
    ['21 November 2006', ok('2006-11-21')],
    ['21 november 2006', ok('2006-11-21')],
    ['21 Novembre 2006', typeError],
  ]),
  ...cells('date-pattern-abbr', { type: 'date', format: '%b %d, %Y' }, S.pattern, [['Nov 21, 2006', ok('2006-11-21')]]),
  ...cells('date-pattern-compact', { type: 'date', format: '%Y%m%d' }, S.pattern, [['20061121', ok('2006-11-21')]]),
  ...cells('date-pattern-short-year', { type: 'date', format: '%d.%m.%y' }, S.pattern, [
    ['21.11.06', ok('2006-11-21')],
    ['21.11.99', ok('1999-11-21')],
  ]),
  ...cells('date-pattern-yday', { type: 'date', format: '%Y-%j' }, S.pattern, [['2006-325', ok('2006-11-21')]]),
  ...cells('date-pattern-literal', { type: 'date', format: 'day %d of %m, %Y' }, S.pattern, [
    ['day 21 of 11, 2006', ok('2006-11-21')],
    ['day 21 of 11 2006', typeError],
  ]),
  ...cells('date-pattern-percent', { type: 'date', format: '%Y%%%m%%%d' }, S.pattern, [['2006%11%21', ok('2006-11-21')]]),
  ...cells('date-any', { type: 'date', format: 'any' }, S.any, [
    ['2006-11-21', ok('2006-11-21')],
    ['not a date', typeError],
  ]),
  ...cells('date-fmt-prefix', { type: 'date', format: 'fmt:%d/%m/%Y' }, S.fmt, [['21/11/2006', ok('2006-11-21')]]),

  // ---- time ----
  ...cells('time-default', { type: 'time' }, S.time, [
    ['15:00:00', ok(54000)],
    ['00:00:00', ok(0)],
    ['23:59:59', ok(86399)],
    ['15:00:00.5', ok(54000.5)],
    ['15:00', typeError],
    ['24:00:01', typeError],
    ['15:60:00', typeError],
    ['3pm', typeError],
  ]),
  ...cells('time-pattern-hm', { type: 'time', format: '%H:%M' }, S.pattern, [
    ['06:00', ok(21600)],
    ['6:05', ok(21900)],
    ['06:00:00', typeError],
  ]),
  ...cells('time-pattern-ampm', { type: 'time', format: '%I:%M %p' }, S.pattern, [
    ['04:30 PM', ok(59400)],
    ['12:00 AM', ok(0)],
    ['04:30', typeError],
  ]),
  ...cells('time-pattern-compact', { type: 'time', format: '%H%M%S' }, S.pattern, [['163000', ok(59400)]]),
  ...cells('time-any', { type: 'time', format: 'any' }, S.any, [
    ['16:30:00', ok(59400)],
    ['not a time', typeError],
  ]),

  // ---- year, yearmonth ----
  ...cells('year-default', { type: 'year' }, S.year, [
    ['2000', ok(2000)],
    ['0999', ok(999)],
    ['99', typeError],
    ['20a0', typeError],
    ['2000-01', typeError],
  ]),
  ...cells('yearmonth-default', { type: 'yearmonth' }, S.yearmonth, [
    ['2000-01', ok('2000-01')],
    ['2000-12', ok('2000-12')],
    ['2000-13', typeError],
    ['2000-00', typeError],
    ['2000', typeError],
    ['01-2000', typeError],
  ]),

  // ---- duration ----
  ...cells('duration-default', { type: 'duration' }, S.duration, [
    ['P1Y2M3DT4H5M6S', ok(31_536_000 + 2 * 2_592_000 + 3 * 86_400 + 4 * 3600 + 5 * 60 + 6)],
    ['PT1H', ok(3600)],
    ['P1D', ok(86_400)],
    ['PT0.5S', ok(0.5)],
    ['PT36H', ok(129_600)],
    ['P0D', ok(0)],
    ['P', typeError],
    ['PT', typeError],
    ['1 day', typeError],
    ['P1H', typeError],
  ]),

  // ---- geopoint ----
  ...cells('geopoint-default', { type: 'geopoint' }, S.geopoint, [
    ['90.50, 45.50', ok([90.5, 45.5])],
    ['90,45', ok([90, 45])],
    ['-180, -90', ok([-180, -90])],
    ['180,90', ok([180, 90])],
    ['181, 45', typeError],
    ['90, 91', typeError],
    ['90', typeError],
    ['90, 45, 3', typeError],
    ['[90, 45]', typeError],
    ['lon, lat', typeError],
  ]),
  ...cells('geopoint-array', { type: 'geopoint', format: 'array' }, S.geopointArray, [
    ['[90.50, 45.50]', ok([90.5, 45.5])],
    ['[180, -90]', ok([180, -90])],
    ['180,90', typeError],
    ['[90]', typeError],
    ['[90, 45, 3]', typeError],
    ['[190, 45]', typeError],
    ['["90", "45"]', typeError],
  ]),
  ...cells('geopoint-object', { type: 'geopoint', format: 'object' }, S.geopointObject, [
    ['{"lon": 90.50, "lat": 45.50}', ok([90.5, 45.5])],
    ['{"lat": -90, "lon": 180}', ok([180, -90])],
    ['{"lon": 90}', typeError],
    ['{"lon": 90, "lat": 45, "alt": 3}', typeError],
    ['{"lon": 90, "lat": 95}', typeError],
    ['90, 45', typeError],
  ]),

  // ---- geojson ----
  ...cells('geojson-default', { type: 'geojson' }, S.geojson, [
    ['{"type": "Point", "coordinates": [125.6, 10.1]}', ok({ type: 'Point', coordinates: [125.6, 10.1] })],
    ['{"type": "Feature", "geometry": null, "properties": {}}', ok({ type: 'Feature', geometry: null, properties: {} })],
    ['{"type": "FeatureCollection", "features": []}', ok({ type: 'FeatureCollection', features: [] })],
    [
      '{"type": "LineString", "coordinates": [[0, 0], [1, 1]]}',
      ok({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      }),
    ],
    [
      '{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}',
      ok({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      }),
    ],
    ['{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [0, 0]}]}', ok({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [0, 0] }] })],
    ['{"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}', typeError],
    ['{"type": "Feature", "geometry": {"type": "Point"}, "properties": null}', typeError],
    ['{"type": "Point", "coordinates": "x"}', typeError],
    ['{"type": "Circle", "radius": 3}', typeError],
    ['{"coordinates": [1, 2]}', typeError],
    ['[1, 2]', typeError],
  ]),
  ...cells('geojson-topojson', { type: 'geojson', format: 'topojson' }, S.geojson, [
    ['{"type": "Topology", "objects": {}, "arcs": []}', ok({ type: 'Topology', objects: {}, arcs: [] })],
    ['{"type": "Point", "coordinates": [1, 2]}', typeError],
    ['{"type": "Topology", "objects": {}}', typeError],
  ]),

  // ---- list (v2), array items ----
  ...cells('list-default', { type: 'list' }, S.list, [
    ['a,b,c', ok(['a', 'b', 'c'])],
    ['a', ok(['a'])],
  ]),
  ...cells('list-integer', { type: 'list', itemType: 'integer' }, S.list, [
    ['1,2,3', ok([1, 2, 3])],
    ['1,x', typeError],
  ]),
  ...cells('list-delimiter', { type: 'list', itemType: 'number', delimiter: ';' }, S.list, [
    ['1.5;2', ok([1.5, 2])],
    ['1.5,2', typeError],
  ]),
  ...cells('list-boolean', { type: 'list', itemType: 'boolean' }, S.list, [['true,0', ok([true, false])]]),
  ...cells('list-date', { type: 'list', itemType: 'date' }, S.list, [
    ['2024-01-26,2024-02-29', ok(['2024-01-26', '2024-02-29'])],
    ['26/01/2024', typeError],
  ]),
  ...cells('array-item-integer', { type: 'array', arrayItem: { type: 'integer' } }, S.arrayItem, [
    ['[1, 2]', ok([1, 2])],
    ['["1", "2"]', ok([1, 2])],
    ['[1, "x"]', typeError],
    ['[1.5]', typeError],
  ]),
  ...cells('array-item-date', { type: 'array', arrayItem: { type: 'date', format: '%d/%m/%Y' } }, S.arrayItem, [
    ['["21/11/2006"]', ok(['2006-11-21'])],
    ['["2006-11-21"]', typeError],
  ]),

  // ---- any ----
  ...cells('any-default', { type: 'any' }, S.anyType, [
    ['1', ok('1')],
    ['apple', ok('apple')],
    ['{"a": 1}', ok('{"a": 1}')],
  ]),
  ...cells('any-untyped', {}, `${S.anyType} If type is not provided a consumer MUST utilize the any type (v2); v1: the default type is string.`, [['1', ok('1')]]),

  // ---- missing values ----
  ...cells('missing-field-strings', { type: 'integer', missingValues: ['-', 'n/a'] }, S.missing, [
    ['-', ok(null)],
    ['n/a', ok(null)],
    ['5', ok(5)],
  ]),
  ...cells('missing-field-objects', { type: 'integer', missingValues: [{ value: '-99', label: 'REFUSED' }, { value: '' }] }, S.missing, [
    ['-99', ok(null)],
    ['-98', ok(-98)],
  ]),
  ...cells('missing-none', { type: 'string', missingValues: [] }, 'missingValues — Providing the empty list [] means that no conversion to null will be done, on any value.', [['NA', ok('NA')]]),

  // ---- constraints and categories on the logical value ----
  ...cells('constraint-minimum', { type: 'integer', constraints: { minimum: 10 } }, S.constraints, [
    ['10', ok(10)],
    ['9', constraintError],
  ]),
  ...cells('constraint-enum-number', { type: 'number', constraints: { enum: ['1.0', 2] } }, S.constraints, [
    ['1', ok(1)],
    ['2.0', ok(2)],
    ['3', constraintError],
  ]),
  ...cells('constraint-date-maximum', { type: 'date', format: '%d/%m/%Y', constraints: { maximum: '31/12/2006' } }, S.constraints, [
    ['21/11/2006', ok('2006-11-21')],
    ['01/01/2007', constraintError],
  ]),
  ...cells('categories-values', { type: 'string', categories: ['apple', 'orange', 'banana'] }, S.categories, [
    ['apple', ok('apple')],
    ['pear', constraintError],
  ]),
  ...cells(
    'categories-objects',
    {
      type: 'integer',
      categories: [
        { value: 0, label: 'apple' },
        { value: 1, label: 'orange' },
      ],
      categoriesOrdered: true,
    },
    S.categories,
    [
      ['1', ok(1)],
      ['2', constraintError],
    ],
  ),
  ...JSON_CASES,
]

const schemaOf = (...fields: Record<string, unknown>[]) => ({ fields })
const packageOf = (schema: unknown, extra: Record<string, unknown> = {}, resource: Record<string, unknown> = {}) => ({
  name: 'pkg',
  resources: [{ name: 'data', path: 'data.csv', ...resource, schema }],
  ...extra,
})
const v2 = (key: string) => ({ refused: `${key} is Table Schema v2, not supported yet` })

export const DESCRIPTOR_CASES: DescriptorCase[] = [
  // ---- Table Schema v1 ----
  { id: 'schema-minimal', descriptor: schemaOf({ name: 'v' }), expect: 'accepted', spec: 'A Table Schema descriptor MUST contain a property fields; only the name property of a field is REQUIRED.' },
  {
    id: 'schema-every-v1-key',
    descriptor: {
      fields: [
        {
          name: 'id',
          title: 'Id',
          description: 'the id',
          type: 'integer',
          format: 'default',
          example: '1',
          rdfType: 'http://schema.org/identifier',
          bareNumber: true,
          constraints: { required: true, unique: true, minimum: 0, maximum: 1e9, enum: [1, 2, 3] },
        },
        { name: 'amount', type: 'number', decimalChar: '.', groupChar: ',', bareNumber: false },
        { name: 'flag', type: 'boolean', trueValues: ['y'], falseValues: ['n'] },
        { name: 'code', type: 'string', constraints: { minLength: 1, maxLength: 9, pattern: '[A-Z]+' } },
      ],
      missingValues: ['', 'NA'],
      primaryKey: 'id',
      foreignKeys: [{ fields: 'code', reference: { resource: '', fields: 'code' } }],
    },
    expect: 'accepted',
    spec: 'Table Schema v1: fields, missingValues, primaryKey (a string or an array), foreignKeys with fields and reference {resource, fields}; field name, title, description, type, format, example, rdfType, constraints, and the type options.',
  },
  {
    id: 'schema-extra-top-key',
    descriptor: { fields: [{ name: 'v' }], owner: 'data team', version: 3 },
    expect: 'accepted',
    spec: 'Table Schema descriptor MUST be a descriptor as per Descriptor definition (a JSON object that MAY have other properties).',
  },
  {
    id: 'schema-extra-field-key',
    descriptor: schemaOf({ name: 'v', unit: 'kg', 'x-source': 'sensor' }),
    expect: 'accepted',
    spec: 'The field descriptor object MAY contain any number of other properties.',
  },
  {
    id: 'schema-language-tags',
    descriptor: { 'title@en': 'People', fields: [{ name: 'v', 'title@en': 'Value', 'description@fr': 'La valeur' }] },
    expect: 'accepted',
    spec: 'Descriptor properties MAY be language-tagged (title@en): other properties are allowed.',
  },
  {
    id: 'schema-profile-key',
    descriptor: { $schema: 'https://datapackage.org/profiles/1.0/tableschema.json', fields: [{ name: 'v' }] },
    expect: 'accepted',
    spec: 'A root level Table Schema descriptor MAY have a $schema property.',
  },
  {
    id: 'schema-pk-array',
    descriptor: { fields: [{ name: 'a' }, { name: 'b' }], primaryKey: ['a', 'b'] },
    expect: 'accepted',
    spec: 'The primaryKey, if present, MUST be an array of strings (v1 also a single string).',
  },
  {
    id: 'schema-fk-self-omitted',
    descriptor: { fields: [{ name: 'id' }, { name: 'parent' }], foreignKeys: [{ fields: ['parent'], reference: { fields: ['id'] } }] },
    expect: 'accepted',
    spec: 'For self-referencing, the resource property MUST be omitted (v1: an empty string).',
  },
  { id: 'schema-format-pattern', descriptor: schemaOf({ name: 'v', type: 'date', format: '%d/%m/%Y' }), expect: 'accepted', spec: S.pattern },
  {
    id: 'schema-geopoint-formats',
    descriptor: schemaOf({ name: 'a', type: 'geopoint', format: 'array' }, { name: 'o', type: 'geopoint', format: 'object' }, { name: 't', type: 'geojson', format: 'topojson' }),
    expect: 'accepted',
    spec: `${S.geopointArray} ${S.geojson}`,
  },
  {
    id: 'schema-unknown-type',
    descriptor: schemaOf({ name: 'v', type: 'text' }),
    expect: { refused: 'fields[0].type must be one of' },
    spec: 'A field’s type property is a string indicating the type of this field (one of the types of the spec).',
  },
  { id: 'schema-unknown-string-format', descriptor: schemaOf({ name: 'v', type: 'string', format: 'hostname' }), expect: { refused: "format 'hostname'" }, spec: S.string },
  {
    id: 'schema-number-format',
    descriptor: schemaOf({ name: 'v', type: 'number', format: 'currency' }),
    expect: { refused: "format 'currency'" },
    spec: 'There are no format keyword options for number: only default is allowed.',
  },
  { id: 'schema-fields-missing', descriptor: { primaryKey: 'v' }, expect: { refused: "lacks the required key 'fields'" }, spec: 'A Table Schema descriptor MUST contain a property fields.' },
  {
    id: 'schema-constraint-typo',
    descriptor: schemaOf({ name: 'v', type: 'integer', constraints: { minimun: 1 } }),
    expect: { refused: "did you mean 'minimum'" },
    spec: 'A constraints descriptor MUST be a JSON object and MAY contain one or more of the following properties (a misspelt constraint would be a check skipped).',
  },
  {
    id: 'schema-field-key-typo',
    descriptor: schemaOf({ name: 'v', type: 'integer', contraints: { minimum: 1 } }),
    expect: { refused: "did you mean 'constraints'" },
    spec: 'Other field properties are allowed; one a letter away from a spec key is a typo of it, not another property.',
  },
  {
    id: 'schema-short-key-typo',
    descriptor: { fields: [{ name: 'v' }], row: { min: 1 } },
    expect: { refused: "unknown key 'row' in the top level — did you mean 'rows'?" },
    spec: 'mlgate rows: a key one slip from it is its typo (the row count check would be lost).',
  },
  { id: 'schema-repeated-directive', descriptor: schemaOf({ name: 'v', type: 'date', format: '%d/%m/%d' }), expect: { refused: "has the directive '%d' twice" }, spec: S.pattern },
  { id: 'schema-unsupported-directive', descriptor: schemaOf({ name: 'v', type: 'date', format: '%x' }), expect: { refused: "directive '%x'" }, spec: S.pattern },

  // ---- Table Schema v2 additions ----
  {
    id: 'v2-missing-values-objects',
    descriptor: {
      fields: [{ name: 'v' }],
      missingValues: [
        { value: '', label: 'OMITTED' },
        { value: '-99', label: 'REFUSED' },
      ],
    },
    expect: 'accepted',
    spec: S.missing,
  },
  {
    id: 'v2-field-missing-values',
    descriptor: { fields: [{ name: 'v', missingValues: ['-'] }], missingValues: ['', 'NA'] },
    expect: 'accepted',
    spec: 'field missingValues takes precedence over the schema-level property and completely replaces it for the field.',
  },
  {
    id: 'v2-fields-match-exact',
    descriptor: { fields: [{ name: 'v' }], fieldsMatch: 'exact' },
    expect: 'accepted',
    spec: 'fieldsMatch exact (default): The data source MUST have exactly the same fields as defined in the fields array.',
  },
  { id: 'v2-fields-match-equal', descriptor: { fields: [{ name: 'v' }], fieldsMatch: 'equal' }, expect: 'accepted', spec: 'fieldsMatch equal: exactly the same fields, mapped by their names.' },
  {
    id: 'v2-fields-match-subset',
    descriptor: { fields: [{ name: 'v' }], fieldsMatch: 'subset' },
    expect: 'accepted',
    spec: 'fieldsMatch subset: The data source MUST have all the fields defined in the fields array, but MAY have more.',
  },
  {
    id: 'v2-fields-match-superset',
    descriptor: { fields: [{ name: 'v' }], fieldsMatch: 'superset' },
    expect: 'accepted',
    spec: 'fieldsMatch superset: The data source MUST only have fields defined in the fields array, but MAY have fewer.',
  },
  {
    id: 'v2-fields-match-partial',
    descriptor: { fields: [{ name: 'v' }], fieldsMatch: 'partial' },
    expect: v2("fieldsMatch 'partial'"),
    spec: 'fieldsMatch partial: The data source MUST have at least one field defined in the fields array.',
  },
  {
    id: 'v2-fields-match-and-columns',
    descriptor: { fields: [{ name: 'v' }], fieldsMatch: 'subset', columns: 'subset' },
    expect: { refused: 'fieldsMatch' },
    spec: 'mlgate columns and fieldsMatch say the same thing in opposite words: one of them only.',
  },
  { id: 'v2-categories', descriptor: schemaOf({ name: 'v', type: 'string', categories: ['a', 'b'], categoriesOrdered: false }), expect: 'accepted', spec: S.categories },
  {
    id: 'v2-categories-enum-not-subset',
    descriptor: schemaOf({ name: 'v', type: 'string', categories: ['a', 'b'], constraints: { enum: ['c'] } }),
    expect: { refused: 'subset of' },
    spec: 'An enum constraint MAY be added to a field with a categories property, but if so, the enum values MUST be a subset of the values in categories.',
  },
  { id: 'v2-integer-groupChar', descriptor: schemaOf({ name: 'v', type: 'integer', groupChar: ',' }), expect: 'accepted', spec: S.integerGroup },
  {
    id: 'v2-array-item',
    descriptor: schemaOf({ name: 'v', type: 'array', arrayItem: { type: 'integer' } }),
    expect: 'accepted',
    spec: 'arrayItem (v2 draft): a field descriptor every item of an array field is validated against.',
  },
  {
    id: 'v2-list-type',
    descriptor: schemaOf({ name: 'v', type: 'list', itemType: 'integer', delimiter: ';' }),
    expect: 'accepted',
    spec: 'list — The field contains data that is an ordered one-level depth collection of primitive values with a fixed item type.',
  },
  {
    id: 'v2-array-item-constraints',
    descriptor: schemaOf({ name: 'v', type: 'array', arrayItem: { type: 'integer', constraints: { minimum: 0 } } }),
    expect: { refused: 'fields[0].arrayItem.constraints: constraints on the items of an array are not supported yet' },
    spec: 'arrayItem (v2 draft): a field descriptor every item of an array field is validated against, constraints included.',
  },
  {
    id: 'v2-list-item-type',
    descriptor: schemaOf({ name: 'v', type: 'list', itemType: 'year' }),
    expect: { refused: 'fields[0].itemType must be one of' },
    spec: 'list — The field contains data that is an ordered one-level depth collection of primitive values with a fixed item type.',
  },
  {
    id: 'v2-unique-keys',
    descriptor: { fields: [{ name: 'a' }, { name: 'b' }], uniqueKeys: [['a', 'b']] },
    expect: v2('uniqueKeys'),
    spec: 'uniqueKeys — A unique key is a field or a set of fields that are required to have unique logical values in each row in the table.',
  },
  {
    id: 'v2-exclusive-minimum',
    descriptor: schemaOf({ name: 'v', type: 'integer', constraints: { exclusiveMinimum: 0 } }),
    expect: v2('exclusiveMinimum'),
    spec: 'exclusiveMinimum — As for minimum, but for expressing exclusive range.',
  },
  {
    id: 'v2-exclusive-maximum',
    descriptor: schemaOf({ name: 'v', type: 'integer', constraints: { exclusiveMaximum: 9 } }),
    expect: v2('exclusiveMaximum'),
    spec: 'exclusiveMaximum — As for maximum, but for expressing exclusive range.',
  },
  {
    id: 'v2-json-schema',
    descriptor: schemaOf({ name: 'v', type: 'object', constraints: { jsonSchema: { type: 'object' } } }),
    expect: v2('jsonSchema'),
    spec: 'jsonSchema — A valid JSON Schema object to validate field values.',
  },
  {
    id: 'v2-duplicate-names',
    descriptor: schemaOf({ name: 'v' }, { name: 'v' }),
    expect: { refused: "both named 'v'" },
    spec: 'v2: If the name properties are not unique a data consumer MUST NOT interpret it as an invalid descriptor — mlgate refuses: it maps columns by name.',
  },

  // ---- mlgate's own keys ----
  {
    id: 'mlgate-extensions',
    descriptor: { fields: [{ name: 'v', type: 'number', quality: { nullShare: { max: 0.1 }, mean: { min: 0 } } }], columns: 'subset', rows: { min: 1 } },
    expect: 'accepted',
    spec: 'mlgate extension keys: quality, columns, rows.',
  },

  // ---- Data Package v1 and v2 ----
  {
    id: 'package-every-v1-key',
    descriptor: packageOf(
      schemaOf({ name: 'v' }),
      {
        id: 'https://example.com/pkg',
        profile: 'tabular-data-package',
        title: 'A package',
        description: 'All keys',
        homepage: 'https://example.com',
        version: '1.0.0',
        created: '2024-01-26T15:00:00Z',
        keywords: ['a'],
        image: 'logo.png',
        licenses: [{ name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/', title: 'CC BY 4.0' }],
        sources: [{ title: 'source', path: 'https://example.com/src' }],
        contributors: [{ title: 'Jane', email: 'jane@example.com', role: 'author' }],
      },
      {
        profile: 'tabular-data-resource',
        title: 'Data',
        description: 'the data',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        bytes: 10,
        hash: 'sha256:00',
        sources: [],
        licenses: [],
        dialect: { delimiter: ',', header: true, doubleQuote: true },
      },
    ),
    expect: 'accepted',
    spec: 'Data Package v1: name, id, profile, licenses, title, description, homepage, version, sources, contributors, keywords, image, created; Data Resource: name, path, profile, title, description, format, mediatype, encoding, bytes, hash, sources, licenses, schema, dialect.',
  },
  {
    id: 'package-v2-keys',
    descriptor: packageOf(
      schemaOf({ name: 'v' }),
      { $schema: 'https://datapackage.org/profiles/2.0/datapackage.json', contributors: [{ givenName: 'Jane', familyName: 'Doe', roles: ['creator'] }] },
      { type: 'table', $schema: 'https://datapackage.org/profiles/2.0/dataresource.json' },
    ),
    expect: 'accepted',
    spec: 'Data Package v2: $schema replaces profile; resource.type "table"; contributor givenName, familyName, roles.',
  },
  {
    id: 'package-language-tags',
    descriptor: packageOf(schemaOf({ name: 'v' }), { 'title@en': 'A package' }, { 'title@en': 'Data' }),
    expect: 'accepted',
    spec: 'Descriptors MAY have other properties.',
  },
  {
    id: 'package-inline-data',
    descriptor: {
      name: 'pkg',
      resources: [
        { name: 'other', data: [['v'], [1]], schema: schemaOf({ name: 'v' }) },
        { name: 'data', path: 'data.csv', schema: schemaOf({ name: 'v' }) },
      ],
    },
    expect: 'accepted',
    spec: 'A resource MUST have a path or data (inline data).',
  },
  {
    id: 'package-dialect-delimiter',
    descriptor: packageOf(schemaOf({ name: 'v' }), {}, { dialect: { delimiter: ';', lineTerminator: '\n' } }),
    expect: 'accepted',
    spec: 'CSV Dialect: delimiter specifies the character sequence which separates fields (mlgate takes the delimiter from its own input).',
  },
  {
    id: 'package-schema-url',
    descriptor: packageOf('https://example.com/schema.json'),
    expect: { refused: 'has its schema at a URL (https://example.com/schema.json); mlgate reads local files' },
    spec: 'Data Resource: schema — a Table Schema, inline or as a path or URL to it (mlgate reads local files only).',
  },
  {
    id: 'package-dialect-no-header',
    descriptor: packageOf(schemaOf({ name: 'v' }), {}, { dialect: { header: false } }),
    expect: { refused: 'its dialect sets header to false' },
    spec: 'CSV Dialect: header indicates whether the file includes a header row.',
  },
  {
    id: 'package-dialect-null-sequence',
    descriptor: packageOf(schemaOf({ name: 'v' }), {}, { dialect: { nullSequence: 'NULL' } }),
    expect: { refused: 'its dialect sets nullSequence' },
    spec: 'CSV Dialect: nullSequence specifies the null sequence (for example, \\N).',
  },
]
