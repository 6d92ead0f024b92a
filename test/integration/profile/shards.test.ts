import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../harness/cli.ts'
import { limited } from './workflow.ts'
import { cli, rows, shuffled, split, writeCsv } from './data.ts'

const SCHEMA = `fields:
  - name: id
    type: integer
    constraints: { required: true, unique: true }
  - name: amount
    type: number
    quality: { mean: { min: 1, max: 10000 }, quantiles: { '0.99': { max: 100000 } } }
  - name: score
    type: number
    quality: { nullShare: { max: 0.2 } }
  - name: age
    type: integer
  - name: segment
    type: string
  - name: flag
    type: integer
primaryKey: id
rows: { min: 100 }
`

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** Paths where two JSON values differ: numbers by more than `rel` relative, anything else at all. */
function differences(a: Json, b: Json, rel: number, path = '$'): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    const scale = Math.max(Math.abs(a), Math.abs(b))
    return a === b || (Number.isFinite(scale) && Math.abs(a - b) <= rel * scale) ? [] : [`${path}: ${a} ≠ ${b}`]
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${path}: length ${a.length} ≠ ${b.length}`]
    return a.flatMap((x, i) => differences(x, b[i], rel, `${path}[${i}]`))
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
    return keys.flatMap((k) => differences(a[k] ?? null, b[k] ?? null, rel, `${path}.${k}`))
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`]
}

/** What must not depend on how the data was split: the profile without its shards and sources. */
function content(profile: Record<string, Json>): Json {
  const { shards: _s, sources: _src, expectedShards: _e, keys, ...rest } = profile
  return { ...rest, keys: keys && typeof keys === 'object' && !Array.isArray(keys) ? { ...keys } : null }
}

/** A report without what names the run or its files: timings, input digests, the shards list. */
function verdictOf(report: Record<string, Json>): Json {
  const { timings: _t, inputs: _i, ...rest } = report
  const body = JSON.parse(JSON.stringify(rest), (k, v) => (k === 'shards' || k === 'files' || k === 'durationMs' ? undefined : v))
  return body as Json
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, Json>

describe('split into 1, 2, 7 and 64 shards in random row order, each profiled in its own process, merged in random order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-profile-shards-'))
  const data = rows(2_000, 11, 0.2)
  const results = new Map<string, { profile: Record<string, Json>; drift: Record<string, Json>; validate: Record<string, Json> }>()

  beforeAll(async () => {
    writeCsv(join(dir, 'ref.csv'), rows(2_000, 5))
    writeFileSync(join(dir, 'schema.yaml'), SCHEMA)
    await cli(['profile', '--data', 'ref.csv', '--out', 'ref.profile.json'], dir)
    const runs: [string, string[][]][] = [1, 2, 7, 64].map((n) => [`files-${n}`, split(shuffled(data, 100 + n), n)])
    for (const [name, parts] of runs) {
      const sub = join(dir, name)
      mkdirSync(sub)
      parts.forEach((p, k) => writeCsv(join(sub, `part-${k}.csv`), p))
      // each shard its own process, two at a time (the machine's cores are shared)
      await limited(
        parts.map((_, k) => () => cli(['profile', '--data', `${name}/part-${k}.csv`, '--edges-from', 'ref.profile.json', '--keys', 'id', '--out', `${name}/part-${k}.profile.json`], dir)),
        2,
      )
      const order = shuffled(
        parts.map((_, k) => `${name}/part-${k}.profile.json`),
        7 + parts.length,
      )
      await cli(['profile', 'merge', ...order, '--out', `${name}/merged.profile.json`], dir)
    }
    // 7 shards of one file, cut by the profile command itself (--shard i/n)
    writeCsv(join(dir, 'whole.csv'), shuffled(data, 3))
    mkdirSync(join(dir, 'cut-7'))
    await limited(
      Array.from(
        { length: 7 },
        (_, k) => () => cli(['profile', '--data', 'whole.csv', '--shard', `${k + 1}/7`, '--edges-from', 'ref.profile.json', '--keys', 'id', '--out', `cut-7/part-${k}.profile.json`], dir),
      ),
      2,
    )
    const cut = shuffled(
      Array.from({ length: 7 }, (_, k) => `cut-7/part-${k}.profile.json`),
      9,
    )
    await cli(['profile', 'merge', ...cut, '--expect-shards', '7', '--out', 'cut-7/merged.profile.json'], dir)
    for (const name of [...runs.map(([n]) => n), 'cut-7']) {
      await cli(['detect-drift', '--reference', 'ref.profile.json', '--current', `${name}/merged.profile.json`, '--exclude', 'id', '--fail-on', 'never', '--report', `${name}/drift.json`], dir)
      const v = await runCli(['validate-data', '--data', `${name}/merged.profile.json`, '--schema', 'schema.yaml', '--report', `${name}/validate.json`], { cwd: dir })
      expect(v.exitCode, v.stderr).toBeLessThan(2)
      results.set(name, { profile: readJson(join(dir, name, 'merged.profile.json')), drift: readJson(join(dir, name, 'drift.json')), validate: readJson(join(dir, name, 'validate.json')) })
    }
  }, 120_000)

  it('every split holds the same counts, bins, categories and key hashes; sums and moments within 1e-12 relative', () => {
    const base = content(results.get('files-1')!.profile)
    for (const [name, r] of results) {
      const shards = (r.profile.shards as Json[]).length
      expect(shards, name).toBe(name === 'cut-7' ? 7 : Number(name.split('-')[1]))
      expect(differences(content(r.profile), base, 1e-12), name).toEqual([])
    }
    // counts are exact, not merely close
    for (const [name, r] of results)
      expect(
        differences(content(r.profile), base, 0).filter((d) => !/numbers|sums|mean|m2|stdev|variance/i.test(d)),
        name,
      ).toEqual([])
  })

  it('the same drift and validation verdicts and reports (timings and file names aside) every time', () => {
    const base = results.get('files-1')!
    expect(base.drift.verdict).toBeDefined()
    for (const [name, r] of results) {
      expect(r.drift.verdict, name).toBe(base.drift.verdict)
      expect(r.drift.headline, name).toBe(base.drift.headline)
      expect(differences(verdictOf(r.drift), verdictOf(base.drift), 1e-12).slice(0, 10), name).toEqual([])
      expect(r.validate.verdict, name).toBe(base.validate.verdict)
      expect(differences(verdictOf(r.validate), verdictOf(base.validate), 1e-12), name).toEqual([])
    }
    expect((base.validate.key as Record<string, Json>).keys).toBe(2_000)
    expect((base.validate.key as Record<string, Json>).duplicates).toBe(0)
  })
})
