import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as zlib from 'node:zlib'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { describe, expect, it } from 'vitest'
import { readTable } from '../../../packages/core/src/dataset/index.ts'
import { runTask } from '../../../packages/core/src/index.ts'
import { validateData } from '../../../packages/core/src/tasks/validate-data.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'

const zstd = (zlib as unknown as { zstdCompressSync?: (b: Uint8Array) => Buffer }).zstdCompressSync
const codecs: [string, ((b: Uint8Array) => Uint8Array) | undefined][] = [
  ['SNAPPY', undefined],
  ['GZIP', (b) => zlib.gzipSync(b)],
  ...(zstd ? [['ZSTD', (b: Uint8Array) => zstd(b)] as [string, (b: Uint8Array) => Uint8Array]] : []),
]

function parquetFile(codec: string, compress?: (b: Uint8Array) => Uint8Array): string {
  const n = 2500
  const columnData = [
    { name: 'id', data: Array.from({ length: n }, (_, i) => i + 1), type: 'INT32' },
    { name: 'amount', data: Array.from({ length: n }, (_, i) => (i % 100 === 0 ? null : i * 1.5)), type: 'DOUBLE' },
    { name: 'channel', data: Array.from({ length: n }, (_, i) => ['web', 'card', 'mobile'][i % 3]), type: 'STRING' },
    { name: 'weekend', data: Array.from({ length: n }, (_, i) => i % 7 < 2), type: 'BOOLEAN' },
  ]
  const buf = parquetWriteBuffer({ columnData, codec, compressors: compress ? { [codec]: compress } : undefined, rowGroupSize: 1000 } as never)
  const path = join(mkdtempSync(join(tmpdir(), 'mlgate-pq-')), `data-${codec}.parquet`)
  writeFileSync(path, Buffer.from(buf))
  return path
}

describe.each(codecs)('Parquet with %s pages', (codec, compress) => {
  const path = parquetFile(codec, compress)

  it('reads into typed columns across row groups', async () => {
    const t = await readTable(path)
    expect(t.rowCount).toBe(2500)
    expect(t.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['id:numeric', 'amount:numeric', 'channel:categorical', 'weekend:categorical'])
    const amount = t.columns[1]
    expect(amount.type === 'numeric' && Number.isNaN(amount.values[0])).toBe(true)
    expect(amount.type === 'numeric' && amount.values[2499]).toBe(2499 * 1.5)
  })

  it('validates against a schema with record numbers as row numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-pqs-'))
    writeFileSync(
      join(dir, 's.yaml'),
      'fields:\n  - { name: id, type: integer, constraints: { unique: true } }\n  - { name: amount, type: number, constraints: { required: true } }\n  - { name: channel, type: string, constraints: { enum: [web, card] } }\n  - { name: weekend, type: boolean }\n',
    )
    const p = memoryPlatform({ data: path, schema: join(dir, 's.yaml'), report: join(dir, 'r.json') })
    await runTask(validateData, p)
    expect(p.outputs['row-count']).toBe('2500')
    const report = JSON.parse((await import('node:fs')).readFileSync(join(dir, 'r.json'), 'utf8'))
    expect(report.errorCounts).toEqual({ 'constraint-error': 25 + 833 })
    expect(report.errors[0]).toMatchObject({ rowNumber: 1, fieldName: 'amount' })
  })
})
