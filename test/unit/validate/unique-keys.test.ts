import { expect, it } from 'vitest'
import { ValueRow } from '../../../packages/core/src/io/row.ts'
import { DatasetValidator } from '../../../packages/core/src/validate/validator.ts'

it('unique keys: repeats are found for row ids (bitset), large, negative, fractional and text keys (set)', () => {
  const v = new DatasetValidator({ fields: [{ name: 'id', type: 'number', constraints: { unique: true } }] }, { maxErrors: 100 })
  v.startFile('keys')
  v.onHeader(['id'], 1)
  const row = new ValueRow()
  const keys = [0, 1, 2 ** 25 - 1, 2 ** 25, -1, 1.5, 2 ** 40, -0]
  keys.forEach((k, i) => v.onRow(row.set([k], i + 2)))
  // −0 repeats 0; everything else was new
  expect(v.errors.errors.map((e) => [e.rowNumber, e.type])).toEqual([[9, 'unique-error']])
  keys.forEach((k, i) => v.onRow(row.set([k], i + 20)))
  expect(v.errors.total).toBe(1 + keys.length)
})
