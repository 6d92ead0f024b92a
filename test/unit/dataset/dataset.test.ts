import { createHash } from 'node:crypto'
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { countedOnly, openDataset, TEXT_LIMIT } from '../../../packages/core/src/dataset/index.ts'
import { PARALLEL_MIN_BYTES } from '../../../packages/core/src/io/fast/eligible.ts'
import type { Progress } from '../../../packages/core/src/progress.ts'
import type { Logger } from '../../../packages/core/src/platform.ts'
import { rng } from '../../helpers/rng.ts'

// The dataset is the one door to data files: it picks the engine and computes the files' digests by one rule.

const dir = mkdtempSync(join(tmpdir(), 'mlgate-dataset-'))
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {}, group: (_t, fn) => fn() }
const progress = { phase: () => {}, advance: () => {} } as unknown as Progress

/** A CSV file of `bytes` or more: ids, a float and a text column with `distinct` values. */
function csv(name: string, bytes: number, distinct = 50): string {
  const r = rng(bytes + distinct)
  const lines = ['id,x,label']
  let size = 0
  for (let i = 0; size < bytes; i++) {
    const line = `${i},${(r() * 100).toFixed(3)},w${Math.floor(r() * distinct)}`
    lines.push(line)
    size += line.length + 1
  }
  const path = join(dir, name)
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

const validate = (data: Awaited<ReturnType<typeof openDataset>>) => data.validate({ maxErrors: 10, schema: async () => undefined, progress, log: quiet })

describe('file digests: one rule for every engine', () => {
  const big = csv('big.csv', PARALLEL_MIN_BYTES + 4096)
  const small = csv('small.csv', 20_000)

  it.each([
    ['worker threads', big],
    ['rows', small],
  ])("typed columns read on %s come with the files' sha256", async (_, path) => {
    const read = await (await openDataset(path, { cwd: dir })).columns()
    expect(read.table.rowCount).toBeGreaterThan(100)
    expect(await read.digests()).toEqual([{ path, bytes: readFileSync(path).length, sha256: sha(path) }])
    expect(read.table.files).toEqual(await read.digests())
  })

  it.each([
    ['worker threads', big],
    ['rows', small],
  ])('a file validated on %s comes with its sha256', async (_, path) => {
    const v = await validate(await openDataset(path, { cwd: dir }))
    expect(v.validator.errors.total).toBe(0)
    expect(v.files).toEqual([{ path, bytes: readFileSync(path).length, sha256: sha(path) }])
  })

  it.each([
    ['columns on worker threads', 'grown-big.csv', PARALLEL_MIN_BYTES + 4096, 'columns'],
    ['columns by rows', 'grown-small.csv', 20_000, 'columns'],
    // the parallel scan gave way to the row validator here, which then hashed whatever it read
    ['validation on worker threads', 'grown-scan.csv', PARALLEL_MIN_BYTES + 4096, 'validate'],
    ['validation by rows', 'grown-rows.csv', 20_000, 'validate'],
  ])('a file that grows after it was opened is an error naming it (%s)', async (_, name, bytes, how) => {
    const path = csv(name, bytes)
    const data = await openDataset(path, { cwd: dir })
    appendFileSync(path, '999999,1.5,late\n')
    const outcome = how === 'columns' ? data.columns().then((r) => r.digests()) : validate(data)
    await expect(outcome).rejects.toThrow(new RegExp(`${name}: the file changed while it was read \\(\\d+ bytes, then \\d+\\)`))
  })
})

describe('text past the limit, and the second read', () => {
  it('mostly unique text is only counted past the text limit unless named; read in full, every value is kept and the digests are shared', async () => {
    const path = csv('ids.csv', PARALLEL_MIN_BYTES + 4096, 1e9)
    const data = await openDataset(path, { cwd: dir, role: 'reference' })
    const first = await data.columns({ countText: { except: [] }, textCodes: false })
    const label = first.table.columns.find((c) => c.name === 'label')!
    expect(countedOnly(label)).toBe(true)
    expect(first.partial).toBe(true)
    expect(label.type === 'categorical' && label.counts!.size).toBeGreaterThanOrEqual(TEXT_LIMIT)
    const named = await data.columns({ countText: { except: ['label'] }, textCodes: false })
    expect(named.partial).toBe(false)
    expect(await named.inFull()).toBe(named)
    const full = await first.inFull()
    expect(full.partial).toBe(false)
    expect(full.table.columns.some(countedOnly)).toBe(false)
    expect(await full.digests()).toEqual(await first.digests())
    expect((await full.digests())[0].sha256).toBe(sha(path))
  })
})

describe('the boundary', () => {
  const src = join(import.meta.dirname, '../../../packages/core/src')
  it('tasks import nothing from io/fast or validate/fast: the dataset chooses the engines', () => {
    const offenders = readdirSync(join(src, 'tasks'))
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from '\.\.\/(io|validate)\/fast\//.test(readFileSync(join(src, 'tasks', f), 'utf8')))
    expect(offenders).toEqual([])
  })

  it('the reading thresholds are written once, in dataset/policy.ts', () => {
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && f !== join('dataset', 'policy.ts'))
    const found = files.filter((f) => /\b200_?000\b|\bTEXT_LIMIT\s*=/.test(readFileSync(join(src, f), 'utf8')))
    expect(found).toEqual([])
  })
})
