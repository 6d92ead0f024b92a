import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openDataset } from '../../../packages/core/src/dataset/index.ts'
import { buildProfile, mergeProfiles, profileRules } from '../../../packages/core/src/profile/index.ts'
import type { Schema } from '../../../packages/core/src/schema/model.ts'
import { datasetRuleErrors } from '../../../packages/core/src/validate/dataset-rules.ts'
import type { FieldCheck } from '../../../packages/core/src/validate/field-check.ts'
import { FieldProfile } from '../../../packages/core/src/validate/stats.ts'
import { rng } from '../../helpers/rng.ts'

// validate-data's dataset rules on a profile: the same sentences as a run over every row where counts
// decide; a quantile check the bins cannot decide is said, never passed.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-profile-rules-'))

function data(name: string, seed: number, n: number): number[] {
  const r = rng(seed)
  const xs = Array.from({ length: n }, () => Math.round((r() + r() + r()) * 1000) / 100)
  writeFileSync(join(dir, name), 'id,x\n' + xs.map((x, i) => `${i},${i % 50 === 0 ? '' : x}`).join('\n') + '\n')
  return xs.filter((_, i) => i % 50 !== 0)
}

/** The rules as a run over every value checks them. */
function exactErrors(schema: Schema, xs: number[], rows: number) {
  const field = schema.fields[0]
  const profile = new FieldProfile(field)
  for (let i = 0; i < rows - xs.length; i++) profile.addMissing()
  for (const x of xs) profile.add(x, x)
  return datasetRuleErrors(schema, [{ field, profile } as unknown as FieldCheck], rows)
}

describe('dataset rules on a profile', () => {
  it('quantile ranges as counts: whenever the bins decide, the same verdict and sentence as every value (property)', async () => {
    const xs = data('a.csv', 3, 5000)
    const ref = await buildProfile(await openDataset('a.csv', { cwd: dir }), { bins: 100 })
    let decided = 0
    let undecided = 0
    // limits at the data's own values and the bins' edges (where off-by-one errors live), and anywhere
    const edges = ref.columns.find((c) => c.name === 'x')!.bins!.edges
    const limits = fc.oneof(fc.constantFrom(...xs), fc.constantFrom(...edges), fc.double({ min: 0, max: 30, noNaN: true }))
    fc.assert(
      fc.property(fc.constantFrom(0.01, 0.05, 0.25, 0.5, 0.9, 0.99), limits, fc.boolean(), (q, limit, isMax) => {
        const range = isMax ? { max: limit } : { min: limit }
        const schema: Schema = { fields: [{ name: 'x', type: 'number', quality: { quantiles: { [String(q)]: range } } }] }
        const exact = exactErrors(schema, xs, 5000)
        const r = profileRules(ref, schema)
        if (r.undecided.length) {
          undecided++
          expect(r.errors).toEqual([])
          expect(r.undecided[0].message).toMatch(/cannot be decided on the profile's bins/)
        } else {
          decided++
          expect(r.errors.map((e) => e.rule!.split(' (')[0])).toEqual(exact.map((e) => e.rule!.replace(/ [\d.e+-]+ is /, ' is ')))
        }
      }),
      { numRuns: 2000 },
    )
    expect(decided).toBeGreaterThan(1000)
    // a limit inside the bucket that holds the median: the counts cannot say, and the report says so
    const inside = (edges[49] + edges[50]) / 2
    const r = profileRules(ref, { fields: [{ name: 'x', type: 'number', quality: { median: { max: inside } } }] })
    expect(r.errors).toEqual([])
    expect(r.undecided.map((u) => [u.exactness, u.message])).toEqual([
      ['bounded', expect.stringMatching(/^The median ≤ [\d.]+ cannot be decided on the profile's bins \(between \d+ and \d+ of 4900 values are ≤ [\d.]+\) of field 'x'\.$/)],
    ])
    expect(undecided + decided).toBe(2000)
  })

  it('rows, missing share, mean, extremes and std: the sentences of a run over every row, on a merged profile', async () => {
    const xs = data('b.csv', 4, 3000)
    writeFileSync(join(dir, 'b2.csv'), 'id,x\n')
    const ds = await openDataset(['b.csv', 'b2.csv'], { cwd: dir })
    const ref = await buildProfile(await openDataset('b.csv', { cwd: dir }), { bins: 100 })
    const merged = mergeProfiles(await Promise.all([1, 2].map((index) => buildProfile(ds, { edgesFrom: ref, shard: { index, count: 2 } }))))
    const schema: Schema = {
      rows: { max: 2000 },
      fields: [{ name: 'x', type: 'number', quality: { nullShare: { max: 0.01 }, mean: { max: 10 }, min: { min: 1 }, max: { max: 20 }, stdev: { max: 1 }, distinct: { max: 10 } } }],
    }
    const r = profileRules(merged, schema)
    const exact = exactErrors(schema, xs, 3000)
    // the distinct count is past the cap: an estimate, said and not checked
    expect(r.errors).toEqual(exact.filter((e) => !e.rule?.startsWith('distinct count')))
    expect(r.errors.length).toBe(5)
    expect(exact.length).toBe(6)
    expect(r.undecided.map((u) => u.message)).toEqual([expect.stringMatching(/^The distinct count of field 'x' is about \d+ \(an estimate past the profile's cap of 1000\): not checked\.$/)])
  })

  it('a primary key across shards: duplicates found from the key hashes, with the collision bound', async () => {
    writeFileSync(join(dir, 'k1.csv'), 'id,x\n1,2\n2,3\n')
    writeFileSync(join(dir, 'k2.csv'), 'id,x\n3,2\n1,5\n')
    const ds = await openDataset(['k1.csv', 'k2.csv'], { cwd: dir })
    const ref = await buildProfile(ds, { bins: 10 })
    const parts = await Promise.all([1, 2].map((index) => buildProfile(ds, { edgesFrom: ref, shard: { index, count: 2 }, keys: ['id'] })))
    const r = profileRules(mergeProfiles(parts), { fields: [{ name: 'id' }], primaryKey: 'id' })
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0].message).toMatch(/^1 row\(s\) repeat a primary key \(id\) of another row, by their 64-bit hashes over 4 rows \(two distinct keys share a hash with probability about /)
    expect(profileRules(parts[0], { fields: [{ name: 'id' }], primaryKey: 'id' }).errors).toEqual([])
    expect(profileRules(ref, { fields: [{ name: 'id' }], primaryKey: 'id' }).undecided[0].message).toBe(
      'The primary key (id) cannot be checked on the profile: it holds no hashes of that key; profile with keys id.',
    )
  })
})
