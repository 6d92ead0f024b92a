/**
 * The one grammar of numbers in text cells (Table Schema: decimal only, no 0x/0o/0b). Every engine that
 * reads a number from text takes it from here: the row readers, the casters, and (as data) the scan workers.
 */

/** Sign, digits with an optional point (or a point and digits), an optional exponent; no radix prefix, no separators. */
export const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** Infinity spelled out: the row readers read it as a number, as every reader of text numbers here always has. */
const INFINITY_WORDS: Readonly<Record<string, number>> = { Infinity: Infinity, '+Infinity': Infinity, '-Infinity': -Infinity }

/** Spellings of non-finite numbers a number field accepts. */
export const SPECIAL_NUMBERS: Readonly<Record<string, number>> = { NaN: NaN, nan: NaN, INF: Infinity, '+INF': Infinity, inf: Infinity, '-INF': -Infinity, '-inf': -Infinity, ...INFINITY_WORDS }

/** A trimmed text as a row reader reads it (Row.number): a decimal or Infinity spelled out; NaN otherwise. */
export function textNumber(text: string): number {
  if (DECIMAL_NUMBER.test(text)) return Number(text)
  return Object.hasOwn(INFINITY_WORDS, text) ? INFINITY_WORDS[text] : NaN
}

/** A trimmed text as one of the special spellings (NaN, INF, -INF, …); undefined when it is none. */
export function specialNumber(text: string): number | undefined {
  return Object.hasOwn(SPECIAL_NUMBERS, text) ? SPECIAL_NUMBERS[text] : undefined
}

/** A trimmed decimal text as a number; undefined when it is not decimal. */
export function decimalNumber(text: string): number | undefined {
  return DECIMAL_NUMBER.test(text) ? Number(text) : undefined
}
