import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigurationError, defineTask, exitCodeFor, newReport, runTask } from '../../../packages/core/src/index.ts'
import type { Verdict } from '../../../packages/core/src/index.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'

function task(behaviour: (verdict: string) => Verdict) {
  return defineTask({
    id: 'demo-task',
    title: 'demo',
    description: 'A task for runner tests.',
    guid: '00000000-0000-4000-8000-000000000001',
    icon: 'check',
    color: 'blue',
    inputs: { mode: { type: 'string', description: 'What to do.', default: 'pass' } },
    outputs: { extra: { description: 'An extra output.' } },
    async run(ctx) {
      const mode = ctx.inputs.string('mode')
      if (mode === 'user-error') throw new ConfigurationError("The data file 'x.csv' does not exist.")
      if (mode === 'bug') throw new TypeError('cannot read properties of undefined')
      const report = newReport('demo-task', 'Demo')
      report.verdict = behaviour(mode)
      report.headline = `verdict ${report.verdict}`
      report.annotations = Array.from({ length: 25 }, (_, i) => ({ level: 'error' as const, message: `e${i}`, file: 'f.csv', line: i + 2 }))
      return { report, outputs: { extra: 'x' } }
    },
  })
}

const t = task((m) => m as Verdict)

describe('runTask', () => {
  it.each([
    ['pass', 0],
    ['warn', 0],
    ['fail', 1],
  ] as const)('verdict %s → outputs, summary, exit code %i', async (mode, code) => {
    const p = memoryPlatform({ mode })
    const outcome = await runTask(t, p)
    expect(outcome).toBe(mode)
    expect(exitCodeFor(outcome)).toBe(code)
    expect(p.outputs).toMatchObject({ verdict: mode, extra: 'x', 'report-path': '' })
    expect(p.summaries[0]).toContain(mode.toUpperCase())
  })

  it('keeps 10 annotations per level, the last one saying how many more there were', async () => {
    const p = memoryPlatform({ mode: 'fail' })
    await runTask(t, p)
    expect(p.annotations).toHaveLength(10)
    expect(p.annotations[9].message).toMatch(/^16 more errors not shown/)
  })

  it('a user mistake: one sentence, no stack, exit 2', async () => {
    const p = memoryPlatform({ mode: 'user-error' })
    const outcome = await runTask(t, p)
    expect(exitCodeFor(outcome)).toBe(2)
    expect(p.logs.filter((l) => l.level === 'error').map((l) => l.message)).toEqual(["The data file 'x.csv' does not exist."])
    expect(p.outputs).toEqual({})
  })

  it('a bug: message, stack and a hint to report it, exit 2', async () => {
    const p = memoryPlatform({ mode: 'bug' })
    const outcome = await runTask(t, p)
    expect(outcome).toBe('error')
    const msg = p.logs.find((l) => l.level === 'error')!.message
    expect(msg).toContain('cannot read properties of undefined')
    expect(msg).toMatch(/\n\s+at /)
    expect(msg).toContain('bug in mlgate')
  })

  it('writes the JSON report atomically and names it in report-path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-'))
    const path = join(dir, 'deep', 'report.json')
    const p = memoryPlatform({ mode: 'warn', report: path })
    await runTask(t, p)
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ task: 'demo-task', verdict: 'warn' })
    expect(p.outputs['report-path']).toBe(path)
  })

  it('an invalid input names the input and leaves no report behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-'))
    const strict = defineTask({
      ...t,
      inputs: { n: { type: 'integer', description: 'n', default: '1' } },
      async run(ctx) {
        ctx.inputs.number('n', { min: 1 })
        return { report: newReport('x', 'x'), outputs: {} }
      },
    })
    const p = memoryPlatform({ n: '2.5', report: join(dir, 'r.json') })
    expect(await runTask(strict, p)).toBe('error')
    expect(p.logs[0].message).toBe("Input 'n' must be an integer, got '2.5'.")
    expect(existsSync(join(dir, 'r.json'))).toBe(false)
  })
})
