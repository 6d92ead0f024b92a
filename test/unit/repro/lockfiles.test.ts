import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkLockfile, findLockfileInputs } from '../../../packages/core/src/repro/lockfiles.ts'

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'mlgate-lock-'))
  for (const [n, t] of Object.entries(files)) writeFileSync(join(d, n), t)
  return d
}

describe('lockfile checks', () => {
  it('package.json needs a package-lock.json that lists every dependency', async () => {
    const pkg = '{\n  "name": "x",\n  "dependencies": {\n    "left-pad": "^1.3.0",\n    "yaml": "^2"\n  }\n}\n'
    expect((await checkLockfile('package.json', dir({ 'package.json': pkg }), false)).problems[0].message).toContain('has no package-lock.json')
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/yaml': { version: '2.9.1' } } })
    const r = await checkLockfile('package.json', dir({ 'package.json': pkg, 'package-lock.json': lock }), false)
    expect(r.problems).toEqual([{ line: 4, message: "'left-pad' is in dependencies but not in package-lock.json: the lockfile is out of date (run npm install)." }])
  })

  it('pyproject.toml needs poetry.lock, uv.lock or pdm.lock', async () => {
    expect((await checkLockfile('pyproject.toml', dir({ 'pyproject.toml': '[project]\nname="x"\n' }), false)).problems).toHaveLength(1)
    expect((await checkLockfile('pyproject.toml', dir({ 'pyproject.toml': '[project]\nname="x"\n', 'uv.lock': 'version = 1\n' }), false)).problems).toEqual([])
  })

  it('environment.yml: every conda and pip dependency pinned, or a conda-lock file', async () => {
    const env = 'name: train\ndependencies:\n  - python=3.11\n  - numpy\n  - pip:\n      - torch==2.3.0\n      - transformers>=4\n'
    const r = await checkLockfile('environment.yml', dir({ 'environment.yml': env }), false)
    expect(r.problems.map((p) => `${p.line}: ${p.message}`)).toEqual(["4: conda dependency 'numpy' is not pinned (use name=version or a conda-lock file).", "7: pip dependency 'transformers>=4' in environment.yml is not pinned with ==."])
    expect((await checkLockfile('environment.yml', dir({ 'environment.yml': env, 'conda-lock.yml': 'x' }), false)).problems).toEqual([])
  })

  it('auto finds dependency files but not those in node_modules', async () => {
    const d = dir({ 'requirements.txt': 'a==1\n', 'package.json': '{}' })
    expect(await findLockfileInputs(d)).toEqual(['package.json', 'requirements.txt'])
  })
})
