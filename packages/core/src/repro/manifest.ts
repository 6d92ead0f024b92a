import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { glob } from 'tinyglobby'
import { ConfigurationError } from '../errors.ts'
import { writeFileAtomic } from '../fs.ts'
import { absolutePath } from '../io/sources.ts'
import { splitList } from '../inputs.ts'
import type { FileHash } from './hash.ts'
import { HashPool, hashFile, listFiles } from './hash.ts'

export interface ManifestEntry {
  sha256: string
  size: number
  /** Directories: number of files in the listing the hash covers. */
  files?: number
}

export interface Manifest {
  version: 1
  tool: 'mlgate'
  entries: Record<string, ManifestEntry>
}

export type EntryStatus = 'unchanged' | 'modified' | 'new' | 'deleted'

export interface EntryResult {
  path: string
  status: EntryStatus
  expected: ManifestEntry | null
  actual: ManifestEntry | null
}

/** Paths named by globs (files and directories, as written), relative to cwd. */
export async function trackedPaths(spec: string, cwd: string): Promise<string[]> {
  const out: string[] = []
  for (const item of splitList(spec)) {
    if (/[*?[\]{}]/.test(item)) {
      const found = await glob(item, { cwd, onlyFiles: false, expandDirectories: false })
      if (!found.length) throw new ConfigurationError(`Input 'paths': '${item}' matches nothing.`)
      out.push(...found.map((p) => p.replace(/\/$/, '')))
    } else out.push(item.replace(/\/$/, ''))
  }
  return [...new Set(out)].sort()
}

/** sha256 of a file, or of a directory's sorted "relpath sha256 size" listing. */
async function hashPath(path: string, cwd: string, pool: HashPool): Promise<ManifestEntry | null> {
  const abs = absolutePath(path, cwd)
  const s = await stat(abs).catch(() => undefined)
  if (!s) return null
  if (!s.isDirectory()) {
    const h = await (s.size > 64 << 20 ? hashFile(abs) : pool.hash(abs))
    return { sha256: h.sha256, size: h.size }
  }
  const files = await listFiles(abs)
  const hashes: FileHash[] = await Promise.all(files.map((f) => pool.hash(join(abs, f))))
  const listing = files.map((f, i) => `${f}\t${hashes[i].sha256}\t${hashes[i].size}\n`).join('')
  return { sha256: createHash('sha256').update(listing).digest('hex'), size: hashes.reduce((a, h) => a + h.size, 0), files: files.length }
}

export async function readManifest(path: string, cwd: string): Promise<Manifest | undefined> {
  const text = await readFile(absolutePath(path, cwd), 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined
    throw e
  })
  if (text === undefined) return undefined
  try {
    const m = JSON.parse(text) as Manifest
    if (m.version !== 1 || typeof m.entries !== 'object') throw new Error('unexpected shape')
    return m
  } catch (e) {
    throw new ConfigurationError(`The manifest '${path}' is not an mlgate manifest (${(e as Error).message}); regenerate it with update: true.`)
  }
}

export async function buildManifest(paths: string[], cwd: string): Promise<Manifest> {
  const pool = new HashPool()
  try {
    const entries: Record<string, ManifestEntry> = {}
    const hashed = await Promise.all(paths.map((p) => hashPath(p, cwd, pool)))
    paths.forEach((p, i) => {
      if (!hashed[i]) throw new ConfigurationError(`Input 'paths': '${p}' does not exist.`)
      entries[p] = hashed[i]!
    })
    return { version: 1, tool: 'mlgate', entries }
  } finally {
    await pool.close()
  }
}

export async function writeManifest(path: string, cwd: string, m: Manifest, signal?: AbortSignal): Promise<void> {
  await writeFileAtomic(absolutePath(path, cwd), JSON.stringify(m, null, 2) + '\n', { signal })
}

/** Compares the recorded manifest with the files now: every path named with its status. */
export async function verifyManifest(m: Manifest, extraPaths: string[], cwd: string): Promise<EntryResult[]> {
  const pool = new HashPool()
  try {
    const paths = [...new Set([...Object.keys(m.entries), ...extraPaths])].sort()
    const actual = await Promise.all(paths.map((p) => hashPath(p, cwd, pool)))
    return paths.map((path, i) => {
      const expected = m.entries[path] ?? null
      const now = actual[i]
      const status: EntryStatus = !expected ? 'new' : !now ? 'deleted' : now.sha256 === expected.sha256 ? 'unchanged' : 'modified'
      return { path, status, expected, actual: now }
    })
  } finally {
    await pool.close()
  }
}
