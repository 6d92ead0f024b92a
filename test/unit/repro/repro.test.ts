import { execFileSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exitCodeFor, runTask } from '../../../packages/core/src/index.ts'
import { checkReproducibility } from '../../../packages/core/src/tasks/check-reproducibility.ts'
import { parseCommand } from '../../../packages/core/src/repro/rerun.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'
import { reportSchemaErrors } from '../../helpers/report-schema.ts'

const FIX = resolve(import.meta.dirname, '../../fixtures/repro/project')

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-repro-'))
  cpSync(FIX, dir, { recursive: true })
  // the example's deterministic training script doubles as the fixture's
  cpSync(resolve(import.meta.dirname, '../../../examples/data/training/train.mjs'), join(dir, 'train.mjs'))
  return dir
}

async function run(cwd: string, inputs: Record<string, string>) {
  const p = memoryPlatform({ report: join(cwd, 'report.json'), lockfiles: 'none', ...inputs })
  const outcome = await runTask(checkReproducibility, p, cwd)
  let report
  try {
    report = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8'))
  } catch {
    report = undefined
  }
  return { code: exitCodeFor(outcome), report, p, errors: p.logs.filter((l) => l.level === 'error').map((l) => l.message) }
}

describe('manifest of sha256 checksums', () => {
  it('records files and directories, then names each path unchanged / modified / deleted / new', async () => {
    const dir = project()
    const written = await run(dir, { paths: 'data, models/model.bin, params.yaml', update: 'true' })
    expect(written.code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'mlgate.lock'), 'utf8'))
    expect(manifest.entries.data.files).toBe(3)
    expect(manifest.entries['params.yaml'].sha256).toMatch(/^[0-9a-f]{64}$/)
    expect((await run(dir, {})).report.reproducible).toBe(true)

    appendFileSync(join(dir, 'data/images/one.txt'), 'x')
    rmSync(join(dir, 'models/model.bin'))
    writeFileSync(join(dir, 'new.bin'), 'n')
    const r = await run(dir, { paths: 'new.bin' })
    expect(r.code).toBe(1)
    expect(r.report.entries.map((e: { path: string; status: string }) => `${e.path}:${e.status}`)).toEqual(['data:modified', 'models/model.bin:deleted', 'new.bin:new', 'params.yaml:unchanged'])
    expect(r.p.outputs['changed-paths']).toBe('data,models/model.bin,new.bin')
    expect(reportSchemaErrors('check-reproducibility', r.report)).toEqual([])
  })
})

describe('dvc.lock', () => {
  it('verifies md5 of files (legacy CRLF-normalised and hash: md5) and .dir listings like DVC', async () => {
    const dir = project()
    expect((await run(dir, { 'dvc-lock': 'dvc.lock' })).report.dvc.map((d: { status: string }) => d.status)).toEqual(['unchanged', 'unchanged', 'unchanged'])
    writeFileSync(join(dir, 'data/images/three.txt'), 'new image')
    const r = await run(dir, { 'dvc-lock': 'dvc.lock' })
    expect(r.code).toBe(1)
    expect(r.report.dvc[1]).toMatchObject({ path: 'data/images', status: 'modified' })
  })
})

describe('pinned dependencies and committed params', () => {
  it('annotates unpinned requirements on their lines', async () => {
    const r = await run(project(), { lockfiles: 'requirements.txt', 'require-hashes': 'true' })
    expect(r.report.lockfiles[0].problems.map((p: { line: number; message: string }) => `${p.line}: ${p.message}`)).toEqual([
      "1: 'numpy' has no --hash=sha256:… (hashes were asked for).",
      "2: 'pandas' is not pinned with == (found 'pandas>=2.0').",
      "3: 'scikit-learn' is not pinned with == (found 'scikit-learn').",
    ])
    expect(r.p.annotations[0]).toMatchObject({ file: 'requirements.txt', line: 1, level: 'error' })
  })

  it('a params file must be tracked by git and clean', async () => {
    const dir = project()
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' }
    const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, env })
    git('init', '-q')
    git('add', 'params.yaml')
    git('commit', '-qm', 'params')
    expect((await run(dir, { params: 'params.yaml' })).report.params).toEqual([{ path: 'params.yaml', status: 'committed', message: 'committed and clean' }])
    appendFileSync(join(dir, 'params.yaml'), 'epochs: 3\n')
    writeFileSync(join(dir, 'extra.yaml'), 'a: 1\n')
    const r = await run(dir, { params: 'params.yaml, extra.yaml' })
    expect(r.code).toBe(1)
    expect(r.report.params.map((p: { status: string }) => p.status)).toEqual(['modified', 'untracked'])
  })
})

describe('re-run and compare', () => {
  it('a deterministic script reproduces its outputs byte for byte under varied TZ, locale, path and env order', async () => {
    const r = await run(project(), { command: 'node train.mjs', outputs: 'out/metrics.json, out/predictions.csv', runs: '3' })
    expect(r.code).toBe(0)
    expect(r.report.runs).toHaveLength(3)
    expect(new Set(r.report.runs.map((x: { variation: { TZ: string } }) => x.variation.TZ)).size).toBe(3)
    expect(r.report.outputs.every((o: { identical: boolean }) => o.identical)).toBe(true)
  })

  it('an unseeded one differs: the first differences with run values and abs/rel difference; a tolerance accepts it', async () => {
    process.env.MLGATE_TOY_NOISE = '0.001'
    try {
      const r = await run(project(), { command: 'node train.mjs', outputs: 'out/metrics.json,out/predictions.csv' })
      expect(r.code).toBe(1)
      const d = r.report.differences.find((x: { location: string }) => x.location === 'rmse')
      expect(d.path).toBe('out/metrics.json')
      expect(d.absDiff).toBeGreaterThan(0)
      expect(d.absDiff).toBeLessThan(0.001)
      expect(r.report.differences.some((x: { location: string }) => /^row \d, column y$/.test(x.location))).toBe(true)
      const tolerant = await run(project(), { command: 'node train.mjs', outputs: 'out/metrics.json,out/predictions.csv', atol: '0.01' })
      expect(tolerant.code).toBe(0)
    } finally {
      delete process.env.MLGATE_TOY_NOISE
    }
  })

  it('a command that fails is trouble (exit 2, stderr tail), not irreproducibility; shell syntax is refused', async () => {
    const r = await run(project(), { command: 'node -e "console.error(\'boom: bad data\'); process.exit(3)"', outputs: 'out/metrics.json' })
    expect(r.code).toBe(2)
    expect(r.errors[0]).toMatch(/^Run 1 of .* failed with exit code 3; this is trouble, not irreproducibility\. Last lines of its stderr:\nboom: bad data/)
    const shell = await run(project(), { command: 'node train.mjs > log.txt', outputs: 'out/metrics.json' })
    expect(shell.errors[0]).toContain("'>' is shell syntax")
  })

  it('honours the timeout', async () => {
    const r = await run(project(), { command: 'node -e "setTimeout(() => {}, 60000)"', outputs: 'x.json', 'timeout-minutes': '0.02' })
    expect(r.code).toBe(2)
    expect(r.errors[0]).toContain('did not finish within')
  })

  it('parses commands like a shell without running one', () => {
    expect(parseCommand(`python train.py --name "my model" --tag 'a b' x\\ y`)).toEqual(['python', 'train.py', '--name', 'my model', '--tag', 'a b', 'x y'])
  })
})
