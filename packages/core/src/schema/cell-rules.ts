/**
 * The rules of a text cell, defined once for every engine: which spellings are missing, which words
 * make a column boolean, the grammar of numbers, and which delimiters the byte scanners can split on.
 *
 * Every reader takes them from here: the row readers (io/row.ts, io/bytes-csv.ts, io/table.ts), the
 * casters (schema/cast.ts), inference (schema/infer.ts), drift's profiles, and the column and scan
 * workers — those run from their own source text and receive these rules as data (the missing
 * spellings, the source of DECIMAL_NUMBER, NUMBER_WORDS and SPECIAL_NUMBERS in their workerData or plan).
 * A fast path may recognise a subset of a rule on bytes (plain digits) but must defer to these
 * functions for everything else; test/differential proves the engines agree, and
 * test/unit/lint/one-rule.test.ts fails on a second definition anywhere else in the core.
 *
 * It lives in schema/ (which io/ already imports for casting) rather than io/, so that the casters and
 * inference do not depend on the readers.
 */

// ---- missing values ----

/** Spellings the column readers take for a missing value (besides blank text), as pandas does by default. */
export const MISSING_TEXTS: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '-']

const MISSING = new Set(MISSING_TEXTS)

/** Whether the column readers take a cell's text (untrimmed) for a missing value: a missing spelling, or blank. */
export function isMissingText(text: string): boolean {
  return MISSING.has(text) || text.trim() === ''
}

// ---- booleans ----

/**
 * The words by which a column is *typed* boolean (inference, and the column readers drift profiles):
 * every present cell one of these. They are exactly the words the Table Schema default true/false
 * values accept besides 1 and 0, so a column inferred boolean also validates against its schema.
 */
const TRUE_WORDS = ['true', 'True', 'TRUE']
const FALSE_WORDS = ['false', 'False', 'FALSE']
export const BOOLEAN_WORDS: readonly string[] = [...TRUE_WORDS, ...FALSE_WORDS]

const BOOLEAN = new Set(BOOLEAN_WORDS)

/** Whether a cell's text (untrimmed, as read) is one of the words a boolean column is typed by. */
export function isBooleanWord(text: string): boolean {
  return BOOLEAN.has(text)
}

/** Table Schema's default `trueValues` of a boolean field (the words it casts to true: also 1). */
export const TABLE_SCHEMA_TRUE_VALUES: readonly string[] = [...TRUE_WORDS, '1']
/** Table Schema's default `falseValues` of a boolean field (the words it casts to false: also 0). */
export const TABLE_SCHEMA_FALSE_VALUES: readonly string[] = [...FALSE_WORDS, '0']

// ---- numbers (Table Schema: decimal only, no 0x/0o/0b) ----

/** Sign, digits with an optional point (or a point and digits), an optional exponent; no radix prefix, no separators. */
export const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** An optional sign and digits: an integer field's text, once trimmed. */
export const INTEGER_NUMBER = /^[+-]?\d+$/

/** Infinity spelled out: the row readers read it as a number, as every reader of text numbers here always has. */
const INFINITY_WORDS: Readonly<Record<string, number>> = { Infinity: Infinity, '+Infinity': Infinity, '-Infinity': -Infinity }

/** Spellings of non-finite numbers a number field accepts. */
export const SPECIAL_NUMBERS: Readonly<Record<string, number>> = { NaN: NaN, nan: NaN, INF: Infinity, '+INF': Infinity, inf: Infinity, '-INF': -Infinity, '-inf': -Infinity, ...INFINITY_WORDS }

/** Words that are numbers to the row readers besides decimals (Infinity spelled out), as data for the column workers. */
export const NUMBER_WORDS: readonly string[] = Object.keys(INFINITY_WORDS)

