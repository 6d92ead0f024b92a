import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Value } from '../../helpers/ado-expression.ts'
import { evaluate, expandMacros, ExpressionError, gateRequest, holds, selectPath } from '../../helpers/ado-expression.ts'

const ev = (e: string, root: Value = {}) => evaluate(e, root)

describe('literals, indexers and root', () => {
  it('reads strings (with doubled quotes), numbers, booleans and null', () => {
    expect(ev("'it''s'")).toBe("it's")
    expect(ev('-1.5')).toBe(-1.5)
    expect(ev('True')).toBe(true)
    expect(ev('false')).toBe(false)
    expect(ev('Null')).toBe(null)
  })

  it("root['a']['b'], root.a.b and array indexes; a missing member is null, not an error", () => {
    const root = { a: { b: [10, 20], 'x.y': { $value: 'pass' } } }
    expect(ev("root['a']['b'][1]", root)).toBe(20)
    expect(ev('root.a.b[0]', root)).toBe(10)
    expect(ev("root['a']['x.y']['$value']", root)).toBe('pass')
    expect(ev("root['nothing']['deeper'][3]", root)).toBe(null)
    expect(ev("root['a']['b'][7]", root)).toBe(null)
    expect(ev("root['A']['B'][0]", root)).toBe(10)
  })
})

describe('functions', () => {
  it('eq ignores case for strings and converts the right operand to the left type', () => {
    expect(ev("eq('Pass', 'pASS')")).toBe(true)
    expect(ev("eq(1, '1.0')")).toBe(true)
    expect(ev("eq('1.0', 1)")).toBe(false) // the number becomes the string '1'
    expect(ev("eq('1', 1)")).toBe(true)
    expect(ev("eq(true, 'anything')")).toBe(true)
    expect(ev("eq(true, '')")).toBe(false)
    expect(ev("eq(2, 'two')")).toBe(false) // a failed conversion is false, not an error
    expect(ev('eq(null, null)')).toBe(true)
    expect(ev("eq(null, '')")).toBe(false)
    expect(ev("eq('', null)")).toBe(true)
    expect(ev("eq('True', true)")).toBe(true)
    expect(ev("ne('pass', 'fail')")).toBe(true)
  })

  it('and, or, not, xor, in, notIn', () => {
    expect(ev("and(true, 1, 'x')")).toBe(true)
    expect(ev("and(true, '')")).toBe(false)
    expect(ev('or(false, 0, null)')).toBe(false)
    expect(ev('or(false, 0, 2)')).toBe(true)
    expect(ev('not(0)')).toBe(true)
    expect(ev('xor(true, false)')).toBe(true)
    expect(ev('xor(true, 1)')).toBe(false)
    expect(ev("in('WARN', 'pass', 'warn')")).toBe(true)
    expect(ev("in('fail', 'pass', 'warn')")).toBe(false)
    expect(ev("notIn('fail', 'pass', 'warn')")).toBe(true)
  })

  it('and and or stop at their first decisive argument (a later error is never reached)', () => {
    expect(ev("and(false, gt(root, 'x'))", { a: 1 })).toBe(false)
    expect(ev("or(true, gt(root, 'x'))", { a: 1 })).toBe(true)
    expect(() => ev("and(true, gt(root, 'x'))", { a: 1 })).toThrow(ExpressionError)
  })

  it('gt, ge, lt, le convert the right operand and fail when it does not convert', () => {
    expect(ev("gt(5, '3')")).toBe(true)
    expect(ev('ge(3, 3)')).toBe(true)
    expect(ev("lt('a', 'B')")).toBe(true)
    expect(ev("le('b', 'A')")).toBe(false)
    expect(ev("le(1, ' 2 ')")).toBe(true)
    expect(() => ev("gt(1, 'abc')")).toThrow(/gt: cannot compare/)
    expect(() => ev('lt(null, 1)')).toThrow(ExpressionError)
  })

  it('contains, startsWith, endsWith on text, ignoring case; containsValue on arrays', () => {
    expect(ev("contains('Hello world', 'WORLD')")).toBe(true)
    expect(ev("contains('abc', 'd')")).toBe(false)
    expect(ev('contains(123, 2)')).toBe(true)
    expect(ev("startsWith('mlgate.gate-model', 'MLGATE')")).toBe(true)
    expect(ev("endsWith('verdict', 'DICT')")).toBe(true)
    expect(ev("containsValue(root['tags'], 'Pass')", { tags: ['pass', 'x'] })).toBe(true)
  })

  it('count: items of an array, members of an object, 0 for null; an error for a string', () => {
    const root = { items: [1, 2, 3], obj: { a: 1, b: 2 } }
    expect(ev("count(root['items'])", root)).toBe(3)
    expect(ev("count(root['obj'])", root)).toBe(2)
    expect(ev("count(root['missing'])", root)).toBe(0)
    expect(() => ev("count('abc')")).toThrow(/count/)
  })

  it('jsonpath(...) returns the matches, indexable with [i]', () => {
    const root = { tags: { Readiness: 'Ready' }, list: [{ n: 1 }, { n: 2 }] }
    expect(ev("eq(jsonpath('$.tags.Readiness')[0], 'ready')", root)).toBe(true)
    expect(ev("jsonpath('$.list[*].n')", root)).toEqual([1, 2])
    expect(ev("jsonpath('$.list[*].n')[1]", root)).toBe(2)
    expect(ev("jsonpath('$.nothing')[0]", root)).toBe(null)
  })

  it('function names ignore case', () => {
    expect(ev("EQ(Count(root['a']), 1)", { a: [0] })).toBe(true)
  })
})

