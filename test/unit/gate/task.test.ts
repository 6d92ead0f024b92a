import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runTask } from '../../../packages/core/src/index.ts'
import { gateModel } from '../../../packages/core/src/tasks/gate-model.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'
import { reportSchemaErrors } from '../../helpers/report-schema.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-gate-task-'))

/** Labels alternate; each segment's rows are right for the first `pct` of every 100. */
function predictions(name: string, pct: Record<string, number>, sizes: Record<string, number>): string {
  const lines = ['y_true,y_pred,segment']
  for (const [seg, n] of Object.entries(sizes))
    for (let i = 0; i < n; i++) {
      const y = i % 2
      lines.push(`${y},${i % 100 < pct[seg] ? y : 1 - y},${seg}`)
    }
  writeFileSync(join(dir, name), lines.join('\n') + '\n')
  return name
}

async function gate(inputs: Record<string, string>) {
  const p = memoryPlatform({ report: join(dir, 'report.json'), ...inputs })
  const outcome = await runTask(gateModel, p, dir)
  const errors = p.logs.filter((l) => l.level === 'error').map((l) => l.message)
  expect(errors).toEqual([])
  return { outcome, p, report: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) }
}

describe('gate-model task', () => {
  const sizes = { a: 300, b: 200, c: 30 }
  const cand = predictions('cand.csv', { a: 99, b: 70, c: 10 }, sizes)
  const base = predictions('base.csv', { a: 85, b: 85, c: 85 }, sizes)

  it('a failing slice fails the gate and is named; slices under min-slice-size are not gated', async () => {
    const { p, report } = await gate({ predictions: cand, 'baseline-predictions': base, rules: 'accuracy >= baseline - 0.05', 'slice-column': 'segment', 'min-slice-size': '50', resamples: '200' })
    expect(reportSchemaErrors('gate-model', report)).toEqual([])
    expect(report.metrics[0]).toMatchObject({ name: 'accuracy', passed: true })
    expect(report.promote).toBe(false)
    expect(report.verdict).toBe('fail')
    expect(report.headline).toBe('promote: no — slice(s) failed: segment=b: accuracy regressed 0.15 > margin 0.05')
    expect(report.slices.find((s: { value: string }) => s.value === 'c')).toMatchObject({ gated: false, passed: false })
    expect(p.outputs).toMatchObject({ promote: 'false', 'failed-rules': 'segment=b' })
    expect(p.annotations[0]).toMatchObject({ level: 'error', title: 'gate-model: slice segment=b' })
  })

  it('no rules: every known metric on both sides may not regress; computed holds the metrics from predictions', async () => {
    const { report, p } = await gate({ predictions: base, 'baseline-predictions': base, significance: 'none' })
    expect(report.promote).toBe(true)
    expect(report.computed.accuracy).toBeCloseTo((255 + 170 + 25.5) / 530, 1)
    expect(report.metrics.map((m: { name: string }) => m.name)).toContain('f1')
    expect(p.outputs.promote).toBe('true')
    expect(report.headline).toMatch(/^promote: yes — all \d+ rule\(s\) passed$/)
  })

  it('fail-on never reports the block as a warning', async () => {
    const { report, outcome } = await gate({ predictions: cand, 'baseline-predictions': base, rules: 'accuracy >= 0.99', 'fail-on': 'never' })
    expect(report.verdict).toBe('warn')
    expect(report.promote).toBe(false)
    expect(String(outcome)).not.toBe('fail')
  })

  it('the diff table shows baseline, candidate, Δ, Δ%, CI, rule and result', async () => {
    writeFileSync(join(dir, 'c.json'), '{"latency_ms": 120, "rmse": 2.0}')
    writeFileSync(join(dir, 'b.json'), '{"latency_ms": 100, "rmse": 2.5}')
    const { p, report } = await gate({ candidate: 'c.json', baseline: 'b.json', rules: 'latency_ms <= baseline * 1.1; rmse <= baseline' })
    expect(report.headline).toBe('promote: no — latency_ms regressed 20 > margin 10')
    const md = p.summaries.join('\n')
    expect(md).toContain('| Metric | Baseline | Candidate | Δ | Δ% | 95% CI of Δ | Rule | Result |')
    expect(md).toMatch(/\| latency_ms \| 100 \| 120 \| \+20 \| \+20% \| — \|/)
    expect(report.metrics[1]).toMatchObject({ name: 'rmse', delta: -0.5, passed: true, direction: 'lower' })
  })
})
