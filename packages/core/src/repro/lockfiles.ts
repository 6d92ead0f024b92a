import { readFile, access } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { glob } from 'tinyglobby'
import { absolutePath } from '../io/sources.ts'
import { checkRequirements } from './requirements.ts'
import { parse as parseYaml } from 'yaml'

export interface LockfileProblem {
  /** The file the problem is in when it is not the checked file itself (a requirements file included with -r). */
  file?: string
  line: number | null
  message: string
}

export interface LockfileResult {
  path: string
  problems: LockfileProblem[]
  /** Files read through -r / -c includes, relative to the workspace. */
  includes?: string[]
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  )

/** The dependency manifests mlgate knows, found in the workspace (not in node_modules or virtualenvs). */
export async function findLockfileInputs(cwd: string): Promise<string[]> {
  return (
    await glob(['**/package.json', '**/requirements*.txt', '**/pyproject.toml', '**/environment.y*ml'], {
      cwd,
      ignore: ['**/node_modules/**', '**/.venv/**', '**/venv/**', '**/.git/**', '**/site-packages/**'],
      deep: 4,
    })
  ).sort()
}

function lineOf(text: string, needle: string): number | null {
  const i = text.indexOf(needle)
  return i < 0 ? null : text.slice(0, i).split('\n').length
}

async function checkPackageJson(path: string, abs: string, text: string): Promise<LockfileProblem[]> {
  const lockPath = join(dirname(abs), 'package-lock.json')
  const alt = ['npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'].map((n) => join(dirname(abs), n))
  if (!(await exists(lockPath))) {
    for (const a of alt) if (await exists(a)) return []
    return [{ line: 1, message: `${path} has no package-lock.json (nor yarn.lock / pnpm-lock.yaml) next to it; run npm install and commit the lockfile.` }]
  }
  const pkg = JSON.parse(text) as Record<string, Record<string, string> | undefined>
  let lock: { packages?: Record<string, { version?: string }>; dependencies?: Record<string, unknown> }
  try {
    lock = JSON.parse(await readFile(lockPath, 'utf8'))
  } catch {
    return [{ line: null, message: `${join(dirname(path), 'package-lock.json')} is not valid JSON.` }]
  }
  const problems: LockfileProblem[] = []
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies'])
    for (const name of Object.keys(pkg[field] ?? {}))
      if (!lock.packages?.[`node_modules/${name}`] && !lock.dependencies?.[name])
        problems.push({ line: lineOf(text, `"${name}"`), message: `'${name}' is in ${field} but not in package-lock.json: the lockfile is out of date (run npm install).` })
  return problems
}

async function checkPyproject(path: string, abs: string): Promise<LockfileProblem[]> {
  for (const n of ['poetry.lock', 'uv.lock', 'pdm.lock', 'pylock.toml']) if (await exists(join(dirname(abs), n))) return []
  return [{ line: 1, message: `${path} has no lockfile next to it (poetry.lock, uv.lock or pdm.lock); lock and commit the environment.` }]
}

async function checkEnvironment(path: string, abs: string, text: string): Promise<LockfileProblem[]> {
  const dir = dirname(abs)
  for (const n of ['conda-lock.yml', 'conda-lock.yaml']) if (await exists(join(dir, n))) return []
  if ((await glob('*.conda-lock.yml', { cwd: dir })).length) return []
  const doc = parseYaml(text) as { dependencies?: (string | { pip?: string[] })[] }
  const problems: LockfileProblem[] = []
  for (const d of doc?.dependencies ?? []) {
    if (typeof d === 'string') {
      if (!/[=]=?\s*\d/.test(d)) problems.push({ line: lineOf(text, d), message: `conda dependency '${d}' is not pinned (use name=version or a conda-lock file).` })
    } else for (const p of d.pip ?? []) if (!/==/.test(p)) problems.push({ line: lineOf(text, p), message: `pip dependency '${p}' in ${basename(path)} is not pinned with ==.` })
  }
  return problems
}

/** Checks one dependency manifest: lockfile present and consistent, or every requirement pinned. */
export async function checkLockfile(path: string, cwd: string, requireHashes: boolean): Promise<LockfileResult> {
  const abs = absolutePath(path, cwd)
  const text = await readFile(abs, 'utf8')
  const name = basename(path)
  let problems: LockfileProblem[] = []
  if (name.endsWith('.txt')) return { path, ...(await checkRequirements(path, cwd, text, requireHashes)) }
  if (name === 'package.json') problems = await checkPackageJson(path, abs, text)
  else if (name === 'pyproject.toml') problems = await checkPyproject(path, abs)
  else if (/^environment\.ya?ml$/.test(name)) problems = await checkEnvironment(path, abs, text)
  return { path, problems }
}
