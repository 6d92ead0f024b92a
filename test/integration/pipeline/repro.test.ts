import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../harness/cli.ts'
import { runGithubAction } from '../harness/github.ts'
import { workspaceWith } from '../../helpers/workspace.ts'

const workspace = (files: Record<string, string>): string => workspaceWith('mlgate-repro-bin-', files)

const TRAIN = "import { mkdirSync, writeFileSync } from 'node:fs'\nmkdirSync('out', { recursive: true })\nwriteFileSync('out/metrics.json', JSON.stringify({ rmse: 0.25 }))\n"

const repro = (cwd: string, args: string[]) => runCli(['check-reproducibility', '--report', join(cwd, 'report.json'), ...args], { cwd })
const report = (cwd: string) => JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8')) as { checks: { id: string; status: string; message: string }[]; verdict: string }

describe('check-reproducibility through the mlgate bin', () => {
  it('once mlgate.lock exists, the manifest is verified and the command and lockfiles still run: all three are checks', async () => {
    const cwd = workspace({ 'data/a.csv': 'x,y\n1,2\n', 'data/b.csv': 'x,y\n3,4\n', 'train.mjs': TRAIN, 'requirements.txt': 'numpy==1.26.4\n' })
    const written = await repro(cwd, ['--update', 'true', '--paths', 'data/*.csv', '--lockfiles', 'none'])
    expect(written.exitCode, written.stderr).toBe(0)
    const r = await repro(cwd, ['--command', 'node train.mjs', '--outputs', 'out/metrics.json', '--lockfiles', 'requirements.txt'])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(report(cwd).checks.map((c) => `${c.id}:${c.status}`)).toEqual(['manifest:pass', 'lockfiles:pass', 'rerun:pass'])

    writeFileSync(join(cwd, 'data/b.csv'), 'x,y\n3,5\n')
    const changed = await repro(cwd, ['--command', 'node train.mjs', '--outputs', 'out/metrics.json', '--lockfiles', 'requirements.txt'])
    expect(changed.exitCode).toBe(1)
    expect(report(cwd).checks.map((c) => `${c.id}:${c.status}`)).toEqual(['manifest:fail', 'lockfiles:pass', 'rerun:pass'])
    expect(report(cwd).checks[0].message).toContain('data/b.csv: modified')
  })

  it('a dvc.lock of etag-only entries fails (exit 1); stages: {} is an error (exit 2) naming the file', async () => {
    const cloud = workspace({ 'dvc.lock': "schema: '2.0'\nstages:\n  fetch:\n    cmd: x\n    outs:\n    - path: raw.csv\n      etag: abc123\n", 'raw.csv': 'a\n' })
    const r = await repro(cloud, ['--dvc-lock', 'dvc.lock', '--lockfiles', 'none'])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toMatch(/without an md5 mlgate can verify \(raw\.csv: etag abc123\)/)
    expect(r.stderr).not.toMatch(/0 deps\/outs match/)
    const empty = workspace({ 'dvc.lock': "schema: '2.0'\nstages: {}\n" })
    const e = await repro(empty, ['--dvc-lock', 'dvc.lock', '--lockfiles', 'none'])
    expect(e.exitCode).toBe(2)
    expect(e.stderr.trim()).toMatch(/^error: 'dvc\.lock' records no deps or outs in any stage/)
  })

  it('requirements.txt with -r requirements/base.txt holding an unpinned torch fails; -c constraints pin', async () => {
    const cwd = workspace({ 'requirements.txt': '-r requirements/base.txt\n', 'requirements/base.txt': 'torch\n' })
    const r = await repro(cwd, ['--lockfiles', 'requirements.txt'])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain("requirements/base.txt:1: error: [unpinned dependency] 'torch' is not pinned with ==")
    const pinned = workspace({ 'requirements.txt': '-c constraints.txt\ntorch\n', 'constraints.txt': 'torch==2.3.0\n' })
    expect((await repro(pinned, ['--lockfiles', 'requirements.txt'])).exitCode).toBe(0)
  })

  it('an output the command never wrote is an error naming it and the run (exit 2), on the GitHub action too', async () => {
    const cwd = workspace({ 'train.mjs': TRAIN })
    const r = await repro(cwd, ['--command', 'node train.mjs', '--outputs', 'out/metrics.json,out/model.bin', '--lockfiles', 'none'])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.stderr.trim().split('\n').at(-1)).toBe("error: Input 'outputs': run 1 of 'node train.mjs' did not write 'out/model.bin'; list the files the command writes, relative to the workspace.")
    const gh = await runGithubAction('check-reproducibility', { command: 'node train.mjs', outputs: 'out/metrics.json,out/model.bin', lockfiles: 'none' }, { cwd })
    expect(gh.exitCode).toBe(2)
    expect(gh.annotations.filter((a) => a.command === 'error').map((a) => a.message)).toContainEqual(expect.stringContaining("did not write 'out/model.bin'"))
  })
})
