import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDataset } from '../../../packages/core/src/dataset/index.ts'
import { buildProfile } from '../../../packages/core/src/profile/index.ts'
import type { Profile } from '../../../packages/core/src/profile/index.ts'
import { rng } from '../../helpers/rng.ts'

// Large CSV is profiled on the worker threads in parts cut at record starts: the same profile as one pass.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-profile-threads-'))

function write(name: string, rows: number, seed: number): void {
  const r = rng(seed)
  const lines = ['x,c,q']
  for (let i = 0; i < rows; i++) lines.push(`${r() < 0.02 ? '' : r() * 100},c${Math.floor(r() * 30)},"a ""q""\n${Math.floor(r() * 5)}"`)
  writeFileSync(join(dir, name), lines.join('\n') + '\n')
}

/** Everything but the moments' last bits (Chan's merge of the parts). */
function content(p: Profile) {
  return p.columns.map((c) => ({ ...c, numbers: c.numbers && { count: c.numbers.count, min: c.numbers.min, max: c.numbers.max } }))
}

describe('profiles on the worker threads', () => {
  it('parts of files (quoted line breaks across the cuts) equal one pass on this thread', async () => {
    write('t1.csv', 20_000, 1)
    write('t2.csv', 5_000, 2)
    const ds = await openDataset(['t1.csv', 't2.csv'], { cwd: dir })
    const ref = await buildProfile(ds, { bins: 50, cap: 20 })
    const one = await buildProfile(ds, { edgesFrom: ref, cap: 20, partBytes: Infinity })
    const parts = await buildProfile(ds, { edgesFrom: ref, cap: 20, partBytes: 50_000 })
    expect(content(parts)).toEqual(content(one))
    expect(parts.shards).toEqual(one.shards)
    for (const [i, c] of parts.columns.entries())
      for (const f of ['mean', 'm2'] as const) expect(Math.abs(c.numbers![f] - one.columns[i].numbers![f])).toBeLessThanOrEqual(1e-12 * Math.abs(one.columns[i].numbers![f]))
    expect(parts.columns.map((c) => c.name)).toEqual(['x', 'c', 'q'])
  })

  it('a malformed part is the user’s mistake, in its sentence', async () => {
    writeFileSync(join(dir, 'good.csv'), 'x\n' + '1\n'.repeat(100))
    writeFileSync(join(dir, 'bad.csv'), 'x\n' + '1\n'.repeat(50_000) + '"unclosed\n')
    const ref = await buildProfile(await openDataset('good.csv', { cwd: dir }), { bins: 10 })
    const ds = await openDataset('bad.csv', { cwd: dir })
    await expect(buildProfile(ds, { edgesFrom: ref, partBytes: 20_000 })).rejects.toThrow(/bad\.csv: format-error — unclosed quote starting at line/)
  })
})
