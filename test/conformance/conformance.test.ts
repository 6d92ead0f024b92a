/**
 * One verdict on every platform: each scenario of the shared table (scenarios/) runs as a child
 * process as the GitHub action bundle, the Azure task bundle and the mlgate bin, under Node 20 and
 * Node 24, each platform in a fresh copy of the scenario's workspace. Every platform must show the
 * expected verdict, exit code (Azure: result) and ending; all three must agree on outputs, the JSON
 * report (after normalize.ts) and, for an error, its one sentence.
 */
import { rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ExpectStatic } from 'vitest'
import { camelCase } from '../../packages/core/src/task.ts'
import { cacheTempDir, nodeBinaries } from '../integration/harness/node.ts'
import { normalizeObserved } from './normalize.ts'
import type { Comparable } from './normalize.ts'
import { declaredOutputs, PLATFORMS, runOn } from './platforms.ts'
import type { Observed, PlatformId } from './platforms.ts'
import { pool } from './pool.ts'
import type { Expectation, Files, Scenario, Step, TaskId } from './scenario.ts'
import { SCENARIOS } from './scenarios/index.ts'
import { workspaceWith } from '../helpers/workspace.ts'

const TASKS: TaskId[] = ['validate-data', 'detect-drift', 'gate-model', 'check-reproducibility', 'require-approval']
const NODES = nodeBinaries()
const EXIT = { pass: 0, warn: 0, fail: 1, error: 2 }
const AZURE_RESULT = { pass: 'Succeeded', warn: 'SucceededWithIssues', fail: 'Failed', error: 'Failed' }
const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m
const DEFAULT_REPORT = 'mlgate-report.json'

// the harness's own temporary directories (runner temp, agent temp, CLI workspace) go under one root removed at the end
const root = cacheTempDir('conformance-')
process.env.TMPDIR = root
const limit = pool(Math.max(2, availableParallelism() * 2))
let runs = 0

afterAll(() => {
  console.log(`conformance: ${SCENARIOS.length} scenarios × ${PLATFORMS.length} platforms × ${NODES.length} Node versions = ${runs} child-process runs`)
  rmSync(root, { recursive: true, force: true })
})

const workspace = (files: Files): string => workspaceWith('ws-', files, root)

/** How one platform must end a run with this expectation. */
function checkEnding(expect: ExpectStatic, o: Observed, exp: Expectation, headline: string | undefined): void {
  const p = o.platform
  const v = exp.verdict
  if (v === 'error') {
    if (p === 'github') expect.soft(o.ending, 'github: the run ends on its ::error').toMatchObject({ kind: 'error', message: o.errors[0] })
    if (p === 'azure') expect.soft(o.ending, 'azure: one task.complete, Failed, with the sentence').toEqual({ kind: 'Failed', message: o.errors[0], completions: 1 })
    if (p === 'cli') expect.soft(o.ending.kind, 'cli: the run ends on its error: line').toBe('error')
    return
  }
  if (p === 'github') {
    if (v === 'pass') expect.soft(o.ending.kind, 'github: a pass ends without ::error').not.toBe('error')
    else expect.soft(o.ending, `github: a ${v} ends on ::${v === 'fail' ? 'error' : 'warning'} with the headline`).toMatchObject({ kind: v === 'fail' ? 'error' : 'warning', message: headline })
  }
  if (p === 'azure') expect.soft(o.ending, `azure: one task.complete ${AZURE_RESULT[v]} with the headline`).toEqual({ kind: AZURE_RESULT[v], message: headline || v, completions: 1 })
  if (p === 'cli') expect.soft(o.ending, `cli: the run ends on ${v.toUpperCase()}: headline`).toMatchObject({ kind: v.toUpperCase(), message: headline })
}

/** What every platform must show on its own: exit code, verdict, outputs, ending, one sentence for an error. */
function checkPlatform(expect: ExpectStatic, task: TaskId, o: Observed, c: Comparable, exp: Expectation, reportPath: string, ws: string): void {
  const p = o.platform
  expect.soft(o.exitCode, `${p}: exit code`).toBe(EXIT[exp.verdict])
  expect.soft(o.log, `${p}: no stack trace`).not.toMatch(STACK)
  expect.soft(o.log, `${p}: not reported as a bug`).not.toContain('This is a bug in mlgate')
  checkEnding(expect, o, exp, o.report?.headline as string | undefined)
  if (exp.verdict === 'error') {
    expect.soft(c.errors, `${p}: exactly one error sentence`).toHaveLength(1)
    expect.soft(c.errors[0] ?? '', `${p}: the error sentence`).toMatch(exp.message)
    expect.soft(c.errors[0] ?? '', `${p}: one line, one sentence`).toMatch(/^[^\n]+[.?!]$/)
    expect.soft(o.report, `${p}: no report after an error`).toBeUndefined()
    expect.soft(o.outputs, `${p}: no outputs after an error`).toEqual({})
    return
  }
  const declared = declaredOutputs(task)
  expect.soft(o.outputNames.sort(), `${p}: every declared output, named as the platform names them`).toEqual((p === 'azure' ? declared.map(camelCase) : declared).sort())
  expect.soft(o.outputs.verdict, `${p}: verdict output`).toBe(exp.verdict)
  expect.soft(o.outputs['report-path'], `${p}: report-path output`).toBe(reportPath)
  expect.soft(o.report?.verdict, `${p}: report verdict`).toBe(exp.verdict)
  if (exp.outputs) expect.soft(o.outputs, `${p}: outputs`).toMatchObject(exp.outputs)
  if (exp.headline) expect.soft(c.headline ?? '', `${p}: headline`).toMatch(exp.headline)
  if (exp.check && c.report) exp.check(c.report as Record<string, unknown>, ws, expect)
}

