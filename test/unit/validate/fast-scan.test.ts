import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readRows } from '../../../packages/core/src/io/records.ts'
import type { DataSource } from '../../../packages/core/src/io/sources.ts'
import type { Schema } from '../../../packages/core/src/schema/model.ts'
import { fastValidate } from '../../../packages/core/src/validate/fast/fast-validate.ts'
import { DatasetValidator } from '../../../packages/core/src/validate/validator.ts'
import { rng } from '../../helpers/rng.ts'

// The parallel byte scan must reach the row validator's verdict and profiles exactly, or give way.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-fast-'))

const SCHEMA: Schema = {
  fields: [
    { name: 'id', type: 'integer', constraints: { required: true, minimum: 1 } },
    { name: 'amount', type: 'number', constraints: { minimum: -1000, maximum: 1000 }, quality: { median: { min: -1000 }, quantiles: { '0.9': { max: 1000 } } } },
    { name: 'kind', type: 'string', constraints: { enum: ['a', 'b', 'c, d', 'say "hi"'] }, quality: { distinct: { max: 10 } } },
    { name: 'flag', type: 'boolean' },
    { name: 'count', type: 'integer', quality: { nullShare: { max: 0.5 }, stdev: { min: 0 } } },
    { name: 'note', type: 'string', constraints: { maxLength: 40 } },
    { name: 'code', type: 'string', constraints: { pattern: '[A-Z]{2}\\d' } },
  ],
  primaryKey: 'id',
}

interface Options {
  rows: number
  crlf?: boolean
  quotes?: boolean
  /** Quoted cells holding line breaks. */
  newlines?: boolean
  bom?: boolean
  /** Inject one bad line at this row (1-based data row). */
  badAt?: number
  bad?: string
}

function writeCsv(name: string, o: Options): DataSource {
  const r = rng(o.rows + (o.crlf ? 7 : 0) + (o.quotes ? 13 : 0) + (o.badAt ?? 0))
  const nl = o.crlf ? '\r\n' : '\n'
  const lines = ['id,amount,kind,flag,count,note,code']
  const kinds = ['a', 'b', '"c, d"', '"say ""hi"""']
  for (let i = 1; i <= o.rows; i++) {
    if (o.badAt === i) {
      lines.push(o.bad!)
      continue
    }
    const amount = r() < 0.05 ? '' : r() < 0.05 ? '1e2' : r() < 0.02 ? ' 12.5 ' : ((r() - 0.5) * 1900).toFixed(r() < 0.5 ? 2 : 0)
    const kind = o.quotes ? kinds[Math.floor(r() * 4)] : ['a', 'b'][Math.floor(r() * 2)]
    const note = o.newlines && r() < 0.1 ? '"two\nlines"' : r() < 0.3 ? '' : `note ${Math.floor(r() * 1000)}`
    const count = r() < 0.2 ? '' : String(Math.floor(r() * 50) - 10)
    const flag = ['true', 'false', 'True', '0', '1'][Math.floor(r() * 5)]
    const code = `${String.fromCharCode(65 + Math.floor(r() * 26))}${String.fromCharCode(65 + Math.floor(r() * 26))}${Math.floor(r() * 10)}`
    lines.push([i, amount, kind, flag, count, note, o.quotes && r() < 0.05 ? `"${code}"` : code].join(','))
  }
  const path = join(dir, name)
  writeFileSync(path, (o.bom ? '\uFEFF' : '') + lines.join(nl) + (o.rows % 2 ? nl : ''))
  return { path, format: 'csv', gzip: false, bytes: statSync(path).size }
}

async function rowValidator(source: DataSource, schema: Schema) {
  const v = new DatasetValidator(schema, { maxErrors: 100 })
  v.startFile(source.path)
  await readRows(source, { header: (names, line) => v.onHeader(names, line), row: (row) => v.onRow(row) }, { cwd: dir })
  v.finish()
  return v
}

function profiles(v: DatasetValidator) {
  return v.checks.map((c) => {
    const p = c.profile
    return { name: c.field.name, present: p.present, missing: p.missing, numeric: p.numeric, min: p.min, max: p.max, distinct: p.distinct?.size, median: p.quantile(0.5), q90: p.quantile(0.9) }
  })
}