describe('mistakes are errors that say where', () => {
  it.each([
    ["eq(root['a'], 'x'", /'\)' expected/],
    ["equals('a', 'a')", /unknown function 'equals'/],
    ["eq(variables['x'], 'a')", /unknown named value 'variables'/],
    ["eq('a')", /eq takes 2 arguments, not 1/],
    ["eq('a', 'b') junk", /unexpected 'junk'/],
    ['eq(1, #)', /unexpected '#'/],
    ["eq(root['a'], 'unterminated)", /unexpected/],
  ])('%s', (expression, message) => {
    expect(() => ev(expression)).toThrow(message)
  })
})

describe('JSONPath as the gates use it', () => {
  const doc: Value = {
    store: {
      book: [
        { price: 8, t: 'a' },
        { price: 12, t: 'b', isbn: 'x' },
        { price: 30, t: 'c' },
      ],
    },
    ok: true,
  }

  it('$ may be left out; [n], [-1], [*], .*, ..name, quoted names', () => {
    expect(selectPath(doc, 'store.book[0].t')).toEqual(['a'])
    expect(selectPath(doc, '$.store.book[-1].t')).toEqual(['c'])
    expect(selectPath(doc, "$['store']['book'][*].price")).toEqual([8, 12, 30])
    expect(selectPath(doc, '$..price')).toEqual([8, 12, 30])
    expect(selectPath(doc, '$.store.*')).toHaveLength(1)
  })

  it('filters: comparisons, existence, && and ||', () => {
    expect(selectPath(doc, '$.store.book[?(@.price < 10)].t')).toEqual(['a'])
    expect(selectPath(doc, '$.store.book[?(@.price>=12 && @.t != "c")].t')).toEqual(['b'])
    expect(selectPath(doc, "$.store.book[?(@.t == 'a' || @.t == 'c')].price")).toEqual([8, 30])
    expect(selectPath(doc, '$.store.book[?(@.isbn)].t')).toEqual(['b'])
  })

  it('refuses what it cannot read', () => {
    expect(() => selectPath(doc, '$.store.book[?(@.price ~ 1)]')).toThrow(ExpressionError)
    expect(() => selectPath(doc, '$.store[')).toThrow(/unclosed/)
  })
})

describe('macros', () => {
  it('$(name) ignores case; an undefined macro stays', () => {
    expect(expandMacros('$(System.AccessToken) $(nope) $(run)', { 'system.accesstoken': 't', RUN: '7' })).toBe('t $(nope) 7')
  })

  it('are expanded throughout Execute: URL, headers, body and Expression; inputs default through variables', () => {
    const task = {
      inputs: [{ name: 'maxThreshold', defaultValue: '$(limit)' }, { name: 'method' }],
      execution: {
        HttpRequest: {
          Execute: {
            EndpointUrl: '$(system.teamFoundationCollectionUri)$(system.teamProjectId)/_apis/x?n=$(maxThreshold)',
            Method: 'post',
            Body: '$(method)',
            Headers: '{"ProjectId": "$(system.TeamProjectId)", "Authorization": "Bearer $(system.accesstoken)"}',
            Expression: "le(count(root['workItems']), $(maxThreshold))",
          },
        },
      },
    }
    const r = gateRequest(task, { method: 'GET' }, { limit: '2', 'System.TeamFoundationCollectionUri': 'https://dev.azure.com/o/', 'System.TeamProjectId': 'p', 'System.AccessToken': 'tok' })
    expect(r).toEqual({
      method: 'POST',
      url: 'https://dev.azure.com/o/p/_apis/x?n=2',
      headers: { ProjectId: 'p', Authorization: 'Bearer tok' },
      body: 'GET',
      expression: "le(count(root['workItems']), 2)",
      inputs: { maxThreshold: '2', method: 'GET' },
    })
    expect(holds(r.expression, { workItems: [1, 2] })).toBe(true)
    expect(holds(r.expression, { workItems: [1, 2, 3] })).toBe(false)
  })
})

