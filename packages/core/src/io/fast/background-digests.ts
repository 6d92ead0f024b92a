import { Worker } from 'node:worker_threads'

// hashes the files one after another on a thread of its own, with one reused buffer
const DIGEST_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const fs = require('node:fs')
const { createHash } = require('node:crypto')
try {
  const buf = Buffer.allocUnsafe(1 << 20)
  const out = []
  for (const path of workerData.paths) {
    const hash = createHash('sha256')
    const fd = fs.openSync(path, 'r')
    let bytes = 0
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, bytes)
      if (n === 0) break
      hash.update(buf.subarray(0, n))
      bytes += n
    }
    fs.closeSync(fd)
    out.push({ sha256: hash.digest('hex'), bytes })
  }
  parentPort.postMessage({ out })
} catch (e) {
  parentPort.postMessage({ error: String(e && e.message) })
}
`

/**
 * SHA-256 of each file, computed on a worker thread from now on: started before the schema is read,
 * it uses the core that would otherwise wait. The thread does not keep the process alive unless
 * someone waits for it.
 */
export class BackgroundDigests {
  private readonly worker: Worker
  private readonly result: Promise<{ sha256: string; bytes: number }[] | undefined>

  constructor(paths: string[]) {
    this.worker = new Worker(DIGEST_SOURCE, { eval: true, workerData: { paths } })
    this.worker.unref()
    this.result = new Promise((resolve) => {
      this.worker.once('message', (m: { out?: { sha256: string; bytes: number }[] }) => resolve(m.out))
      this.worker.once('error', () => resolve(undefined))
      this.worker.once('exit', () => resolve(undefined))
    })
  }

  /** The digests in order of the paths, or undefined when hashing failed (the caller then hashes). */
  wait(): Promise<{ sha256: string; bytes: number }[] | undefined> {
    this.worker.ref()
    return this.result
  }

  stop(): void {
    void this.worker.terminate()
  }
}
