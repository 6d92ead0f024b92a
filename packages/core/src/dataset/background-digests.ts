import { createHash } from 'node:crypto'
import type { Hash } from 'node:crypto'
import { closeSync, openSync, readSync } from 'node:fs'

/** Bytes read and hashed per turn of the event loop (~0.7 ms of work here). */
const SLICE = 1 << 20

/**
 * SHA-256 of each file, computed from now on in slices between this thread's other work (the
 * worker threads' replies): reading and hashing a file is sequential work that needs no thread of
 * its own, and a thread costs ~25 ms of CPU to start. Started before the schema is read, it uses
 * the time this thread would otherwise wait. It never keeps the process alive by itself.
 */
export class BackgroundDigests {
  private readonly result: Promise<{ sha256: string; bytes: number }[] | undefined>
  private stopped = false
  /** The next slice; unreferenced (it does not keep the process alive) until someone waits. */
  private next: NodeJS.Immediate | undefined
  private waited = false

  private begin: (() => void) | undefined

  /** Hashing begins with `start()`, or at once with `now`. */
  constructor(paths: string[], now = true) {
    this.result = new Promise((resolve) => {
      const out: { sha256: string; bytes: number }[] = []
      const buf = Buffer.allocUnsafe(SLICE)
      let index = 0
      let fd = -1
      let hash: Hash | undefined
      let bytes = 0
      const step = () => {
        if (this.stopped) {
          if (fd >= 0) closeSync(fd)
          return resolve(undefined)
        }
        try {
          if (fd < 0) {
            if (index === paths.length) return resolve(out)
            fd = openSync(paths[index], 'r')
            hash = createHash('sha256')
            bytes = 0
          }
          const n = readSync(fd, buf, 0, SLICE, bytes)
          if (n > 0) {
            hash!.update(buf.subarray(0, n))
            bytes += n
          } else {
            closeSync(fd)
            fd = -1
            out.push({ sha256: hash!.digest('hex'), bytes })
            index++
          }
          this.schedule(step)
        } catch {
          // the caller hashes the file itself and reports what is wrong with it
          if (fd >= 0) closeSync(fd)
          resolve(undefined)
        }
      }
      this.begin = () => this.schedule(step)
    })
    if (now) this.start()
  }

  /** Begins hashing (once). */
  start(): void {
    const begin = this.begin
    this.begin = undefined
    begin?.()
  }

  private schedule(step: () => void): void {
    this.next = setImmediate(step)
    if (!this.waited) this.next.unref()
  }

  /** The digests in order of the paths, or undefined when hashing failed (the caller then hashes). */
  wait(): Promise<{ sha256: string; bytes: number }[] | undefined> {
    this.start()
    this.waited = true
    this.next?.ref()
    return this.result
  }

  stop(): void {
    this.stopped = true
  }
}
