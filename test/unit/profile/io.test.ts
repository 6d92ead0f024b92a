import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import Ajv from 'ajv'
import { describe, expect, it } from 'vitest'
import { openDataset } from '../../../packages/core/src/dataset/index.ts'
import { ConfigurationError } from '../../../packages/core/src/errors.ts'
import { buildProfile, isProfilePath, mergeProfiles, profileToJSON, readProfile, writeProfile } from '../../../packages/core/src/profile/index.ts'
import type { Profile } from '../../../packages/core/src/profile/index.ts'

// A profile is a versioned JSON file checked against its published schema on read; every refusal is one sentence.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-profile-io-'))
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../../packages/core/schemas/profile.schema.json'), 'utf8')) as object

async function profileOf(name: string, text: string, o: Parameters<typeof buildProfile>[1] = {}): Promise<Profile> {
  writeFileSync(join(dir, name), text)
  return buildProfile(await openDataset(name, { cwd: dir }), { bins: 10, cap: 20, ...o })
}

const data = (shift = 0) => 'id,x,c\n' + Array.from({ length: 200 }, (_, i) => `${i},${(i % 37) + shift},${i % 3 ? 'a' : 'b'}`).join('\n') + '\n'

/** The error's message, which must be one sentence (one full stop, at its end) of a ConfigurationError. */
async function refusal(f: () => unknown): Promise<string> {
  try {
    await f()
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError)
    const m = (e as Error).message
    expect(m.split(/(?<=[.;:]) (?=[A-Z])/).length, m).toBe(1)
    expect(m.endsWith('.')).toBe(true)
    return m
  }
  throw new Error('no refusal')
}

describe('profile files', () => {
  it('round-trips through JSON and gzip, and the file matches the published schema', async () => {
    const p = await profileOf('a.csv', data())
    for (const name of ['a.profile.json', 'a.profile.json.gz']) {
      await writeProfile(join(dir, name), p)
      expect(await readProfile(name, dir)).toEqual(JSON.parse(JSON.stringify(p, (_k, v: unknown) => v)) && (await readProfile(name, dir)))
      expect(profileToJSON(await readProfile(name, dir))).toBe(profileToJSON(p))
    }
    const validate = new Ajv({ strict: false }).compile(schema)
    expect(validate(JSON.parse(profileToJSON(p))), JSON.stringify(validate.errors)).toBe(true)
    expect(readFileSync(join(dir, 'a.profile.json.gz'))[0]).toBe(0x1f)
    expect([isProfilePath('x.profile.json'), isProfilePath('x.PROFILE.json.gz'), isProfilePath('x.json'), isProfilePath('x.csv')]).toEqual([true, true, false, false])
  })

  it('refuses a corrupt, truncated or other-version profile in one sentence', async () => {
    const text = profileToJSON(await profileOf('b.csv', data()))
    const cases: [string, string | Buffer, string][] = [
      ['truncated.profile.json', text.slice(0, text.length / 2), "The profile 'truncated.profile.json' cannot be read: it is not complete JSON (truncated or corrupt)."],
      ['truncated.profile.json.gz', gzipSync(text).subarray(0, 100), "The profile 'truncated.profile.json.gz' cannot be read: it is not complete gzip (truncated or corrupt)."],
      ['v2.profile.json', text.replace('"version":1', '"version":2'), "The profile 'v2.profile.json' cannot be read: it is of version 2, and this version of mlgate reads version 1 only."],
      ['other.profile.json', '{"kind":"something"}', 'The profile \'other.profile.json\' cannot be read: it is not an mlgate profile (no "kind": "mlgate.profile").'],
      ['schema.profile.json', text.replace('"rows":200', '"rows":"200"'), "The profile 'schema.profile.json' cannot be read: 'columns.0.rows' must be integer (schemas/profile.schema.json)."],
      [
        'counts.profile.json',
        text.replace(/"counts":\[(\d+)/, (_m, n: string) => `"counts":[${Number(n) + 1}`),
        "The profile 'counts.profile.json' cannot be read: the bins of column 'id' do not add up to its count of numbers.",
      ],
      ['edges.profile.json', text.replace(/"edges":\[([-\d.e]+)/, '"edges":[-1'), "The profile 'edges.profile.json' cannot be read: its edges do not match its edges fingerprint."],
    ]
    for (const [name, body, sentence] of cases) {
      writeFileSync(join(dir, name), body)
      expect(await refusal(() => readProfile(name, dir))).toBe(sentence)
    }
    expect(await refusal(() => readProfile('absent.profile.json', dir))).toBe("The profile 'absent.profile.json' does not exist.")
  })

  it('refuses to merge other edges, other schemas, a shard twice or a missing shard, naming the column or shard', async () => {
    const ref = await profileOf('r.csv', data())
    const other = await profileOf('o.csv', data(5))
    writeFileSync(join(dir, 'two.csv'), data(1))
    const ds = await openDataset(['r.csv', 'two.csv'], { cwd: dir })
    const [s1, s2] = await Promise.all([1, 2].map((index) => buildProfile(ds, { edgesFrom: ref, shard: { index, count: 2 }, cap: 20 })))
    const narrow = await profileOf('n.csv', 'id,x\n1,2\n', { edgesFrom: ref })
    expect(await refusal(() => mergeProfiles([ref, other]))).toBe(
      "The profiles cannot be merged: column 'x' is binned on different edges in them; profile every part with --edges-from the same reference profile.",
    )
    expect(await refusal(() => mergeProfiles([s1, narrow]))).toBe(
      "The profiles cannot be merged: column 'c' is in shard 1/2 but not in shard " + narrow.shards[0].id + '; they profile different schemas.',
    )
    expect(await refusal(() => mergeProfiles([s1, s1]))).toBe('The profiles cannot be merged: shard 1/2 is in more than one of them.')
    expect(await refusal(() => mergeProfiles([s1]))).toBe('The profiles cannot be merged: shard 2/2 is missing of the 2 expected.')
    expect(await refusal(() => mergeProfiles([s1, s2], { expectedShards: 3 }))).toBe('The profiles cannot be merged: shard 1/2 is of a split into 2, and 3 shards are expected.')
    expect(mergeProfiles([s2, s1]).shards.map((s) => s.id)).toEqual(['1/2', '2/2'])
    expect(await refusal(() => mergeProfiles([]))).toBe('No profiles to merge were given.')
  })
})

describe('category values', () => {
  it('a value spelled __proto__ is counted like any other', async () => {
    const p = await profileOf('proto.csv', 'k\n__proto__\n__proto__\nconstructor\n')
    const c = p.columns[0].categories!
    expect(Object.entries(c.counts)).toEqual([
      ['__proto__', 2],
      ['constructor', 1],
    ])
    await writeProfile(join(dir, 'proto.profile.json'), p)
    expect(Object.entries((await readProfile('proto.profile.json', dir)).columns[0].categories!.counts)).toEqual(Object.entries(c.counts))
  })
})
