import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { ConfigurationError, TroubleError } from '../errors.ts'
import type { Environment } from '../platform.ts'
import { manifestText, recordsFromFiles, recordText, requireRecords } from './history.ts'
import type { HistoryStore } from './history.ts'
import { git, gitText, splitBatch } from './git.ts'
import { MANIFEST_NAME, recordName } from './record.ts'
import type { WindowRecord } from './record.ts'

interface Where {
  cwd: string
  env: Environment
  branch: string
  remote?: string
}

/** The commit the store's branch points at (fetched from the remote first, when there is one), or undefined when the branch does not exist. */
async function tip(w: Where, label: string): Promise<string | undefined> {
  const o = { cwd: w.cwd, env: w.env }
  if ((await git(['rev-parse', '--git-dir'], o)).code !== 0) throw new ConfigurationError(`The ${label} needs a git repository, but ${w.cwd} is not inside one.`)
  if (w.remote) {
    const f = await git(['fetch', '--quiet', w.remote, `+refs/heads/${w.branch}:refs/remotes/${w.remote}/${w.branch}`], o)
    if (f.code !== 0 && !/couldn't find remote ref|not our ref|no such ref/i.test(f.stderr)) throw new TroubleError(`git fetch of the ${label} failed: ${f.stderr.trim().split('\n').pop()}`)
    if (f.code !== 0) return undefined
  }
  const ref = w.remote ? `refs/remotes/${w.remote}/${w.branch}` : `refs/heads/${w.branch}`
  const r = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], o)
  return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined
}

/** Every store file at a commit, by path. */
async function filesAt(commit: string, w: Where): Promise<Map<string, string>> {
  const o = { cwd: w.cwd, env: w.env }
  const fail = (e: string) => new TroubleError(`git could not read the monitor history at ${commit}: ${e}`)
  const listing = await gitText(['ls-tree', '-r', '-z', commit], o, fail)
  const entries = listing
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split('\t')
      return { sha: meta.split(' ')[2], path }
    })
    .filter((e) => e.path === MANIFEST_NAME || /^windows\/\d+\.json$/.test(e.path))
  if (!entries.length) return new Map()
  const r = await git(['cat-file', '--batch'], { ...o, input: entries.map((e) => e.sha).join('\n') + '\n' })
  if (r.code !== 0) throw fail(r.stderr)
  const blobs = splitBatch(r.stdout)
  return new Map(entries.map((e, i) => [e.path, blobs[i].toString('utf8')]))
}

/** Author and committer for the store's commits when git has none configured. */
async function identity(w: Where): Promise<Environment> {
  const named = (await git(['config', 'user.email'], { cwd: w.cwd, env: w.env })).code === 0
  if (named) return w.env
  const who = { GIT_AUTHOR_NAME: 'mlgate monitor', GIT_AUTHOR_EMAIL: 'mlgate-monitor@users.noreply.github.com' }
  return { ...w.env, ...who, GIT_COMMITTER_NAME: who.GIT_AUTHOR_NAME, GIT_COMMITTER_EMAIL: who.GIT_AUTHOR_EMAIL }
}

/** One commit on the branch that adds the record (and the manifest of a new store), made without touching the work tree or its index. */
async function commitRecord(w: Where, parent: string | undefined, record: WindowRecord, label: string): Promise<string> {
  const index = join(tmpdir(), `mlgate-history-${randomBytes(6).toString('hex')}.index`)
  const env = { ...(await identity(w)), GIT_INDEX_FILE: index }
  const o = { cwd: w.cwd, env }
  const fail = (e: string) => new TroubleError(`git could not write the ${label}: ${e}`)
  try {
    if (parent) await gitText(['read-tree', parent], o, fail)
    else await gitText(['read-tree', '--empty'], o, fail)
    const add = async (path: string, text: string) => {
      const sha = await gitText(['hash-object', '-w', '--stdin'], { ...o, input: text }, fail)
      await gitText(['update-index', '--add', '--cacheinfo', `100644,${sha},${path}`], o, fail)
    }
    if (!parent) await add(MANIFEST_NAME, manifestText())
    await add(recordName(record.seq), recordText(record))
    const tree = await gitText(['write-tree'], o, fail)
    const commit = await gitText(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', `monitor window ${record.seq}: ${record.window} (${record.decision})`], o, fail)
    await gitText(['update-ref', `refs/heads/${w.branch}`, commit, ...(parent && !w.remote ? [parent] : [])], o, fail)
    return commit
  } finally {
    await rm(index, { force: true })
  }
}

/** A branch of the repository that holds only the history (no work-tree checkout; pushed to the remote when there is one). */
export function gitBranchStore(w: Where, init: boolean): HistoryStore {
  const label = `monitor history branch '${w.branch}'${w.remote ? ` on ${w.remote}` : ''}`
  let parent: string | undefined
  return {
    label,
    async read() {
      parent = await tip(w, label)
      const records = parent ? recordsFromFiles(await filesAt(parent, w), `${label} (${parent.slice(0, 7)})`) : undefined
      if (parent && !records) throw new ConfigurationError(`The ${label} holds no ${MANIFEST_NAME}; it is not a monitor history.`)
      return requireRecords(records, label, init)
    },
    async append(record) {
      const commit = await commitRecord(w, parent, record, label)
      if (w.remote) {
        const r = await git(['push', '--quiet', w.remote, `${commit}:refs/heads/${w.branch}`], { cwd: w.cwd, env: w.env })
        if (r.code !== 0) throw new TroubleError(`The window's record was committed (${commit.slice(0, 7)} on ${w.branch}) but git push to ${w.remote} failed: ${r.stderr.trim().split('\n').pop()}`)
      }
      parent = commit
      return { location: `${w.branch}@${commit.slice(0, 7)}:${recordName(record.seq)}` }
    },
  }
}
