import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { nodeBinaries } from '../integration/harness/node.ts'
import { EVERYWHERE, filesBelow, runWithFault as runOn, workspace } from './run.ts'
import type { Ended, Where } from './run.ts'

const TWO_FILES = { 'data/a.csv': 'x,y\n1,2\n', 'data/b.csv': 'x,y\n3,4\n' }
const UPDATE = { update: 'true', paths: 'data/*.csv', lockfiles: 'none' }

/** The run ended as an error on its platform: exit 2, the platform's failure record, and the sentence. */
function expectError(where: Where, r: Ended, sentence: RegExp): void {
  expect(r.exitCode, r.log).toBe(2)
  if (where === 'azure') expect(r.azureResult).toBe('Failed')
  expect(r.errors.join('\n')).toMatch(sentence)
  expect(r.log).not.toMatch(/\n\s+at [^\n]+:\d+:\d+\)?\n/)
}

/** No temporary or half-written file is left in the workspace. */
function expectNothingPartial(ws: string, before: string[]): void {
  const after = filesBelow(ws).filter((f) => !f.startsWith('.mlgate'))
  expect(after.filter((f) => f.endsWith('.tmp'))).toEqual([])
  expect(after).toEqual(before.filter((f) => !f.startsWith('.mlgate')))
}

const MATRIX = nodeBinaries().flatMap((node) => EVERYWHERE.map((where) => ({ where, node: node.path, label: `${where}, ${node.label}` })))

