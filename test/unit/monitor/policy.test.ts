import { describe, expect, it } from 'vitest'
import { assess } from '../../../packages/core/src/monitor/assess.ts'
import type { WindowFacts } from '../../../packages/core/src/monitor/assess.ts'
import { rule, withRuns } from '../../../packages/core/src/monitor/decide.ts'
import { eventId, openEvent, windowEvent } from '../../../packages/core/src/monitor/event.ts'
import { defaultPolicy, parsePolicy } from '../../../packages/core/src/monitor/policy.ts'
import { HISTORY_VERSION, WINDOW_KIND } from '../../../packages/core/src/monitor/record.ts'
import type { ColumnRecord, WindowRecord } from '../../../packages/core/src/monitor/record.ts'

const col = (name: string, drifted: boolean, extra: Partial<ColumnRecord> = {}): ColumnRecord => ({
  name,
  kind: 'numeric',
  role: 'feature',
  method: 'ks',
  statistic: 0.1,
  pValue: drifted ? 0.001 : 0.5,
  threshold: 0.05,
  drifted,
  unseen: 0,
  missingShare: 0,
  skipped: null,
  ...extra,
})
const facts = (columns: ColumnRecord[], o: Partial<WindowFacts> = {}): WindowFacts => ({ columns, schema: { added: [], removed: [], typeChanged: [] }, validation: null, metrics: [], ...o })
const past = (drifted: boolean, seq: number): WindowRecord => ({
  kind: WINDOW_KIND,
  version: HISTORY_VERSION,
  seq,
  window: `w${seq}`,
  at: `2026-12-0${seq}T00:00:00Z`,
  rows: { reference: 1, current: 1 },
  ...facts([col('a', drifted), col('b', false)]),
  decision: 'keep',
  reason: '',
  event: null,
  actions: [],
})
const decide = (f: WindowFacts, history: WindowRecord[] = [], policy = defaultPolicy()) => rule(assess(f, history, policy), policy)

describe('the default policy', () => {
  it('keeps a stable window and retrains on feature drift in the current window', () => {
    expect(decide(facts([col('a', false), col('b', false)])).decision).toBe('keep')
    const r = decide(facts([col('a', true), col('b', false)]))
    expect(r).toMatchObject({ decision: 'retrain', rule: 'drift' })
    expect(r.reason).toBe('Features drifted: 1 of 2 feature columns drifted (a), while the schema is unchanged (no validation schema was given), so the model is retrained.')
    expect(decide(facts([col('a', false)], { validation: { errors: 0, warnings: 0 } })).reason).toBe(
      'No feature drift, no labelled predictions to measure performance on; validation passed and the schema is unchanged: the model is kept.',
    )
  })

  it('escalates the ambiguous causes, each with its own sentence', () => {
    expect(decide(facts([col('a', true)], { validation: { errors: 3, warnings: 0 } })).rule).toBe('escalate.validation-errors')
    expect(decide(facts([col('a', false)], { schema: { added: [], removed: [], typeChanged: ['a'] } })).reason).toMatch(/^The schema changed \(column 'a' changed type\)/)
    const critical = { ...defaultPolicy(), critical: ['a'] }
    expect(decide(facts([col('a', false, { unseen: 4 })]), [], critical).rule).toBe('escalate.unseen-critical')
    expect(decide(facts([col('a', false), col('y_pred', true, { role: 'prediction' })])).rule).toBe('escalate.prediction-drift-without-feature-drift')
    // prediction drift with feature drift is explained by the features: retrain
    expect(decide(facts([col('a', true), col('y_pred', true, { role: 'prediction' })])).decision).toBe('retrain')
    const degraded = { name: 'accuracy', direction: 'higher' as const, value: 0.7, ci: [0.65, 0.75] as [number, number], expected: 0.9, margin: 0.02, status: 'degraded' as const, rows: 500 }
    expect(decide(facts([col('a', false)], { metrics: [degraded] })).rule).toBe('escalate.performance-without-drift')
    expect(decide(facts([col('a', true)], { metrics: [degraded] })).reason).toMatch(/and performance fell \(accuracy\)/)
    // a rule switched off lets the case through to the next
    const off = parsePolicy('escalate:\n  schema-change: false\n', 'p.yaml')
    expect(decide(facts([col('a', true)], { schema: { added: ['z'], removed: [], typeChanged: [] } }), [], off).decision).toBe('retrain')
  })

  it('persistence k of n waits for enough drifted windows', () => {
    const policy = parsePolicy('drift:\n  persistence: 2 of 3\n', 'p.yaml')
    expect(decide(facts([col('a', true)]), [past(false, 1)], policy)).toMatchObject({ decision: 'keep', rule: 'drift.persistence' })
    expect(decide(facts([col('a', true)]), [past(true, 1), past(false, 2)], policy).decision).toBe('retrain')
    expect(decide(facts([col('a', true)]), [past(true, 1), past(false, 2), past(false, 3)], policy).decision).toBe('keep')
    // earlier drifted windows alone do not retrain: this window has to drift too
    expect(decide(facts([col('a', false)]), [past(true, 1), past(true, 2)], policy).decision).toBe('keep')
  })
})

