import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exitCodeFor, runTask } from '../../../packages/core/src/index.ts'
import { validateData } from '../../../packages/core/src/tasks/validate-data.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'

/** Writes the files into a fresh directory and runs validate-data there. */
async function run(files: Record<string, string>, inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-vd-defects-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  const reportPath = join(dir, 'report.json')
  const p = memoryPlatform({ report: reportPath, ...inputs })
  const outcome = await runTask(validateData, p, dir)
  const errors = p.logs.filter((l) => l.level === 'error').map((l) => l.message)
  const report = existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : undefined
  return { code: exitCodeFor(outcome), errors, report, dir }
}

const kinds = (report: { errors: { type: string; rowNumber: number | null; fieldName: string | null }[] }) => report.errors.map((e) => `${e.type}@${e.rowNumber ?? '-'}:${e.fieldName ?? ''}`)

describe('schema references: a key naming no field is a schema error', () => {
  const ids = 'id,name\n1,a\n1,b\n'
  it('primaryKey: ID when the field is id → exit 2 naming the key, with a suggestion', async () => {
    const r = await run({ 'd.csv': ids, 's.yaml': 'fields:\n  - { name: id, type: integer }\n  - { name: name }\nprimaryKey: ID\n' }, { data: 'd.csv', schema: 's.yaml' })
    expect(r.code).toBe(2)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatch(/The schema 's\.yaml' is invalid: primaryKey names 'ID', which is not a field — did you mean 'id'\?/)
    expect(r.report).toBeUndefined()
  })

  it('a compound primaryKey with one unknown part', async () => {
    const r = await run({ 'd.csv': ids, 's.yaml': 'fields:\n  - { name: id, type: integer }\n  - { name: name }\nprimaryKey: [id, nmae]\n' }, { data: 'd.csv', schema: 's.yaml' })
    expect(r.code).toBe(2)
    expect(r.errors[0]).toMatch(/primaryKey names 'nmae', which is not a field — did you mean 'name'\?/)
  })

  it('foreignKeys: local fields and fields of a reference to the same resource must exist', async () => {
    const local = await run(
      { 'd.csv': ids, 's.yaml': 'fields:\n  - { name: id }\n  - { name: name }\nforeignKeys:\n  - { fields: nam, reference: { resource: other, fields: id } }\n' },
      { data: 'd.csv', schema: 's.yaml' },
    )
    expect(local.code).toBe(2)
    expect(local.errors[0]).toMatch(/foreignKeys\[0\]\.fields names 'nam', which is not a field — did you mean 'name'\?/)
    const self = await run(
      { 'd.csv': ids, 's.yaml': 'fields:\n  - { name: id }\n  - { name: parent }\nforeignKeys:\n  - { fields: parent, reference: { resource: "", fields: Id } }\n' },
      { data: 'd.csv', schema: 's.yaml' },
    )
    expect(self.code).toBe(2)
    expect(self.errors[0]).toMatch(/foreignKeys\[0\]\.reference\.fields names 'Id', which is not a field — did you mean 'id'\?/)
  })

  it('a correct primaryKey still finds the duplicate', async () => {
    const r = await run({ 'd.csv': ids, 's.yaml': 'fields:\n  - { name: id, type: integer }\n  - { name: name }\nprimaryKey: id\n' }, { data: 'd.csv', schema: 's.yaml' })
    expect(r.code).toBe(1)
    expect(kinds(r.report)).toEqual(['primary-key@3:id'])
  })

  it('two fields named id → exit 2 naming the duplicate and both positions', async () => {
    const r = await run({ 'd.csv': 'id,x\n1,2\n', 's.yaml': 'fields:\n  - { name: id, type: integer }\n  - { name: x }\n  - { name: id, type: string }\n' }, { data: 'd.csv', schema: 's.yaml' })
    expect(r.code).toBe(2)
    expect(r.errors[0]).toMatch(/The schema 's\.yaml' is invalid: fields\[0\] and fields\[2\] are both named 'id'\./)
  })
})

