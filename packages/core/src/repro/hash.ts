import { readdir, stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join, relative, sep } from 'node:path'
import { Worker } from 'node:worker_threads'
import { fileError, TroubleError } from '../errors.ts'
import { changedWhileRead, sha256File } from '../fs.ts'

export interface FileHash {
  sha256: string
  size: number
}

// A worker hashes files it is sent by path; inline source so that it works from a single-file bundle.
// A file whose size or modification time differ after the read changed while it was read: its digest is of no version.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { createReadStream, statSync } = require('node:fs')
const version = (s) => s.size + ':' + s.mtimeMs
parentPort.on('message', ({ id, path, algorithm }) => {
  const h = createHash(algorithm)
  let size = 0
  let before
  try { before = version(statSync(path)) } catch (e) { return parentPort.postMessage({ id, error: e.message, code: e.code }) }
  createReadStream(path, { highWaterMark: 1 << 20 })
    .on('data', (b) => { h.update(b); size += b.length })
    .on('end', () => {
      let after
      try { after = version(statSync(path)) } catch (e) { after = 'gone' }
      if (after !== before) parentPort.postMessage({ id, error: 'changed while it was read', code: 'ECHANGED' })
      else parentPort.postMessage({ id, digest: h.digest('hex'), size })
    })
    .on('error', (e) => parentPort.postMessage({ id, error: e.message, code: e.code }))
})
`

interface Pending {
  path: string
  resolve: (h: FileHash) => void
  reject: (e: Error) => void
}

/**
 * Hashes many files on worker threads (one per core). A worker keeps the process alive while it
 * holds work; one that dies fails the files it held, so no caller waits for an answer that never comes.
 */
export class HashPool {
  private workers: Worker[] = []
  private next = 0
  private readonly held = new Map<Worker, Map<number, Pending>>()
  private id = 0

  constructor(private readonly size = Math.max(1, Math.min(availableParallelism(), 8))) {}

  private spawn(): Worker {
    const w = new Worker(WORKER_SOURCE, { eval: true })
    this.held.set(w, new Map())
    w.on('message', (m: { id: number; digest?: string; size?: number; error?: string; code?: string }) => this.answered(w, m))
    w.on('error', (e) => this.lost(w, `failed (${e.message})`))
    w.on('exit', (code) => this.lost(w, `stopped (exit code ${code})`))
    this.workers.push(w)
    return w
  }

  private answered(w: Worker, m: { id: number; digest?: string; size?: number; error?: string; code?: string }): void {
    // after close(), answers still on their way belong to nobody
    const jobs = this.held.get(w)
    const p = jobs?.get(m.id)
    if (!jobs || !p) return
    jobs.delete(m.id)
    if (jobs.size === 0) w.unref()
    if (m.error) p.reject(readError(Object.assign(new Error(m.error), { code: m.code }), p.path))
    else p.resolve({ sha256: m.digest!, size: m.size! })
  }

  /** A worker that failed or ended leaves the pool; the files it held fail with a sentence naming one. */
  private lost(w: Worker, how: string): void {
    const jobs = this.held.get(w)
    if (!jobs) return
    this.held.delete(w)
    this.workers.splice(this.workers.indexOf(w), 1)
    for (const p of jobs.values()) p.reject(new TroubleError(`The thread hashing '${p.path}' ${how} before it finished.`))
  }

  private pick(): Worker {
    if (this.workers.length < this.size) return this.spawn()
    return this.workers[this.next++ % this.workers.length]
  }

  hash(path: string, algorithm: 'sha256' | 'md5' = 'sha256'): Promise<FileHash> {
    const id = this.id++
    return new Promise((resolve, reject) => {
      const w = this.pick()
      this.held.get(w)!.set(id, { path, resolve, reject })
      w.ref()
      w.postMessage({ id, path, algorithm })
    })
  }

  async close(): Promise<void> {
    const workers = this.workers
    this.workers = []
    for (const w of workers) this.held.delete(w)
    await Promise.all(workers.map((w) => w.terminate()))
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
