import { describe, expect, it } from 'vitest'
import { kinds, validate } from './run.ts'

// Frictionless' error semantics, as frictionless-py v5 implements them (table/row.py: a row's cell,
// extra-cell, missing-cell and blank-row errors; table/header.py: label errors; resources/table.py:
// unique, primary-key and foreign-key errors on the row stream; helpers stringify_label: labels
// stripped). Each rule is stated in packages/core/docs/validation.md, "Error semantics".

const schema = (fields: string, extra = '') => `fields:\n${fields}${extra}`

describe('label errors come with their cells’ errors on every row (exact columns)', () => {
  it('an extra column: extra-label once, then extra-cell on each row that has the cell', async () => {
    const r = await validate({ 'd.csv': 'a,b,c\n1,2,3\n4,5,6\n7,8\n', 's.yaml': schema('  - { name: a }\n  - { name: b }\n') }, { data: 'd.csv', schema: 's.yaml' })
    expect(r.code).toBe(1)
    // row 4 has no cell in column c: no extra-cell there (Frictionless: cells past the fields only)
    expect(kinds(r.report?.errors)).toEqual(['extra-label@-:c', 'extra-cell@2:', 'extra-cell@3:'])
    expect(r.report?.errors.slice(1).map((e) => [e.fieldNumber, e.cell])).toEqual([
      [3, '3'],
      [3, '6'],
    ])
  })

  it('a missing column: missing-label once, then on each row the required field’s constraint-error and a missing-cell', async () => {
    const r = await validate(
      { 'd.csv': 'a,b\n1,2\n3,4\n', 's.yaml': schema('  - { name: a }\n  - { name: b }\n  - { name: c, constraints: { required: true } }\n  - { name: d }\n') },
      { data: 'd.csv', schema: 's.yaml' },
    )
    expect(kinds(r.report?.errors)).toEqual([
      'missing-label@-:c',
      'missing-label@-:d',
      'constraint-error@2:c',
      'missing-cell@2:c',
      'missing-cell@2:d',
      'constraint-error@3:c',
      'missing-cell@3:c',
      'missing-cell@3:d',
    ])
    expect(r.report?.errorCounts).toEqual({ 'missing-label': 2, 'constraint-error': 2, 'missing-cell': 4 })
  })

  it('under columns: subset / superset (name matching, as Frictionless’ fieldsMatch other than exact) a label error stands alone', async () => {
    const fields = '  - { name: a }\n  - { name: b, constraints: { required: true } }\n'
    const subset = await validate({ 'd.csv': 'a\n1\n2\n', 's.yaml': schema(fields, 'columns: subset\n') }, { data: 'd.csv', schema: 's.yaml' })
    expect(kinds(subset.report?.errors)).toEqual(['missing-label@-:b'])
    const superset = await validate({ 'd.csv': 'a,b,x\n1,2,3\n', 's.yaml': schema(fields, 'columns: superset\n') }, { data: 'd.csv', schema: 's.yaml' })
    expect(kinds(superset.report?.errors)).toEqual([])
  })

  it('JSON records have no header row: an undeclared key is one extra-label, without per-record errors', async () => {
    const r = await validate({ 'd.jsonl': '{"a": 1, "x": 1}\n{"a": 2, "x": 2}\n', 's.yaml': schema('  - { name: a, type: integer }\n') }, { data: 'd.jsonl', schema: 's.yaml' })
    expect(kinds(r.report?.errors)).toEqual(['extra-label@-:x'])
  })
})

describe('unique-error beside primary-key', () => {
  it('a field that is unique and the primary key gets both errors on a repeat', async () => {
    const r = await validate(
      { 'd.csv': 'id,v\n1,a\n2,b\n1,c\n', 's.yaml': schema('  - { name: id, type: integer, constraints: { unique: true } }\n  - { name: v }\n', 'primaryKey: id\n') },
      { data: 'd.csv', schema: 's.yaml' },
    )
    expect(kinds(r.report?.errors)).toEqual(['unique-error@4:id', 'primary-key@4:id'])
  })

  it('a primary key without unique is a primary-key error only', async () => {
    const r = await validate({ 'd.csv': 'id\n1\n1\n', 's.yaml': schema('  - { name: id, type: integer }\n', 'primaryKey: id\n') }, { data: 'd.csv', schema: 's.yaml' })
    expect(kinds(r.report?.errors)).toEqual(['primary-key@3:id'])
  })
})

describe('header labels are trimmed', () => {
  it('`a, b` is the labels a and b', async () => {
    const r = await validate({ 'd.csv': 'a, b \n1,2\n', 's.yaml': schema('  - { name: a, type: integer }\n  - { name: b, type: integer }\n') }, { data: 'd.csv', schema: 's.yaml' })
    expect(r.report?.errors).toEqual([])
    expect(r.code).toBe(0)
  })

  it('a label of spaces only is a blank header', async () => {
    const r = await validate({ 'd.csv': 'a,  \n1,2\n' }, { data: 'd.csv' })
    expect(kinds(r.report?.errors)).toEqual(['blank-header@-:'])
  })
})

describe('blank rows', () => {
  it('a row whose every cell is missing — by the field’s missing values too — is one blank-row error and nothing else', async () => {
    const r = await validate(
      { 'd.csv': 'a,b\n1,2\n,\nNA,\nNA,NA\n3,4\n', 's.yaml': schema('  - { name: a, type: integer, constraints: { required: true } }\n  - { name: b, type: integer }\n', "missingValues: ['', NA]\n") },
      { data: 'd.csv', schema: 's.yaml' },
    )
    expect(kinds(r.report?.errors)).toEqual(['blank-row@3:', 'blank-row@4:', 'blank-row@5:'])
  })

  it('cells past the header do not make a row non-blank (Frictionless counts the fields’ cells)', async () => {
    const r = await validate({ 'd.csv': 'a,b\n1,2\n,,x\n' }, { data: 'd.csv' })
    expect(kinds(r.report?.errors)).toEqual(['blank-row@3:'])
  })

  it('a row with one present cell is not blank', async () => {
    const r = await validate({ 'd.csv': 'a,b\n,2\n', 's.yaml': schema('  - { name: a, constraints: { required: true } }\n  - { name: b }\n') }, { data: 'd.csv', schema: 's.yaml' })
    expect(kinds(r.report?.errors)).toEqual(['constraint-error@2:a'])
  })
})

describe('row numbering', () => {
  it('the header is row 1, the first data row is row 2; label errors have no row', async () => {
    const r = await validate({ 'd.csv': 'id,id,x\nz,1,2\n', 's.yaml': schema('  - { name: id, type: integer }\n  - { name: x }\n', 'columns: superset\n') }, { data: 'd.csv', schema: 's.yaml' })
    expect(kinds(r.report?.errors)).toEqual(['duplicate-label@-:id', 'type-error@2:id'])
    // the finding of a label error names its file, not a row
    const label = r.report?.findings.find((f: { type: string }) => f.type === 'duplicate-label')
    expect(label?.first).toEqual([{ file: 'd.csv' }])
  })
})