describe('numbers are decimal only (Table Schema)', () => {
  const schema = 'fields:\n  - { name: n, type: number, constraints: { maximum: 10 } }\n  - { name: i, type: integer }\n'
  it.each(['0x10', '0o17', '0b101', '0X1F', '0B1', '+0x10', '-0x1', '0x', '1_000', 'toString'])('%s in a number field (CSV) is a type-error', async (text) => {
    const r = await run({ 'd.csv': `n,i\n${text},1\n`, 's.yaml': schema }, { data: 'd.csv', schema: 's.yaml' })
    expect(kinds(r.report)).toEqual(['type-error@2:n'])
  })

  it.each(['0x10', '0o17', '0b101'])('%s in an integer field is a type-error', async (text) => {
    const r = await run({ 'd.csv': `n,i\n1,${text}\n`, 's.yaml': schema }, { data: 'd.csv', schema: 's.yaml' })
    expect(kinds(r.report)).toEqual(['type-error@2:i'])
  })

  it('0b101 as a JSON string in a number field is a type-error too', async () => {
    const r = await run({ 'd.jsonl': '{"n": "0b101", "i": 1}\n{"n": "5", "i": 2}\n', 's.yaml': schema }, { data: 'd.jsonl', schema: 's.yaml' })
    expect(kinds(r.report)).toEqual(['type-error@1:n'])
  })

  it('decimal spellings stay numbers: exponents, signs, leading point, padding, NaN/INF', async () => {
    const r = await run({ 'd.csv': 'n,i\n1e1,1\n-.5,2\n+3.,3\n" 7 ",4\n5E-1,5\nNaN,6\n-INF,7\n', 's.yaml': schema }, { data: 'd.csv', schema: 's.yaml' })
    expect(r.report.errors).toEqual([])
  })

  it('a hexadecimal constraint literal is a schema error', async () => {
    const r = await run(
      { 'd.csv': 'n,i\n1,1\n', 's.yaml': 'fields:\n  - { name: n, type: number, constraints: { maximum: "0x10" } }\n  - { name: i, type: integer }\n' },
      { data: 'd.csv', schema: 's.yaml' },
    )
    expect(r.code).toBe(2)
    expect(r.errors[0]).toMatch(/The maximum constraint of field 'n' \("0x10"\) is not a valid number\./)
  })

  it('inferring a schema does not call hexadecimal text a number', async () => {
    const r = await run({ 'd.csv': 'h,d\n0x10,1\n0x11,0b1\n' }, { data: 'd.csv', 'infer-schema': 'out.yaml' })
    expect(r.code).toBe(0)
    expect(readFileSync(join(r.dir, 'out.yaml'), 'utf8')).toMatch(/name: h\n\s+type: string\n[^]*name: d\n\s+type: string/)
  })
})

