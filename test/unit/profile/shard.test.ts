import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { describe, expect, it } from 'vitest'
import { openDataset, readPieceRows, shardPieces } from '../../../packages/core/src/dataset/index.ts'
import { rng } from '../../helpers/rng.ts'

// A shard is a run of files, a range of a Parquet file's row groups, or a byte range of one CSV cut at a
// record start: every record is in exactly one shard, a quoted field across a cut never split.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-shard-'))

async function shardRows(path: string, count: number, delimiter?: string): Promise<string[][]> {
  const ds = await openDataset(path, { cwd: dir, delimiter })
  const out: string[][] = []
  for (let i = 1; i <= count; i++) {
    const rows: string[] = []
    for (const piece of await shardPieces(ds.sources, { index: i, count }, dir))
      await readPieceRows(piece, { header: (names) => expect(names).toEqual(['id', 'text', 'x']), row: (r) => void rows.push(`${r.text(0)}|${r.text(1)}|${r.text(2)}`) }, { cwd: dir, delimiter })
    out.push(rows)
  }
  return out
}

/** A CSV whose text fields are quoted, with delimiters, doubled quotes and line breaks inside. */
function quotedCsv(name: string, rows: number, seed: number, crlf = false): string[] {
  const r = rng(seed)
  const nl = crlf ? '\r\n' : '\n'
  const expected: string[] = []
  const lines = ['id,text,x']
  for (let i = 0; i < rows; i++) {
    const parts = Array.from({ length: 1 + Math.floor(r() * 4) }, () => ['a', 'b,c', 'say ""hi""', `two${nl}lines`, '"'][Math.floor(r() * 5)])
    const text = parts.join(' ')
    const quoted = r() < 0.8 || text.includes('"') || text.includes(',') || text.includes('\n')
    lines.push(`${i},${quoted ? `"${text.replaceAll('"', '""')}"` : text},${(r() * 10).toFixed(2)}`)
    expected.push(`${i}|${text.replaceAll('""', '"')}|${lines[lines.length - 1].split(',').pop()}`)
  }
  writeFileSync(join(dir, name), lines.join(nl) + nl)
  return expected.map((e) => e.replace(/""/g, '"'))
}

describe('CSV byte-range shards', () => {
  it('every record is in exactly one shard, whatever the cut, with quoted line breaks across cuts (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 40 }), fc.integer(), fc.boolean(), async (rows, count, seed, crlf) => {
        const name = `q-${rows}-${count}-${seed}.csv`
        quotedCsv(name, rows, seed, crlf)
        const whole = (await shardRows(name, 1))[0]
        const parts = await shardRows(name, count)
        expect(parts.flat()).toEqual(whole)
        expect(whole).toHaveLength(rows)
      }),
      { numRuns: 40 },
    )
  })

  it('a cut inside a quoted field gives the record to the shard it starts in', async () => {
    const text = 'x'.repeat(1000) + '\nstill the same field\n' + 'y'.repeat(1000)
    writeFileSync(join(dir, 'long.csv'), `id,text,x\n1,"${text}",2\n3,short,4\n`)
    const parts = await shardRows('long.csv', 3)
    expect(parts.map((p) => p.length)).toEqual([1, 0, 1])
    expect(parts[0][0]).toBe(`1|${text}|2`)
  })

  it('a file that cannot be cut is refused in one sentence', async () => {
    writeFileSync(join(dir, 'a.jsonl'), '{"id":1}\n{"id":2}\n')
    const ds = await openDataset('a.jsonl', { cwd: dir })
    await expect(shardPieces(ds.sources, { index: 1, count: 2 }, dir)).rejects.toThrow(
      "The data file 'a.jsonl' cannot be split into 2 shards: only uncompressed CSV/TSV files (by bytes) and Parquet files (by row groups) can be; give at least as many files as shards.",
    )
    await expect(shardPieces(ds.sources, { index: 3, count: 2 }, dir)).rejects.toThrow('The shard 3/2 does not exist: write it i/n with 1 ≤ i ≤ n.')
  })
})

describe('file and row-group shards', () => {
  it('with as many files as shards or more, each shard is a run of whole files', async () => {
    for (let f = 0; f < 5; f++) writeFileSync(join(dir, `part-${f}.csv`), `id,text,x\n${f},t,1\n`)
    const ds = await openDataset('part-*.csv', { cwd: dir })
    const shards = await Promise.all([1, 2, 3].map((i) => shardPieces(ds.sources, { index: i, count: 3 }, dir)))
    expect(shards.map((s) => s.map((p) => p.source.path))).toEqual([['part-0.csv'], ['part-1.csv', 'part-2.csv'], ['part-3.csv', 'part-4.csv']])
  })

  it('a Parquet file is cut by row groups, every row in one shard', async () => {
    const n = 1000
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: Array.from({ length: n }, (_, i) => String(i)), type: 'STRING' },
        { name: 'text', data: Array.from({ length: n }, (_, i) => `t${i % 7}`), type: 'STRING' },
        { name: 'x', data: Array.from({ length: n }, (_, i) => String(i / 4)), type: 'STRING' },
      ],
      rowGroupSize: 90,
    } as never)
    writeFileSync(join(dir, 'groups.parquet'), Buffer.from(buf))
    for (const count of [1, 2, 5, 12, 13]) {
      const parts = await shardRows('groups.parquet', count)
      expect(parts.flat()).toEqual(Array.from({ length: n }, (_, i) => `${i}|t${i % 7}|${i / 4}`))
      expect(parts.every((p) => p.length % 90 === 0 || p.includes(`${n - 1}|t${(n - 1) % 7}|${(n - 1) / 4}`))).toBe(true)
    }
  })
})
