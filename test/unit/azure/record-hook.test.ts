import { mkdtempSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigurationError, defineTask, newReport, runTask } from '../../../packages/core/src/index.ts'
import type { Verdict, VerdictRecord } from '../../../packages/core/src/index.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'

// The runner's recordVerdict hook, which the Azure adapter implements with build properties.
const demo = defineTask({
  id: 'demo-task',
  title: 'demo',
  description: 'A task for the recording hook.',
  guid: '00000000-0000-4000-8000-000000000002',
  icon: 'check',
  color: 'blue',
  inputs: { mode: { type: 'string', description: 'What to do.', default: 'pass' }, report: { type: 'string', description: 'Report path.' } },
  outputs: {},
  async run(ctx) {
    const mode = ctx.inputs.string('mode')
    if (mode === 'user-error') throw new ConfigurationError("The data file 'x.csv' does not exist.")
    if (mode === 'bug') throw new TypeError('cannot read properties of undefined')
    const report = newReport('demo-task', 'Demo')
    report.verdict = mode as Verdict
    report.headline = `verdict ${mode}`
    return { report, outputs: {} }
  },
})

function recording(inputs: Record<string, string>, hook?: (r: VerdictRecord) => Promise<void>) {
  const records: VerdictRecord[] = []
  const p = memoryPlatform({ ...inputs, 'evidence-dir': mkdtempSync(join(tmpdir(), 'mlgate-rec-')) }, { workspace: mkdtempSync(join(tmpdir(), 'mlgate-recws-')) })
  p.recordVerdict = hook ?? (async (r) => void records.push(r))
  return { p, records }
}

describe('the recordVerdict hook', () => {
  it.each(['pass', 'warn', 'fail'])('%s: recorded once, after deciding, with the digest of the report file', async (mode) => {
    const report = join(mkdtempSync(join(tmpdir(), 'mlgate-rep-')), 'r.json')
    const { p, records } = recording({ mode, report })
    expect(await runTask(demo, p)).toBe(mode)
    expect(records).toEqual([
      { task: 'demo-task', verdict: mode, headline: `verdict ${mode}`, reportSha256: createHash('sha256').update(readFileSync(report)).digest('hex'), time: expect.any(String) },
    ])
    expect(Math.abs(Date.parse(records[0].time) - Date.now())).toBeLessThan(60_000)
  })

  it.each([
    ['user-error', "The data file 'x.csv' does not exist."],
    ['bug', 'cannot read properties of undefined'],
  ])('%s: recorded as error (so it replaces an earlier pass), and the run still ends in error', async (mode, headline) => {
    const { p, records } = recording({ mode })
    expect(await runTask(demo, p)).toBe('error')
    expect(records).toEqual([{ task: 'demo-task', verdict: 'error', headline, time: expect.any(String) }])
    expect(p.outcome?.outcome).toBe('error')
  })

  it('a hook that throws is a warning: the verdict stands', async () => {
    const { p } = recording({ mode: 'pass' }, async () => {
      throw new Error('socket hang up')
    })
    expect(await runTask(demo, p)).toBe('pass')
    expect(p.logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual(['mlgate could not record the verdict: socket hang up'])
  })

  it('the verdict is recorded before the run settles (a gate never sees a finished step without its record)', async () => {
    const order: string[] = []
    const { p } = recording({ mode: 'fail' }, async () => void order.push('record'))
    const finish = p.finish
    p.finish = (o, m) => {
      order.push('finish')
      finish(o, m)
    }
    await runTask(demo, p)
    expect(order).toEqual(['record', 'finish'])
  })
})
