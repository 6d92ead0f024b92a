import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')
const PLATFORM = /^(@actions\/|azure-pipelines-task-lib|azure-devops-node-api|@mlgate\/(github|azure|cli))/

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : []
  })
}

/** Import specifiers of a module, static and dynamic (type-only imports are erased, so they can't form runtime cycles). */
export function importsOf(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) out.push(m[1])
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1])
  return out
}

/** Finds one cycle in a graph of relative imports, or undefined. */
export function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'active' | 'done'>()
  const stack: string[] = []
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined
    if (state.get(n) === 'active') return [...stack.slice(stack.indexOf(n)), n]
    state.set(n, 'active')
    stack.push(n)
    for (const next of graph.get(n) ?? []) {
      const c = visit(next)
      if (c) return c
    }
    stack.pop()
    state.set(n, 'done')
    return undefined
  }
  for (const n of graph.keys()) {
    const c = visit(n)
    if (c) return c
  }
  return undefined
}

const files = ['core', 'github', 'azure', 'cli'].flatMap((p) => sources(join(ROOT, 'packages', p, 'src')))

describe('the packages’ own rules', () => {
  it('packages/core imports no platform library', () => {
    const offenders = files
      .filter((f) => f.includes('/packages/core/'))
      .flatMap((f) =>
        importsOf(readFileSync(f, 'utf8'))
          .filter((s) => PLATFORM.test(s))
          .map((s) => `${relative(ROOT, f)} → ${s}`),
      )
    expect(offenders).toEqual([])
  })

  it('packages/core reads the environment, stdin and working directory only through the platform and the host', () => {
    const offenders = files.filter((f) => f.includes('/packages/core/src/')).flatMap((f) => processReads(relative(join(ROOT, 'packages/core/src'), f), readFileSync(f, 'utf8')))
    expect(offenders).toEqual([])
  })

  it('the process rule finds each way of reading the process', () => {
    expect(processReads('gate/x.ts', 'const a = process.env.A\nprocess.stdin.isTTY\nconst c = process.cwd()')).toEqual(['gate/x.ts: process.env', 'gate/x.ts: process.stdin', 'gate/x.ts: process.cwd'])
    expect(processReads('gate/x.ts', "import { env } from 'node:process'\nconst { cwd } = process")).toEqual(["gate/x.ts: 'node:process'", 'gate/x.ts: { cwd } = process'])
    expect(processReads('host/node.ts', 'process.cwd()')).toEqual([])
    expect(processReads('io/table.ts', 'process.env.A')).toEqual(['io/table.ts: process.env'])
  })

  it('a package reaches another only by its name (@mlgate/core or a subpath it exports), never by a relative path', () => {
    const offenders = files.flatMap((f) => {
      const own = relative(ROOT, f).split('/').slice(0, 2).join('/')
      return importsOf(readFileSync(f, 'utf8'))
        .filter((s) => s.startsWith('.') && !relative(ROOT, resolve(dirname(f), s)).startsWith(`${own}/`))
        .map((s) => `${relative(ROOT, f)} → ${s}`)
    })
    expect(offenders).toEqual([])
  })

  it('no import cycles between modules', () => {
    const graph = new Map<string, string[]>()
    for (const f of files) {
      const deps = importsOf(readFileSync(f, 'utf8'))
        .filter((s) => s.startsWith('.'))
        .map((s) => relative(ROOT, resolve(dirname(f), s)))
      graph.set(relative(ROOT, f), deps)
    }
    expect(findCycle(graph)).toBeUndefined()
  })

  it('the cycle finder finds a cycle when there is one', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', []],
    ])
    expect(findCycle(g)).toEqual(['a', 'b', 'c', 'a'])
    expect(importsOf("import type { X } from './x.ts'\nimport { y } from './y.ts'\nconst z = await import('./z.ts')")).toEqual(['./y.ts', './z.ts'])
  })

  it('core layers import only what packages/core/ARCHITECTURE.md allows', () => {
    const offenders = files
      .filter((f) => f.includes('/packages/core/src/'))
      .flatMap((f) => {
        const from = layerOf(relative(join(ROOT, 'packages/core/src'), f))
        return importsOf(readFileSync(f, 'utf8'))
          .filter((s) => s.startsWith('.'))
          .map((s) => layerOf(relative(join(ROOT, 'packages/core/src'), resolve(dirname(f), s))))
          .filter((to) => to !== from && !ALLOWED[from]?.includes(to))
          .map((to) => `${relative(ROOT, f)}: ${from} → ${to}`)
      })
    expect([...new Set(offenders)]).toEqual([])
  })

  it('the layer rule finds an import it does not allow', () => {
    expect(layerOf('schema/cast.ts')).toBe('schema')
    expect(layerOf('errors.ts')).toBe('foundation')
    expect(ALLOWED.schema.includes('io')).toBe(false)
  })
})

