import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli, rows, writeCsv } from './data.ts'

const SCHEMA = (rowsMin: number) => `fields:
  - name: id
    type: integer
    constraints: { required: true }
  - name: amount
    type: number
  - name: score
    type: number
  - name: age
    type: integer
  - name: segment
    type: string
  - name: flag
    type: integer
primaryKey: id
rows: { min: ${rowsMin} }
`

describe('validate-data on merged profiles: the key across shards from per-shard key hashes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-profile-validate-'))
  beforeAll(async () => {
    const data = rows(600, 3)
    writeCsv(join(dir, 'a.csv'), data.slice(0, 300))
    writeCsv(join(dir, 'b.csv'), data.slice(300))
    // three rows of b again, in a shard of their own: duplicates no single shard can see
    writeCsv(join(dir, 'dup.csv'), data.slice(300, 303))
    writeFileSync(join(dir, 'schema.yaml'), SCHEMA(100))
    writeFileSync(join(dir, 'big.schema.yaml'), SCHEMA(1_000_000))
    const segments = data.map((l) => l.split(',')[4])
    writeFileSync(join(dir, 'expected-public.txt'), String(segments.filter((s) => s === 'public').length))
    writeFileSync(
      join(dir, 'rules.schema.yaml'),
      SCHEMA(100)
        .replace('  - name: segment\n    type: string', "  - name: segment\n    type: string\n    constraints: { enum: [retail, sme, corporate, private], pattern: '[a-z]+' }")
        .replace('  - name: amount\n    type: number', "  - name: amount\n    type: number\n    quality: { mean: { max: 1 }, quantiles: { '0.5': { min: 0 } } }"),
    )
    await cli(['profile', '--data', 'a.csv', '--out', 'ref.profile.json'], dir)
    for (const f of ['a', 'b', 'dup']) await cli(['profile', '--data', `${f}.csv`, '--edges-from', 'ref.profile.json', '--keys', 'id', '--out', `${f}.profile.json`], dir)
    await cli(['profile', '--data', 'b.csv', '--edges-from', 'ref.profile.json', '--out', 'b-nokeys.profile.json'], dir)
  }, 60_000)

  it('distinct keys pass and state the collision bound', async () => {
    const r = await cli(['validate-data', '--data', 'a.profile.json,b.profile.json', '--schema', 'schema.yaml', '--report', 'ok.json'], dir, 0)
    const report = JSON.parse(readFileSync(join(dir, 'ok.json'), 'utf8'))
    expect(report.key).toMatchObject({ fields: ['id'], checked: true, keys: 600, duplicates: 0, hashBits: 64 })
    expect(report.key.collisionBound).toBeCloseTo((600 * 599) / 2 / 2 ** 64, 30)
    expect(r.stdout).toMatch(/600 keys, all distinct \(64-bit hashes: a real duplicate is never missed; one reported where all 600 keys differ has probability ≤ 9\.7e-15\)/)
  })

  it('duplicates across shards fail the step and are counted', async () => {
    await cli(['validate-data', '--data', 'a.profile.json,b.profile.json,dup.profile.json', '--schema', 'schema.yaml', '--report', 'dup.json'], dir, 1)
    const report = JSON.parse(readFileSync(join(dir, 'dup.json'), 'utf8'))
    expect(report.key).toMatchObject({ checked: true, keys: 603, duplicates: 3 })
    expect(report.valid).toBe(false)
    expect(report.errorCounts['primary-key']).toBe(3)
  })

  it('a key the profiles hold no hashes of is a warning, never a silent pass', async () => {
    await cli(['validate-data', '--data', 'b-nokeys.profile.json', '--schema', 'schema.yaml', '--report', 'nokeys.json', '--fail-on', 'warning'], dir, 1)
    const report = JSON.parse(readFileSync(join(dir, 'nokeys.json'), 'utf8'))
    expect(report.key).toMatchObject({ checked: false })
    expect(report.verdict).toBe('fail')
    expect(report.warnings.join(' ')).toMatch(/profile with keys id/)
    expect(report.checks.find((c: { id: string }) => c.id === 'key')).toMatchObject({ status: 'warn', message: expect.stringMatching(/^not checked: /) })
  })

  it("the schema's dataset rules are checked on the merged profile", async () => {
    await cli(['validate-data', '--data', 'a.profile.json,b.profile.json', '--schema', 'big.schema.yaml', '--report', 'rows.json'], dir, 1)
    const report = JSON.parse(readFileSync(join(dir, 'rows.json'), 'utf8'))
    expect(report.errorCounts['row-count']).toBe(1)
    expect(report.rowCount).toBe(600)
    await cli(['validate-data', '--data', 'a.profile.json,b.profile.json', '--schema', 'rules.schema.yaml', '--report', 'rules.json'], dir, 1)
    const rules = JSON.parse(readFileSync(join(dir, 'rules.json'), 'utf8'))
    const enumFinding = rules.findings.find((f: { rule: string }) => f.rule === 'not in enum')
    // the category counts are complete: the enum is checked exactly, with the exact count
    expect(enumFinding).toMatchObject({ field: 'segment', value: 'public', count: Number(readFileSync(join(dir, 'expected-public.txt'), 'utf8')) })
    expect(rules.findings.some((f: { field: string; rule: string }) => f.field === 'amount' && /^mean .* above the maximum 1$/.test(f.rule))).toBe(true)
    // a pattern needs the cells: named as not checked, a warning
    expect(rules.warnings.join(' ')).toMatch(/Not checked on a profile .*pattern on 'segment'/)
    expect(rules.findings.some((f: { rule: string }) => /quantile/.test(f.rule))).toBe(false)
  })
})