describe.each(MATRIX)('a run that cannot decide ends in an error, never a pass ($label)', ({ where, node }) => {
  const runWithFault: typeof runOn = (w, task, inputs, o) => runOn(w, task, inputs, { node, ...o })

  it('the original defect: hashing handed to threads that never answer and do not hold the process → exit 2', async () => {
    const ws = workspace(TWO_FILES)
    const r = await runWithFault(where, 'check-reproducibility', UPDATE, { ws, fault: 'swallow-worker-messages' })
    expectError(where, r, /did not reach a verdict: its work stopped unfinished/)
    expect(existsSync(join(ws, 'mlgate.lock'))).toBe(false)
  })

  it('a hashing thread killed while it holds files → exit 2 naming the file, no manifest', async () => {
    const ws = workspace(TWO_FILES)
    const r = await runWithFault(where, 'check-reproducibility', UPDATE, { ws, fault: 'kill-worker' })
    expectError(where, r, /The thread hashing '.*data\/[ab]\.csv' stopped \(exit code \d+\) before it finished\./)
    expect(existsSync(join(ws, 'mlgate.lock'))).toBe(false)
  })

  it('a file that changes while it is hashed → exit 2 naming it', async () => {
    const ws = workspace({ ...TWO_FILES, 'mlgate.lock': '' })
    const before = await runWithFault(where, 'check-reproducibility', UPDATE, { ws })
    expect(before.exitCode, before.log).toBe(0)
    const lock = readFileSync(join(ws, 'mlgate.lock'), 'utf8')
    const r = await runWithFault(where, 'check-reproducibility', { paths: 'data/*.csv', lockfiles: 'none' }, { ws, fault: 'change-while-read', faultPath: 'b\\.csv$' })
    expectError(where, r, /The file '.*data\/b\.csv' changed while it was being hashed/)
    expect(readFileSync(join(ws, 'mlgate.lock'), 'utf8')).toBe(lock)
  })

  it('an unreadable data file → exit 2 naming it', async () => {
    const ws = workspace(TWO_FILES)
    const r = await runWithFault(where, 'check-reproducibility', UPDATE, { ws, fault: 'eacces', faultPath: 'a\\.csv$' })
    expectError(where, r, /'.*data\/a\.csv' cannot be read \(permission denied\)/)
    expect(existsSync(join(ws, 'mlgate.lock'))).toBe(false)
  })

  it('a full disk for the report → exit 2, no report and no temporary file', async () => {
    const ws = workspace(TWO_FILES)
    const files = Object.keys(TWO_FILES)
    const r = await runWithFault(where, 'validate-data', { data: 'data/*.csv', report: 'out/report.json' }, { ws, fault: 'enospc', faultPath: 'report\\.json' })
    expectError(where, r, /Could not write the report 'out\/report\.json': no space is left on the device; nothing was written\./)
    expect(existsSync(join(ws, 'out/report.json'))).toBe(false)
    expectNothingPartial(ws, files.concat())
  })

  it('a full disk for the manifest → exit 2, no manifest and no temporary file', async () => {
    const ws = workspace(TWO_FILES)
    const r = await runWithFault(where, 'check-reproducibility', UPDATE, { ws, fault: 'enospc', faultPath: 'mlgate\\.lock' })
    expectError(where, r, /no space is left on the device/)
    expectNothingPartial(ws, Object.keys(TWO_FILES))
  })

  it('a full disk for the evidence statement → exit 2, no statement, no verdict output', async () => {
    const ws = workspace(TWO_FILES)
    const r = await runWithFault(where, 'validate-data', { data: 'data/*.csv', 'evidence-dir': 'evidence' }, { ws, fault: 'enospc', faultPath: 'intoto\\.json' })
    expectError(where, r, /Could not write the evidence statement '.*validate-data\.intoto\.json': no space is left on the device; nothing was written\./)
    expect(existsSync(join(ws, 'evidence'))).toBe(true)
    expect(filesBelow(join(ws, 'evidence'))).toEqual([])
  })

  it('a report path that is a directory, or lies under a file → exit 2, one sentence', async () => {
    const ws = workspace({ ...TWO_FILES, 'out/keep': '', 'plain.txt': 'x' })
    const dir = await runWithFault(where, 'validate-data', { data: 'data/a.csv', report: 'out' }, { ws })
    expectError(where, dir, /Could not write the report 'out': it is a directory/)
    const under = await runWithFault(where, 'validate-data', { data: 'data/a.csv', report: 'plain.txt/r.json' }, { ws })
    expectError(where, under, /Could not write the report 'plain\.txt\/r\.json': a part of the path is a file/)
  })

  it('SIGTERM mid-run → exit 2 saying so, no report, the manifest untouched', async () => {
    const ws = workspace({ ...TWO_FILES, 'train.js': "setTimeout(() => require('fs').writeFileSync('model.txt', 'm'), 20000)\n" })
    expect((await runWithFault(where, 'check-reproducibility', UPDATE, { ws })).exitCode).toBe(0)
    const lock = readFileSync(join(ws, 'mlgate.lock'), 'utf8')
    let sent = false
    const r = await runWithFault(
      where,
      'check-reproducibility',
      { paths: 'data/*.csv', lockfiles: 'none', command: `${process.execPath} train.js`, outputs: 'model.txt', report: 'out/report.json' },
      {
        ws,
        // the signal comes once the run is re-running the command (its phase line), not after a guessed delay
        onSpawn: (child) => {
          const watch = (d: Buffer) => {
            if (sent || !String(d).includes('── re-running')) return
            sent = true
            child.kill('SIGTERM')
          }
          child.stdout?.on('data', watch)
          child.stderr?.on('data', watch)
        },
      },
    )
    expect(sent).toBe(true)
    expectError(where, r, /did not reach a verdict: it was stopped by SIGTERM while re-running '/)
    expect(existsSync(join(ws, 'out/report.json'))).toBe(false)
    expect(readFileSync(join(ws, 'mlgate.lock'), 'utf8')).toBe(lock)
    expect(filesBelow(ws).filter((f) => f.endsWith('.tmp') || f === 'model.txt')).toEqual([])
  })
})

describe('threads of the fast readers that are killed mid-read: the documented outcome', () => {
  const runWithFault = runOn
  const rows = 340_000
  let ws: string
  let csv: string
  beforeAll(() => {
    const lines = ['id,amount,kind']
    for (let i = 0; i < rows; i++) lines.push(`${i},${(i % 997) / 7},${['a', 'b', 'c'][i % 3]}`)
    csv = lines.join('\n') + '\n'
    ws = workspace({
      'ref.csv': csv,
      'cur.csv': csv,
      'schema.yaml': 'fields:\n  - {name: id, type: integer}\n  - {name: amount, type: number}\n  - {name: kind, type: string, constraints: {enum: [a, b, c]}}\n',
    })
  })

  it.each(['validate-data', 'detect-drift'])('%s: the row reader decides instead, with the same report', async (task) => {
    const inputs: Record<string, string> = task === 'validate-data' ? { data: 'cur.csv', schema: 'schema.yaml' } : { reference: 'ref.csv', current: 'cur.csv' }
    const clean = await runWithFault('cli', task, { ...inputs, report: 'clean.json' }, { ws })
    const faulty = await runWithFault('cli', task, { ...inputs, report: 'faulty.json' }, { ws, fault: 'kill-worker', env: { MLGATE_DEBUG: '1' } })
    expect(faulty.exitCode, faulty.log).toBe(clean.exitCode)
    expect(faulty.log).toMatch(/(row validator|read row by row): cur\.csv: .*thread stopped \(exit code \d+\)|(row validator|read row by row): ref\.csv: .*thread stopped/)
    const strip = (f: string) => JSON.parse(readFileSync(join(ws, f), 'utf8'), (k, v) => (k === 'timings' || k === 'durationMs' ? undefined : v))
    expect(strip('faulty.json')).toEqual(strip('clean.json'))
    expect(csv.length).toBeGreaterThan(8 << 20)
  })
})