async function runStep(expect: ExpectStatic, s: Scenario, step: Step, node: string, wss: Record<PlatformId, string>): Promise<void> {
  const reportPath = s.report ?? DEFAULT_REPORT
  const observed = await Promise.all(
    PLATFORMS.map((p) =>
      limit(() => {
        rmSync(join(wss[p], reportPath), { force: true })
        step.before?.(wss[p])
        runs++
        return runOn(p, s.task, step.inputs, { ws: wss[p], node, reportPath })
      }),
    ),
  )
  const compared = observed.map((o) => normalizeObserved(o, wss[o.platform]))
  observed.forEach((o, i) => checkPlatform(expect, s.task, o, compared[i], step.expect, reportPath, wss[o.platform]))
  for (let i = 1; i < PLATFORMS.length; i++) {
    const [p, ref] = [PLATFORMS[i], PLATFORMS[0]]
    expect.soft(compared[i].outputs, `${p} vs ${ref}: outputs`).toEqual(compared[0].outputs)
    expect.soft(compared[i].report, `${p} vs ${ref}: JSON report`).toEqual(compared[0].report)
    if (step.expect.verdict === 'error') expect.soft(compared[i].errors, `${p} vs ${ref}: error sentence`).toEqual(compared[0].errors)
  }
}

it('runs under Node 20 and Node 24', () => {
  expect(NODES.map((n) => n.label)).toEqual(['node20', 'node24'])
})

it.each(TASKS)('%s has at least 8 scenarios covering pass, warn, fail and error', (task) => {
  const mine = SCENARIOS.filter((s) => s.task === task)
  expect(mine.length).toBeGreaterThanOrEqual(8)
  expect(new Set(mine.flatMap((s) => s.steps.map((st) => st.expect.verdict)))).toEqual(new Set(['pass', 'warn', 'fail', 'error']))
})

/** `*` within a name, `**` across directories: enough to tell which files a scenario's glob names. */
function matchesGlob(path: string, glob: string): boolean {
  const escape = (t: string) => t.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(
    `^${glob
      .split('**')
      .map((part) => part.split('*').map(escape).join('[^/]*'))
      .join('.*')}$`,
  ).test(path)
}

/** The paths a scenario's inputs name, each item of a list on its own. */
function namedPaths(s: Scenario): string[] {
  return s.steps.flatMap((st) => Object.values(st.inputs).flatMap((v) => v.split(/[,\n]/).map((x) => x.trim())))
}

it.each(TASKS)('%s has scenarios naming a glob of several files, a directory and a path with spaces', (task) => {
  const mine = SCENARIOS.filter((s) => s.task === task)
  const files = (s: Scenario) => Object.keys(s.files)
  const globOfSeveral = (s: Scenario) => namedPaths(s).some((v) => v.includes('*') && files(s).filter((f) => matchesGlob(f, v)).length > 1)
  const directory = (s: Scenario) => namedPaths(s).some((v) => v !== '' && files(s).some((f) => f.startsWith(`${v.replace(/\/\*\*$/, '')}/`)))
  const spaced = (s: Scenario) => namedPaths(s).some((v) => v.includes(' ') && files(s).includes(v))
  expect(mine.some(globOfSeveral), 'a glob of several files').toBe(true)
  expect(mine.some(directory), 'a directory').toBe(true)
  expect(mine.some(spaced), 'a path with spaces').toBe(true)
})

describe.concurrent.each(NODES)('under $label', ({ path: node }) => {
  for (const task of TASKS)
    describe(task, () => {
      for (const s of SCENARIOS.filter((x) => x.task === task))
        // a test waits for the pool as well as for its own runs
        it(s.name, { timeout: 180_000 }, async ({ expect }) => {
          const wss = Object.fromEntries(PLATFORMS.map((p) => [p, workspace(s.files)])) as Record<PlatformId, string>
          for (const step of s.steps) await runStep(expect, s, step, node, wss)
        })
    })
})
