import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The cell rules (missing spellings, boolean words, number grammar) are defined in one module; a second
// definition anywhere else is how engines come to disagree.
const ROOT = resolve(import.meta.dirname, '../../..')
const RULES = 'packages/core/src/schema/cell-rules.ts'

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.generated.ts') ? [p] : []
  })
}

const QUOTED = `'[^'\\n]*'|"[^"\\n]*"`
const STRING_LIST = new RegExp(`\\[\\s*((?:${QUOTED})(?:\\s*,\\s*(?:${QUOTED}))*)\\s*,?\\s*\\]`, 'g')
const BOOLEANISH = /^(?:true|false|yes|no|1|0)$/i
const TRUE_OR_FALSE = /^(?:true|false)$/i
const MISSING_SPELLINGS = new Set(['NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None'])
const COMPARED_TO_BOOLEAN_WORD = /[=!]==?\s*['"](?:true|false)['"]/gi
const BOOLEAN_WORD_REGEX = /(?:true|false)\|(?:true|false)/i
/** A signed digit run or an exponent in a regular expression: the start of a number grammar. */
const NUMBER_REGEX = /\[(?:\+-|-\+)\]\?(?:\(\?:)?\(?\\d|\[eE\]/
/** An entry of an object literal spelling infinity: `{ INF: Infinity, '-inf': -Infinity }`. */
const SPECIAL_NUMBER_ENTRY = /[{,]\s*['"]?[+-]?(?:INF|inf|Infinity)['"]?\s*:\s*-?Infinity/
/** JavaScript's lenient parsers, each a number grammar of its own ('12abc' is 12). */
const LENIENT_PARSER = /\b(?:Number\.)?parse(?:Float|Int)\s*\(/
/** A function named for turning text into a number: `function parseNumber(`, `const slowNumber = (`. */
const NUMBER_PARSER = /\b(?:function\s+|(?:const|let)\s+)(?:parse|slow|fast|text|cell|read|to|as)\w*(?:Number|Integer|Float|Decimal)\b\s*(?:[(<]|=\s*(?:\(|function|async))/
/** A switch on boolean words. */
const BOOLEAN_CASE = /\bcase\s+['"](?:true|false)['"]\s*:/i

function listItems(inner: string): string[] {
  return [...inner.matchAll(new RegExp(QUOTED, 'g'))].map((m) => m[0].slice(1, -1))
}

/** The second definitions of a cell rule in one source text, each named with its line. */
export function secondDefinitions(text: string): string[] {
  const found: string[] = []
  const lineOf = (at: number) => text.slice(0, at).split('\n').length
  for (const m of text.matchAll(STRING_LIST)) {
    const items = listItems(m[1])
    if (items.length >= 2 && items.every((w) => BOOLEANISH.test(w)) && items.some((w) => TRUE_OR_FALSE.test(w))) found.push(`line ${lineOf(m.index)}: a list of boolean words`)
    if (items.filter((w) => MISSING_SPELLINGS.has(w)).length >= 2) found.push(`line ${lineOf(m.index)}: a list of missing spellings`)
  }
  for (const [i, line] of text.split('\n').entries()) {
    if ((line.match(COMPARED_TO_BOOLEAN_WORD) ?? []).length >= 2) found.push(`line ${i + 1}: comparisons with boolean words`)
    if (BOOLEAN_WORD_REGEX.test(line)) found.push(`line ${i + 1}: a pattern of boolean words`)
    if (NUMBER_REGEX.test(line)) found.push(`line ${i + 1}: a pattern of numbers`)
    if (SPECIAL_NUMBER_ENTRY.test(line)) found.push(`line ${i + 1}: a spelling of infinity`)
    if (LENIENT_PARSER.test(line)) found.push(`line ${i + 1}: a lenient number parser`)
    if (NUMBER_PARSER.test(line)) found.push(`line ${i + 1}: a number parser`)
    if (BOOLEAN_CASE.test(line)) found.push(`line ${i + 1}: a case of a boolean word`)
  }
  return found
}

describe('the cell rules are defined once', () => {
  it('recognises the second definitions this core once had, and not the words of other rules', () => {
    const old = [
      "const BOOLEAN = new Set(['true', 'false', 'True', 'False', 'TRUE', 'FALSE'])",
      "export const DEFAULT_TRUE = ['true', 'True', 'TRUE', '1']",
      "this.text(i, text, text === 'true' || text === 'false')",
      'const BOOLEAN_WORD = /^(true|false)$/i',
      "export const MISSING_TEXTS = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '-']",
      'export const DECIMAL_NUMBER = /^[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?$/',
      'return /^[+-]?\\d+$/.test(t) ? Number(t) : NaN',
      "const SPECIAL = { NaN: NaN, INF: Infinity, '-INF': -Infinity }",
      'const n = (s: string | undefined) => (s ? parseFloat(s) : 0)',
      'return Number.parseInt(text, 10)',
      'function slowNumber(t: string, st: State, k: number): number {',
      '    function parseInteger(s: number, e: number): number {',
      'const cellNumber = (text: string) => Number(text.trim())',
      "    case 'TRUE':",
    ]
    for (const text of old) expect(secondDefinitions(text), text).toHaveLength(1)
    const others = [
      "inputs.choice(name, ['auto', 'true', 'false'])",
      "return v === 'true' || (v === 'auto' && inPullRequest)",
      'const NOT_A_NUMBER = /^[+-]?(nan|inf|infinity)$/i',
      'return /^\\s*[+-]?0\\d/.test(word)',
      "if (NOT_A_NUMBER.test(t)) return t.startsWith('-') ? -Infinity : Infinity",
      'const DATE = /^(\\d{4})-(\\d{2})-(\\d{2})$/',
      'function addNumber(k: number, v: number): void {',
      'function notANumber(metric: string, res: RuleResult): RuleResult | undefined {',
      'const n = Number(text)',
      "case 'number':",
      'return decimalNumber(text) ?? INVALID',
    ]
    for (const text of others) expect(secondDefinitions(text), text).toEqual([])
  })

  it(`no file of packages/*/src but ${RULES} defines missing spellings, boolean words or a number grammar`, () => {
    const offenders: string[] = []
    for (const path of ['core', 'github', 'azure', 'cli'].flatMap((p) => sources(join(ROOT, 'packages', p, 'src')))) {
      const name = relative(ROOT, path)
      if (name === RULES) continue
      for (const d of secondDefinitions(readFileSync(path, 'utf8'))) offenders.push(`${name} ${d} (take it from ${RULES})`)
    }
    expect(offenders).toEqual([])
  })
})