describe('retrain runs of the event', () => {
  const retrain = decide(facts([col('a', true)]))
  const at = '2026-12-05T02:00:00Z'
  it('dispatches when there is none, not while one runs or within the cooldown; escalates when one failed or the drift outlived a success', () => {
    const p = defaultPolicy()
    expect(withRuns(retrain, [], p, at).dispatch).toEqual({ kind: 'dispatch' })
    expect(withRuns(retrain, [{ url: 'u1', status: 'in_progress', created: '2026-12-05T01:00:00Z' }], p, at).dispatch?.kind).toBe('in-progress')
    const recent = withRuns(retrain, [{ url: 'u1', status: 'completed', conclusion: 'success', created: '2026-12-04T12:00:00Z' }], p, at)
    expect(recent.dispatch).toMatchObject({ kind: 'cooldown', until: '2026-12-05T12:00:00.000Z' })
    expect(recent.ruling.decision).toBe('retrain')
    const old = withRuns(retrain, [{ url: 'u1', status: 'completed', conclusion: 'success', created: '2026-12-03T00:00:00Z' }], p, at)
    expect(old.ruling).toMatchObject({ decision: 'escalate', rule: 'escalate.retrain-did-not-fix' })
    expect(old.ruling.reason).toMatch(/the drift persists after the retrain run u1 succeeded/)
    expect(withRuns(retrain, [{ url: 'u2', status: 'completed', conclusion: 'failure', created: '2026-12-05T01:00:00Z' }], p, at).ruling.reason).toMatch(/the retrain run u2 ended in failure/)
  })
})

describe('drift events', () => {
  it('an id stable while the event stays open, new once it closed', () => {
    const id = eventId(3, 'w3', ['b', 'a'])
    expect(id).toBe(eventId(3, 'w3', ['a', 'b']))
    expect(id).toMatch(/^drift-3-[0-9a-f]{10}$/)
    const opened = windowEvent('retrain', null, { seq: 3, window: 'w3', at: 't', columns: ['a'] })!
    const w3 = { ...past(true, 3), decision: 'retrain' as const, event: opened }
    expect(openEvent([w3])).toBe(opened)
    expect(windowEvent('escalate', openEvent([w3]), { seq: 4, window: 'w4', at: 't', columns: ['c'] })).toBe(opened)
    expect(windowEvent('keep', opened, { seq: 4, window: 'w4', at: 't', columns: [] })).toBeNull()
    expect(openEvent([w3, past(false, 4)])).toBeNull()
  })
})

describe('the policy file', () => {
  it('every key has a default; unknown keys and bad values are refused naming the file and key', () => {
    expect(parsePolicy('', 'p.yaml')).toEqual(defaultPolicy())
    expect(parsePolicy('retrain:\n  cooldown: 2d\nperformance:\n  margin: 0.05\n', 'p.yaml')).toMatchObject({ retrain: { cooldownHours: 48 }, performance: { margin: 0.05 } })
    expect(() => parsePolicy('drift:\n  persistance: 2 of 3\n', 'p.yaml')).toThrow("p.yaml: unknown key 'drift.persistance' — did you mean 'persistence'?; keys are share, persistence.")
    expect(() => parsePolicy('drift:\n  persistence: 3 of 2\n', 'p.yaml')).toThrow(/'drift.persistence' must read 'k of n'/)
    expect(() => parsePolicy('escalate:\n  schema-change: sometimes\n', 'p.yaml')).toThrow("p.yaml: 'escalate.schema-change' must be true or false.")
    expect(() => parsePolicy('drift: [1', 'p.yaml')).toThrow(/^p.yaml is not valid YAML/)
  })
})
