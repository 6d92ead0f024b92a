import { describe, expect, it } from 'vitest'
import { kinds, validate } from './run.ts'

// Tabular JSON as Frictionless reads it: an array of objects (keyed rows), or an array of arrays whose
// first array is the header row. Both are validated as a CSV of the same cells would be.

const schema = JSON.stringify({
  fields: [
    { name: 'id', type: 'integer', constraints: { required: true } },
    { name: 'name', type: 'string' },
  ],
})

describe('tabular JSON', () => {
  it('an array of arrays, header row first, is read: the header as labels, each row by position', async () => {
    const r = await validate(
      {
        'd.json': JSON.stringify([
          ['id', 'name'],
          [1, 'apple'],
          [2, 'orange'],
        ]),
        's.json': schema,
      },
      { data: 'd.json', schema: 's.json' },
    )
    expect(r.failures).toEqual([])
    expect(r.code).toBe(0)
    expect(r.report?.valid).toBe(true)
  })

  it('an array of arrays is checked cell by cell, rows numbered with the header as row 1', async () => {
    const r = await validate(
      {
        'd.json': JSON.stringify([
          ['id', 'name'],
          [1, 'apple'],
          ['x', 'orange'],
          [null, 'pear'],
        ]),
        's.json': schema,
      },
      { data: 'd.json', schema: 's.json' },
    )
    expect(r.code).toBe(1)
    expect(kinds(r.report?.errors)).toEqual(['type-error@3:id', 'constraint-error@4:id'])
  })

  it('an array of arrays is read as the CSV of the same cells is', async () => {
    const json = await validate({ 'd.json': JSON.stringify([['id', 'name'], ['1', 'a'], ['b', 'c'], ['3']]), 's.json': schema }, { data: 'd.json', schema: 's.json' })
    const csv = await validate({ 'd.csv': 'id,name\n1,a\nb,c\n3\n', 's.json': schema }, { data: 'd.csv', schema: 's.json' })
    expect(kinds(json.report?.errors)).toEqual(kinds(csv.report?.errors))
    expect(kinds(json.report?.errors).length).toBeGreaterThan(0)
  })

  it('a header row that does not match the schema is a label error, as in CSV', async () => {
    const json = await validate(
      {
        'd.json': JSON.stringify([
          ['id', 'title'],
          [1, 'apple'],
        ]),
        's.json': schema,
      },
      { data: 'd.json', schema: 's.json' },
    )
    const csv = await validate({ 'd.csv': 'id,title\n1,apple\n', 's.json': schema }, { data: 'd.csv', schema: 's.json' })
    const labels = (errors = json.report?.errors) => (errors ?? []).filter((e) => e.type.endsWith('-label')).map((e) => `${e.type}:${e.fieldName}`)
    expect(labels()).toEqual(expect.arrayContaining(['missing-label:name', 'extra-label:title']))
    expect(kinds(json.report?.errors)).toEqual(kinds(csv.report?.errors))
  })

  it('JSON Lines of arrays, header line first, are read too', async () => {
    const r = await validate({ 'd.jsonl': '["id", "name"]\n[1, "apple"]\n["x", "pear"]\n', 's.json': schema }, { data: 'd.jsonl', schema: 's.json' })
    expect(kinds(r.report?.errors)).toEqual(['type-error@3:id'])
  })

  it('an array of objects is still read by key', async () => {
    const r = await validate(
      {
        'd.json': JSON.stringify([
          { id: 1, name: 'apple' },
          { name: 'pear', id: 'x' },
        ]),
        's.json': schema,
      },
      { data: 'd.json', schema: 's.json' },
    )
    expect(kinds(r.report?.errors)).toEqual(['type-error@2:id'])
  })

  it('a header row with a non-string label, or an object after a header row, is a format error naming the line', async () => {
    const label = await validate(
      {
        'd.json': JSON.stringify([
          ['id', 2],
          [1, 'a'],
        ]),
      },
      { data: 'd.json' },
    )
    expect(label.code).toBe(2)
    expect(label.failures.join('\n')).toMatch(/d\.json: format-error at line 1 — the header row's item 2 is 2, not a column name/)
    const mixed = await validate({ 'd.json': JSON.stringify([['id'], { id: 1 }]) }, { data: 'd.json' })
    expect(mixed.code).toBe(2)
    expect(mixed.failures.join('\n')).toMatch(/d\.json: format-error at line 2 — expected a JSON array per row/)
  })
})
