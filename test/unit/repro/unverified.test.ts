import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exitCodeFor, runTask } from '../../../packages/core/src/index.ts'
import { checkReproducibility } from '../../../packages/core/src/tasks/check-reproducibility.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'
import { reportSchemaErrors } from '../../helpers/report-schema.ts'
import { workspaceWith } from '../../helpers/workspace.ts'

const workspace = (files: Record<string, string>): string => workspaceWith('mlgate-unverified-', files)

async function run(cwd: string, inputs: Record<string, string>) {
  const p = memoryPlatform({ report: join(cwd, 'report.json'), lockfiles: 'none', ...inputs })
  const code = exitCodeFor(await runTask(checkReproducibility, p, cwd))
  let report
  try {
    report = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8'))
  } catch {
    report = undefined
  }
  return { code, report, p, errors: p.logs.filter((l) => l.level === 'error').map((l) => l.message) }
}

describe('dvc.lock: nothing verified is not a pass', () => {
  const cloudOnly =
    "schema: '2.0'\nstages:\n  fetch:\n    cmd: dvc import-url s3://b/raw.csv\n    deps:\n    - path: s3://b/raw.csv\n      etag: 5d41402abc4b2a76b9719d911017c592\n    outs:\n    - path: raw.csv\n      checksum: 0x1D2C3B4A\n      size: 4\n"

  it('entries carrying only etag/checksum are unverifiable, and the check fails naming them', async () => {
    const r = await run(workspace({ 'dvc.lock': cloudOnly, 'raw.csv': 'a,b\n' }), { 'dvc-lock': 'dvc.lock' })
    expect(r.code).toBe(1)
    expect(r.report.dvc.map((d: { path: string; status: string }) => `${d.path}:${d.status}`)).toEqual(['s3://b/raw.csv:unverifiable', 'raw.csv:unverifiable'])
    const check = r.report.checks.find((c: { id: string }) => c.id === 'dvc')
    expect(check.status).toBe('fail')
    expect(check.message).toContain('raw.csv')
    expect(check.message).not.toMatch(/0 deps\/outs match/)
    expect(r.p.outputs.reproducible).toBe('false')
    expect(reportSchemaErrors('check-reproducibility', r.report)).toEqual([])
  })

  it('one md5 entry next to an etag-only one still fails: the etag entry is not verified', async () => {
    const lock =
      "schema: '2.0'\nstages:\n  s:\n    cmd: x\n    deps:\n    - path: a.txt\n      hash: md5\n      md5: 0cc175b9c0f1b6a831c399e269772661\n      size: 1\n    - path: s3://b/raw.csv\n      etag: abc\n"
    const r = await run(workspace({ 'dvc.lock': lock, 'a.txt': 'a' }), { 'dvc-lock': 'dvc.lock' })
    expect(r.code).toBe(1)
    expect(r.report.dvc.map((d: { status: string }) => d.status)).toEqual(['unchanged', 'unverifiable'])
  })

  it('stages: {} (or stages without deps and outs) is a configuration error naming the file', async () => {
    for (const lock of ["schema: '2.0'\nstages: {}\n", "schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n"]) {
      const r = await run(workspace({ 'dvc.lock': lock }), { 'dvc-lock': 'dvc.lock' })
      expect(r.code).toBe(2)
      expect(r.errors[0]).toMatch(/'dvc\.lock' records no deps or outs/)
    }
  })
})

describe('re-run: an output the command never wrote', () => {
  it('is an error naming the output and the run (exit 2), not irreproducibility', async () => {
    const r = await run(workspace({ 'w.mjs': "import { writeFileSync } from 'node:fs'\nwriteFileSync('a.json', '{}')\n" }), { command: 'node w.mjs', outputs: 'a.json, b.json' })
    expect(r.code).toBe(2)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatch(/'b\.json'/)
    expect(r.errors[0]).toMatch(/run 1/i)
    expect(r.errors[0]).not.toContain('\n    at ')
  })

  it('written by one run but not the other: names that run', async () => {
    const script = "import { writeFileSync } from 'node:fs'\nwriteFileSync('a.json', '{}')\nif (process.env.MLGATE_RUN === '1') writeFileSync('b.json', '{}')\n"
    const r = await run(workspace({ 'w.mjs': script }), { command: 'node w.mjs', outputs: 'a.json,b.json' })
    expect(r.code).toBe(2)
    expect(r.errors[0]).toMatch(/'b\.json'.*run 2|run 2.*'b\.json'/i)
  })
})

describe('requirements files: -r and -c are followed', () => {
  it('an unpinned torch in requirements/base.txt fails the check, annotated on that file', async () => {
    const d = workspace({ 'requirements.txt': 'numpy==1.26.4\n-r requirements/base.txt\n', 'requirements/base.txt': 'torch\n' })
    const r = await run(d, { lockfiles: 'requirements.txt' })
    expect(r.code).toBe(1)
    expect(r.p.annotations).toEqual([expect.objectContaining({ file: 'requirements/base.txt', line: 1, message: "'torch' is not pinned with == (found 'torch')." })])
    expect(r.report.inputs.map((i: { path: string }) => i.path)).toEqual(['requirements.txt', 'requirements/base.txt'])
    expect(reportSchemaErrors('check-reproducibility', r.report)).toEqual([])
  })

  it('a package pinned through -c constraints.txt passes', async () => {
    const r = await run(workspace({ 'requirements.txt': '-c constraints.txt\ntorch\n', 'constraints.txt': 'torch==2.3.0\n' }), { lockfiles: 'requirements.txt' })
    expect(r.code).toBe(0)
  })
})

describe('a file included by two checked requirements files', () => {
  it('is annotated once per problem', async () => {
    const d = workspace({ 'requirements.txt': '-r base.txt\n', 'requirements-dev.txt': '-r base.txt\npytest==8.0.0\n', 'base.txt': 'torch\n' })
    const r = await run(d, { lockfiles: 'requirements.txt, requirements-dev.txt' })
    expect(r.code).toBe(1)
    expect(r.p.annotations.map((a) => `${a.file}:${a.line}`)).toEqual(['base.txt:1'])
  })
})
