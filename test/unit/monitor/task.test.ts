import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runTask } from '../../../packages/core/src/index.ts'
import { monitorTask } from '../../../packages/core/src/tasks/monitor.ts'
import { memoryMonitor } from '../../helpers/memory-monitor.ts'
import type { MemoryMonitor } from '../../helpers/memory-monitor.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'
import { predicateSchemaErrors, reportSchemaErrors } from '../../helpers/report-schema.ts'
import { predictionsCsv, windowCsv } from './helpers.ts'

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-monitor-task-'))
  windowCsv(dir, 'ref.csv', { seed: 1 })
  return dir
}

let day = 0
async function monitor(dir: string, inputs: Record<string, string>, actions?: MemoryMonitor) {
  day++
  const p = memoryPlatform({
    reference: 'ref.csv',
    history: 'dir:history',
    'history-init': 'true',
    'retrain-workflow': 'retrain.yml',
    'window-time': `2026-12-${String(day).padStart(2, '0')}T02:00:00Z`,
    report: join(dir, 'report.json'),
    ...inputs,
  })
  const platform = actions ? Object.assign(p, { monitor: actions }) : p
  const outcome = await runTask(monitorTask, platform, dir)
  return { outcome, p, report: existsSync(join(dir, 'report.json')) ? JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) : undefined }
}

