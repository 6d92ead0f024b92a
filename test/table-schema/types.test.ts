import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ByteCsvReader } from '../../packages/core/src/io/bytes-csv.ts'
import { readRows } from '../../packages/core/src/io/records.ts'
import type { Row } from '../../packages/core/src/io/row.ts'
import { loadSchema } from '../../packages/core/src/schema/load.ts'
import { ErrorCollector } from '../../packages/core/src/validate/errors.ts'
import { FieldCheck, MISSING_CELL } from '../../packages/core/src/validate/field-check.ts'
import type { CastCase } from './cases/types.ts'
import { CAST_CASES, caseSchema, csvText } from './cases/types.ts'

// Every cell of the conformance cases read as a user's file is: the descriptor through the schema
// loader, the one-column CSV (or, for JSON cells, the tabular JSON file) through the row reader, the
// cell through the field's check.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-ts-types-'))

async function checkCell(c: CastCase): Promise<{ value: unknown; errors: string[] }> {
  const path = join(dir, `${c.id}.json`)
  writeFileSync(path, JSON.stringify(caseSchema(c)))
  const schema = await loadSchema(path, dir)
  const check = new FieldCheck(schema.fields[0], 1, schema, false)
  check.index = 0
  const errors = new ErrorCollector(10)
  let value: unknown
  let rows = 0
  const row = (r: Row) => {
    rows++
    value = check.check(r, 0, 'data', errors)
  }
  if (c.json !== undefined) {
    // a JSON source: the header row, then the cell's value
    const file = join(dir, `${c.id}.data.json`)
    writeFileSync(file, JSON.stringify([['v'], [c.json]]))
    await readRows({ path: file, format: 'json', gzip: false, bytes: 0 }, { header: (names) => expect(names).toEqual(['v']), row }, { cwd: dir })
  } else {
    let line = 0
    const reader = new ByteCsvReader('data.csv', ',', (r) => {
      if (line++ > 0) row(r)
    })
    reader.push(Buffer.from(csvText(c)))
    reader.end()
  }
  expect(rows, 'one row').toBe(1)
  return { value, errors: errors.errors.map((e) => e.type) }
}

describe('Table Schema types and formats, cell by cell', () => {
  it('has unique case ids', () => {
    expect(new Set(CAST_CASES.map((c) => c.id)).size).toBe(CAST_CASES.length)
  })

  for (const c of CAST_CASES)
    it(`${c.id}: ${JSON.stringify(c.field)} ${JSON.stringify(c.cell)} → ${JSON.stringify('value' in c.expect ? c.expect.value : c.expect.error)}`, async () => {
      const got = await checkCell(c)
      if ('error' in c.expect) expect(got.errors).toEqual([c.expect.error])
      else {
        expect(got.errors).toEqual([])
        if (c.expect.value === null) expect(got.value).toBe(MISSING_CELL)
        else expect(got.value).toEqual(c.expect.value)
      }
    })
})
