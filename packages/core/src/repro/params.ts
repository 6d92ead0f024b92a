import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { ConfigurationError } from '../errors.ts'

const run = promisify(execFile)

export interface ParamsResult {
  path: string
  status: 'committed' | 'modified' | 'untracked' | 'missing'
  message: string
}

/** Each params file must be tracked by git and have no uncommitted change. */
export async function checkParams(paths: string[], cwd: string): Promise<ParamsResult[]> {
  if (paths.length === 0) return []
  const inside = await run('git', ['rev-parse', '--is-inside-work-tree'], { cwd }).then(
    () => true,
    () => false,
  )
  if (!inside) throw new ConfigurationError(`Input 'params' needs a git repository, but ${cwd} is not inside one.`)
  const out: ParamsResult[] = []
  for (const path of paths) {
    const tracked = await run('git', ['ls-files', '--error-unmatch', '--', path], { cwd }).then(
      () => true,
      () => false,
    )
    if (!tracked) {
      const exists = await run('git', ['ls-files', '--others', '--', path], { cwd }).then(
        (r) => r.stdout.trim() !== '',
        () => false,
      )
      out.push({ path, status: exists ? 'untracked' : 'missing', message: exists ? `${path} is not committed to git.` : `${path} does not exist.` })
      continue
    }
    const { stdout } = await run('git', ['status', '--porcelain', '--', path], { cwd })
    out.push(
      stdout.trim() ? { path, status: 'modified', message: `${path} has uncommitted changes (${stdout.trim().slice(0, 2).trim()}).` } : { path, status: 'committed', message: 'committed and clean' },
    )
  }
  return out
}
