import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runTask } from '../../../packages/core/src/index.ts'
import { gateModel } from '../../../packages/core/src/tasks/gate-model.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'
import { reportSchemaErrors } from '../../helpers/report-schema.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-gate-nopass-'))

function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text)
  return name
}

/** Runs the task; returns the outcome, the error sentence (if any) and the JSON report (if written). */
async function gate(inputs: Record<string, string>) {
  const reportPath = join(dir, `report-${Math.random().toString(36).slice(2)}.json`)
  const p = memoryPlatform({ report: reportPath, ...inputs })
  const outcome = await runTask(gateModel, p, dir)
  const error = p.logs
    .filter((l) => l.level === 'error')
    .map((l) => l.message)
    .join('\n')
  const report = outcome === 'error' ? undefined : JSON.parse(readFileSync(reportPath, 'utf8'))
  return { outcome, error, report, p }
}

const cand = file('cand.json', '{"roc_auc": 0.80, "f1": 0.70}')
const base = file('base.json', '{"roc_auc": 0.90, "f1": 0.70}')

describe('gate-model: no rule is never a pass', () => {
  it('rules that hold no rule are a configuration error naming the input or the file', async () => {
    for (const rules of [';', ' ; ;', '# only a comment']) {
      const r = await gate({ candidate: cand, baseline: base, rules })
      expect(r.outcome, rules).toBe('error')
      expect(r.error).toContain("input 'rules' holds no rule")
    }
    for (const [name, text] of [
      ['empty.yaml', ''],
      ['comments.yaml', '# policy to come\n'],
      ['nothing.yaml', 'metrics: {}\n'],
      ['null.yaml', 'metrics:\n'],
    ]) {
      const r = await gate({ candidate: cand, baseline: base, rules: file(name, text) })
      expect(r.outcome, name).toBe('error')
      expect(r.error).toContain(`'${name}' holds no rule`)
    }
  })

  it('a rule without a condition is a configuration error naming the metric', async () => {
    for (const text of ['metrics: {roc_auc: 0.99}', 'metrics:\n  roc_auc: null', 'metrics: {roc_auc: {}}', 'roc_auc: true', 'metrics: {roc_auc: {significant: true}}', '- metric: roc_auc']) {
      const r = await gate({ candidate: cand, baseline: base, rules: text })
      expect(r.outcome, text).toBe('error')
      expect(r.error, text).toMatch(/^The rule for 'roc_auc' in input 'rules' has no condition/)
    }
  })

  it('without rules, a metric the baseline has and the candidate lacks fails the gate, named', async () => {
    const r = await gate({ candidate: file('c1.json', '{"f1": 0.71}'), baseline: base })
    expect(r.outcome).toBe('fail')
    expect(r.report.headline).toBe('promote: no — roc_auc missing on the candidate side')
    expect(r.report.metrics.map((m: { name: string; passed: boolean }) => `${m.name}:${m.passed}`).sort()).toEqual(['f1:true', 'roc_auc:false'])
  })

  it('without rules, metrics computed from baseline predictions are compared only where the candidate can have them', async () => {
    const preds = file('bp.csv', 'y_true,y_score\n0,0.1\n1,0.8\n0,0.6\n1,0.9\n')
    const r = await gate({ candidate: file('c4.json', '{"accuracy": 0.75}'), 'baseline-predictions': preds })
    expect(r.outcome).toBe('pass')
    expect(r.report.metrics.map((m: { name: string }) => m.name)).toEqual(['accuracy'])
    const none = await gate({ candidate: file('c5.json', '{"latency_ms": 40}'), 'baseline-predictions': preds })
    expect(none.outcome).toBe('error')
    expect(none.error).toContain("Without 'rules' there is nothing to compare")
    const both = await gate({ predictions: preds, 'baseline-predictions': preds, significance: 'none' })
    expect(both.report.metrics.length).toBeGreaterThan(10)
  })

  it('a metric that is NaN fails its rule, named, with or without rules', async () => {
    const nan = file('nan.yaml', 'roc_auc: .nan\nf1: 0.7\n')
    const r = await gate({ candidate: nan, baseline: base })
    expect(r.outcome).toBe('fail')
    expect(r.report.headline).toBe('promote: no — roc_auc is NaN on the candidate side')
    const ruled = await gate({ candidate: nan, rules: 'roc_auc >= 0.5' })
    expect(ruled.outcome).toBe('fail')
    expect(ruled.report.metrics[0]).toMatchObject({ name: 'roc_auc', passed: false, candidate: null })
    // Python's json.dump writes NaN, which JSON.parse refuses
    const py = await gate({ candidate: file('py.json', '{"roc_auc": NaN, "f1": 0.7}'), baseline: base })
    expect(py.outcome).toBe('fail')
    expect(py.report.headline).toBe('promote: no — roc_auc is NaN on the candidate side')
  })

  it('without rules, a metric of unknown direction is a configuration error asking for a rule', async () => {
    const r = await gate({ candidate: file('c2.json', '{"f1": 0.7, "custom_score": 3}'), baseline: file('b2.json', '{"f1": 0.7, "custom_score": 4}') })
    expect(r.outcome).toBe('error')
    expect(r.error).toBe(
      "Without 'rules', every baseline metric is compared, and mlgate cannot tell whether higher or lower is better for custom_score; give 'rules' for it (e.g. 'custom_score >= baseline', or custom_score: { direction: higher, max-regression: 0 }).",
    )
  })

  it('eval/loss and wer are known to be better when lower', async () => {
    const r = await gate({ candidate: file('c3.json', '{"eval/loss": 0.5, "wer": 0.2}'), baseline: file('b3.json', '{"eval/loss": 0.4, "wer": 0.3}') })
    expect(r.outcome).toBe('fail')
    expect(r.report.metrics.map((m: { name: string; direction: string; passed: boolean }) => [m.name, m.direction, m.passed])).toEqual([
      ['eval/loss', 'lower', false],
      ['wer', 'lower', true],
    ])
  })

  it('predictions alone (no rules, no baseline) compute and report the metrics: warn, no rule gated anything', async () => {
    const p = file('p.csv', 'y_true,y_score\n0,0.1\n1,0.8\n0,0.6\n1,0.9\n')
    const r = await gate({ predictions: p })
    expect(r.outcome).toBe('warn')
    expect(reportSchemaErrors('gate-model', r.report)).toEqual([])
    expect(r.report.headline).toMatch(/^promote: no — no rule gated anything/)
    expect(r.report.promote).toBe(false)
    expect(r.report.computed.roc_auc).toBe(1)
    expect(r.report.computed.accuracy).toBe(0.75)
    expect(r.p.outputs.promote).toBe('false')
    expect(r.p.summaries.join('\n')).toMatch(/\| roc_auc \| 1 \|/)
  })

  it('rules that are all skipped (missing: skip) gate nothing: warn, not pass', async () => {
    const r = await gate({ candidate: cand, rules: 'metrics:\n  custom: { min: 1, missing: skip }' })
    expect(r.outcome).toBe('warn')
    expect(r.report.promote).toBe(false)
    expect(r.report.headline).toBe('promote: no — no rule gated anything: all 1 rule(s) were skipped, their metrics are missing (missing: skip)')
  })

  it('a slice on which a rule cannot be computed says so instead of dropping the rule', async () => {
    const rows = ['y_true,y_score,segment', '0,0.1,a', '1,0.9,a', '0,0.3,a', '1,0.7,a', '1,0.8,b', '1,0.6,b']
    const r = await gate({ predictions: file('seg.csv', rows.join('\n') + '\n'), rules: 'roc_auc >= 0.5', 'slice-column': 'segment', 'min-slice-size': '1' })
    const b = r.report.slices.find((s: { value: string }) => s.value === 'b')
    expect(b.notChecked).toEqual(["roc_auc needs both classes in y_true of 'slice segment=b', found only 1"])
    expect(r.p.summaries.join('\n')).toContain("⚠️ not checked: roc_auc needs both classes in y_true of 'slice segment=b', found only 1")
  })

  it('a header-only predictions file says it has no rows', async () => {
    const r = await gate({ predictions: file('h.csv', 'y_true,y_pred\n'), rules: 'accuracy >= 0.5' })
    expect(r.outcome).toBe('error')
    expect(r.error).toBe("The candidate predictions 'h.csv' have no rows (only a header); every metric needs evaluation rows.")
  })

  it('roc_auc on one class names the class instead of calling the metric unknown', async () => {
    const r = await gate({ predictions: file('one.csv', 'y_true,y_score\n1,0.2\n1,0.9\n1,0.7\n'), rules: 'roc_auc >= 0.8' })
    expect(r.outcome).toBe('error')
    expect(r.error).toBe("The rule on 'roc_auc' cannot be checked: roc_auc needs both classes in y_true of 'one.csv', found only 1.")
  })

  it('mlflow:<model> without a version or alias names both forms', async () => {
    const r = await gate({ candidate: 'mlflow:fraud', rules: 'roc_auc >= 0.8', 'mlflow-tracking-uri': 'http://127.0.0.1:9' })
    expect(r.outcome).toBe('error')
    expect(r.error).toBe("Input 'candidate': 'mlflow:fraud' should look like mlflow:<model>/<version> or mlflow:<model>@<alias>, e.g. mlflow:fraud/3 or mlflow:fraud@champion.")
  })

  it('a UTF-8 BOM at the start of a metrics JSON or a rules file is ignored', async () => {
    const r = await gate({
      candidate: file('bom.json', '\uFEFF{"roc_auc": 0.91}'),
      baseline: file('bom-b.json', '\uFEFF{"roc_auc": 0.9}'),
      rules: file('bom-rules.yaml', '\uFEFFmetrics:\n  roc_auc: { min: 0.85 }\n'),
    })
    expect(r.error).toBe('')
    expect(r.outcome).toBe('pass')
  })

  it('fail-on: fail blocks, fail-on: never reports the block as a warning', async () => {
    const failed = await gate({ candidate: cand, baseline: base, rules: 'roc_auc >= baseline', 'fail-on': 'fail' })
    expect(failed.outcome).toBe('fail')
    const never = await gate({ candidate: cand, baseline: base, rules: 'roc_auc >= baseline', 'fail-on': 'never' })
    expect(never.outcome).toBe('warn')
    expect(never.report.promote).toBe(false)
    expect(never.p.outputs.promote).toBe('false')
    const typo = await gate({ candidate: cand, baseline: base, rules: 'roc_auc >= baseline', 'fail-on': 'warn' })
    expect(typo.outcome).toBe('error')
    expect(typo.error).toContain("Input 'fail-on' must be one of fail, never")
  })
})
