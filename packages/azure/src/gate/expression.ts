import { DECIMAL_NUMBER } from '@mlgate/core'
import { selectPath } from './jsonpath.ts'
import type { Value } from './values.ts'
import { compare, containsText, countOf, equals, ExpressionError, indexValue, KEYWORDS, toBoolean, toText } from './values.ts'

/**
 * The server-side expression language of release gates, Invoke REST API checks and server tasks' `Expression`:
 * literals ('text' with '' for a quote, numbers, True/False, Null), the named value `root` (the JSON answer),
 * indexers `[…]` and `.name`, and the functions below (case-insensitive names). Macros `$(…)` are expanded before
 * parsing (see macros.ts), as the server expands them throughout Execute.
 */
type Node = { literal: Value } | { named: string } | { call: string; args: Node[] } | { index: Node; key: Node }

type Token = { kind: 'string' | 'number' | 'word' | 'punct'; text: string; at: number }

function tokenize(text: string): Token[] {
  const out: Token[] = []
  const re = new RegExp(`\\s*(?:'((?:[^']|'')*)'|(${DECIMAL_NUMBER.source.slice(1, -1)})|([A-Za-z_][A-Za-z0-9_-]*)|([()[\\],.]))`, 'y')
  let i = 0
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break
    re.lastIndex = i
    const m = re.exec(text)
    if (!m) throw new ExpressionError(`unexpected '${text.slice(i).trim()[0]}' at ${i} in '${text}'`)
    const at = m.index + m[0].length - m[0].trimStart().length
    if (m[1] !== undefined) out.push({ kind: 'string', text: m[1].replace(/''/g, "'"), at })
    else if (m[2] !== undefined) out.push({ kind: 'number', text: m[2], at })
    else if (m[3] !== undefined) out.push({ kind: 'word', text: m[3], at })
    else out.push({ kind: 'punct', text: m[4], at })
    i = re.lastIndex
  }
  return out
}

class Parser {
  private i = 0
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  parse(): Node {
    const node = this.expression()
    if (this.i < this.tokens.length) this.fail(`unexpected '${this.tokens[this.i].text}'`)
    return node
  }

  private fail(why: string): never {
    const at = this.tokens[this.i]?.at ?? this.text.length
    throw new ExpressionError(`${why} at ${at} in '${this.text}'`)
  }

  private eat(text: string): boolean {
    if (this.tokens[this.i]?.kind === 'punct' && this.tokens[this.i].text === text) return Boolean(++this.i)
    return false
  }

  private expect(text: string): void {
    if (!this.eat(text)) this.fail(`'${text}' expected`)
  }

  private expression(): Node {
    let node = this.primary()
    for (;;) {
      if (this.eat('[')) {
        const key = this.expression()
        this.expect(']')
        node = { index: node, key }
      } else if (this.eat('.')) {
        const t = this.tokens[this.i++]
        if (t?.kind !== 'word') this.fail("a property name expected after '.'")
        node = { index: node, key: { literal: t.text } }
      } else return node
    }
  }

  private primary(): Node {
    const t = this.tokens[this.i++]
    if (!t) this.fail('an expression expected')
    if (t.kind === 'string') return { literal: t.text }
    if (t.kind === 'number') return { literal: Number(t.text) }
    if (t.kind !== 'word') this.fail(`unexpected '${t.text}'`)
    const word = t.text.toLowerCase()
    if (Object.hasOwn(KEYWORDS, word)) return { literal: KEYWORDS[word] }
    if (!this.eat('(')) return { named: word }
    const args: Node[] = []
    if (!this.eat(')')) {
      do args.push(this.expression())
      while (this.eat(','))
      this.expect(')')
    }
    return { call: word, args }
  }
}

/** Arity [min, max] of each function. */
const ARITY: Record<string, [number, number]> = {
  and: [2, Infinity],
  or: [2, Infinity],
  xor: [2, 2],
  not: [1, 1],
  eq: [2, 2],
  ne: [2, 2],
  gt: [2, 2],
  ge: [2, 2],
  lt: [2, 2],
  le: [2, 2],
  in: [1, Infinity],
  notin: [1, Infinity],
  contains: [2, 2],
  startswith: [2, 2],
  endswith: [2, 2],
  containsvalue: [2, 2],
  count: [1, 1],
  jsonpath: [1, 1],
}

function check(node: Node): void {
  if ('call' in node) {
    const arity = ARITY[node.call]
    if (!arity) throw new ExpressionError(`unknown function '${node.call}'`)
    if (node.args.length < arity[0] || node.args.length > arity[1])
      throw new ExpressionError(`${node.call} takes ${arity[0]}${arity[1] === arity[0] ? '' : ' or more'} arguments, not ${node.args.length}`)
    node.args.forEach(check)
  } else if ('index' in node) {
    check(node.index)
    check(node.key)
  } else if ('named' in node && node.named !== 'root') throw new ExpressionError(`unknown named value '${node.named}' (a gate's expression reads the answer as root)`)
}

/** Parses an expression (macros already expanded); throws ExpressionError with the position of a mistake. */
export function parseExpression(text: string): Node {
  const node = new Parser(tokenize(text), text).parse()
  check(node)
  return node
}

const text = (v: Value) => (toText(v) ?? '').toUpperCase()

function call(name: string, args: Node[], root: Value): Value {
  const v = (i: number) => evaluateNode(args[i], root)
  switch (name) {
    case 'and':
      return args.every((a) => toBoolean(evaluateNode(a, root)))
    case 'or':
      return args.some((a) => toBoolean(evaluateNode(a, root)))
    case 'xor':
      return toBoolean(v(0)) !== toBoolean(v(1))
    case 'not':
      return !toBoolean(v(0))
    case 'eq':
      return equals(v(0), v(1))
    case 'ne':
      return !equals(v(0), v(1))
    case 'gt':
      return compare(v(0), v(1), name) > 0
    case 'ge':
      return compare(v(0), v(1), name) >= 0
    case 'lt':
      return compare(v(0), v(1), name) < 0
    case 'le':
      return compare(v(0), v(1), name) <= 0
    case 'in':
    case 'notin': {
      const left = v(0)
      const found = args.slice(1).some((a) => equals(left, evaluateNode(a, root)))
      return name === 'in' ? found : !found
    }
    case 'contains':
      return containsText(v(0), v(1))
    case 'startswith':
      return text(v(0)).startsWith(text(v(1)))
    case 'endswith':
      return text(v(0)).endsWith(text(v(1)))
    case 'containsvalue': {
      const [hay, needle] = [v(0), v(1)]
      const items = Array.isArray(hay) ? hay : hay !== null && typeof hay === 'object' ? Object.values(hay) : []
      return items.some((item) => equals(item, needle))
    }
    case 'count':
      return countOf(v(0))
    default: {
      const path = v(0)
      if (typeof path !== 'string') throw new ExpressionError('jsonpath: expects the path as a string')
      return selectPath(root, path)
    }
  }
}

function evaluateNode(node: Node, root: Value): Value {
  if ('literal' in node) return node.literal
  if ('named' in node) return root
  if ('index' in node) return indexValue(evaluateNode(node.index, root), evaluateNode(node.key, root))
  return call(node.call, node.args, root)
}

/** The value of an expression (macros already expanded) on a JSON answer. */
export function evaluate(expression: string, root: Value): Value {
  return evaluateNode(parseExpression(expression), root)
}

/** Whether an expression holds on a JSON answer, as a gate decides: its value's truthiness. */
export function holds(expression: string, root: Value): boolean {
  return toBoolean(evaluate(expression, root))
}