describe('parallel byte scan', () => {
  it.each<[string, Options]>([
    ['LF, no final newline', { rows: 20_000 }],
    ['CRLF', { rows: 20_001, crlf: true }],
    ['BOM', { rows: 20_000, bom: true }],
    ['quoted cells with delimiters and escaped quotes', { rows: 20_000, quotes: true }],
    ['line breaks in quoted cells', { rows: 20_000, quotes: true, newlines: true }],
  ])('%s: same verdict, row count and profiles as the row validator, across many small chunks', async (name, o) => {
    const source = writeCsv(`${name.replace(/\W+/g, '-')}.csv`, o)
    const slow = await rowValidator(source, SCHEMA)
    expect(slow.errors.total).toBe(0)
    const reasons: string[] = []
    const fast = await fastValidate([source], SCHEMA, { maxErrors: 100, cwd: dir, chunkBytes: 4096, workers: 2, onFallback: (r) => reasons.push(r) })
    if (o.newlines && !fast) {
      // a quoted line break across a chunk boundary must make the scan give way, never go wrong
      expect(reasons.join()).toMatch(/chunk|range|quote/)
      return
    }
    expect(reasons).toEqual([])
    expect(fast).toBeDefined()
    const v = fast!.validator
    expect(v.rowCount).toBe(slow.rowCount)
    expect(v.errors.total).toBe(0)
    const a = profiles(v)
    const b = profiles(slow)
    for (let i = 0; i < a.length; i++) {
      expect(a[i]).toMatchObject({ name: b[i].name, present: b[i].present, missing: b[i].missing, numeric: b[i].numeric, min: b[i].min, max: b[i].max, distinct: b[i].distinct })
      if (Number.isNaN(b[i].median)) expect(a[i].median).toBeNaN()
      else expect(a[i].median).toBe(b[i].median)
      if (b[i].numeric > 1) {
        expect(v.checks[i].profile.mean).toBeCloseTo(slow.checks[i].profile.mean, 9)
        expect(v.checks[i].profile.stdev).toBeCloseTo(slow.checks[i].profile.stdev, 9)
      }
    }
  })

  it('quoted line breaks across chunk boundaries make the scan give way, not miscount', async () => {
    // every note holds a line break halfway: almost any chunk boundary lands before one
    const path = join(dir, 'straddle.csv')
    const rows = Array.from({ length: 400 }, (_, i) => `${i + 1},1,a,true,3,"${'x'.repeat(60)}\n${'y'.repeat(20)}",AB1`)
    writeFileSync(path, ['id,amount,kind,flag,count,note,code', ...rows].join('\n') + '\n')
    const source: DataSource = { path, format: 'csv', gzip: false, bytes: statSync(path).size }
    const lenient: Schema = { ...SCHEMA, fields: SCHEMA.fields.map((f) => (f.name === 'note' ? { name: 'note', type: 'string' as const } : f)) }
    expect((await rowValidator(source, lenient)).errors.total).toBe(0)
    for (const chunkBytes of [1024, 1500, 3333]) {
      const reasons: string[] = []
      expect(await fastValidate([source], lenient, { maxErrors: 100, cwd: dir, chunkBytes, workers: 2, onFallback: (r) => reasons.push(r) })).toBeUndefined()
      expect(reasons).toHaveLength(1)
    }
  })

  it.each([
    ['a ragged row', '17,1,a,true,3,x'],
    ['a cell that is not an integer', '17,1,a,true,3.5,x,AB1'],
    ['a value outside the enum', '17,1,z,true,3,x,AB1'],
    ['a number above the maximum', '17,1001,a,true,3,x,AB1'],
    ['a repeated primary key', '1,1,a,true,3,x,AB1'],
    ['a boolean that is not one', '17,1,a,maybe,3,x,AB1'],
    ['a pattern mismatch', '17,1,a,true,3,x,ab1'],
    ['a text longer than maxLength', `17,1,a,true,3,${'x'.repeat(41)},AB1`],
    ['a blank line', ''],
    ['extra cells', '17,1,a,true,3,x,AB1,extra'],
  ])('%s makes the scan give way to the row validator, which reports it', async (name, bad) => {
    const source = writeCsv(`bad-${name.replace(/\W+/g, '-')}.csv`, { rows: 3_000, badAt: 2_500, bad: bad.replace(/^17,/, '2500,') })
    const reasons: string[] = []
    const fast = await fastValidate([source], SCHEMA, { maxErrors: 100, cwd: dir, chunkBytes: 2048, workers: 2, onFallback: (r) => reasons.push(r) })
    expect(fast).toBeUndefined()
    expect(reasons).toHaveLength(1)
    const slow = await rowValidator(source, SCHEMA)
    expect(slow.errors.total).toBeGreaterThan(0)
  })

  it('shards: keys repeated across files are caught, profiles add up', async () => {
    const a = writeCsv('shard-a.csv', { rows: 2_000 })
    const b = writeCsv('shard-b.csv', { rows: 2_000 })
    expect(await fastValidate([a, b], SCHEMA, { maxErrors: 100, cwd: dir, chunkBytes: 4096, workers: 2 })).toBeUndefined()
    const loose: Schema = { ...SCHEMA, primaryKey: undefined }
    const fast = await fastValidate([a, b], loose, { maxErrors: 100, cwd: dir, chunkBytes: 4096, workers: 2 })
    expect(fast?.validator.rowCount).toBe(4_000)
    expect(fast?.validator.files.map((f) => f.rows)).toEqual([2_000, 2_000])
    expect(fast?.validator.checks[0].profile.present).toBe(4_000)
  })

  it('unique keys: small integers in bitsets, large and fractional ones in sorted runs; repeats found either way', async () => {
    const schema: Schema = {
      fields: [
        { name: 'id', type: 'number', constraints: { unique: true } },
        { name: 'x', type: 'integer' },
      ],
    }
    const file = (name: string, ids: (i: number) => number) => {
      const path = join(dir, name)
      writeFileSync(path, ['id,x', ...Array.from({ length: 6000 }, (_, i) => `${ids(i)},${i}`)].join('\n') + '\n')
      return { path, format: 'csv' as const, gzip: false, bytes: statSync(path).size }
    }
    const opts = { maxErrors: 10, cwd: dir, chunkBytes: 4096, workers: 2 }
    for (const ids of [(i: number) => i, (i: number) => 1e12 + i, (i: number) => i + 0.5, (i: number) => (i % 2 ? i : 1e12 + i)])
      expect((await fastValidate([file('keys-ok.csv', ids)], schema, opts))?.validator.rowCount).toBe(6000)
    for (const ids of [(i: number) => (i === 5999 ? 3 : i), (i: number) => 1e12 + (i === 5999 ? 3 : i), (i: number) => (i === 5999 ? 3.5 : i + 0.5)])
      expect(await fastValidate([file('keys-repeat.csv', ids)], schema, opts)).toBeUndefined()
  })

  it('schemas it cannot check exactly go to the row validator', async () => {
    const source = writeCsv('dates.csv', { rows: 100 })
    const reasons: string[] = []
    const schema: Schema = { fields: SCHEMA.fields.map((f) => (f.name === 'note' ? { ...f, type: 'date' as const, constraints: {} } : f)) }
    expect(await fastValidate([source], schema, { maxErrors: 10, cwd: dir, onFallback: (r) => reasons.push(r) })).toBeUndefined()
    expect(reasons[0]).toMatch(/type 'date' of 'note'/)
  })
})

describe('file digests computed in slices between other work', () => {
  it('equal the sha256 of each file, in order; a failure resolves to undefined', async () => {
    const { BackgroundDigests } = await import('../../../packages/core/src/dataset/background-digests.ts')
    const { createHash } = await import('node:crypto')
    const { readFileSync } = await import('node:fs')
    const a = writeCsv('digest-a.csv', { rows: 500 })
    const b = writeCsv('digest-b.csv', { rows: 700 })
    const got = await new BackgroundDigests([a.path, b.path]).wait()
    expect(got).toEqual([a, b].map((s) => ({ sha256: createHash('sha256').update(readFileSync(s.path)).digest('hex'), bytes: s.bytes })))
    expect(await new BackgroundDigests([join(dir, 'no-such.csv')]).wait()).toBeUndefined()
    // a file of several slices (1 MiB each), and a stop before the end
    const big = join(dir, 'digest-big.bin')
    const bytes = Buffer.alloc((5 << 19) + 77, 7)
    writeFileSync(big, bytes)
    expect(await new BackgroundDigests([big]).wait()).toEqual([{ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length }])
    const stopped = new BackgroundDigests([big, big])
    stopped.stop()
    expect(await stopped.wait()).toBeUndefined()
  })
})
