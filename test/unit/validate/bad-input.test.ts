import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exitCodeFor, runTask } from '../../../packages/core/src/index.ts'
import { validateData } from '../../../packages/core/src/tasks/validate-data.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'

const FIX = resolve(import.meta.dirname, '../../fixtures/validate')

async function run(inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-vd-'))
  const reportPath = join(dir, 'report.json')
  const p = memoryPlatform({ report: reportPath, ...inputs })
  const outcome = await runTask(validateData, p, FIX)
  const errors = p.logs.filter((l) => l.level === 'error').map((l) => l.message)
  const report = existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : undefined
  return { code: exitCodeFor(outcome), errors, report, p, reportPath }
}

describe('bad input corpus: one clear sentence and the right exit code, never a stack trace', () => {
  it.each([
    ['unclosed quote', { data: 'unclosed-quote.csv' }, /unclosed-quote\.csv: format-error — unclosed quote starting at line 2\./],
    ['invalid UTF-8', { data: 'invalid-utf8.csv' }, /invalid-utf8\.csv: encoding-error — invalid UTF-8 at line 3/],
    ['empty file', { data: 'empty.csv' }, /empty\.csv: the file is empty/],
    ['unreadable Parquet', { data: 'unreadable.parquet' }, /unreadable\.parquet: source-error — not a readable Parquet file/],
    ['schema with an unknown key', { data: 'people.csv', schema: 'unknown-key.schema.yaml' }, /unknown key 'minimun' in fields\[1\]\.constraints — did you mean 'minimum'\?/],
    ['schema with a mistyped type', { data: 'people.csv', schema: 'typo-type.schema.yaml' }, /fields\[0\]\.type must be one of .* — did you mean 'integer'\?/],
    ['schema that is not JSON/YAML', { data: 'people.csv', schema: 'not-yaml.schema.yaml' }, /not-yaml\.schema\.yaml' is neither JSON nor YAML/],
    ['missing file', { data: 'nope.csv' }, /The data file 'nope\.csv' does not exist\./],
    ['glob matching nothing', { data: 'nothing-*.csv' }, /The data pattern 'nothing-\*\.csv' matches no file\./],
    ['malformed JSON Lines', { data: 'bad.jsonl' }, /bad\.jsonl: format-error at line 3 — not valid JSON/],
    ['a bad max-errors input', { data: 'people.csv', 'max-errors': 'lots' }, /Input 'max-errors' must be an integer, got 'lots'\./],
  ])('%s → exit 2', async (_name, inputs, message) => {
    const r = await run(inputs)
    expect(r.code).toBe(2)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatch(message)
    expect(r.errors[0]).not.toMatch(/\n\s+at /)
    expect(r.report).toBeUndefined()
  })

  it('ragged rows → extra-cell and missing-cell with line numbers, exit 1', async () => {
    const r = await run({ data: 'ragged.csv' })
    expect(r.code).toBe(1)
    expect(r.report.errorCounts).toEqual({ 'missing-cell': 1, 'extra-cell': 1 })
    expect(r.report.errors.map((e: { rowNumber: number }) => e.rowNumber)).toEqual([3, 4])
  })

  it('duplicate headers → duplicate-label, a label error without a row', async () => {
    const r = await run({ data: 'duplicate-headers.csv' })
    expect(r.code).toBe(1)
    expect(r.report.errors[0]).toMatchObject({ type: 'duplicate-label', rowNumber: null, fieldName: 'id' })
  })

  it('header only → warn with a reason (exit 0), fail with fail-on warning', async () => {
    const warn = await run({ data: 'header-only.csv' })
    expect(warn.code).toBe(0)
    expect(warn.report.verdict).toBe('warn')
    expect(warn.report.warnings).toContain('The dataset has no data rows.')
    expect((await run({ data: 'header-only.csv', 'fail-on': 'warning' })).code).toBe(1)
  })

  it('BOM and CRLF with quoted newlines and doubled quotes are read correctly', async () => {
    const bom = await run({ data: 'bom.csv', schema: 'strict.schema.yaml' })
    expect(bom.report.errors.map((e: { type: string; cell: string }) => `${e.type}:${e.cell}`)).toEqual(['missing-label:amount', 'extra-label:name', 'extra-cell:alice', 'missing-cell:null'])
    const crlf = await run({ data: 'crlf.csv' })
    expect(crlf.report.rowCount).toBe(2)
    expect(crlf.report.valid).toBe(true)
  })

  it('NaN and INF are numbers in Table Schema; -INF still breaks a minimum', async () => {
    const r = await run({ data: 'nan-inf.csv', schema: 'strict.schema.yaml' })
    expect(r.report.errors.map((e: { type: string; rowNumber: number; cell: string }) => `${e.type}@${e.rowNumber}=${e.cell}`)).toEqual(['constraint-error@4=-INF'])
  })

  it('an all-null column is valid unless required', async () => {
    const r = await run({ data: 'all-null.csv' })
    expect(r.report.valid).toBe(true)
    expect(r.report.rowCount).toBe(3)
  })
})

describe('schema checks', () => {
  it('names every violation with its line, field and cell', async () => {
    const r = await run({ data: 'people.csv', schema: 'people.schema.yaml' })
    expect(r.code).toBe(1)
    const got = r.report.errors.map((e: Record<string, unknown>) => `${e.type}@${e.rowNumber ?? '-'}:${e.fieldName ?? ''}=${e.cell ?? ''}`)
    expect(got).toEqual([
      'type-error@3:email=b@example',
      'constraint-error@3:age=17',
      'type-error@3:signup=2024-02-30',
      'primary-key@4:id=2',
      'type-error@4:age=abc',
      'constraint-error@4:plan=gold',
      'constraint-error@5:email=',
      'constraint-error@5:score=1.5',
      'row-count@-:=',
      'null-share@-:score=',
    ])
    expect(r.report.errorCounts).toEqual({ 'type-error': 3, 'constraint-error': 4, 'primary-key': 1, 'row-count': 1, 'null-share': 1 })
    const first = r.p.annotations[0]
    expect(first).toMatchObject({ level: 'error', title: 'type-error', file: 'people.csv', line: 3 })
  })

  it('a compound primary key names the repeated combination', async () => {
    const r = await run({ data: 'compound.csv', schema: 'compound.schema.yaml' })
    expect(r.report.errors).toEqual([expect.objectContaining({ type: 'primary-key', rowNumber: 5, fieldName: 'store,day', cell: 'A, 1' })])
  })

  it('max-errors caps the list while totals stay exact', async () => {
    const r = await run({ data: 'people.csv', schema: 'people.schema.yaml', 'max-errors': '2' })
    expect(r.report.errors).toHaveLength(2)
    expect(r.report.errorCount).toBe(10)
    expect(r.p.outputs['error-count']).toBe('10')
  })

  it('a datapackage.json picks the resource of the data file', async () => {
    const r = await run({ data: 'people.csv', schema: 'datapackage.json' })
    expect(r.report.errorCounts).toEqual({ 'type-error': 1 })
  })

  it('JSON Schema 2020-12 per JSONL record; a key the first record lacks joins the header (no table schema: no label error)', async () => {
    const r = await run({ data: 'records.jsonl', 'json-schema': 'record.schema.json' })
    expect(r.report.errorCounts).toEqual({ 'json-schema-error': 2 })
    expect(r.report.fieldCount).toBe(3)
  })

  it('shards must share columns; gzip is unpacked', async () => {
    const r = await run({ data: 'shards/*.csv' })
    expect(r.report.files).toHaveLength(3)
    expect(r.report.errors.map((e: { type: string; file: string }) => `${e.type}:${e.file}`)).toEqual(['missing-label:shards/part-3.csv', 'extra-label:shards/part-3.csv'])
    const gz = await run({ data: 'gz.csv.gz' })
    expect(gz.report.rowCount).toBe(2)
  })
})

describe('JSON report', () => {
  it('matches the published JSON Schema, for a failing and a passing run', async () => {
    const { reportSchemaErrors } = await import('../../helpers/report-schema.ts')
    const failing = await run({ data: 'people.csv', schema: 'people.schema.yaml' })
    expect(reportSchemaErrors('validate-data', failing.report)).toEqual([])
    const passing = await run({ data: 'crlf.csv' })
    expect(reportSchemaErrors('validate-data', passing.report)).toEqual([])
    expect(reportSchemaErrors('validate-data', { ...passing.report, verdict: 'maybe' })).not.toEqual([])
  })
})
