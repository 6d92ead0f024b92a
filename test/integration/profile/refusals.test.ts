import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli, rows, writeCsv } from './data.ts'

/** A refusal: exit 2, one line on stderr holding one sentence, no stack trace, nothing written. */
async function refused(args: string[], cwd: string, pattern: RegExp, out?: string) {
  const r = await cli(args, cwd, 2)
  const lines = r.stderr.trim().split('\n')
  const last = lines[lines.length - 1]
  expect(last, r.stderr).toMatch(/^error: [^\n]+[.?]$/)
  expect(
    last
      .replace(/^error: /, '')
      .replace(/\b(e\.g|i\.e|vs)\./g, '')
      .replace(/\.(json|gz|csv|profile)\b/g, '')
      .split(/[.?] /),
  ).toHaveLength(1)
  expect(r.stderr).not.toMatch(/\n\s+at /)
  expect(last).toMatch(pattern)
  if (out) expect(existsSync(join(cwd, out)), `${out} was left behind`).toBe(false)
  return last
}

describe('every refusal of a profile is one sentence and exit 2, through the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-profile-refusals-'))
  beforeAll(async () => {
    writeCsv(join(dir, 'ref.csv'), rows(400, 1))
    writeCsv(join(dir, 'cur.csv'), rows(300, 2, 0.3, 10_000))
    writeFileSync(join(dir, 'other.csv'), 'x,y\n1,a\n2,b\n3,c\n')
    await cli(['profile', '--data', 'ref.csv', '--out', 'ref.profile.json'], dir)
    await cli(['profile', '--data', 'cur.csv', '--out', 'own-edges.profile.json'], dir)
    await cli(['profile', '--data', 'other.csv', '--out', 'other.profile.json'], dir)
    await Promise.all([1, 2, 3].map((i) => cli(['profile', '--data', 'cur.csv', '--edges-from', 'ref.profile.json', '--shard', `${i}/3`, '--out', `cur-${i}.profile.json`], dir)))
    const good = readFileSync(join(dir, 'cur-1.profile.json'))
    writeFileSync(join(dir, 'truncated.profile.json'), good.subarray(0, Math.floor(good.length / 2)))
    writeFileSync(join(dir, 'corrupt.profile.json'), '{"kind":"mlgate.profile","version":1,"columns":"nope"}')
    writeFileSync(join(dir, 'garbage.profile.json'), 'not a profile at all')
    writeFileSync(join(dir, 'future.profile.json'), JSON.stringify({ ...JSON.parse(good.toString()), version: 99 }))
    writeFileSync(join(dir, 'truncated.profile.json.gz'), gzipSync(good).subarray(0, 40))
  }, 60_000)

  it('a merge of shards binned on other edges names the column', async () => {
    await refused(['profile', 'merge', 'cur-1.profile.json', 'own-edges.profile.json', '--out', 'm1.profile.json'], dir, /'(id|amount|score|age|segment|flag)'/, 'm2.profile.json')
  })

  it('a profile of another schema', async () => {
    await refused(['profile', 'merge', 'cur-1.profile.json', 'other.profile.json', '--out', 'm3.profile.json'], dir, /'(id|amount|score|age|segment|flag|x|y)'/, 'm4.profile.json')
  })

  it.each(['truncated.profile.json', 'corrupt.profile.json', 'garbage.profile.json', 'future.profile.json', 'truncated.profile.json.gz'])(
    'a corrupt, truncated or foreign profile: %s',
    async (file) => {
      const said = await refused(['profile', 'merge', 'cur-1.profile.json', file, '--out', 'm5.profile.json'], dir, new RegExp(file.replace(/\./g, '\\.')), 'm6.profile.json')
      expect(said).not.toMatch(/Unexpected token|SyntaxError/)
      await refused(['detect-drift', '--reference', 'ref.profile.json', '--current', file], dir, new RegExp(file.replace(/\./g, '\\.')))
      await refused(['validate-data', '--data', file], dir, new RegExp(file.replace(/\./g, '\\.')))
    },
  )

  it('a shard missing from a merge when --expect-shards is given', async () => {
    await refused(['profile', 'merge', 'cur-1.profile.json', 'cur-3.profile.json', '--expect-shards', '3', '--out', 'm7.profile.json'], dir, /2\/3|shard/, 'm8.profile.json')
    // the same shard twice is not two shards
    await refused(['profile', 'merge', 'cur-1.profile.json', 'cur-1.profile.json', 'cur-3.profile.json', '--expect-shards', '3', '--out', 'm9.profile.json'], dir, /shard/, 'm10.profile.json')
    await cli(['profile', 'merge', 'cur-3.profile.json', 'cur-1.profile.json', 'cur-2.profile.json', '--expect-shards', '3', '--out', 'm11.profile.json'], dir)
  })

  it('a current side on other edges than the reference', async () => {
    await refused(['detect-drift', '--reference', 'ref.profile.json', '--current', 'own-edges.profile.json'], dir, /edges|'(id|amount|score|age|segment|flag)'/)
  })

  it('command-line mistakes: the shard, stray arguments, the output name, exact mode on a profile', async () => {
    for (const shard of ['0/3', '4/3', 'x', '2']) await refused(['profile', '--data', 'cur.csv', '--shard', shard, '--out', 's.profile.json'], dir, /Input 'shard' must be i\/n/, 's.profile.json')
    await refused(['profile', 'cur.csv', '--out', 's.profile.json'], dir, /Unexpected argument 'cur\.csv'/)
    await refused(['profile', '--data', 'cur.csv', '--out', 's.json'], dir, /Input 'out'/, 's.json')
    await refused(['profile', 'merge', '--out', 'm2.profile.json'], dir, /Input 'profiles' is required/)
    await refused(['profile', 'merge', 'cur-1.profile.json', 'cur.csv', '--out', 'm2.profile.json'], dir, /'cur\.csv' is not a profile/, 'm2.profile.json')
    await refused(['detect-drift', '--reference', 'ref.profile.json', '--current', 'cur.csv', '--mode', 'exact'], dir, /Input 'mode' is exact/)
    await refused(['validate-data', '--data', 'cur-1.profile.json', '--json-schema', 'x.json'], dir, /Input 'json-schema'/)
    await refused(['validate-data', '--data', 'cur-1.profile.json,cur.csv'], dir, /Input 'data' names both profiles and data files/)
    await refused(['detect-drift', '--reference', 'ref.profile.json', '--current', 'cur-1.profile.json,cur.csv'], dir, /Input 'current' names both/)
  })

  it('the help shows both forms', async () => {
    const r = await cli(['profile', '--help'], dir)
    expect(r.stdout).toContain('mlgate profile merge <profiles…>')
    expect(r.stdout).toContain('--edges-from')
    expect(r.stdout).not.toContain('--operation')
  })
})
