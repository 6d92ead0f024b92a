import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// State that outlives a run belongs to an instance made for the run (the runner, the Platform, the host) or travels as
// values; a module-level variable is shared by every run in the process and by every test. The worker runtime keeps
// its per-thread state at module level on purpose: a worker thread is the instance.
const ROOT = resolve(import.meta.dirname, '../../..')
const WORKER_RUNTIME = 'packages/core/src/worker/'

/** Constructors whose instances hold state that changes (collections, buffers, counters, anything of this code's own classes). */
const IMMUTABLE_CONSTRUCTORS = new Set(['RegExp', 'TextDecoder', 'TextEncoder', 'URL', 'Error', 'Intl.NumberFormat', 'Intl.DateTimeFormat', 'Intl.Collator', 'Intl.PluralRules'])
/** Methods that change the array, Map or Set (or Date) they are called on. */
const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear'])
const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarEqualsToken,
  ts.SyntaxKind.AmpersandEqualsToken,
])

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.generated.ts') ? [p] : []
  })
}

/** The root of a chain of property and element accesses: `a` of `a.b[c].d`. */
function rootName(node: ts.Expression): string | undefined {
  let e = node
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression
  return ts.isIdentifier(e) ? e.text : undefined
}

/** Whether the node writes through a name: `x.a = …`, `x[i]++`, `delete x.a`, `x.push(…)`, `Object.assign(x, …)`. */
function writtenName(node: ts.Node): string | undefined {
  const member = (e: ts.Expression) => (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) ? rootName(e) : undefined)
  if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind)) return member(node.left)
  if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken))
    return member(node.operand)
  if (ts.isDeleteExpression(node)) return member(node.expression)
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const callee = node.expression
    if (MUTATORS.has(callee.name.text)) return rootName(callee.expression)
    if (callee.expression.getText() === 'Object' && callee.name.text === 'assign' && node.arguments.length > 0) return rootName(node.arguments[0])
  }
  return undefined
}

function constructed(init: ts.Expression | undefined): ts.NewExpression | undefined {
  let e = init
  while (e && (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e))) e = e.expression
  return e && ts.isNewExpression(e) ? e : undefined
}

/** A Map or Set made with its contents, not exported: a lookup table, state only if the module writes into it. */
function lookupTable(made: ts.NewExpression, exported: boolean): boolean {
  const type = made.expression.getText()
  return !exported && (type === 'Map' || type === 'Set') && (made.arguments?.length ?? 0) > 0
}

/**
 * The module-level mutable state of a source text, each named with its line: a top-level `let` or `var`; a top-level
 * binding to a newly constructed object (a WeakMap, an empty Map or Set, an array, a buffer, a class instance —
 * anything but the immutable constructors and a lookup table); a top-level binding (a lookup table, an array or object
 * literal, anything else) that the module writes through anywhere, by assignment to a member, `++`, `delete`, a
 * mutating method or `Object.assign`.
 */
export function moduleState(name: string, text: string): string[] {
  const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const lineOf = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1
  const bindings = new Map<string, ts.Node>()
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue
    const list = statement.declarationList
    const isConst = (list.flags & ts.NodeFlags.Const) !== 0
    const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true
    for (const d of list.declarations) {
      const names = ts.isIdentifier(d.name) ? [d.name.text] : d.name.elements.flatMap((e) => (ts.isBindingElement(e) && ts.isIdentifier(e.name) ? [e.name.text] : []))
      if (!isConst) {
        found.push(`${name}:${lineOf(d)} top-level ${(list.flags & ts.NodeFlags.Let) !== 0 ? 'let' : 'var'} ${names.join(', ')}`)
        continue
      }
      const made = constructed(d.initializer)
      const type = made?.expression.getText()
      if (made && type && !IMMUTABLE_CONSTRUCTORS.has(type) && !lookupTable(made, exported)) found.push(`${name}:${lineOf(d)} top-level new ${type} (${names.join(', ')})`)
      else for (const n of names) bindings.set(n, d)
    }
  }
  const visit = (node: ts.Node): void => {
    const written = writtenName(node)
    if (written !== undefined && bindings.has(written)) {
      found.push(`${name}:${lineOf(node)} writes into the top-level ${written} (line ${lineOf(bindings.get(written)!)})`)
      bindings.delete(written)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

const files = ['core', 'github', 'azure', 'cli'].flatMap((p) => sources(join(ROOT, 'packages', p, 'src')))

describe('no module-level mutable state outside the worker runtime', () => {
  it('finds each kind of module-level state, and not constants or the state of a function or an instance', () => {
    const state = [
      'let shown = false',
      'export var count = 0',
      'const seen = new Set<string>()',
      'const ORDERS = new WeakMap<object, number[]>()',
      'const cache = new Map() as Map<string, number>',
      'const buffer = new Float64Array(16)',
      'const pool = new ColumnPool(2)',
      'const list: string[] = []\nexport function add(s: string) { list.push(s) }',
      'const counts = { n: 0 }\nexport function bump() { counts.n++ }',
      'const byName: Record<string, number> = {}\nexport function put(k: string) { byName[k] = 1 }',
      'const state = { a: 1 }\nexport const reset = () => { delete state.a }',
      'const o = { a: { b: 1 } }\nfunction f() { o.a.b += 2 }',
      'const o = {}\nfunction f() { Object.assign(o, { a: 1 }) }',
      'const order = [3, 1, 2]\nexport const sorted = () => order.sort()',
      "const WORDS = new Set(['a'])\nexport function learn(w: string) { WORDS.add(w) }",
      "export const WORDS = new Set(['a'])",
      "const BY_NAME = new Map([['a', 1]])\nexport const forget = () => BY_NAME.clear()",
    ]
    for (const text of state) expect(moduleState('x.ts', text), text).toHaveLength(1)
    const constants = [
      'const LIMIT = 80',
      "const NAMES = ['a', 'b'] as const",
      'const PATTERN = new RegExp("^a")',
      'const decoder = new TextDecoder()',
      "const TABLE = { a: 1 }\nexport const get = (k: 'a') => TABLE[k]",
      'const list = [1, 2]\nexport const copy = () => [...list].sort()',
      'export function f() { let n = 0; const s = new Set(); s.add(n++); return s }',
      'class C { private seen = new Set<string>(); add(s: string) { this.seen.add(s) } }',
      "const WORDS = Object.freeze(['a'])",
      "const WORDS = new Set(['a', 'b'])\nexport const isWord = (w: string) => WORDS.has(w)",
      "const BY_NAME = new Map([['a', 1]])\nexport const get = (k: string) => BY_NAME.get(k)",
    ]
    for (const text of constants) expect(moduleState('x.ts', text), text).toEqual([])
  })

  it(`no file of packages/*/src outside ${WORKER_RUNTIME} keeps state at module level`, () => {
    const offenders = files.flatMap((f) => {
      const name = relative(ROOT, f)
      return name.startsWith(WORKER_RUNTIME) ? [] : moduleState(name, readFileSync(f, 'utf8'))
    })
    expect(offenders).toEqual([])
  })
})
