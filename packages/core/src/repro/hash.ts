import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join, relative, sep } from 'node:path'
import { Worker } from 'node:worker_threads'

export interface FileHash {
  sha256: string
  size: number
}

// A worker hashes files it is sent by path; inline source so that it works from a single-file bundle.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { createReadStream } = require('node:fs')
parentPort.on('message', ({ id, path, algorithm }) => {
  const h = createHash(algorithm)
  let size = 0
  createReadStream(path, { highWaterMark: 1 << 20 })
    .on('data', (b) => { h.update(b); size += b.length })
    .on('end', () => parentPort.postMessage({ id, digest: h.digest('hex'), size }))
    .on('error', (e) => parentPort.postMessage({ id, error: e.message, code: e.code }))
})
`

/** Hashes many files on worker threads (one per core); small batches stay on the main thread. */
export class HashPool {
  private workers: Worker[] = []
  private next = 0
  private pending = new Map<number, { resolve: (h: FileHash) => void; reject: (e: Error) => void }>()
  private id = 0

  constructor(private readonly size = Math.max(1, Math.min(availableParallelism(), 8))) {}

  private worker(): Worker {
    if (this.workers.length < this.size) {
      const w = new Worker(WORKER_SOURCE, { eval: true })
      w.on('message', (m: { id: number; digest?: string; size?: number; error?: string; code?: string }) => {
        const p = this.pending.get(m.id)!
        this.pending.delete(m.id)
        if (m.error) p.reject(Object.assign(new Error(m.error), { code: m.code }))
        else p.resolve({ sha256: m.digest!, size: m.size! })
      })
      w.unref()
      this.workers.push(w)
      return w
    }
    return this.workers[this.next++ % this.workers.length]
  }

  hash(path: string, algorithm: 'sha256' | 'md5' = 'sha256'): Promise<FileHash> {
    const id = this.id++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.worker().postMessage({ id, path, algorithm })
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
    this.workers = []
  }
}

/** sha256 on the main thread (for one file the thread hop costs more than it saves). */
export function hashFile(path: string, algorithm: 'sha256' | 'md5' = 'sha256'): Promise<FileHash> {
  return new Promise((resolve, reject) => {
    const h = createHash(algorithm)
    let size = 0
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (b) => {
        h.update(b as Buffer)
        size += (b as Buffer).length
      })
      .on('end', () => resolve({ sha256: h.digest('hex'), size }))
      .on('error', reject)
  })
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
