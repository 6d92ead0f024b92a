import { readdir, stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join, relative, sep } from 'node:path'
import { fileError, TroubleError } from '../errors.ts'
import { changedWhileRead, sha256File } from '../fs.ts'
import { WorkerPool } from '../worker/pool.ts'
import { isFailed } from '../worker/protocol.ts'

export interface FileHash {
  sha256: string
  size: number
}

/**
 * Hashes many files on worker threads (one per core, at most 8; the 'hash' job of worker/jobs/hash.ts).
 * A thread keeps the process alive while it holds work; one that dies fails the files it held, so
 * no caller waits for an answer that never comes.
 */
export class HashPool {
  private readonly pool: WorkerPool
  private closed = false

  constructor(size = Math.max(1, Math.min(availableParallelism(), 8))) {
    this.pool = new WorkerPool(size)
  }

  async hash(path: string, algorithm: 'sha256' | 'md5' = 'sha256'): Promise<FileHash> {
    const r = await this.pool.run<'hash'>({ kind: 'hash', path, algorithm })
    // after close(), answers still on their way belong to nobody
    if (this.closed) return new Promise<never>(() => undefined)
    if (isFailed(r)) throw new TroubleError(r.lost ? `The thread hashing '${path}' ${r.failed} before it finished.` : `Hashing '${path}' failed on its thread: ${r.failed}`)
    if ('error' in r) throw readError(Object.assign(new Error(r.error), { code: r.code }), path)
    return { sha256: r.digest, size: r.size }
  }

  async close(): Promise<void> {
    this.closed = true
    await this.pool.terminate()
  }
}

/** sha256 on the main thread (for one large file the thread hop costs more than it saves). */
export async function hashFile(path: string): Promise<FileHash> {
  const d = await sha256File(path)
  return { sha256: d.sha256, size: d.bytes }
}

/** A file that could not be hashed, as one sentence naming it. */
function readError(e: NodeJS.ErrnoException, path: string): Error {
  if (e.code === 'ECHANGED') return changedWhileRead(path)
  try {
    fileError(e, path)
  } catch (mapped) {
    return mapped as Error
  }
  return e
}

/** Every file below a directory, as sorted POSIX relative paths. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) await walk(p)
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join('/'))
    }
  }
  await walk(dir)
  return out.sort()
}

export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path)).isDirectory()
}
