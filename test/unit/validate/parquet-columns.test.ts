import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { describe, expect, it } from 'vitest'
import { readRows } from '../../../packages/core/src/io/records.ts'
import type { DataSource } from '../../../packages/core/src/io/sources.ts'
import type { Schema } from '../../../packages/core/src/schema/model.ts'
import { fastValidateParquet } from '../../../packages/core/src/validate/fast/parquet-validate.ts'
import { DatasetValidator } from '../../../packages/core/src/validate/validator.ts'

// Column-by-column Parquet validation must reach the row validator's verdict and profiles, or give way.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-pqv-'))
const N = 4500

function write(name: string, edit?: (cols: Record<string, unknown[]>) => void): DataSource {
  const cols: Record<string, unknown[]> = {
    id: Array.from({ length: N }, (_, i) => i + 1),
    amount: Array.from({ length: N }, (_, i) => (i % 97 === 0 ? null : ((i * 37) % 1000) / 4)),
    channel: Array.from({ length: N }, (_, i) => ['web', 'card', 'mobile'][i % 3]),
    weekend: Array.from({ length: N }, (_, i) => i % 7 < 2),
    note: Array.from({ length: N }, (_, i) => (i % 5 === 0 ? null : `n${i % 13}`)),
  }
  edit?.(cols)
  const types: Record<string, string> = { id: 'INT32', amount: 'DOUBLE', channel: 'STRING', weekend: 'BOOLEAN', note: 'STRING' }
  const buf = parquetWriteBuffer({ columnData: Object.entries(cols).map(([name, data]) => ({ name, data, type: types[name] })), rowGroupSize: 1000 } as never)
  const path = join(dir, name)
  writeFileSync(path, Buffer.from(buf))
  return { path, format: 'parquet', gzip: false, bytes: statSync(path).size }
}

const SCHEMA: Schema = {
  fields: [
    { name: 'id', type: 'integer', constraints: { required: true, minimum: 1 } },
    { name: 'amount', type: 'number', constraints: { maximum: 250 }, quality: { median: { min: 0 }, nullShare: { max: 0.05 } } },
    { name: 'channel', type: 'string', constraints: { enum: ['web', 'card', 'mobile'] }, quality: { distinct: { max: 3 } } },
    { name: 'weekend', type: 'boolean' },
    { name: 'note', type: 'string', constraints: { pattern: 'n\\d+' } },
  ],
  primaryKey: 'id',
}

async function rowValidator(source: DataSource) {
  const v = new DatasetValidator(SCHEMA, { maxErrors: 100 })
  v.startFile(source.path)
  await readRows(source, { header: (names, line) => v.onHeader(names, line), row: (row) => v.onRow(row) }, { cwd: dir })
  v.finish()
  return v
}

const profile = (v: DatasetValidator) =>
  v.checks.map((c) => ({
    name: c.field.name,
    present: c.profile.present,
    missing: c.profile.missing,
    numeric: c.profile.numeric,
    min: c.profile.min,
    max: c.profile.max,
    mean: c.profile.mean,
    stdev: c.profile.stdev,
    median: c.profile.quantile(0.5),
    distinct: c.profile.distinct?.size,
  }))

describe('column-by-column Parquet validation', () => {
  it('clean data: the same row count, profiles and digest as the row validator', async () => {
    const source = write('clean.parquet')
    const slow = await rowValidator(source)
    expect(slow.errors.total).toBe(0)
    const fast = await fastValidateParquet([source], SCHEMA, { maxErrors: 100, cwd: dir })
    expect(fast).toBeDefined()
    expect(fast!.validator.rowCount).toBe(N)
    expect(fast!.validator.errors.total).toBe(0)
    expect(profile(fast!.validator)).toEqual(profile(slow))
  })

  it.each<[string, (c: Record<string, unknown[]>) => void]>([
    ['a value above the maximum', (c) => (c.amount[3000] = 999)],
    ['a repeated key', (c) => (c.id[4000] = 5)],
    ['a pattern mismatch', (c) => (c.note[10] = 'x')],
    ['a blank row', (c) => Object.values(c).forEach((col) => (col[2500] = null))],
  ])('%s makes it give way to the row validator, which reports it', async (name, edit) => {
    const source = write(`${name.replace(/\W+/g, '-')}.parquet`, edit)
    const reasons: string[] = []
    expect(await fastValidateParquet([source], SCHEMA, { maxErrors: 100, cwd: dir, onFallback: (r) => reasons.push(r) })).toBeUndefined()
    expect(reasons).toHaveLength(1)
    expect((await rowValidator(source)).errors.total).toBeGreaterThan(0)
  })
})
