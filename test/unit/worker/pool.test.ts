import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { WorkerPool } from '../../../packages/core/src/worker/pool.ts'
import { isFailed } from '../../../packages/core/src/worker/protocol.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-pool-'))
const file = join(dir, 'data.bin')
writeFileSync(file, Buffer.alloc(1 << 20, 7))
const post = Worker.prototype.postMessage
let pools: WorkerPool[] = []

afterEach(async () => {
  Worker.prototype.postMessage = post
  await Promise.all(pools.map((p) => p.terminate()))
  pools = []
})

function pool(size: number): WorkerPool {
  const p = new WorkerPool(size)
  pools.push(p)
  return p
}

/** Counts the jobs posted to threads (notices and early-thread messages aside). */
function countPosts(): { jobs: string[] } {
  const seen = { jobs: [] as string[] }
  Worker.prototype.postMessage = function (this: Worker, m: unknown, t?: readonly unknown[]) {
    const r = m as { kind?: string; path?: string }
    if (r.kind === 'hash') seen.jobs.push(r.path!)
    return post.call(this, m, t as never)
  }
  return seen
}

describe('the worker pool', () => {
  it('hashes a file on a thread of the bundled worker entry, as sha256 would', async () => {
    const r = await pool(1).run<'hash'>({ kind: 'hash', path: file, algorithm: 'sha256' })
    expect(isFailed(r)).toBe(false)
    expect(r).toMatchObject({ kind: 'hash', size: 1 << 20 })
    const { createHash } = await import('node:crypto')
    expect((r as { digest: string }).digest).toBe(
      createHash('sha256')
        .update(Buffer.alloc(1 << 20, 7))
        .digest('hex'),
    )
  })

  it('gives a thread at most two jobs at once, and urgent ones before those waiting', async () => {
    const seen = countPosts()
    const p = pool(1)
    const names = ['a', 'b', 'c', 'd'].map((n) => join(dir, n))
    for (const n of names) writeFileSync(n, n)
    const runs = [
      p.run({ kind: 'hash', path: names[0], algorithm: 'sha256' }),
      p.run({ kind: 'hash', path: names[1], algorithm: 'sha256' }),
      p.run({ kind: 'hash', path: names[2], algorithm: 'sha256' }),
    ]
    runs.push(p.run({ kind: 'hash', path: names[3], algorithm: 'sha256' }, [], true))
    expect(seen.jobs).toEqual([names[0], names[1]])
    await Promise.all(runs)
    expect(seen.jobs).toEqual([names[0], names[1], names[3], names[2]])
  })

  it('a thread that ends while it holds a job fails that job with how it ended, and the next job gets a new thread', async () => {
    let killed = false
    Worker.prototype.postMessage = function (this: Worker, m: unknown, t?: readonly unknown[]) {
      const r = post.call(this, m, t as never)
      if (!killed && (m as { kind?: string }).kind === 'hash') {
        killed = true
        void this.terminate()
      }
      return r
    }
    const p = pool(1)
    const lost = await p.run<'hash'>({ kind: 'hash', path: file, algorithm: 'sha256' })
    expect(lost).toMatchObject({ kind: 'hash', lost: true })
    expect(isFailed(lost) && lost.failed).toMatch(/^stopped \(exit code \d+\)$/)
    const again = await p.run<'hash'>({ kind: 'hash', path: file, algorithm: 'sha256' })
    expect(isFailed(again)).toBe(false)
  })

  it('a job that throws on its thread is answered as failed, and the thread serves on', async () => {
    const p = pool(1)
    const r = await p.run<'sort-pair'>({ kind: 'sort-pair', pair: [new Float64Array(3), new Float64Array(2)], dense: [true, true], wasserstein: true, bogus: 1 } as never)
    expect(isFailed(r)).toBe(false)
    const missing = await p.run<'hash'>({ kind: 'hash', path: join(dir, 'absent'), algorithm: 'sha256' })
    expect(missing).toMatchObject({ code: 'ENOENT' })
    const bad = await p.run({ kind: 'no-such-kind' } as never)
    expect(isFailed(bad as never)).toBe(true)
    expect(isFailed(await p.run<'hash'>({ kind: 'hash', path: file, algorithm: 'sha256' }))).toBe(false)
  })
})
