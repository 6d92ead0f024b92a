import { decimalNumber } from '@mlgate/core'

/**
 * Values of the server-side expression language (release gates, Invoke REST API checks, server tasks' Expression):
 * null, booleans, numbers, strings, and the JSON arrays and objects of the answer. Comparisons convert the right
 * operand to the left operand's type; strings compare ordinally, ignoring case.
 */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value }

/** The keyword literals: an expression's (spelled in any case) and a jsonpath filter's (lower case). */
export const KEYWORDS: Readonly<Record<string, Value>> = { true: true, false: false, null: null }

export type Kind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object'

/** Raised for an expression the server would refuse to evaluate (a syntax error, an unknown function, a failed conversion in an ordering). */
export class ExpressionError extends Error {}

export function kindOf(v: Value): Kind {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v as Kind
}

/** Truthiness: null, false, 0, NaN and '' are false; arrays and objects are true. */
export function toBoolean(v: Value): boolean {
  switch (kindOf(v)) {
    case 'null':
      return false
    case 'boolean':
      return v as boolean
    case 'number':
      return v !== 0 && !Number.isNaN(v)
    case 'string':
      return v !== ''
    default:
      return true
  }
}

/** A number as conversions read it: a string by mlgate's one decimal grammar (trimmed; empty is 0), null 0, booleans 1 and 0. */
export function numericValue(v: Value): number | undefined {
  switch (kindOf(v)) {
    case 'null':
      return 0
    case 'boolean':
      return v ? 1 : 0
    case 'number':
      return v as number
    case 'string':
      return (v as string).trim() === '' ? 0 : decimalNumber((v as string).trim())
    default:
      return undefined
  }
}

export function toText(v: Value): string | undefined {
  switch (kindOf(v)) {
    case 'null':
      return ''
    case 'boolean':
      return v ? 'True' : 'False'
    case 'number':
      return String(v)
    case 'string':
      return v as string
    default:
      return undefined
  }
}

/** `right` converted to the type of `left`, or undefined when it does not convert. */
function convertTo(kind: Kind, right: Value): Value | undefined {
  switch (kind) {
    case 'null':
      return right === null ? null : undefined
    case 'boolean':
      return toBoolean(right)
    case 'number':
      return numericValue(right)
    case 'string':
      return toText(right)
    default:
      return kindOf(right) === kind ? right : undefined
  }
}

const fold = (s: string) => s.toUpperCase()

/** eq: the right operand converted to the left's type; false when it does not convert; strings ignore case. */
export function equals(left: Value, right: Value): boolean {
  const r = convertTo(kindOf(left), right)
  if (r === undefined) return false
  if (typeof left === 'string') return fold(left) === fold(r as string)
  return left === r
}

/** The order of two values for gt/ge/lt/le, the right converted to the left's type; an error when it does not convert. */
export function compare(left: Value, right: Value, fn: string): number {
  const kind = kindOf(left)
  const r = convertTo(kind, right)
  if (r === undefined || kind === 'array' || kind === 'object' || kind === 'null') throw new ExpressionError(`${fn}: cannot compare ${kind} with ${kindOf(right)}`)
  if (kind === 'string') {
    const [a, b] = [fold(left as string), fold(r as string)]
    return a < b ? -1 : a > b ? 1 : 0
  }
  const [a, b] = [Number(left), Number(r)]
  return a < b ? -1 : a > b ? 1 : 0
}

/** contains: both operands as strings, ordinal and ignoring case. */
export function containsText(left: Value, right: Value): boolean {
  const [a, b] = [toText(left), toText(right)]
  if (a === undefined || b === undefined) return false
  return fold(a).includes(fold(b))
}

/** count: items of an array, properties of an object, 0 for null. */
export function countOf(v: Value): number {
  if (v === null) return 0
  if (Array.isArray(v)) return v.length
  if (typeof v === 'object') return Object.keys(v).length
  throw new ExpressionError(`count: expects an array or object, got ${kindOf(v)}`)
}

/** `object[key]` (exact key, else ignoring case), `array[index]`; null when there is nothing there. */
export function indexValue(target: Value, key: Value): Value {
  if (Array.isArray(target)) {
    const i = numericValue(key)
    return i !== undefined && Number.isInteger(i) && i >= 0 && i < target.length ? target[i] : null
  }
  if (target === null || typeof target !== 'object') return null
  const k = toText(key)
  if (k === undefined) return null
  if (Object.hasOwn(target, k)) return target[k]
  const found = Object.keys(target).find((name) => fold(name) === fold(k))
  return found === undefined ? null : target[found]
}
