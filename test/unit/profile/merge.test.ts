import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openDataset } from '../../../packages/core/src/dataset/index.ts'
import type { DriftOptions } from '../../../packages/core/src/drift/detect.ts'
import { buildProfile, mergeProfiles, profileDrift, profileToJSON } from '../../../packages/core/src/profile/index.ts'
import type { Profile } from '../../../packages/core/src/profile/index.ts'
import { rng } from '../../helpers/rng.ts'

// Merge is order-independent addition: 1, 2, 7 and 64 shards of the rows in random order, merged in
// random order, give the same counts, bins, exact sums and verdicts as one run; moments to 1e-12.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-merge-'))
const N = 3000

function rows(seed: number, shift = 0): string[] {
  const r = rng(seed)
  return Array.from({ length: N }, (_, i) => {
    const x = r() < 0.03 ? '' : String(r() + r() + r() - 1.5 + shift + (r() < 0.01 ? 1e6 : 0))
    const k = String(Math.floor(r() * 8))
    const c = r() < 0.02 ? 'NA' : `c${Math.floor(r() * r() * 150)}`
    const flag = r() < 0.5 ? 'true' : 'False'
    return `${i},${x},${k},${c},${flag}`
  })
}

const HEADER = 'id,x,k,c,flag'

function write(name: string, lines: string[]): string {
  writeFileSync(join(dir, name), [HEADER, ...lines].join('\n') + '\n')
  return name
}

function shuffle<T>(a: T[], seed: number): T[] {
  const r = rng(seed)
  const out = [...a]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

async function shardProfiles(lines: string[], count: number, seed: number, edgesFrom: Profile): Promise<Profile[]> {
  const sub = join(dir, `s${count}-${seed}`)
  mkdirSync(sub, { recursive: true })
  const order = shuffle(lines, seed)
  const names = Array.from({ length: count }, (_, i) =>
    write(
      `s${count}-${seed}/part-${String(i).padStart(3, '0')}.csv`,
      order.filter((_, j) => j % count === i),
    ),
  )
  const ds = await openDataset(names, { cwd: dir, role: 'current' })
  return Promise.all(Array.from({ length: count }, (_, i) => buildProfile(ds, { edgesFrom, shard: { index: i + 1, count }, cap: 100 })))
}

const options: DriftOptions = { kinds: new Map(), method: 'auto', methods: new Map(), correction: 'none', missingDrift: true, minSample: 30 }

/** Everything of a profile but its shards and sources (which name the files each run read). */
const content = (p: Profile) => p.columns.map((c) => ({ ...c, numbers: c.numbers && { count: c.numbers.count, min: c.numbers.min, max: c.numbers.max } }))

describe('merging shards', () => {
  const reference = rows(1)
  const current = rows(2, 0.05)

  it('1, 2, 7 and 64 shards in random order, merged in random order, equal one run', async () => {
    const ref = await buildProfile(await openDataset(write('ref.csv', reference), { cwd: dir }), { bins: 100, cap: 100 })
    const single = await buildProfile(await openDataset(write('cur.csv', current), { cwd: dir }), { edgesFrom: ref, cap: 100 })
    const verdict = JSON.stringify(profileDrift(ref, single, options).columns.map((c) => [c.name, c.method, c.drifted, c.ks?.verdict ?? null, c.exactness]))
    // the exact statistics: functions of counts, so bit for bit those of one run
    const exactOf = (p: Profile) =>
      profileDrift(ref, p, options)
        .columns.filter((c) => c.exactness === 'exact')
        .map((c) => [c.name, c.statistic, c.pValue, c.missingShare, c.histogram])
    const exactSingle = exactOf(single)
    expect(exactSingle.length).toBeGreaterThanOrEqual(3)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(1, 2, 7, 64), fc.integer({ min: 1, max: 1e6 }), async (count, seed) => {
        const parts = await shardProfiles(current, count, seed, ref)
        const merged = mergeProfiles(shuffle(parts, seed + 1), { expectedShards: count })
        expect(content(merged)).toEqual(content(single))
        for (const c of merged.columns) {
          const s = single.columns.find((x) => x.name === c.name)!
          for (const f of ['mean', 'm2'] as const) expect(Math.abs(c.numbers![f] - s.numbers![f])).toBeLessThanOrEqual(1e-12 * Math.abs(s.numbers![f]))
        }
        // any order of the same shards: the same bits
        expect(profileToJSON(mergeProfiles(shuffle(parts, seed + 2)))).toBe(profileToJSON(merged))
        expect(JSON.stringify(profileDrift(ref, merged, options).columns.map((c) => [c.name, c.method, c.drifted, c.ks?.verdict ?? null, c.exactness]))).toBe(verdict)
        expect(exactOf(merged)).toEqual(exactSingle)
      }),
      { numRuns: 8 },
    )
  })
})

describe('merging shards of mixed cells', () => {
  it('a shard of booleans and a shard with words merge to what one run over both counts', async () => {
    writeFileSync(join(dir, 'm1.csv'), 'v\nTrue\nfalse\nTRUE\n')
    writeFileSync(join(dir, 'm2.csv'), 'v\nmaybe\n1.50\nTrue\n')
    const ds = await openDataset(['m1.csv', 'm2.csv'], { cwd: dir })
    const whole = await buildProfile(ds, { bins: 10 })
    const parts = await Promise.all([1, 2].map((index) => buildProfile(ds, { edgesFrom: whole, shard: { index, count: 2 } })))
    expect(parts.map((p) => p.columns[0].source)).toEqual(['boolean', 'string'])
    expect(content(mergeProfiles(parts))).toEqual(content(whole))
    expect(whole.columns[0]).toMatchObject({ source: 'string', nonNumeric: 5, categories: { counts: { True: 2, false: 1, TRUE: 1, maybe: 1, '1.5': 1 } } })
  })
})