describe('monitor task', () => {
  it('stable windows keep; a drifted window retrains once; the next drifted window does not dispatch again while the run is in progress', async () => {
    const dir = setup()
    const m = memoryMonitor()
    windowCsv(dir, 'w1.csv', { seed: 2 })
    windowCsv(dir, 'w2.csv', { seed: 3, shift: 2 })
    windowCsv(dir, 'w3.csv', { seed: 4, shift: 2 })
    const a = await monitor(dir, { current: 'w1.csv' }, m)
    expect(a.p.outputs.decision, a.p.outputs.reason).toBe('keep')
    expect(m.calls).toEqual([])
    const b = await monitor(dir, { current: 'w2.csv' }, m)
    expect(b.p.outputs.decision, b.p.outputs.reason).toBe('retrain')
    expect(b.p.outputs['event-id']).toMatch(/^drift-2-[0-9a-f]{10}$/)
    expect(m.calls.map((c) => c.op)).toEqual(['retrainRuns', 'dispatchRetrain'])
    expect(b.p.outputs['run-url']).toBe(m.runs.get(b.p.outputs['event-id'])![0].url)
    const c = await monitor(dir, { current: 'w3.csv' }, m)
    expect(c.p.outputs['event-id']).toBe(b.p.outputs['event-id'])
    for (const r of [a, b, c]) expect(reportSchemaErrors('monitor', r.report)).toEqual([])
    expect(c.p.outputs.decision).toBe('retrain')
    expect(m.calls.map((x) => x.op)).toEqual(['retrainRuns', 'dispatchRetrain', 'retrainRuns'])
    expect(readdirSync(join(dir, 'history/windows'))).toEqual(['000001.json', '000002.json', '000003.json'])
    expect(c.report.series.find((s: { name: string }) => s.name === 'amount').values).toHaveLength(3)
    // the in-toto statement of the monitor names the drift event, with the decision and the run it dispatched
    const statements = readdirSync(join(dir, '.mlgate/evidence')).filter((f) => f.startsWith('monitor') && f.endsWith('.intoto.json'))
    expect(statements).toHaveLength(3)
    const last = JSON.parse(readFileSync(join(dir, '.mlgate/evidence/monitor.3.intoto.json'), 'utf8'))
    expect(last.predicate.event).toMatchObject({ id: b.p.outputs['event-id'], decision: 'retrain', retrainUrl: b.p.outputs['run-url'], columns: ['amount'] })
    expect(predicateSchemaErrors(last.predicate)).toEqual([])
  })

  it('a schema change escalates once; the recovered window closes the escalation; the next recovered window does nothing', async () => {
    const dir = setup()
    const m = memoryMonitor()
    windowCsv(dir, 'd.csv', { seed: 5, shift: 2 })
    windowCsv(dir, 's.csv', { seed: 6, drop: 'age' })
    windowCsv(dir, 'ok1.csv', { seed: 7 })
    windowCsv(dir, 'ok2.csv', { seed: 8 })
    const drift = await monitor(dir, { current: 'd.csv' }, m)
    const schema = await monitor(dir, { current: 's.csv' }, m)
    expect(schema.p.outputs.decision, schema.p.outputs.reason).toBe('escalate')
    expect(schema.p.outputs.reason).toMatch(/column 'age' is gone/)
    expect(schema.p.outputs['event-id']).toBe(drift.p.outputs['event-id'])
    expect(m.escalations).toHaveLength(1)
    expect(m.escalations[0].bodies[0]).toContain(`<!-- mlgate-event: ${drift.p.outputs['event-id']} -->`)
    const ok1 = await monitor(dir, { current: 'ok1.csv' }, m)
    expect(ok1.p.outputs.decision).toBe('keep')
    expect(m.escalations[0].open).toBe(false)
    const before = m.calls.length
    await monitor(dir, { current: 'ok2.csv' }, m)
    expect(m.calls.slice(before)).toEqual([])
    expect(m.calls.map((c) => c.op)).toEqual(['retrainRuns', 'dispatchRetrain', 'findEscalation', 'openEscalation', 'findEscalation', 'closeEscalation'])
  })

  it("a failed API call is a warning, never a failed step: the window's record is kept, and the next run dispatches", async () => {
    const dir = setup()
    const m = memoryMonitor()
    windowCsv(dir, 'd.csv', { seed: 9, shift: 2 })
    m.failNext('dispatchRetrain')
    const failed = await monitor(dir, { current: 'd.csv' }, m)
    expect(failed.outcome).toBe('warn')
    const action = failed.report.checks.find((c: { id: string }) => c.id === 'action')
    expect(action).toMatchObject({ status: 'warn' })
    expect(action.message).toMatch(/dispatchRetrain failed.*window 1 was saved to the monitor history directory 'history' first, and the next run tries again/)
    expect(readdirSync(join(dir, 'history/windows'))).toEqual(['000001.json'])
    const again = await monitor(dir, { current: 'd.csv' }, m)
    expect(again.p.outputs.decision).toBe('retrain')
    expect(m.calls.filter((c) => c.op === 'dispatchRetrain')).toHaveLength(2)
    expect(m.runs.get(again.p.outputs['event-id'])).toHaveLength(1)
  })

  it('without Platform.monitor the report says what it would do', async () => {
    const dir = setup()
    windowCsv(dir, 'd.csv', { seed: 10, shift: 2 })
    const r = await monitor(dir, { current: 'd.csv' })
    expect(r.p.outputs.decision).toBe('retrain')
    expect(r.report.record.actions[0]).toMatchObject({ kind: 'dry-run' })
    expect(r.p.summaries.join('\n')).toMatch(/would dispatch retrain\.yml with mlgate-event=drift-1-/)
  })

  it('a window below the expected level minus the margin, its interval clear of it, with drift, retrains; without drift it escalates', async () => {
    const dir = setup()
    writeFileSync(join(dir, 'expected.json'), JSON.stringify({ accuracy: 0.9 }))
    predictionsCsv(dir, 'bad.csv', 600, 0.7)
    predictionsCsv(dir, 'fine.csv', 600, 0.9)
    windowCsv(dir, 'd.csv', { seed: 11, shift: 2 })
    windowCsv(dir, 'ok.csv', { seed: 12 })
    const fine = await monitor(dir, { current: 'ok.csv', predictions: 'fine.csv', 'expected-metrics': 'expected.json', history: 'dir:h1' })
    expect(fine.p.outputs.decision).toBe('keep')
    expect(fine.report.record.metrics[0]).toMatchObject({ name: 'accuracy', status: 'ok' })
    const lost = await monitor(dir, { current: 'ok.csv', predictions: 'bad.csv', 'expected-metrics': 'expected.json', history: 'dir:h2' })
    expect(lost.p.outputs.decision).toBe('escalate')
    expect(lost.p.outputs.reason).toMatch(/Performance fell below the expected level \(accuracy\) without any feature drift/)
    const both = await monitor(dir, { current: 'd.csv', predictions: 'bad.csv', 'expected-metrics': 'expected.json', history: 'dir:h3' })
    expect(both.p.outputs.decision).toBe('retrain')
    expect(both.report.inputs.map((f: { path: string }) => f.path)).toEqual(['ref.csv', 'd.csv', 'bad.csv', 'expected.json'])
    const m = both.report.record.metrics[0]
    expect(m.status).toBe('degraded')
    expect(m.ci[1]).toBeLessThan(0.88)
  })

  it('validation errors escalate; a retrain run that failed escalates the same event instead of dispatching again', async () => {
    const dir = setup()
    writeFileSync(join(dir, 'schema.yaml'), 'fields:\n  - name: amount\n    type: number\n    constraints: { minimum: -1 }\n  - name: channel\n    type: string\n  - name: age\n    type: integer\n')
    windowCsv(dir, 'ok.csv', { seed: 13 })
    const invalid = await monitor(dir, { current: 'ok.csv', schema: 'schema.yaml', history: 'dir:v' })
    expect(invalid.p.outputs.decision).toBe('escalate')
    expect(invalid.p.outputs.reason).toMatch(/^Data validation found \d+ error\(s\) in the window/)
    const m = memoryMonitor()
    windowCsv(dir, 'd.csv', { seed: 14, shift: 2 })
    const first = await monitor(dir, { current: 'd.csv', history: 'dir:r' }, m)
    m.complete(first.p.outputs['event-id'], 'failure')
    const second = await monitor(dir, { current: 'd.csv', history: 'dir:r' }, m)
    expect(second.p.outputs).toMatchObject({ decision: 'escalate', 'event-id': first.p.outputs['event-id'] })
    expect(second.p.outputs.reason).toMatch(/A retrain did not fix this drift: the retrain run https:\/\/ci.example\/runs\/drift-1-[0-9a-f]+\/1 ended in failure/)
    expect(m.calls.map((c) => c.op)).toEqual(['retrainRuns', 'dispatchRetrain', 'retrainRuns', 'findEscalation', 'openEscalation'])
  })

  it('a successful run inside the cooldown holds the dispatch; past the cooldown with the drift still there the case escalates', async () => {
    const dir = setup()
    const m = memoryMonitor(() => '2026-12-10T02:00:00.000Z')
    windowCsv(dir, 'd.csv', { seed: 15, shift: 2 })
    const at = (t: string) => ({ current: 'd.csv', history: 'dir:c', 'window-time': t })
    const first = await monitor(dir, at('2026-12-10T02:00:00Z'), m)
    m.complete(first.p.outputs['event-id'], 'success')
    const held = await monitor(dir, at('2026-12-10T20:00:00Z'), m)
    expect(held.p.outputs.decision).toBe('retrain')
    expect(held.p.outputs.reason).toMatch(/within the 24 h cooldown until 2026-12-11T02:00:00.000Z, so none is dispatched/)
    expect(held.p.outputs['run-url']).toBe(first.p.outputs['run-url'])
    const late = await monitor(dir, at('2026-12-11T03:00:00Z'), m)
    expect(late.p.outputs.decision).toBe('escalate')
    expect(m.calls.filter((c) => c.op === 'dispatchRetrain')).toHaveLength(1)
  })

  it('unseen categories in a critical column escalate, naming the column; the same categories elsewhere only drift', async () => {
    const dir = setup()
    writeFileSync(join(dir, 'policy.yaml'), 'critical: [channel]\n')
    windowCsv(dir, 'u.csv', { seed: 16, unseen: 'z' })
    const critical = await monitor(dir, { current: 'u.csv', policy: 'policy.yaml', history: 'dir:u1' })
    expect(critical.p.outputs.decision).toBe('escalate')
    expect(critical.p.outputs.reason).toMatch(/^Critical column\(s\) channel hold categories the reference never had/)
    expect(critical.report.record.columns.find((c: { name: string }) => c.name === 'channel').unseen).toBe(80)
    const plain = await monitor(dir, { current: 'u.csv', history: 'dir:u2' })
    expect(plain.p.outputs.decision).toBe('retrain')
  })

  it("a critical column of the policy that the data lacks is refused naming the policy's list", async () => {
    const dir = setup()
    windowCsv(dir, 'ok.csv', { seed: 17 })
    writeFileSync(join(dir, 'policy.yaml'), 'critical: [nope]\n')
    const r = await monitor(dir, { current: 'ok.csv', policy: 'policy.yaml', history: 'dir:n' })
    expect(r.outcome).toBe('error')
    expect(r.p.outcome?.message).toMatch(/^The monitor policy's 'critical' list: column 'nope' is in neither the reference nor the current data/)
  })
})
