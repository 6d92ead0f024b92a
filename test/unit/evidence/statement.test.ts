import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newReport } from '../../../packages/core/src/report/model.ts'
import { statementFor } from '../../../packages/core/src/evidence/statement.ts'
import { nextRecordName } from '../../../packages/core/src/evidence/names.ts'
import { auditSummary, readStatements } from '../../../packages/core/src/evidence/bundle.ts'
import { commentKey } from '../../../packages/core/src/publish.ts'
import { predicateSchemaErrors } from '../../helpers/report-schema.ts'

const SHA = 'a'.repeat(64)

function report(verdict: 'pass' | 'fail', startedAt: string) {
  const r = newReport('gate-model', 'Gate model')
  r.verdict = verdict
  r.headline = verdict === 'pass' ? 'promote: yes' : 'promote: no'
  r.timings.startedAt = startedAt
  r.inputs = [
    { path: 'm.json', bytes: 2, sha256: SHA },
    { path: 'm.json', bytes: 2, sha256: SHA },
  ]
  return r
}

describe('evidence statements', () => {
  it('carry the common predicate (task, verdict, decision, policy, report digest, tool, run) and pass its schema', () => {
    const s = statementFor(report('fail', '2026-01-01T00:00:00.000Z'), SHA, { workspace: '/w', runUrl: 'https://ci/run/1', pullRequest: 3 })
    expect(s.subject).toEqual([{ name: 'm.json', digest: { sha256: SHA } }])
    expect(s.predicate).toMatchObject({
      task: 'gate-model',
      verdict: 'fail',
      decision: 'promote: no',
      policy: {},
      report: { sha256: SHA },
      tool: { name: 'mlgate' },
      run: { url: 'https://ci/run/1', pullRequest: 3 },
    })
    expect(predicateSchemaErrors(s.predicate)).toEqual([])
    // task details never replace the common fields
    expect(statementFor(report('pass', 'x'), SHA, { workspace: '/w' }, { verdict: 'fail', approval: { outcome: 'approved', decisionSha256: SHA } }).predicate.verdict).toBe('pass')
  })

  it('the schema refuses a predicate without a verdict', () => {
    const { verdict: _, ...rest } = statementFor(report('pass', 'x'), SHA, { workspace: '/w' }).predicate
    expect(predicateSchemaErrors(rest)).not.toEqual([])
  })
})

describe('one record per run', () => {
  it('the first run keeps the task name, later runs count up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-names-'))
    expect(await nextRecordName(join(dir, 'missing'), 'validate-data', '.intoto.json')).toBe(join(dir, 'missing', 'validate-data.intoto.json'))
    writeFileSync(join(dir, 'validate-data.intoto.json'), '{}')
    writeFileSync(join(dir, 'validate-data.2.intoto.json'), '{}')
    writeFileSync(join(dir, 'detect-drift.intoto.json'), '{}')
    expect(await nextRecordName(dir, 'validate-data', '.intoto.json')).toBe(join(dir, 'validate-data.3.intoto.json'))
    expect(await nextRecordName(dir, 'gate-model', '.intoto.json')).toBe(join(dir, 'gate-model.intoto.json'))
  })

  it('the bundle lists statements in the order their runs started and names the decision', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-order-'))
    const write = (name: string, verdict: 'pass' | 'fail', at: string) => writeFileSync(join(dir, name), JSON.stringify(statementFor(report(verdict, at), SHA, { workspace: '/w' })))
    write('gate-model.intoto.json', 'fail', '2026-01-01T10:00:00.000Z')
    write('gate-model.2.intoto.json', 'pass', '2026-01-01T11:00:00.000Z')
    const statements = await readStatements(dir)
    expect(statements.map((s) => s.predicate.verdict)).toEqual(['fail', 'pass'])
    expect(auditSummary(statements)).toContain('promote: no')
  })
})

describe('the sticky comment key', () => {
  it('is repository + pull request + workflow: the same for every run of a workflow, different per workflow', () => {
    const a = commentKey({ workspace: '/w', repository: 'acme/models', pullRequest: 7, workflow: 'ml-checks', runId: '1', job: 'gate' })
    expect(commentKey({ workspace: '/x', repository: 'acme/models', pullRequest: 7, workflow: 'ml-checks', runId: '2', job: 'other' })).toBe(a)
    expect(commentKey({ workspace: '/w', repository: 'acme/models', pullRequest: 7, workflow: 'nightly' })).not.toBe(a)
    expect(commentKey({ workspace: '/w', repository: 'acme/models', pullRequest: 8, workflow: 'ml-checks' })).not.toBe(a)
    expect(commentKey({ workspace: '/w', workflow: 'a-->b' })).not.toContain('--')
  })
})
