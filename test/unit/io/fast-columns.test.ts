import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { profileColumn } from '../../../packages/core/src/drift/profile.ts'
import { fastReadTable, sortedPairOnWorker, wassersteinOnWorker } from '../../../packages/core/src/io/fast/read-columns.ts'
import { meanStd, wasserstein } from '../../../packages/core/src/stats/binned.ts'
import type { DataSource } from '../../../packages/core/src/io/sources.ts'
import { readTable } from '../../../packages/core/src/dataset/index.ts'
import { sortFloat64 } from '../../../packages/core/src/worker/sorter.ts'
import type { Table } from '../../../packages/core/src/table/types.ts'
import { rng } from '../../helpers/rng.ts'

// The worker-thread reader must build the very table the row reader builds, or give way.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-cols-'))

function write(name: string, rows: number, o: { crlf?: boolean; quotes?: boolean; seed?: number; extra?: string[]; bom?: boolean } = {}): DataSource {
  const r = rng(o.seed ?? rows)
  const nl = o.crlf ? '\r\n' : '\n'
  const lines = ['amount,age,city,flag,score,note']
  const cities = o.quotes ? ['Oslo', '"Rome, IT"', '"say ""hi"""', 'NA', ''] : ['Oslo', 'Rome', 'Lima', 'NA', '']
  for (let i = 0; i < rows; i++) {
    const amount = r() < 0.03 ? '' : r() < 0.02 ? 'NaN' : r() < 0.02 ? '1e3' : r() < 0.02 ? ' 7.25' : r() < 0.01 ? '"12.5"' : ((r() - 0.3) * 1e4).toFixed(r() < 0.5 ? 2 : 0)
    const age = String(18 + Math.floor(r() * 60))
    const city = cities[Math.floor(r() * cities.length)]
    const flag = r() < 0.5 ? 'true' : 'False'
    const score = r() < 0.01 ? 'Infinity' : r().toFixed(5)
    const note = r() < 0.4 ? '' : `n${Math.floor(r() * 5000)}`
    lines.push([amount, age, city, flag, score, note].join(','))
  }
  lines.push(...(o.extra ?? []))
  const path = join(dir, name)
  writeFileSync(path, (o.bom ? '\uFEFF' : '') + lines.join(nl) + nl)
  return { path, format: 'csv', gzip: false, bytes: statSync(path).size }
}

function same(fast: Table, slow: Table): void {
  expect(fast.rowCount).toBe(slow.rowCount)
  expect(fast.columns.map((c) => [c.name, c.type])).toEqual(slow.columns.map((c) => [c.name, c.type]))
  fast.columns.forEach((c, k) => {
    const s = slow.columns[k]
    if (c.type === 'numeric' && s.type === 'numeric') {
      expect(c.integer).toBe(s.integer)
      expect(Array.from(c.values)).toEqual(Array.from(s.values))
      // drift skips dropping non-finite values where this count says there are none
      expect(c.finite).toBe(s.values.filter((v) => Number.isFinite(v)).length)
    } else if (c.type === 'categorical' && s.type === 'categorical') {
      expect(c.source).toBe(s.source)
      expect(c.dictionary).toEqual(s.dictionary)
      expect(Array.from(c.codes)).toEqual(Array.from(s.codes))
    }
  })
}