describe('conformance: the truth table of the server task authoring guide', () => {
  it.each<[string, Value, boolean]>([
    ["eq(root['status'], 'successful')", { id: 5, name: 'myObject', description: 'this is my object description', status: 'successful' }, true],
    ["ge(count(root['ActiveReleaseNames']), 3)", { ActiveReleaseNames: ['Release1', 'Release2', 'Release3'] }, true],
    [
      "and(eq(count(jsonpath('Items[?(@.price<50)]')), 1), eq(count(jsonpath('Items[?(@.price>60)]')), 2))",
      {
        Items: [
          { name: 'item1', price: 100 },
          { name: 'item2', price: 40 },
          { name: 'item3', price: 70 },
        ],
      },
      true,
    ],
    // the same rows with answers that must not pass
    ["eq(root['status'], 'successful')", { status: 'failed' }, false],
    ["ge(count(root['ActiveReleaseNames']), 3)", { ActiveReleaseNames: ['Release1'] }, false],
    ["and(eq(count(jsonpath('Items[?(@.price<50)]')), 1), eq(count(jsonpath('Items[?(@.price>60)]')), 2))", { Items: [{ price: 100 }, { price: 40 }, { price: 45 }] }, false],
  ])('%s on %j is %s', (expression, answer, result) => {
    expect(holds(expression, answer)).toBe(result)
  })
})

describe('conformance: the built-in Query Work Items gate', () => {
  // its Expression, with the thresholds as the gate's inputs
  const QUERY_WORK_ITEMS =
    "xor(and(or(eq(root['queryType'], 'oneHop'), eq(root['queryType'], 'tree')), and(le(count(root['workItemRelations']), $(maxThreshold)), ge(count(root['workItemRelations']), $(minThreshold)))), and(eq(root['queryType'], 'flat'), and(le(count(root['workItems']), $(maxThreshold)), ge(count(root['workItems']), $(minThreshold)))))"
  const check = (answer: Value, max: number, min = 0) => holds(expandMacros(QUERY_WORK_ITEMS, { maxThreshold: String(max), minThreshold: String(min) }), answer)
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, url: `https://x/${i}` }))

  it('flat queries: min ≤ number of work items ≤ max', () => {
    expect(check({ queryType: 'flat', workItems: [] }, 0)).toBe(true)
    expect(check({ queryType: 'flat', workItems: items(1) }, 0)).toBe(false)
    expect(check({ queryType: 'flat', workItems: items(3) }, 5, 2)).toBe(true)
    expect(check({ queryType: 'flat', workItems: items(1) }, 5, 2)).toBe(false)
  })

  it('tree and one-hop queries count work item relations; an unknown query type never passes', () => {
    expect(check({ queryType: 'tree', workItemRelations: items(2) }, 2)).toBe(true)
    expect(check({ queryType: 'oneHop', workItemRelations: items(3) }, 2)).toBe(false)
    expect(check({ queryType: 'Flat', workItems: [] }, 0)).toBe(true) // eq ignores case
    expect(check({ queryType: 'other', workItems: [] }, 0)).toBe(false)
  })

  it('a property test: a flat query passes exactly when its count is within the thresholds', () => {
    fc.assert(
      fc.property(fc.nat(8), fc.nat(8), fc.nat(8), (n, min, max) => {
        expect(check({ queryType: 'flat', workItems: items(n) }, max, min)).toBe(min <= n && n <= max)
      }),
    )
  })
})

describe('conformance: the built-in Azure Monitor alerts gate', () => {
  const AZURE_MONITOR =
    "and(gt(count(root['responses']), 0), eq(count(jsonpath('$.responses[?(@.httpStatusCode != 200)]')), 0), eq(count(jsonpath('$.responses[*].content.value[?(@.isActive == true)]')), 0))"
  const response = (status: number, active: boolean[]) => ({ httpStatusCode: status, content: { value: active.map((isActive, i) => ({ name: `incident-${i}`, isActive })) } })

  it('passes only with answers, all of them 200, and no active incident', () => {
    expect(holds(AZURE_MONITOR, { responses: [response(200, [false]), response(200, [])] })).toBe(true)
    expect(holds(AZURE_MONITOR, { responses: [] })).toBe(false)
    expect(holds(AZURE_MONITOR, { responses: [response(200, [false]), response(404, [])] })).toBe(false)
    expect(holds(AZURE_MONITOR, { responses: [response(200, [false, true])] })).toBe(false)
  })
})
