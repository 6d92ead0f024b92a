import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../harness/cli.ts'
import { runGithubAction } from '../harness/github.ts'
import { ROOT } from '../harness/node.ts'
import { predicateSchemaErrors } from '../../helpers/report-schema.ts'

const data = join(ROOT, 'test/fixtures/foundation')
const ex = join(ROOT, 'examples/data')

interface Statement {
  _type: string
  subject: { name: string; digest: { sha256: string } }[]
  predicateType: string
  predicate: { task: string; verdict: string; decision: string; report: { sha256: string } }
}

const statementsIn = (dir: string): { name: string; s: Statement }[] =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.intoto.json'))
    .sort()
    .map((name) => ({ name, s: JSON.parse(readFileSync(join(dir, name), 'utf8')) as Statement }))

describe('two runs of one task in a job keep both records', () => {
  it('validate bad.csv then good.csv under the GitHub harness: two statements, two run reports, both in the bundle', async () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'mlgate-tworuns-'))
    const evidence = join(runnerTemp, 'evidence')
    const opts = { runnerTemp }
    const bad = await runGithubAction('validate-data', { data: join(data, 'missing-column.csv'), schema: join(data, 'schema.yaml'), 'evidence-dir': evidence }, opts)
    expect(bad.exitCode, bad.stdout).toBe(1)
    const good = await runGithubAction('validate-data', { data: join(data, 'good.csv'), schema: join(data, 'schema.yaml'), 'evidence-dir': evidence }, opts)
    expect(good.exitCode, good.stdout).toBe(0)

    const statements = statementsIn(evidence)
    expect(statements.map((x) => x.s.predicate.verdict).sort()).toEqual(['fail', 'pass'])
    expect(new Set(statements.map((x) => x.s.subject[0].name))).toEqual(new Set([join(data, 'missing-column.csv'), join(data, 'good.csv')]))
    // the first run keeps the plain name, so a single run is where the docs say it is
    expect(statements.map((x) => x.name)).toContain('validate-data.intoto.json')
    const reports = join(runnerTemp, '.mlgate', '4242', 'gate', 'reports')
    expect(
      readdirSync(reports)
        .filter((n) => n.startsWith('validate-data'))
        .map((n) => JSON.parse(readFileSync(join(reports, n), 'utf8')).verdict)
        .sort(),
    ).toEqual(['fail', 'pass'])

    const out = join(runnerTemp, 'bundle.jsonl')
    const bundled = await runCli(['evidence', 'bundle', '--dir', evidence, '--out', out])
    expect(bundled.exitCode, bundled.stderr).toBe(0)
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Statement)
    // in the order the runs happened
    expect(lines.map((s) => s.predicate.verdict)).toEqual(['fail', 'pass'])
    expect(readFileSync(out.replace(/\.jsonl$/, '.md'), 'utf8')).toMatch(/2 statement\(s\)/)
  })
})

describe('mlgate evidence bundle over a corrupt statement', () => {
  it('says so in one sentence naming the file, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-corrupt-'))
    writeFileSync(join(dir, 'gate-model.intoto.json'), '{"_type": "https://in-toto.io/Statement/v1", "subject": [')
    const r = await runCli(['evidence', 'bundle', '--dir', dir, '--out', join(dir, 'b.jsonl')])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain(join(dir, 'gate-model.intoto.json'))
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).not.toMatch(/SyntaxError|\n\s+at /)
  })
})

describe('one predicate schema for every task', () => {
  it('the statement of each of the five tasks (and the approval decision statement) validates against evidence-predicate.schema.json', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'mlgate-predicates-'))
    const evidence = join(ws, 'evidence')
    writeFileSync(join(ws, 'requirements.txt'), 'numpy==1.26.4\n')
    const env = { MLGATE_WORKSPACE: join(ws, 'run') }
    const common = ['--evidence-dir', evidence]
    const runs: [string, string[]][] = [
      ['validate-data', ['--data', join(data, 'good.csv'), '--schema', join(data, 'schema.yaml')]],
      ['detect-drift', ['--reference', join(ex, 'reference.csv'), '--current', join(ex, 'current.csv'), '--exclude', 'transaction_id']],
      ['gate-model', ['--candidate', join(ex, 'metrics-candidate.json'), '--baseline', join(ex, 'metrics-baseline.json'), '--rules', join(ex, 'gate-rules.yaml')]],
      ['check-reproducibility', ['--lockfiles', 'requirements.txt']],
      ['require-approval', ['--mode', 'cli', '--decision-file', join(ex, 'approval-decision.json'), '--decision-path', join(ws, 'approval/decision.json')]],
    ]
    for (const [task, args] of runs) {
      const r = await runCli([task, ...args, ...common], { cwd: ws, env })
      expect(r.exitCode, `${task}: ${r.stderr}`).toBeLessThan(2)
    }
    const statements = [...statementsIn(evidence), ...statementsIn(join(ws, 'approval'))]
    expect(statements.map((x) => x.s.predicate.task).sort()).toEqual(['check-reproducibility', 'detect-drift', 'gate-model', 'require-approval', 'require-approval', 'validate-data'])
    for (const { name, s } of statements) {
      expect(s._type, name).toBe('https://in-toto.io/Statement/v1')
      expect(s.predicateType, name).toBe('https://mlgate.dev/evidence/v1')
      expect(predicateSchemaErrors(s.predicate), name).toEqual([])
    }
    // the approval's statement is bound to its decision record
    const decision = statementsIn(join(ws, 'approval'))[0].s.predicate as unknown as { verdict: string; approval: { outcome: string; decisionSha256: string } }
    expect(decision.approval.decisionSha256).toBe(
      createHash('sha256')
        .update(readFileSync(join(ws, 'approval/decision.json')))
        .digest('hex'),
    )
    expect(['pass', 'warn', 'fail']).toContain(decision.verdict)
    expect(['approved', 'denied', 'timed-out', 'pending']).toContain(decision.approval.outcome)
  })
})
