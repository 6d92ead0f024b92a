import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../harness/cli.ts'

// validate-data's defects as a user meets them: the mlgate bundle in a child process.

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-vd-cli-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

async function validate(files: Record<string, string>, args: string[]) {
  const cwd = workspace(files)
  const r = await runCli(['validate-data', ...args, '--report', join(cwd, 'report.json')], { cwd })
  const report = () => JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8'))
  return { ...r, report }
}

const oneSentence = (stderr: string) => {
  expect(stderr).not.toMatch(/\n\s+at /)
  return stderr.trim()
}

describe('mlgate validate-data (child process)', () => {
  it('primaryKey: ID for the field id is a schema error, not a pass with duplicate ids', async () => {
    const r = await validate({ 'd.csv': 'id,name\n1,a\n1,b\n', 's.yaml': 'fields:\n  - { name: id, type: integer }\n  - { name: name }\nprimaryKey: ID\n' }, ['--data', 'd.csv', '--schema', 's.yaml'])
    expect(r.exitCode).toBe(2)
    expect(oneSentence(r.stderr)).toContain("The schema 's.yaml' is invalid: primaryKey names 'ID', which is not a field — did you mean 'id'?")
  })

  it('two fields named id are a schema error naming both positions', async () => {
    const r = await validate({ 'd.csv': 'id\n1\n', 's.yaml': 'fields:\n  - { name: id, type: integer }\n  - { name: id }\n' }, ['--data', 'd.csv', '--schema', 's.yaml'])
    expect(r.exitCode).toBe(2)
    expect(oneSentence(r.stderr)).toContain("fields[0] and fields[1] are both named 'id'")
  })

  it('0b101 does not pass a maximum of 10 as 5: a type-error', async () => {
    const r = await validate({ 'd.csv': 'n\n1\n0b101\n0x10\n', 's.yaml': 'fields:\n  - { name: n, type: number, constraints: { maximum: 10 } }\n' }, ['--data', 'd.csv', '--schema', 's.yaml'])
    expect(r.exitCode).toBe(1)
    expect(r.report().errors.map((e: { type: string; cell: string }) => `${e.type}:${e.cell}`)).toEqual(['type-error:0b101', 'type-error:0x10'])
    expect(r.stdout).toContain("- 1 × n '0b101' not a valid number — row 3")
  })

  it('0b101 in a file large enough for the parallel scan is a type-error too', async () => {
    const lines = ['id,n']
    for (let i = 1; i <= 700_000; i++) lines.push(`${i},${i % 10}.25`)
    lines[600_000] = '600000,0b101'
    const r = await validate({ 'big.csv': lines.join('\n') + '\n', 's.yaml': 'fields:\n  - { name: id, type: integer }\n  - { name: n, type: number, constraints: { maximum: 10 } }\n' }, [
      '--data',
      'big.csv',
      '--schema',
      's.yaml',
    ])
    expect(r.exitCode).toBe(1)
    expect(r.report().errors).toEqual([expect.objectContaining({ type: 'type-error', rowNumber: 600_001, cell: '0b101' })])
  })

  it('JSON Lines records that omit an optional key pass; an undeclared key is one extra-label', async () => {
    const schema = 'fields:\n  - { name: id, type: integer, constraints: { required: true } }\n  - { name: coupon, type: string }\n'
    const ok = await validate({ 'd.jsonl': '{"id": 1}\n{"id": 2, "coupon": "A"}\n{"id": 3}\n', 's.yaml': schema }, ['--data', 'd.jsonl', '--schema', 's.yaml'])
    expect(ok.exitCode).toBe(0)
    expect(ok.report().errors).toEqual([])
    const extra = await validate({ 'd.jsonl': '{"id": 1, "coupon": "A"}\n{"id": 2, "note": "x"}\n{"id": 3, "note": "y"}\n', 's.yaml': schema }, ['--data', 'd.jsonl', '--schema', 's.yaml'])
    expect(extra.exitCode).toBe(1)
    expect(extra.report().errorCounts).toEqual({ 'extra-label': 1 })
  })

  it('the summary lists each distinct finding once with its exact count and first rows', async () => {
    const lines = ['id,merchant_category']
    const crypto = new Set([2, 5, 16, ...Array.from({ length: 43 }, (_, i) => 20 + i)])
    for (let line = 2; line <= 101; line++) lines.push(`${line - 1},${crypto.has(line) ? 'crypto' : 'grocery'}`)
    const r = await validate({ 'tx.csv': lines.join('\n') + '\n', 's.yaml': 'fields:\n  - { name: id, type: integer }\n  - { name: merchant_category, constraints: { enum: [grocery, travel] } }\n' }, [
      '--data',
      'tx.csv',
      '--schema',
      's.yaml',
      '--max-errors',
      '10',
    ])
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain("#### Findings\n\n- 46 × merchant_category 'crypto' not in enum — rows 2, 5, 16, 20, 21, …\n")
    expect(r.report().errors).toHaveLength(10)
    expect(r.report().findings[0].count).toBe(46)
  })
})
