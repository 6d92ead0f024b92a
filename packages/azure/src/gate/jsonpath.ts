import { decimalNumber } from '@mlgate/core'
import type { Value } from './values.ts'
import { ExpressionError, KEYWORDS } from './values.ts'

/**
 * The JSONPath of `jsonpath('…')`, as the built-in gates use it (Goessner's dialect, as Json.NET reads it): `$` (may
 * be left out), `.name`, `['name']`, `[n]`, `[*]`, `.*`, `..name` and filters `[?(@.a == 1 && @.b != 'x')]`
 * comparing with ==, !=, <, <=, >, >= or testing that a member exists. The result is the array of matches.
 */
type Segment = { kind: 'child'; name: string } | { kind: 'index'; index: number } | { kind: 'all' } | { kind: 'deep'; name: string } | { kind: 'filter'; test: Filter }
type Filter = (item: Value) => boolean

const children = (v: Value): Value[] => (Array.isArray(v) ? v : v !== null && typeof v === 'object' ? Object.values(v) : [])

function member(v: Value, name: string): Value[] {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, name) ? [v[name]] : []
}

function descendants(v: Value): Value[] {
  return [v, ...children(v).flatMap(descendants)]
}

function apply(nodes: Value[], s: Segment): Value[] {
  switch (s.kind) {
    case 'child':
      return nodes.flatMap((n) => member(n, s.name))
    case 'index':
      return nodes.flatMap((n) => (Array.isArray(n) ? (n.at(s.index) === undefined ? [] : [n.at(s.index)!]) : []))
    case 'all':
      return nodes.flatMap(children)
    case 'deep':
      return nodes.flatMap(descendants).flatMap((n) => (s.name === '*' ? children(n) : member(n, s.name)))
    case 'filter':
      return nodes.flatMap(children).filter(s.test)
  }
}

/** Every value the path selects in `root`. */
export function selectPath(root: Value, path: string): Value[] {
  return parsePath(path).reduce<Value[]>((nodes, s) => apply(nodes, s), [root])
}

/** The text between `[` at `open` and its `]`, skipping quoted strings and nested brackets. */
function closing(path: string, open: number): number {
  let depth = 0
  for (let i = open; i < path.length; i++) {
    const c = path[i]
    if (c === "'" || c === '"') i = path.indexOf(c, i + 1)
    else if (c === '[' || c === '(') depth++
    else if ((c === ']' || c === ')') && --depth === 0) return i
    if (i < 0) break
  }
  throw new ExpressionError(`jsonpath: unclosed '[' in '${path}'`)
}

function bracket(body: string, path: string): Segment {
  const t = body.trim()
  if (t === '*') return { kind: 'all' }
  if (/^-?\d+$/.test(t)) return { kind: 'index', index: Number(t) }
  const quoted = /^'((?:[^'\\]|\\.)*)'$|^"((?:[^"\\]|\\.)*)"$/.exec(t)
  if (quoted) return { kind: 'child', name: (quoted[1] ?? quoted[2]).replace(/\\(.)/g, '$1') }
  const filter = /^\?\((.*)\)$/s.exec(t)
  if (filter) return { kind: 'filter', test: parseFilter(filter[1], path) }
  throw new ExpressionError(`jsonpath: cannot read '[${body}]' in '${path}'`)
}

/** The segments of a path. */
export function parsePath(path: string): Segment[] {
  const out: Segment[] = []
  let i = path.startsWith('$') ? 1 : 0
  const name = () => {
    const m = /^(\*|[^.[\]\s]+)/.exec(path.slice(i))
    if (!m) throw new ExpressionError(`jsonpath: a name is missing at ${i} in '${path}'`)
    i += m[0].length
    return m[0]
  }
  if (i === 0 && path[0] !== '[' && path[0] !== '.') {
    const n = name()
    out.push(n === '*' ? { kind: 'all' } : { kind: 'child', name: n })
  }
  while (i < path.length) {
    if (path.startsWith('..', i)) {
      i += 2
      out.push({ kind: 'deep', name: path[i] === '[' ? '*' : name() })
    } else if (path[i] === '.') {
      i++
      const n = name()
      out.push(n === '*' ? { kind: 'all' } : { kind: 'child', name: n })
    } else if (path[i] === '[') {
      const end = closing(path, i)
      out.push(bracket(path.slice(i + 1, end), path))
      i = end + 1
    } else throw new ExpressionError(`jsonpath: unexpected '${path[i]}' at ${i} in '${path}'`)
  }
  return out
}

type Operand = { path: Segment[] } | { literal: Value }

function operand(text: string, path: string): Operand {
  const t = text.trim()
  if (t.startsWith('@')) return { path: t === '@' ? [] : parsePath(t.slice(1)) }
  if (/^'.*'$|^".*"$/s.test(t)) return { literal: t.slice(1, -1) }
  if (Object.hasOwn(KEYWORDS, t)) return { literal: KEYWORDS[t] }
  const n = decimalNumber(t)
  if (n !== undefined) return { literal: n }
  throw new ExpressionError(`jsonpath: cannot read '${t}' in the filter of '${path}'`)
}

const resolveOperand = (o: Operand, item: Value): Value[] => ('literal' in o ? [o.literal] : o.path.reduce<Value[]>((n, s) => apply(n, s), [item]))

function compareValues(op: string, a: Value, b: Value): boolean {
  if (op === '==') return a === b
  if (op === '!=') return a !== b
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) return false
  const [x, y] = [a as number | string, b as number | string]
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y
}

/** A filter: `||` of `&&` of comparisons or existence tests. */
function parseFilter(text: string, path: string): Filter {
  const ors = text.split('||').map((part) =>
    part.split('&&').map((term): Filter => {
      const t = term.trim().replace(/^\((.*)\)$/s, '$1')
      const m = /^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$/s.exec(t)
      if (!m) {
        const o = operand(t, path)
        return (item) => resolveOperand(o, item).length > 0
      }
      const [left, right] = [operand(m[1], path), operand(m[3], path)]
      return (item) => {
        const [a, b] = [resolveOperand(left, item), resolveOperand(right, item)]
        return a.length > 0 && b.length > 0 && compareValues(m[2], a[0], b[0])
      }
    }),
  )
  return (item) => ors.some((ands) => ands.every((f) => f(item)))
}
