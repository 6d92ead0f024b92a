import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// A function longer than a screen is several functions that have not been named yet.
const ROOT = resolve(import.meta.dirname, '../../..')
const MAX_LINES = 80

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.generated.ts') ? [p] : []
  })
}

/** Every function (declaration, method, accessor, constructor, arrow, expression) of a source text over `max` lines, named with its first line. */
export function longFunctions(name: string, text: string, max = MAX_LINES): string[] {
  const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = file.getLineAndCharacterOfPosition(node.getStart(file)).line
      const last = file.getLineAndCharacterOfPosition(node.getEnd()).line
      const lines = last - first + 1
      if (lines > max) found.push(`${name}:${first + 1} ${functionName(node, file)} is ${lines} lines`)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

function functionName(node: ts.SignatureDeclaration, file: ts.SourceFile): string {
  if (node.name) return node.name.getText(file)
  const parent = node.parent
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(file)
  return ts.isArrowFunction(node) ? 'an arrow function' : 'a function expression'
}

const files = ['core', 'github', 'azure', 'cli'].flatMap((p) => sources(join(ROOT, 'packages', p, 'src')))

describe(`no function over ${MAX_LINES} lines`, () => {
  it('measures every kind of function, from its first line to its last', () => {
    const body = (n: number) => Array.from({ length: n - 2 }, (_, i) => `  const v${i} = ${i}`).join('\n')
    const kinds = [
      (n: number) => `function declared() {\n${body(n)}\n}`,
      (n: number) => `class A {\n  method() {\n${body(n)}\n  }\n}`,
      (n: number) => `const arrow = () => {\n${body(n)}\n}`,
      (n: number) => `export const expression = function () {\n${body(n)}\n}`,
      (n: number) => `const o = { list: [1].map(function () {\n${body(n)}\n}) }`,
    ]
    for (const kind of kinds) {
      expect(longFunctions('x.ts', kind(10), 10), kind(10)).toEqual([])
      expect(longFunctions('x.ts', kind(11), 10), kind(11)).toHaveLength(1)
    }
    expect(longFunctions('x.ts', `// a comment\n// another\nfunction f() {\n${body(10)}\n}`, 10)).toEqual([])
    expect(longFunctions('x.ts', `const arrow = () => {\n${body(11)}\n}`, 10)).toEqual(['x.ts:1 arrow is 11 lines'])
  })

  it(`no function of packages/*/src is over ${MAX_LINES} lines`, () => {
    const offenders = files.flatMap((f) => {
      const name = relative(ROOT, f)
      return longFunctions(name, readFileSync(f, 'utf8'))
    })
    expect(offenders).toEqual([])
  })
})