/** A trimmed text as a row reader reads it (Row.number): a decimal or Infinity spelled out; NaN otherwise. */
export function textNumber(text: string): number {
  if (DECIMAL_NUMBER.test(text)) return Number(text)
  return Object.hasOwn(INFINITY_WORDS, text) ? INFINITY_WORDS[text] : NaN
}

/** A trimmed text as a row reader reads an integer (Row.integer): an optional sign and digits; NaN otherwise. */
export function textInteger(text: string): number {
  return INTEGER_NUMBER.test(text) ? Number(text) : NaN
}

/** The special spellings in any case, as Table Schema allows them ("case need not be respected"). */
const SPECIAL_ANY_CASE: ReadonlyMap<string, number> = new Map(Object.entries(SPECIAL_NUMBERS).map(([k, v]) => [k.toLowerCase(), v]))

/** A trimmed text as one of the special spellings (NaN, INF, -INF, Infinity, … in any case); undefined when it is none. */
export function specialNumber(text: string): number | undefined {
  // every spelling starts with n or i (after a sign): most texts are turned away by one character
  const first = text.charCodeAt(text[0] === '+' || text[0] === '-' ? 1 : 0) | 0x20
  if ((first !== 0x6e && first !== 0x69) || text.length > 9) return undefined
  return SPECIAL_ANY_CASE.get(text.toLowerCase())
}

/** A trimmed decimal text as a number; undefined when it is not decimal. */
export function decimalNumber(text: string): number | undefined {
  return DECIMAL_NUMBER.test(text) ? Number(text) : undefined
}

// ---- the options of Table Schema number and integer fields ----

/** decimalChar, groupChar and bareNumber of a number or integer field. */
export interface NumberOptions {
  decimalChar?: string
  groupChar?: string
  bareNumber?: boolean
}

/** Whether a field's options leave its text in the plain grammar above (the only one the byte scanners read). */
export function plainNumberOptions(o: NumberOptions): boolean {
  return (o.decimalChar === undefined || o.decimalChar === '.') && !o.groupChar && o.bareNumber !== false
}

/** bareNumber: false — what is stripped around the number: leading text but a minus or digit, trailing text but digits. */
const LEADING_NON_NUMERIC = /^[^-\d]+/
const TRAILING_NON_NUMERIC = /\D+$/

/** A trimmed text with the options undone: the bare number text, or undefined when the options refuse it. */
function bareText(text: string, o: NumberOptions, decimal: boolean): string | undefined {
  let t = o.bareNumber === false ? text.replace(LEADING_NON_NUMERIC, '').replace(TRAILING_NON_NUMERIC, '') : text
  if (o.groupChar) t = t.replaceAll(o.groupChar, '')
  const point = o.decimalChar ?? '.'
  if (decimal && point !== '.') {
    // the point is not the decimal mark here: a text with one is not a number of this field
    if (t.includes('.')) return undefined
    t = t.replaceAll(point, '.')
  }
  return t
}

/** A number field's trimmed text as Table Schema reads it with the field's options; undefined when it is not one. */
export function optionNumber(text: string, o: NumberOptions): number | undefined {
  const special = specialNumber(text)
  if (special !== undefined) return special
  const t = bareText(text, o, true)
  return t === undefined ? undefined : decimalNumber(t)
}

/** An integer field's trimmed text as Table Schema reads it with the field's options (groupChar, bareNumber); undefined when it is not one. */
export function optionInteger(text: string, o: NumberOptions): number | undefined {
  const t = bareText(text, o, false)
  return t !== undefined && INTEGER_NUMBER.test(t) ? Number(t) : undefined
}

// ---- delimiters ----

/**
 * Whether the byte scanners (column and scan workers) can split a file on this delimiter exactly as
 * the row reader does: one byte, and not the quote or a line break. Any other delimiter is read by the
 * row reader alone.
 */
export function scannableDelimiter(delimiter: string): boolean {
  return Buffer.byteLength(delimiter) === 1 && delimiter !== '"' && delimiter !== '\n' && delimiter !== '\r'
}