/** The one module of the core that may touch the process (the host of a run); the platform hands everything else in. */
const PROCESS_HOST = 'host/node.ts'
/** Reads still to move behind the platform, each by the exact text allowed: io/table.ts defaults its cwd. */
const PROCESS_READS = [/\bprocess\s*\.\s*(?:env|stdin|cwd)\b/g, /['"](?:node:)?process['"]/g, /\{[^}]*\}\s*=\s*(?:globalThis\.)?process\b/g]

/** Each place where a core module (path below packages/core/src) reads the process's environment, stdin or working directory. */
function processReads(path: string, text: string): string[] {
  if (path === PROCESS_HOST) return []
  const found = PROCESS_READS.flatMap((re) => [...text.matchAll(re)].map((m) => m[0].replace(/\s+/g, ' ')))
  return found.map((m) => `${path}: ${m}`)
}

/** The layer of a path below packages/core/src (see packages/core/ARCHITECTURE.md). */
function layerOf(path: string): string {
  const top = path.split('/')[0]
  // packages/core/schemas: the published JSON Schemas, data that a module may check its input against
  if (path.startsWith('../schemas/')) return 'published schemas'
  if (['errors.ts', 'text.ts', 'fs.ts', 'inputs.ts', 'platform.ts', 'task.ts', 'host'].includes(top)) return 'foundation'
  if (['runner.ts', 'publish.ts', 'progress.ts', 'index.ts'].includes(top)) return 'run'
  // the worker entry imports every job kind, the validation scan's among them: it sits above the domain
  if (path === 'worker/main.ts') return 'worker entry'
  // the worker runtime runs io's kernels and readers on threads: it belongs to io's layer
  if (top === 'worker') return 'io'
  return top
}

const FOUNDATION = ['foundation']
const BELOW_DOMAIN = [...FOUNDATION, 'schema', 'stats', 'io', 'report', 'table']
const DOMAIN = ['validate', 'drift', 'gate', 'repro', 'approval', 'evidence', 'monitor']
const ALLOWED: Record<string, string[]> = {
  foundation: [],
  schema: FOUNDATION,
  stats: FOUNDATION,
  table: FOUNDATION,
  io: [...FOUNDATION, 'schema', 'stats', 'table'],
  report: [...FOUNDATION, 'validate', 'drift'],
  validate: BELOW_DOMAIN,
  drift: BELOW_DOMAIN,
  // the gate reads its predictions files through the dataset
  gate: [...BELOW_DOMAIN, 'dataset'],
  repro: BELOW_DOMAIN,
  approval: [...BELOW_DOMAIN, 'gate'],
  evidence: BELOW_DOMAIN,
  // the monitor decides over time from the drift, validation and gate verdicts of each window
  monitor: [...BELOW_DOMAIN, 'validate', 'drift', 'gate', 'evidence', 'dataset'],
  // the one door to data files: it validates (validate/) and reads the first rows and column pairs drift needs
  dataset: [...BELOW_DOMAIN, 'validate', 'drift'],
  // profiles read data through the dataset and decide drift and dataset rules with drift/'s and validate/'s own functions
  profile: [...BELOW_DOMAIN, 'validate', 'drift', 'dataset', 'published schemas'],
  tasks: [...BELOW_DOMAIN, ...DOMAIN, 'dataset', 'profile'],
  run: [...BELOW_DOMAIN, ...DOMAIN, 'dataset', 'profile', 'tasks'],
  'worker entry': [...BELOW_DOMAIN, 'validate', 'profile'],
}
