import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../harness/cli.ts'
import { ROOT } from '../harness/node.ts'
import { cli, rng, rows, writeCsv } from './data.ts'

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'))

/** Three normal columns of n rows: a unchanged, b and c shifted by `shift` and twice that. */
function gaussCsv(path: string, n: number, seed: number, shift: number): void {
  const r = rng(seed)
  const g = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())
  const lines = ['a,b,c']
  for (let i = 0; i < n; i++) lines.push([g(), g() + shift, g() + 2 * shift].map((v) => v.toFixed(4)).join(','))
  writeFileSync(path, `${lines.join('\n')}\n`)
}

describe('detect-drift picks its mode and says which ran and why', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-profile-mode-'))
  beforeAll(() => {
    writeCsv(join(dir, 'ref.csv'), rows(30_000, 1))
    writeCsv(join(dir, 'cur.csv'), rows(30_000, 2, 0.2, 100_000))
  })

  it('auto: exact within the memory budget, profile past it; profile when asked; the summary and HTML say so', async () => {
    const base = ['detect-drift', '--reference', 'ref.csv', '--current', 'cur.csv', '--exclude', 'id', '--fail-on', 'never']
    await cli([...base, '--report', 'auto.json'], dir)
    const auto = readJson(join(dir, 'auto.json'))
    expect(auto.mode.mode).toBe('exact')
    expect(auto.mode.why).toMatch(/within the memory budget of 2,048 MB/)
    expect(auto.columns.every((c: { exactness: string | null }) => c.exactness === 'exact' || c.exactness === null)).toBe(true)
    // the two files are ~1.2 MB each: 1 MB of budget is too little for exact mode
    const past = await cli([...base, '--memory-budget', '1', '--report', 'past.json', '--html-report', 'past.html'], dir)
    const profiled = readJson(join(dir, 'past.json'))
    expect(profiled.mode.mode).toBe('profile')
    expect(profiled.mode.why).toMatch(/past the memory budget of 1 MB/)
    expect(profiled.mode.estimatedBytes).toBeGreaterThan(2 ** 20)
    expect(profiled.checks.find((c: { id: string }) => c.id === 'mode').message).toMatch(/^profile: /)
    expect(past.stdout).toContain('Mode: **profile**')
    expect(past.stdout).toMatch(/exact: equal to a run over every row/)
    expect(readFileSync(join(dir, 'past.html'), 'utf8')).toContain('Mode and exactness')
    const kinds = new Set(profiled.columns.filter((c: { skipped: string | null }) => !c.skipped).map((c: { exactness: string }) => c.exactness))
    for (const k of kinds) expect(['exact', 'bounded', 'approximate']).toContain(k)
    await cli([...base, '--mode', 'profile', '--report', 'forced.json'], dir)
    const forced = readJson(join(dir, 'forced.json'))
    expect(forced.mode).toMatchObject({ mode: 'profile', why: 'mode: profile was asked for' })
    // the same counts either way: rows and the verdict of every column that was not inconclusive
    expect(forced.rows).toEqual(auto.rows)
    expect(forced.rows).toEqual({ reference: 30_000, current: 30_000 })
    const exactVerdicts = new Map(auto.columns.map((c: { name: string; drifted: boolean }) => [c.name, c.drifted]))
    for (const c of forced.columns.filter((x: { ks?: { verdict: string } | null }) => x.ks?.verdict !== 'inconclusive')) expect(c.drifted, c.name).toBe(exactVerdicts.get(c.name))
  }, 60_000)

  it('an inconclusive KS is a warning, fails with fail-on: warn, and counts as drift with ks-inconclusive: drift', async () => {
    gaussCsv(join(dir, 'g-ref.csv'), 3_000, 5, 0)
    gaussCsv(join(dir, 'g-cur.csv'), 3_000, 6, 0.07)
    await cli(['profile', '--data', 'g-ref.csv', '--bins', '50', '--out', 'g-ref.profile.json'], dir)
    await cli(['profile', '--data', 'g-cur.csv', '--edges-from', 'g-ref.profile.json', '--out', 'g-cur.profile.json'], dir)
    const drift = ['detect-drift', '--reference', 'g-ref.profile.json', '--current', 'g-cur.profile.json', '--method', 'ks']
    const warned = await cli([...drift, '--report', 'warn.json'], dir, 0)
    const report = readJson(join(dir, 'warn.json'))
    expect(report.inconclusiveColumns.length).toBeGreaterThan(0)
    expect(report.verdict).toBe('warn')
    for (const name of report.inconclusiveColumns) {
      const c = report.columns.find((x: { name: string }) => x.name === name)
      expect(c.drifted).toBe(false)
      expect(c.ks.dLow).toBeLessThanOrEqual(c.ks.dHigh)
      expect(c.ks.pLow).toBeLessThanOrEqual(0.05)
      expect(c.ks.pHigh).toBeGreaterThanOrEqual(0.05)
      expect(report.warnings.some((w: string) => w.startsWith(`${name}: `))).toBe(true)
    }
    expect(warned.stdout).toMatch(/inconclusive/)
    // 1 of 3 drifted, 2 inconclusive: the dataset's own verdict is undecided, and said so
    expect(report.warnings.some((w: string) => /^the dataset verdict is inconclusive: \d of 3 columns drifted and \d more are inconclusive/.test(w))).toBe(report.driftedColumns.length / 3 < 0.5)
    await cli([...drift, '--fail-on', 'warn'], dir, 1)
    await cli([...drift, '--ks-inconclusive', 'drift', '--report', 'drift.json'], dir, 1)
    const counted = readJson(join(dir, 'drift.json'))
    expect(counted.driftedColumns.length).toBeGreaterThanOrEqual(report.driftedColumns.length + report.inconclusiveColumns.length)
  }, 60_000)
})

describe('on the bench data (bench/generate-data.mjs), profile mode gives exact mode’s JS, PSI and chi-square verdicts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-profile-bench-'))
  beforeAll(() => {
    const generate = (...a: string[]) => execFileSync(process.execPath, [join(ROOT, 'bench/generate-data.mjs'), '--rows', '20000', ...a], { cwd: dir, stdio: 'pipe' })
    generate('--out', join(dir, 'fraud'))
    generate('--shift', '--out', join(dir, 'current'))
  }, 60_000)

  it.each([
    ['jensenshannon', ['--method', 'jensenshannon', '--exclude', 'transaction_id']],
    ['psi', ['--method', 'psi', '--exclude', 'transaction_id']],
    ['chisquare', ['--method', 'chisquare', '--columns', 'merchant_category,country,channel,is_weekend,label']],
  ])(
    '%s',
    async (method, args) => {
      const run = async (mode: string) => {
        const r = await runCli(['detect-drift', '--reference', 'fraud.csv', '--current', 'current.csv', ...args, '--fail-on', 'never', '--mode', mode, '--report', `${method}-${mode}.json`], {
          cwd: dir,
        })
        expect(r.exitCode, r.stderr).toBe(0)
        return readJson(join(dir, `${method}-${mode}.json`))
      }
      const [exact, profile] = [await run('exact'), await run('profile')]
      expect(profile.mode.mode).toBe('profile')
      const verdicts = (r: { columns: { name: string; drifted: boolean; skipped: string | null }[] }) => r.columns.map((c) => [c.name, c.skipped ? 'skipped' : c.drifted])
      expect(verdicts(profile)).toEqual(verdicts(exact))
      expect(profile.datasetDrift).toBe(exact.datasetDrift)
      expect(profile.driftedColumns.length).toBeGreaterThan(0)
    },
    60_000,
  )
})