describe('JSON Lines: the header is the union of keys (or the schema fields)', () => {
  const schema = 'fields:\n  - { name: id, type: integer, constraints: { required: true } }\n  - { name: coupon, type: string }\n  - { name: amount, type: number }\n'
  it('a record lacking an optional key is a missing cell, not a label error', async () => {
    const r = await run({ 'd.jsonl': '{"id": 1, "amount": 2}\n{"id": 2, "coupon": "X", "amount": 3}\n{"id": 3, "amount": 4}\n', 's.yaml': schema }, { data: 'd.jsonl', schema: 's.yaml' })
    expect(r.report.errors).toEqual([])
    expect(r.code).toBe(0)
  })

  it('a required key lacking in a record is a required-cell error on that record', async () => {
    const r = await run({ 'd.jsonl': '{"id": 1, "amount": 2}\n{"coupon": "X", "amount": 3}\n', 's.yaml': schema }, { data: 'd.jsonl', schema: 's.yaml' })
    expect(kinds(r.report)).toEqual(['constraint-error@2:id'])
  })

  it('an undeclared key is one extra-label, however many records carry it', async () => {
    const r = await run(
      { 'd.jsonl': '{"id": 1, "amount": 2, "coupon": "Y"}\n{"id": 2, "amount": 3, "note": "a"}\n{"id": 3, "amount": 4, "note": "b"}\n{"id": 4, "note": "c", "amount": 5}\n', 's.yaml': schema },
      { data: 'd.jsonl', schema: 's.yaml' },
    )
    expect(kinds(r.report)).toEqual(['extra-label@-:note'])
  })

  it('a schema field that no record has is a missing-label (exact columns)', async () => {
    const r = await run({ 'd.jsonl': '{"id": 1, "amount": 2}\n{"id": 2, "amount": 3}\n', 's.yaml': schema }, { data: 'd.jsonl', schema: 's.yaml' })
    expect(kinds(r.report)).toEqual(['missing-label@-:coupon'])
    const subset = await run({ 'd.jsonl': '{"id": 1, "amount": 2}\n', 's.yaml': `${schema}columns: subset\n` }, { data: 'd.jsonl', schema: 's.yaml' })
    expect(subset.report.errors).toEqual([])
  })

  it('without a schema, records with different keys are one table (JSON array too)', async () => {
    const lines = await run({ 'd.jsonl': '{"a": 1}\n{"a": 2, "b": 3}\n{"b": 4}\n' }, { data: 'd.jsonl' })
    expect(lines.report.errors).toEqual([])
    expect(lines.report.fieldCount).toBe(2)
    const array = await run({ 'd.json': '[{"a": 1}, {"a": 2, "b": 3}, {"b": 4}]' }, { data: 'd.json' })
    expect(array.report.errors).toEqual([])
  })

  it('shards without a schema compare their key unions', async () => {
    const same = await run({ 'p1.jsonl': '{"a": 1}\n{"a": 2, "b": 3}\n', 'p2.jsonl': '{"b": 1}\n{"a": 2}\n' }, { data: 'p*.jsonl' })
    expect(same.report.errors).toEqual([])
    const differ = await run({ 'p1.jsonl': '{"a": 1}\n{"a": 2, "b": 3}\n', 'p2.jsonl': '{"a": 1}\n{"a": 2, "c": 3}\n' }, { data: 'p*.jsonl' })
    expect(kinds(differ.report).sort()).toEqual(['extra-label@-:c', 'missing-label@-:b'])
  })

  it('an inferred schema makes a key that appears late optional', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-vd-infer-'))
    writeFileSync(join(dir, 'd.jsonl'), '{"a": 1}\n{"a": 2}\n{"a": 3, "b": "x"}\n')
    const p = memoryPlatform({ data: 'd.jsonl', 'infer-schema': 'out.yaml' })
    await runTask(validateData, p, dir)
    const inferred = readFileSync(join(dir, 'out.yaml'), 'utf8')
    expect(inferred).toMatch(/name: b\n\s+type: string\n(?!\s+constraints:\s*\n\s+required: true)/)
    expect(inferred).toMatch(/name: a\n\s+type: integer\n\s+constraints:\n\s+required: true/)
  })
})

describe('numbers on the parallel scan', () => {
  it('gives way to the row validator on 0b101 under a maximum of 10, and stays clean on decimal spellings', async () => {
    const { fastValidate } = await import('../../../packages/core/src/validate/fast/fast-validate.ts')
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-vd-fastnum-'))
    const schema = { fields: [{ name: 'n', type: 'number' as const, constraints: { maximum: 10 } }] }
    const scan = async (cells: string[]) => {
      const path = join(dir, `d${cells.length}.csv`)
      writeFileSync(path, `n\n${cells.join('\n')}\n`)
      const fallbacks: string[] = []
      const out = await fastValidate([{ path, format: 'csv', gzip: false, bytes: readFileSync(path).length }], schema, { maxErrors: 10, cwd: dir, workers: 1, onFallback: (r) => fallbacks.push(r) })
      return { out, fallbacks }
    }
    const hex = await scan(['1', '0b101', '2'])
    expect(hex.out).toBeUndefined()
    expect(hex.fallbacks.join()).toMatch(/breaks 'not a valid number'/)
    const decimal = await scan(['1e1', '-.5', '"3"', ' 7 ', 'NaN', '-INF'])
    expect(decimal.fallbacks).toEqual([])
    expect(decimal.out?.validator.checks[0].profile.present).toBe(6)
  })
})
