import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newReport } from '../../../packages/core/src/report/model.ts'
import type { Statement } from '../../../packages/core/src/evidence/statement.ts'
import { statementFor } from '../../../packages/core/src/evidence/statement.ts'
import { auditSummary, readStatements } from '../../../packages/core/src/evidence/bundle.ts'
import { eventChains } from '../../../packages/core/src/evidence/chain.ts'
import { runEvent } from '../../../packages/core/src/evidence/event.ts'
import { ConfigurationError } from '../../../packages/core/src/errors.ts'
import { predicateSchemaErrors } from '../../helpers/report-schema.ts'

const SHA = 'b'.repeat(64)
const ID = 'drift-20261203-3fa9c2d1'

function statement(task: string, verdict: 'pass' | 'warn' | 'fail', at: string, run: string, body: Record<string, unknown> = {}, details: Record<string, unknown> = {}): Statement {
  const r = newReport(task, task)
  r.verdict = verdict
  r.headline = `${task} ${verdict}`
  r.timings.startedAt = at
  r.body = body
  return statementFor(r, SHA, { workspace: '/w', runUrl: run }, details)
}

const approval = (outcome: string, who: string[]) => ({ approval: { outcome, decisionSha256: SHA, approvals: who.map((w) => ({ who: w })) } })

describe('the drift event in evidence statements', () => {
  it('a report body naming an event puts it in the predicate, which still passes the schema', () => {
    const s = statement('gate-model', 'pass', '2026-12-03T05:00:00Z', 'https://ci/run/2', { event: { id: ID } })
    expect(s.predicate.event).toEqual({ id: ID })
    expect(predicateSchemaErrors(s.predicate)).toEqual([])
    expect(statement('gate-model', 'pass', 'x', 'r').predicate).not.toHaveProperty('event')
    // a body field that is not an event object is not taken for one
    expect(statement('gate-model', 'pass', 'x', 'r', { event: 'drift' }).predicate).not.toHaveProperty('event')
  })

  it('event-id wins over MLGATE_EVENT; a malformed id is a ConfigurationError naming where it came from', () => {
    const ctx = (input: string | undefined, env: string | undefined) => ({
      inputs: { optional: (n: string) => (n === 'event-id' ? input : undefined) } as never,
      platform: { env: { MLGATE_EVENT: env } } as never,
    })
    expect(runEvent(ctx(ID, 'other'))).toEqual({ id: ID })
    expect(runEvent(ctx(undefined, ` ${ID} `))).toEqual({ id: ID })
    expect(runEvent(ctx(undefined, undefined))).toBeUndefined()
    expect(runEvent(ctx('', ''))).toBeUndefined()
    expect(() => runEvent(ctx('drift 1; rm', undefined))).toThrow(ConfigurationError)
    expect(() => runEvent(ctx(undefined, "x' OR 1=1"))).toThrow(/^The variable MLGATE_EVENT .* is not a drift event id/)
  })
})

describe('mlgate evidence bundle: drift → retrain → gate → approval → deploy', () => {
  const monitorRun = 'https://github.com/acme/models/actions/runs/100'
  const retrainRun = 'https://github.com/acme/models/actions/runs/200'
  const chain = [
    statement('monitor', 'warn', '2026-12-03T02:00:00Z', monitorRun, { event: { id: ID, decision: 'retrain' } }),
    statement('monitor', 'warn', '2026-12-04T02:00:00Z', 'https://github.com/acme/models/actions/runs/101', { event: { id: ID, decision: 'escalate' } }),
    statement('gate-model', 'pass', '2026-12-03T05:00:00Z', retrainRun, { event: { id: ID } }),
    statement('require-approval', 'pass', '2026-12-03T06:00:00Z', retrainRun, { event: { id: ID } }, approval('approved', ['carol'])),
  ]

  it('reads the artifacts of both runs from one directory, each statement once, and shows the chain in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-chain-'))
    mkdirSync(join(dir, 'monitor-evidence'))
    mkdirSync(join(dir, 'retrain-evidence'))
    writeFileSync(
      join(dir, 'monitor-evidence', 'evidence-bundle.jsonl'),
      chain
        .slice(0, 2)
        .map((s) => JSON.stringify(s))
        .join('\n') + '\n',
    )
    writeFileSync(
      join(dir, 'retrain-evidence', 'evidence-bundle.jsonl'),
      chain
        .slice(2)
        .map((s) => JSON.stringify(s))
        .join('\n') + '\n',
    )
    // the same statement as a file beside its bundle, and one of another event
    writeFileSync(join(dir, 'retrain-evidence', 'gate-model.intoto.json'), JSON.stringify(chain[2], null, 2))
    writeFileSync(join(dir, 'other.intoto.json'), JSON.stringify(statement('detect-drift', 'pass', '2026-12-01T00:00:00Z', 'r')))
    const statements = await readStatements(dir)
    expect(statements.map((s) => s.predicate.task)).toEqual(['detect-drift', 'monitor', 'gate-model', 'require-approval', 'monitor'])
    expect([...eventChains(statements).keys()]).toEqual([ID])
    const md = auditSummary(statements)
    const section = md.slice(md.indexOf('## Drift events'))
    expect(section).toContain(`### Drift event \`${ID}\``)
    const steps = section
      .split('\n')
      .filter((l) => /^\| (drift|escalate|recovered|gate|approval) /.test(l))
      .map((l) => l.split('|')[1].trim())
    expect(steps).toEqual(['drift', 'gate', 'approval', 'escalate'])
    expect(section).toContain('retrain: monitor warn')
    expect(section).toContain(`Retrain run(s): ${retrainRun}.`)
    expect(section).toContain(`**Deploy:** Cleared for deploy: the gate passed and carol approved in ${retrainRun}.`)
  })

  it('is not cleared for deploy while the gate failed, the approval is missing or denied, or no retrain has evidence', () => {
    const deploy = (list: Statement[]) => /\*\*Deploy:\*\* (.*)/.exec(auditSummary(list))?.[1]
    expect(deploy([chain[0]])).toBe('Not cleared: no retrain run has evidence for this event yet.')
    expect(deploy([chain[0], statement('gate-model', 'fail', '2026-12-03T05:00:00Z', retrainRun, { event: { id: ID } })])).toMatch(/^Not cleared: the retrained model's gate says fail/)
    expect(deploy([chain[0], chain[2]])).toBe('Not cleared: the gate passed but no approval followed it.')
    const denied = statement('require-approval', 'fail', '2026-12-03T06:00:00Z', retrainRun, { event: { id: ID } }, approval('denied', []))
    expect(deploy([chain[0], chain[2], denied])).toBe('Not cleared: the gate passed but the approval is denied.')
    expect(auditSummary([statement('gate-model', 'pass', 'x', 'r')])).not.toContain('Drift event')
  })

  it('a corrupt line of a bundle is one sentence naming the file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-chain-bad-'))
    writeFileSync(join(dir, 'evidence-bundle.jsonl'), `${JSON.stringify(chain[0])}\n{"_type": \n`)
    await expect(readStatements(dir)).rejects.toThrow(`The evidence statement '${join(dir, 'evidence-bundle.jsonl')}, line 2' is not valid JSON`)
  })
})
