import { describe, expect, it } from 'vitest'
import { checkLockfile, findLockfileInputs } from '../../../packages/core/src/repro/lockfiles.ts'
import { workspaceWith } from '../../helpers/workspace.ts'

const dir = (files: Record<string, string>): string => workspaceWith('mlgate-lock-', files)

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
    expect(r.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      "4: conda dependency 'numpy' is not pinned (use name=version or a conda-lock file).",
      "7: pip dependency 'transformers>=4' in environment.yml is not pinned with ==.",
    ])
    expect((await checkLockfile('environment.yml', dir({ 'environment.yml': env, 'conda-lock.yml': 'x' }), false)).problems).toEqual([])
  })

  it('auto finds dependency files but not those in node_modules', async () => {
    const d = dir({ 'requirements.txt': 'a==1\n', 'package.json': '{}' })
    expect(await findLockfileInputs(d)).toEqual(['package.json', 'requirements.txt'])
  })

  describe('requirements files follow -r and -c like pip', () => {
    it('-r includes another file (relative to the including file): its unpinned entries are problems in that file', async () => {
      const d = dir({
        'requirements.txt': 'numpy==1.26.4\n-r requirements/base.txt\n',
        'requirements/base.txt': 'requests==2.31.0\n--requirement=extra.txt\ntorch\n',
        'requirements/extra.txt': 'rich>=13\n',
      })
      const r = await checkLockfile('requirements.txt', d, false)
      expect(r.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
        "requirements/extra.txt:1: 'rich' is not pinned with == (found 'rich>=13').",
        "requirements/base.txt:3: 'torch' is not pinned with == (found 'torch').",
      ])
      expect(r.includes).toEqual(['requirements/base.txt', 'requirements/extra.txt'])
    })

    it('a package pinned through -c constraints.txt is pinned; one the constraints leave open is not', async () => {
      const d = dir({ 'requirements.txt': '-c constraints.txt\nTorch\nscikit_learn[extra]\npandas\n', 'constraints.txt': 'torch==2.3.0\nscikit-learn==1.5.0\npandas>=2\n' })
      const r = await checkLockfile('requirements.txt', d, false)
      expect(r.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual(["requirements.txt:4: 'pandas' is not pinned with == (found 'pandas'; constraints.txt allows 'pandas>=2')."])
    })

    it('constraints apply to included files too, as pip applies them to the whole install', async () => {
      const d = dir({ 'requirements.txt': '-r base.txt\n-c pins/constraints.txt\n', 'base.txt': 'torch\n', 'pins/constraints.txt': 'torch==2.3.0\n' })
      expect((await checkLockfile('requirements.txt', d, false)).problems).toEqual([])
    })

    it('a missing included file is a configuration error naming it and who includes it', async () => {
      const d = dir({ 'requirements.txt': 'a==1\n-r requirements/base.txt\n' })
      await expect(checkLockfile('requirements.txt', d, false)).rejects.toThrow(
        /'requirements\/base\.txt'.*does not exist.*requirements\.txt line 2|requirements\.txt line 2.*'requirements\/base\.txt'.*does not exist/,
      )
      await expect(checkLockfile('requirements.txt', d, false)).rejects.toHaveProperty('name', 'ConfigurationError')
    })

    it('an include by URL cannot be checked: a problem on that line, not a missing local file', async () => {
      const d = dir({ 'requirements.txt': 'a==1\n-r https://example.com/reqs.txt\n' })
      expect((await checkLockfile('requirements.txt', d, false)).problems).toEqual([
        {
          file: 'requirements.txt',
          line: 2,
          message: "'-r https://example.com/reqs.txt' names a file by URL, which mlgate does not fetch: its requirements are not verified (vendor the file and include it by path).",
        },
      ])
    })

    it('an include cycle is a configuration error naming the cycle', async () => {
      const d = dir({ 'requirements.txt': '-r sub/a.txt\n', 'sub/a.txt': 'x==1\n-r ../requirements.txt\n' })
      await expect(checkLockfile('requirements.txt', d, false)).rejects.toThrow(/requirements\.txt → sub\/a\.txt → requirements\.txt/)
    })
  })
})
