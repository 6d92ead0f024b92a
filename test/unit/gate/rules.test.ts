import { describe, expect, it } from 'vitest'
import { evaluateRule, decisionLine } from '../../../packages/core/src/gate/evaluate.ts'
import { inferDirection, parseClause, parseRules } from '../../../packages/core/src/gate/rules.ts'
import { parseMetrics } from '../../../packages/core/src/gate/sources.ts'

describe('rules', () => {
  it('reads the inline form into absolute, superiority and non-inferiority rules', () => {
    expect(parseRules('accuracy >= 0.9; f1 >= baseline - 0.01\nlatency_ms <= baseline * 1.1', 'x').map(({ text: _t, ...r }) => r)).toEqual([
      { metric: 'accuracy', min: 0.9, significant: false },
      { metric: 'f1', direction: 'higher', maxRegression: 0.01, significant: false },
      { metric: 'latency_ms', direction: 'lower', maxRegressionRel: expect.closeTo(0.1, 12), significant: false },
    ])
    expect(parseClause('auc >= baseline + 0.02 significant')).toMatchObject({ minImprovement: 0.02, significant: true })
  })

  it('reads YAML and names unknown keys', () => {
    const rules = parseRules('metrics:\n  roc_auc: { min: 0.8, max-regression: 0.01, significant: true }\n  loss: { direction: lower, min-improvement-rel: 0.05 }', 'r.yaml')
    expect(rules[1]).toMatchObject({ metric: 'loss', direction: 'lower', minImprovementRel: 0.05 })
    expect(() => parseRules('f1:\n  max-regresion: 0.01', 'r.yaml')).toThrow("Unknown key 'max-regresion' in the rule for 'f1' (r.yaml) — did you mean 'max-regression'?")
    expect(() => parseRules('f1 => 0.3', 'x')).toThrow("Cannot read the rule 'f1 => 0.3'")
  })

  it('infers direction for well-known names', () => {
    expect([inferDirection('accuracy'), inferDirection('val_loss'), inferDirection('latency_ms'), inferDirection('roc_auc'), inferDirection('foo')]).toEqual([
      'higher',
      'lower',
      'lower',
      'higher',
      undefined,
    ])
  })

  it('relative changes are relative to |baseline|, not the signed baseline (unlike MLflow)', () => {
    const rule = parseRules('score: { direction: higher, max-regression-rel: 0.1 }', 'x')[0]
    // baseline −10, candidate −10.5: 5% worse → passes; MLflow's (c−b)/b would call it +5%
    expect(evaluateRule(rule, new Map([['score', -10.5]]), new Map([['score', -10]]), new Map(), 0.95).passed).toBe(true)
    expect(evaluateRule(rule, new Map([['score', -11.5]]), new Map([['score', -10]]), new Map(), 0.95).passed).toBe(false)
  })

  it('significance: the interval must clear the margin', () => {
    const rule = parseClause('f1 >= baseline - 0.01 significant')
    const cand = new Map([['f1', 0.8]])
    const base = new Map([['f1', 0.805]])
    expect(evaluateRule(rule, cand, base, new Map([['f1', [-0.008, 0.002]]]), 0.95).passed).toBe(true)
    const r = evaluateRule(rule, cand, base, new Map([['f1', [-0.03, 0.02]]]), 0.95)
    expect(r.passed).toBe(false)
    expect(decisionLine([r], 0.95, [])).toBe('promote: no — f1 regression > margin 0.01 not ruled out (95% CI -0.03…0.02)')
    const regressed = evaluateRule(rule, new Map([['f1', 0.779]]), new Map([['f1', 0.8]]), new Map([['f1', [-0.03, -0.012]]]), 0.95)
    expect(decisionLine([regressed], 0.95, [])).toBe('promote: no — f1 regressed 0.021 > margin 0.01 (95% CI -0.03…-0.012)')
    expect(decisionLine([{ ...regressed, passed: true }], 0.95, [])).toBe('promote: yes — all 1 rule(s) passed')
  })

  it('a metric missing on either side fails with a reason unless missing: skip', () => {
    const rule = parseRules('f1: { max-regression: 0.01 }', 'x')[0]
    expect(evaluateRule(rule, new Map([['f1', 0.8]]), new Map([['acc', 0.9]]), new Map(), 0.95).reason).toBe("'f1' is missing on the baseline side; it has: acc")
    const skip = parseRules('f1: { max-regression: 0.01, missing: skip }', 'x')[0]
    expect(evaluateRule(skip, new Map(), new Map(), new Map(), 0.95)).toMatchObject({ skipped: true, passed: true })
  })
})

describe('metric sources', () => {
  it('reads nested JSON/YAML (DVC), CSV name,value and MLflow runs/get JSON', () => {
    expect([...parseMetrics('{"eval": {"auc": 0.9, "f1": "0.7"}, "n": 3}', 'x')]).toEqual([
      ['eval.auc', 0.9],
      ['eval.f1', 0.7],
      ['n', 3],
    ])
    expect([...parseMetrics('name,value\naccuracy,0.91\nloss,0.2\n', 'x')]).toEqual([
      ['accuracy', 0.91],
      ['loss', 0.2],
    ])
    expect([...parseMetrics('{"run":{"data":{"metrics":[{"key":"auc","value":0.8,"timestamp":1,"step":0}]}}}', 'x')]).toEqual([['auc', 0.8]])
  })
})
