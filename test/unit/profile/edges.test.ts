import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDataset } from '../../../packages/core/src/dataset/index.ts'
import type { Dataset } from '../../../packages/core/src/dataset/index.ts'
import { buildProfile, EDGE_SAMPLE_ROWS, EXACT_EDGES_MAX_BYTES, exactEdges, referenceEdges, sampledEdges } from '../../../packages/core/src/profile/index.ts'
import { rng } from '../../helpers/rng.ts'

// Edges from every value (held), or from a sample of rows (streamed, flat memory): the sample's are the
// exact ones when every row is in it, and otherwise put about 1/bins of the data in each bin.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-profile-edges-'))

function write(name: string, rows: number, seed: number): void {
  const r = rng(seed)
  const lines = ['x,c']
  for (let i = 0; i < rows; i++) lines.push(`${(r() + r() - 1) * 100},w${i % 3}`)
  writeFileSync(join(dir, name), lines.join('\n') + '\n')
}

describe('reference edges', () => {
  it('from a sample holding every row: the exact quantile edges', async () => {
    write('small.csv', 5000, 1)
    const ds = await openDataset('small.csv', { cwd: dir })
    expect(await sampledEdges(ds, 100)).toEqual(await referenceEdges(ds, 100))
  })

  it(`from a sample of ${EDGE_SAMPLE_ROWS} rows of many more: the same edges every run, each bin near 1/bins of the data`, async () => {
    write('big.csv', 4 * EDGE_SAMPLE_ROWS, 2)
    const ds = await openDataset('big.csv', { cwd: dir })
    const edges = await sampledEdges(ds, 100)
    expect(await sampledEdges(ds, 100)).toEqual(edges)
    expect([...edges.keys()]).toEqual(['x'])
    const p = await buildProfile(ds, { edges: 'sample', bins: 100 })
    const counts = p.columns.find((c) => c.name === 'x')!.bins!.counts
    const n = 4 * EDGE_SAMPLE_ROWS
    // binomial sampling error of a bin's share from 65 536 rows: sd √(0.01·0.99/65 536) ≈ 0.00039; 6 sd
    for (const c of counts) expect(Math.abs(c / n - 0.01)).toBeLessThan(0.0024)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n)
  })
  it('by default from every value up to 64 MB of files, from a sample past that', () => {
    const of = (bytes: number) => ({ bytes }) as Dataset
    expect([exactEdges(of(EXACT_EDGES_MAX_BYTES)), exactEdges(of(EXACT_EDGES_MAX_BYTES + 1)), exactEdges(of(1e12), 'exact'), exactEdges(of(1), 'sample')]).toEqual([true, false, true, false])
  })
})