describe('worker-thread column reader', () => {
  it.each([
    ['LF', {}],
    ['CRLF', { crlf: true }],
    ['quoted cells', { quotes: true }],
    ['BOM and CRLF', { bom: true, crlf: true }],
  ])('%s: the same table as the row reader, across many small chunks', async (name, o) => {
    const source = write(`${name}.csv`, 30_000, o)
    const slow = await readTable(source.path, { cwd: dir })
    const reasons: string[] = []
    const fast = await fastReadTable([source], { cwd: dir, chunkBytes: 8192, workers: 2, onFallback: (r) => reasons.push(r) })
    expect(reasons).toEqual([])
    same(fast!, slow)
    expect(slow.columns.map((c) => c.type)).toEqual(['numeric', 'numeric', 'categorical', 'categorical', 'numeric', 'categorical'])
  })

  it('looks past the first 64 KiB for a column that has no value there yet', async () => {
    const lines = ['id,late,name']
    for (let i = 0; i < 20_000; i++) lines.push(`${i},${i < 6000 ? '' : (i / 7).toFixed(3)},name-${i % 50}`)
    const path = join(dir, 'late.csv')
    writeFileSync(path, lines.join('\n') + '\n')
    const source: DataSource = { path, format: 'csv', gzip: false, bytes: statSync(path).size }
    expect(lines.slice(0, 6001).join('\n').length).toBeGreaterThan(64 << 10)
    const reasons: string[] = []
    const fast = await fastReadTable([source], { cwd: dir, chunkBytes: 8192, workers: 2, onFallback: (r) => reasons.push(r) })
    expect(reasons).toEqual([])
    same(fast!, await readTable(path, { cwd: dir }))
    expect(fast!.columns[1].type).toBe('numeric')
  })

  it("leaves the files' digests to its caller, whom it tells once the first file is sampled", async () => {
    const source = write('deferred.csv', 20_000, { seed: 31 })
    let sampled = 0
    const fast = (await fastReadTable([source], { cwd: dir, chunkBytes: 8192, workers: 2, onSampled: () => sampled++ }))!
    expect(sampled).toBe(1)
    expect(fast.files).toEqual([])
    same(fast, await readTable(source.path, { cwd: dir }))
  })

  it('reads text columns as counts only when their codes are not wanted', async () => {
    const source = write('counted.csv', 40_000, { seed: 41, quotes: true })
    const full = (await fastReadTable([source], { cwd: dir, chunkBytes: 8192, workers: 2 }))!
    const counted = (await fastReadTable([source], { cwd: dir, chunkBytes: 8192, workers: 2, textCodes: false }))!
    expect(counted.rowCount).toBe(full.rowCount)
    counted.columns.forEach((c, k) => {
      const f = full.columns[k]
      if (c.type === 'numeric' && f.type === 'numeric') expect(Array.from(c.values)).toEqual(Array.from(f.values))
      else if (c.type === 'categorical' && f.type === 'categorical') {
        expect(profileColumn(c)).toEqual(profileColumn(f))
        expect(() => c.codes).toThrow(`column '${c.name}' was read as counts only: its codes were not kept`)
      }
    })
  })

  it('two files read at once on the shared pool (output buffers recycled between their chunks) give their own tables', async () => {
    const a = write('shared-a.csv', 330_000, { seed: 21 })
    const b = write('shared-b.csv', 280_000, { seed: 22, quotes: true })
    expect(Math.min(a.bytes, b.bytes)).toBeGreaterThan(8 << 20) // several 4 MiB chunks each
    const [fa, fb] = await Promise.all([fastReadTable([a], { cwd: dir }), fastReadTable([b], { cwd: dir })])
    // text columns come counted: their profiles need no codes, and equal those built from the row reader's codes
    for (const [fast, path] of [
      [fa!, a.path],
      [fb!, b.path],
    ] as const) {
      const slow = await readTable(path, { cwd: dir })
      fast.columns.forEach((c, k) => {
        if (c.type !== 'categorical') return
        expect(c.counts).toBeDefined()
        const [p, q] = [profileColumn(c), profileColumn(slow.columns[k])]
        expect([p.rows, p.missing, p.source]).toEqual([q.rows, q.missing, q.source])
        expect([...p.counts!].sort()).toEqual([...q.counts!].sort())
      })
      same(fast, slow)
    }
  })

  it('past its text limit a column is only counted: missing cells stay exact, a lower bound of its distinct values comes with it', async () => {
    const source = write('limit.csv', 30_000, { seed: 8 })
    const slow = await readTable(source.path, { cwd: dir })
    const fast = (await fastReadTable([source], { cwd: dir, chunkBytes: 8192, workers: 2, textLimit: 50 }))!
    const [note, slowNote] = [fast.columns[5], slow.columns[5]]
    if (note.type !== 'categorical' || slowNote.type !== 'categorical') throw new Error('note is text')
    const slowProfile = profileColumn(slowNote)
    expect(note.unencoded).toBeGreaterThan(0)
    expect(note.missing).toBe(slowProfile.missing)
    expect(note.distinctAtLeast).toBeLessThanOrEqual(slowProfile.counts!.size)
    expect(note.distinctAtLeast).toBeGreaterThan(0.9 * slowProfile.counts!.size) // FNV collisions are rare
    expect(profileColumn(note).rows).toBe(slowProfile.rows)
    expect(() => note.codes).toThrow(/text limit/)
    // the city column has 4 values: under the limit, exact
    expect(profileColumn(fast.columns[2]).counts).toEqual(profileColumn(slow.columns[2]).counts)
    // a column named in fullText is read in full
    same((await fastReadTable([source], { cwd: dir, chunkBytes: 8192, workers: 2, textLimit: 50, fullText: ['note'] }))!, slow)
  })

  it('excluded columns are not read, on either path', async () => {
    const source = write('exclude.csv', 3_000, { seed: 3 })
    const slow = await readTable(source.path, { cwd: dir, exclude: ['note', 'flag'] })
    const fast = await fastReadTable([source], { cwd: dir, exclude: ['note', 'flag'], chunkBytes: 4096, workers: 2 })
    expect(slow.columns.map((c) => c.name)).toEqual(['amount', 'age', 'city', 'score'])
    same(fast!, slow)
  })

  it('a very wide file (1 500 columns) is read in more, smaller kernel calls, to the same table', async () => {
    const r = rng(9)
    const width = 1500
    const header = Array.from({ length: width }, (_, j) => `c${j}`)
    const lines = [header.join(',')]
    for (let i = 0; i < 1200; i++) lines.push(header.map((_, j) => (j % 3 === 0 ? `w${Math.floor(r() * 5)}` : (r() * 100).toFixed(2))).join(','))
    const path = join(dir, 'wide.csv')
    writeFileSync(path, lines.join('\n') + '\n')
    const source: DataSource = { path, format: 'csv', gzip: false, bytes: statSync(path).size }
    const slow = await readTable(path, { cwd: dir })
    const fast = await fastReadTable([source], { cwd: dir, chunkBytes: 1 << 20, workers: 2 })
    same(fast!, slow)
  })

  it('TSV: the same table as the row reader', async () => {
    const csv = write('tab-source.csv', 5_000, { seed: 4 })
    const path = join(dir, 'data.tsv')
    writeFileSync(path, readFileSync(csv.path, 'utf8').replaceAll(',', '\t'))
    const source: DataSource = { path, format: 'tsv', gzip: false, bytes: statSync(path).size }
    const slow = await readTable(path, { cwd: dir })
    const reasons: string[] = []
    const fast = await fastReadTable([source], { cwd: dir, chunkBytes: 4096, workers: 2, onFallback: (r) => reasons.push(r) })
    expect(reasons).toEqual([])
    same(fast!, slow)
  })

  it.each([
    ['\\r', '\r'],
    ['\\n', '\n'],
    ['a quote', '"'],
  ])('a delimiter the byte scanners cannot split on (%s) gives way to the row reader, as the validation scan does', async (_, delimiter) => {
    const source = write('delimiter.csv', 200, { seed: 5 })
    const reasons: string[] = []
    expect(await fastReadTable([source], { cwd: dir, delimiter, chunkBytes: 4096, workers: 2, onFallback: (r) => reasons.push(r) })).toBeUndefined()
    expect(reasons).toEqual(['delimiter'])
  })

  it('a column of TRUE/FALSE is typed boolean by both readers, by the words inference types boolean by', async () => {
    const path = join(dir, 'upper-flags.csv')
    writeFileSync(path, 'flag,n\n' + Array.from({ length: 300 }, (_, i) => `${i % 3 === 0 ? 'TRUE' : 'FALSE'},${i}`).join('\n') + '\n')
    const source: DataSource = { path, format: 'csv', gzip: false, bytes: statSync(path).size }
    const slow = await readTable(path, { cwd: dir })
    const fast = await fastReadTable([source], { cwd: dir, chunkBytes: 4096, workers: 2 })
    same(fast!, slow)
    expect(slow.columns[0]).toMatchObject({ type: 'categorical', source: 'boolean' })
  })

  it('shards and a column selection', async () => {
    const a = write('shard-a.csv', 5_000, { seed: 1 })
    const b = write('shard-b.csv', 5_000, { seed: 2 })
    const slow = await readTable([a.path, b.path], { cwd: dir, columns: ['city', 'score'] })
    const fast = await fastReadTable([a, b], { cwd: dir, columns: ['city', 'score'], chunkBytes: 4096, workers: 2 })
    same(fast!, slow)
  })

  it.each([
    ['text in a numeric column', ['oops,20,Oslo,true,0.5,x']],
    ['a ragged row', ['1,20,Oslo']],
    ['extra cells', ['1,20,Oslo,true,0.5,x,y']],
    ['a blank line', ['']],
  ])('%s makes it give way to the row reader', async (name, extra) => {
    const source = write(`bad-${name.replace(/\W+/g, '-')}.csv`, 3_000, { extra })
    const reasons: string[] = []
    expect(await fastReadTable([source], { cwd: dir, chunkBytes: 4096, workers: 2, onFallback: (r) => reasons.push(r) })).toBeUndefined()
    expect(reasons).toHaveLength(1)
  })

  it('quoted line breaks across chunk boundaries make it give way, not build a wrong table', async () => {
    // every b holds a line break halfway: almost any chunk boundary lands before one
    const lines = ['a,b', ...Array.from({ length: 400 }, (_, i) => `${i},"${'x'.repeat(60)}\n${'y'.repeat(20)}"`)]
    const path = join(dir, 'breaks.csv')
    writeFileSync(path, lines.join('\n') + '\n')
    const source: DataSource = { path, format: 'csv', gzip: false, bytes: statSync(path).size }
    expect((await readTable(path, { cwd: dir })).rowCount).toBe(400)
    for (const chunkBytes of [1024, 2000, 5000]) {
      const reasons: string[] = []
      expect(await fastReadTable([source], { cwd: dir, chunkBytes, workers: 2, onFallback: (r) => reasons.push(r) })).toBeUndefined()
      expect(reasons).toHaveLength(1)
    }
  })

  it('sorts both sides of a column on a worker thread exactly as on the main thread, measuring them there', async () => {
    const r = rng(5)
    const ref = Float64Array.from({ length: 300_000 }, (_, i) => (i % 1000 === 0 ? NaN : i % 1001 === 0 ? Infinity : (r() - 0.5) * 1e6))
    const cur = Float64Array.from({ length: 120_000 }, (_, i) => (i % 777 === 0 ? NaN : Math.round(r() * 5000) / 100))
    const [wantRef, wantCur] = [ref, cur].map((v) => sortFloat64(v.filter((x) => Number.isFinite(x))))
    const wantInfinite = [ref, cur].map((v) => v.filter((x) => Math.abs(x) === Infinity).length)
    expect(wantInfinite[0]).toBeGreaterThan(0)
    const measured = await sortedPairOnWorker(ref, cur, true)
    const [x, y] = measured.sorted
    // the values themselves travelled: the caller's arrays are left empty
    expect([ref.length, cur.length]).toEqual([0, 0])
    expect(Array.from(x)).toEqual(Array.from(wantRef))
    expect(Array.from(y)).toEqual(Array.from(wantCur))
    // the figures come back as values, computed there by the same functions
    expect(measured.moments).toEqual([meanStd(wantRef), meanStd(wantCur)])
    expect(measured.wasserstein).toBe(wasserstein(wantRef, wantCur))
    expect(measured.infinite).toEqual(wantInfinite)
    // without the distance, and from a shared buffer (copied, not moved)
    const shared = new Float64Array(new SharedArrayBuffer(8 * 50_000))
    for (let i = 0; i < shared.length; i++) shared[i] = r()
    const unmeasured = await sortedPairOnWorker(
      shared,
      Float64Array.from({ length: 50_000 }, () => r()),
      false,
    )
    const [s, t] = unmeasured.sorted
    expect(unmeasured.wasserstein).toBeUndefined()
    expect(shared.length).toBe(50_000)
    expect(Array.from(s)).toEqual(Array.from(sortFloat64(shared.slice())))
    expect(t.length).toBe(50_000)
    // sides known to be all finite skip the dropping pass and sort the same
    const dense = Float64Array.from({ length: 60_000 }, () => r() - 0.5)
    const want = sortFloat64(dense.slice())
    const {
      sorted: [u],
    } = await sortedPairOnWorker(
      dense,
      Float64Array.from({ length: 60_000 }, () => r()),
      false,
      [true, true],
    )
    expect(Array.from(u)).toEqual(Array.from(want))
  })

  it('computes the Wasserstein distance of two sorted columns on a worker, handing both back', async () => {
    const r = rng(9)
    const a = sortFloat64(Float64Array.from({ length: 250_000 }, () => r() * 10))
    const b = sortFloat64(Float64Array.from({ length: 180_000 }, () => r() * 10 + 0.5))
    const [ca, cb] = [a.slice(), b.slice()]
    const measured = await wassersteinOnWorker(a, b)
    const [x, y] = measured.sorted
    expect(a.length).toBe(0)
    expect(Array.from(x)).toEqual(Array.from(ca))
    expect(Array.from(y)).toEqual(Array.from(cb))
    expect(measured.wasserstein).toBe(wasserstein(ca, cb))
  })
})
